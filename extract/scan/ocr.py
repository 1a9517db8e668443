"""RapidOCR, offline: the PP-OCR models its wheel ships, the angle classifier off.

Nothing is ever downloaded: the model paths are the files inside the installed
package, and a missing one is an error before any network is tried. Nothing is
ever sent either: onnxruntime's telemetry (which looks up its collector's host
in the background) is switched off before onnxruntime is first imported.
"""

from __future__ import annotations

import math
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from jixiao.errors import OcrUnavailableError

from .threads import ocr_threads

DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
REC_BATCH = 1  # batches pad short lines to the longest one's width: one line a run is fastest here
REC_HEIGHT = 48  # the recogniser's input height (its model is trained on 48-pixel lines)
# RapidOCR pads every line to 320 pixels (6.7 heights), so a figure or a 是 costs as much as a long
# line. A short line (under SHORT_LINE_RATIO heights) is read padded to MIN_LINE_RATIO heights only
# (a lone character given less room is misread: 目 as 日), and read again with RapidOCR's padding
# unless the recogniser is sure of it; longer lines are read as RapidOCR reads them (how one reads
# them, 一 and — in them above all, changes with the padding).
RAPIDOCR_RATIO = 320 / REC_HEIGHT  # the width RapidOCR pads every line to, in heights
SHORT_LINE_RATIO = 3.0
MIN_LINE_RATIO = 2.0
SURE_CONFIDENCE = 0.99
TELEMETRY_OFF = {"ORT_DISABLE_TELEMETRY": "1"}  # read by onnxruntime once, when its library loads


def switch_telemetry_off() -> None:
    """onnxruntime's telemetry off: by its environment switch, which must be set before onnxruntime
    is imported (this module's import does it, and worker processes inherit it), and by its API
    where it has one (the events it sends on Windows)."""
    for name, value in TELEMETRY_OFF.items():
        os.environ[name] = value
    onnxruntime = sys.modules.get("onnxruntime")
    disable = getattr(onnxruntime, "disable_telemetry_events", None)
    if disable is not None:
        disable()


switch_telemetry_off()


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

    switch_telemetry_off()  # again, now that onnxruntime is loaded: its API call too
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


def network_input(crop: np.ndarray, min_ratio: float = MIN_LINE_RATIO) -> np.ndarray:
    """A line as the recogniser's input, made as RapidOCR makes it (scaled to REC_HEIGHT, values in
    -1..1, padded on the right with 0: mid-grey), but padded to `min_ratio` heights, not to 320 pixels."""
    colour = cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR) if crop.ndim == 2 else crop
    height, width = max(colour.shape[0], 1), max(colour.shape[1], 1)
    padded_width = int(REC_HEIGHT * max(width / height, min_ratio))
    scaled_width = max(1, min(padded_width, math.ceil(REC_HEIGHT * width / height)))
    scaled = cv2.resize(colour, (scaled_width, REC_HEIGHT)).astype(np.float32).transpose(2, 0, 1) / 255
    batch = np.zeros((1, 3, REC_HEIGHT, padded_width), dtype=np.float32)
    batch[0, :, :, :scaled_width] = (scaled - 0.5) / 0.5
    return batch


def _read(crop: np.ndarray, min_ratio: float) -> Recognized:
    recognizer = _recognizer()
    batch = network_input(crop, min_ratio)
    ratio = batch.shape[3] / REC_HEIGHT
    lines, _ = recognizer.postprocess_op(recognizer.session(batch), False, wh_ratio_list=[ratio], max_wh_ratio=ratio)
    text, score = lines[0] if lines else ("", 0.0)
    return Recognized(corrected(str(text)), float(score))


def _recognize_one(crop: np.ndarray) -> Recognized:
    """A short line read at about its own width, and again with RapidOCR's padding when the
    recogniser is not sure of it; any other line as RapidOCR reads it."""
    if crop.shape[1] >= SHORT_LINE_RATIO * crop.shape[0]:
        return _read(crop, RAPIDOCR_RATIO)
    read = _read(crop, MIN_LINE_RATIO)
    return read if read.confidence >= SURE_CONFIDENCE else _read(crop, RAPIDOCR_RATIO)


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
