"""The recogniser's input: short lines at their own width (never under MIN_LINE_RATIO heights),
made as RapidOCR makes them, and an unsure short line read again with RapidOCR's own padding."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from rapidocr.ch_ppocr_rec.main import TextRecognizer

from jixiao.extract.scan import ocr


def _line(height: int, width: int) -> np.ndarray:
    return np.random.default_rng(width).integers(0, 256, (height, width)).astype(np.uint8)


def _rapidocr_input(crop: np.ndarray, ratio: float) -> np.ndarray:
    """What RapidOCR's recogniser feeds its network for this line in a batch padded to `ratio` heights."""
    colour = np.repeat(crop[:, :, None], 3, axis=2)
    return TextRecognizer.resize_norm_img(SimpleNamespace(rec_image_shape=[3, 48, 320]), colour, ratio)


def test_a_short_line_is_padded_to_the_minimum_ratio_only() -> None:
    batch = ocr.network_input(_line(40, 30))
    assert batch.shape == (1, 3, ocr.REC_HEIGHT, int(ocr.REC_HEIGHT * ocr.MIN_LINE_RATIO))
    assert not batch[0, :, :, 36:].any()  # mid-grey (0) after the line's own 36 pixels


@pytest.mark.parametrize(("height", "width"), [(40, 500), (31, 283), (52, 1200)])
def test_a_wide_line_is_what_rapidocr_gives_its_network(height: int, width: int) -> None:
    crop = _line(height, width)
    assert np.array_equal(ocr.network_input(crop)[0], _rapidocr_input(crop, max(width / height, 320 / 48)))


def test_at_rapidocrs_ratio_a_short_line_is_what_rapidocr_gives_its_network() -> None:
    crop = _line(38, 90)
    assert np.array_equal(ocr.network_input(crop, ocr.RAPIDOCR_RATIO)[0], _rapidocr_input(crop, 320 / 48))


def test_an_unsure_short_line_is_read_again_a_longer_one_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[float] = []

    def read(crop: np.ndarray, min_ratio: float) -> ocr.Recognized:
        asked.append(min_ratio)
        return ocr.Recognized("额：", 0.7 if min_ratio == ocr.MIN_LINE_RATIO else 0.85)

    monkeypatch.setattr(ocr, "_read", read)
    assert ocr._recognize_one(_line(40, 60)) == ocr.Recognized("额：", 0.85)
    assert asked == [ocr.MIN_LINE_RATIO, ocr.RAPIDOCR_RATIO]
    asked.clear()
    ocr._recognize_one(_line(40, 130))  # not a short line: read as RapidOCR reads it, once
    assert asked == [ocr.RAPIDOCR_RATIO]
