"""`jixiao report OUTDIR|DB -o report.html`: one static HTML file an auditor works through in a browser.

The records (from an extract's output folder or a database) are turned into a compact view
(`view.py`), page crops of PDF and scan sources are rendered beside the HTML (`images.py`),
and one Jinja2 template with its script and style inlined writes the page (`html.py`).
Nothing in the page loads from a network.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ReportSummary", "build_report"]


def __getattr__(name: str) -> Any:  # the CLI imports .commands only: `jixiao --help` loads no Pillow nor Jinja2
    if name in __all__:
        from jixiao.report import build

        return getattr(build, name)
    raise AttributeError(name)
