"""RapidOCR, offline: the PP-OCR models its wheel ships, the angle classifier off.

Nothing is ever downloaded: the model paths are the files inside the installed
package, and a missing one is an error before any network is tried.
"""

from __future__ import annotations

import math
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
REC_HEIGHT = 48  # the recogniser's input height (its model is trained on 48-pixel lines)
REC_WIDTH_STEP = 8  # a line's input width is rounded up to this (the network's stride)
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


@lru_cache(maxsize=1)
def _recognizer() -> Any:
    """RapidOCR's text recogniser: its onnxruntime session and its CTC decoder."""
    return engine()._load_rec_model()


def _network_input(crop: np.ndarray) -> np.ndarray:
    """A line scaled to REC_HEIGHT, at its own width: RapidOCR pads every line to at least 320
    pixels (6.7 heights), so a short cell (a figure, 是) costs as much as a long one."""
    colour = cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR) if crop.ndim == 2 else crop
    height, width = colour.shape[:2]
    scaled_width = max(1, math.ceil(REC_HEIGHT * width / max(height, 1)))
    padded_width = -(-scaled_width // REC_WIDTH_STEP) * REC_WIDTH_STEP
    scaled = cv2.resize(colour, (scaled_width, REC_HEIGHT)).astype(np.float32).transpose(2, 0, 1)
    batch = np.zeros((1, 3, REC_HEIGHT, padded_width), dtype=np.float32)  # 0 is mid-grey, as RapidOCR pads
    batch[0, :, :, :scaled_width] = scaled / 127.5 - 1.0
    return batch


def _recognize_one(crop: np.ndarray) -> Recognized:
    recognizer = _recognizer()
    batch = _network_input(crop)
    ratio = batch.shape[3] / REC_HEIGHT
    lines, _ = recognizer.postprocess_op(recognizer.session(batch), False, wh_ratio_list=[ratio], max_wh_ratio=ratio)
    text, score = lines[0] if lines else ("", 0.0)
    return Recognized(corrected(str(text)), float(score))


@lru_cache(maxsize=1)
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=ocr_threads(), thread_name_prefix="jixiao-ocr")


def recognize_lines(crops: list[np.ndarray]) -> list[Recognized]:
    """Text lines (grey image crops), recognised without detection, a line a run, on every
    allowed core: onnxruntime lets go of the GIL, and small inputs gain more from running
    side by side than from threads inside one run."""
    if len(crops) < 2 or ocr_threads() < 2:
        return [_recognize_one(c) for c in crops]
    _recognizer()  # build it once, before the threads ask for it
    return list(_pool().map(_recognize_one, crops))
