"""jixiao: Chinese budget performance target tables (绩效目标表) → schema-checked JSON records.

    from jixiao import records_from_path, records_from_text
    records = records_from_path("samples/pingluo-chengguan-2022-targets.txt")
"""

from jixiao.errors import JixiaoError
from jixiao.pipeline import records_from_path, records_from_text

__all__ = ["JixiaoError", "records_from_path", "records_from_text"]
__version__ = "0.1.0"
