"""RapidOCR, offline: the PP-OCR models its wheel ships, the angle classifier off.

Nothing is ever downloaded: the model paths are the files inside the installed
package, and a missing one is an error before any network is tried.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from jixiao.errors import OcrUnavailableError

DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
REC_BATCH = 1  # batches pad short lines to the longest one's width: one line a run is fastest here
THREADS_VARIABLE = "JIXIAO_OCR_THREADS"  # set to 1 in batch workers, which already use every core


def ocr_threads() -> int:
    """Threads for the recogniser: every core for one source, as set for batch workers."""
    try:
        wanted = int(os.environ.get(THREADS_VARIABLE, "0"))
    except ValueError:
        wanted = 0
    return wanted if wanted > 0 else (os.cpu_count() or 1)  # line crops recognised in one network run (sorted by width inside rapidocr)


@dataclass(frozen=True, slots=True)
class Recognized:
    text: str
    confidence: float


def _model_dir() -> Path:
    try:
        import rapidocr
    except ImportError as error:
        raise OcrUnavailableError("the rapidocr package is not installed (pip install rapidocr onnxruntime)") from error
    return Path(rapidocr.__file__).parent / "models"


@lru_cache(maxsize=1)
def engine() -> Any:
    """One RapidOCR per process, configured from the bundled model files only."""
    from rapidocr import RapidOCR

    models = _model_dir()
    paths = {name: models / name for name in (DET_MODEL, REC_MODEL, CLS_MODEL)}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise OcrUnavailableError(f"OCR models missing from the rapidocr package: {', '.join(missing)}")
    return RapidOCR(params={
        "Global.log_level": "error",
        "Global.use_cls": False,  # upright pages: with it on, figures have been seen changed
        "Det.model_path": str(paths[DET_MODEL]),
        "Rec.model_path": str(paths[REC_MODEL]),
        "Cls.model_path": str(paths[CLS_MODEL]),
        "Rec.rec_batch_num": REC_BATCH,
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,  # parallel lines, not parallel layers
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })


# A dash between figures read as 一, as 一 beside a hyphen, or as hyphens (4月—9月 → 4月一9月,
# 4月一-9月, 4月--9月):
# no Chinese text puts 一 there.
_DASH_READ_AS_ONE = re.compile(r"(?<=[0-9年月日])(?:一[-—–－]?|[-—–－]一|--+)(?=[0-9])")


def corrected(text: str) -> str:
    """What the recogniser is known to misread, put right where the context leaves no doubt."""
    return _DASH_READ_AS_ONE.sub("—", text)


def _recognize_one(crop: np.ndarray) -> Recognized:
    colour = cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR) if crop.ndim == 2 else crop
    out = engine().recognize_txt([colour])
    texts, scores = list(out.txts or ()), list(out.scores or ())
    return Recognized(corrected(str(texts[0])), float(scores[0])) if texts else Recognized("", 0.0)


@lru_cache(maxsize=1)
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=ocr_threads(), thread_name_prefix="jixiao-ocr")


def recognize_lines(crops: list[np.ndarray]) -> list[Recognized]:
    """Text lines (grey image crops), recognised without detection, a line a run, on every
    allowed core: onnxruntime lets go of the GIL, and small inputs gain more from running
    side by side than from threads inside one run."""
    if len(crops) < 2 or ocr_threads() < 2:
        return [_recognize_one(c) for c in crops]
    engine()  # build it once, before the threads ask for it
    return list(_pool().map(_recognize_one, crops))
