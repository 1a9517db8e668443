"""RapidOCR, offline: the PP-OCR models its wheel ships, the angle classifier off.

Nothing is ever downloaded: the model paths are the files inside the installed
package, and a missing one is an error before any network is tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from jixiao.errors import JixiaoError

DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"


class OcrUnavailableError(JixiaoError):
    """The OCR engine or its bundled models are missing."""


@dataclass(frozen=True, slots=True)
class Recognized:
    text: str
    confidence: float


@dataclass(frozen=True, slots=True)
class DetectedLine:
    text: str
    confidence: float
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in image pixels


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
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })


def recognize_line(image: np.ndarray) -> Recognized:
    """One text line (an image crop), recognised without detection."""
    out = engine()(image, use_det=False, use_cls=False, use_rec=True)
    texts = list(out.txts or ())
    scores = list(out.scores or ())
    if not texts:
        return Recognized("", 0.0)
    return Recognized("".join(texts), float(min(scores)) if scores else 0.0)


def detect_and_recognize(image: np.ndarray) -> list[DetectedLine]:
    """Every text line of an image region (detection + recognition), for text outside tables."""
    out = engine()(image, use_cls=False)
    boxes = getattr(out, "boxes", None)  # absent when nothing was detected
    found = []
    for box, text, score in zip(boxes if boxes is not None else [], out.txts or (), out.scores or (), strict=False):
        xs = [float(p[0]) for p in box]
        ys = [float(p[1]) for p in box]
        found.append(DetectedLine(str(text), float(score), (min(xs), min(ys), max(xs), max(ys))))
    return found
