"""OCR accuracy on scans unlike the committed samples: other dpi, other scanners.

    make bench        (or: .venv/bin/python bench/scan_accuracy.py [--dpi 150])

Both sample PDFs are scanned anew at 150 and 250 dpi in three ways the sample
scans (200 dpi, light noise) do not cover: bilevel (fax-like, thresholded after
noise), blurry (Gaussian blur 1.1 px, up to 2° of skew) and faint (grey paper,
pale ink, unblurred noise). Each scan is read into records and compared with the
born-digital PDF's records: a record counts as identical when its indicators,
project and funds are, once punctuation width and spaces (which OCR cannot tell)
are folded. Deterministic: fixed seeds.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2
from PIL import Image, ImageFilter

from jixiao.pipeline import records_from_path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "samples" / "pdf" / "pingluo-docx.pdf", ROOT / "samples" / "pdf" / "pingluo-xlsx.pdf"]
KINDS = ("bilevel", "blurry", "faint")


def degraded(page: Image.Image, kind: str, rng: random.Random, seed: int) -> Image.Image:
    grey = page.convert("L")
    if kind == "bilevel":
        turned = np.array(grey.rotate(rng.uniform(-1.5, 1.5), fillcolor=255, resample=Image.BICUBIC)).astype(np.float32)
        noisy = turned + np.random.default_rng(seed).normal(0, 20, turned.shape)
        return Image.fromarray(((noisy > 150) * 255).astype(np.uint8))
    if kind == "blurry":
        image = grey.rotate(rng.uniform(-2, 2), fillcolor=255, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(1.1))
    else:  # faint: grey paper, pale ink, noise left unblurred
        turned = np.array(grey.rotate(rng.uniform(-1, 1), fillcolor=255, resample=Image.BICUBIC)).astype(np.float32)
        pale = 110 + turned * (200 - 110) / 255 + np.random.default_rng(seed).normal(0, 8, turned.shape)
        image = Image.fromarray(np.clip(pale, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=rng.randint(55, 80))
    return Image.open(buffer)


def scanned_pages(source: Path, dpi: int, kind: str, indices: Sequence[int] | None = None) -> list[Image.Image]:
    """The source's pages (all, or those of `indices`) scanned at `dpi` the `kind` way; every page
    is scanned so that one scans the same whichever are kept (they draw on one random stream)."""
    rng = random.Random(7)
    document = pypdfium2.PdfDocument(str(source))
    pages = [degraded(document[i].render(scale=dpi / 72).to_pil(), kind, rng, i) for i in range(len(document))]
    return pages if indices is None else [pages[i] for i in indices]


def scan(source: Path, dpi: int, kind: str, target: Path) -> Path:
    pages = scanned_pages(source, dpi, kind)
    pages[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return target


def _fold(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    text = unicodedata.normalize("NFKC", text).replace("≧", "≥").replace("—", "-").replace("一", "-")
    return re.sub(r"\s+", "", text)


def _rows(record: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [tuple(_fold(i[k]) for k in ("level1", "level2", "level3", "target")) for i in record["indicators"]]


def _same(got: dict[str, Any], want: dict[str, Any]) -> bool:
    return (_rows(got) == _rows(want) and got["funds"] == want["funds"]
            and {k: _fold(v) for k, v in got["project"].items()} == {k: _fold(v) for k, v in want["project"].items()})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, nargs="*", default=[150, 250])
    args = parser.parse_args()
    truth = {source.stem: records_from_path(source) for source in SOURCES}
    print(f"{'scan':32} {'pages':>5} {'s/page':>7} {'records':>9} {'rows':>9}")
    totals = [0, 0, 0, 0]
    with tempfile.TemporaryDirectory() as tmp:
        for source in SOURCES:
            for dpi in args.dpi:
                for kind in KINDS:
                    pdf = scan(source, dpi, kind, Path(tmp) / f"{source.stem}-{dpi}-{kind}.pdf")
                    start = time.perf_counter()
                    got = records_from_path(pdf)
                    seconds = time.perf_counter() - start
                    want = truth[source.stem]
                    same = sum(_same(g, w) for g, w in zip(got, want, strict=False))
                    rows = sum(a == b for g, w in zip(got, want, strict=False) for a, b in zip(_rows(g), _rows(w), strict=False))
                    n_rows = sum(len(w["indicators"]) for w in want)
                    pages = len(pypdfium2.PdfDocument(str(pdf)))
                    print(f"{pdf.stem:32} {pages:5d} {seconds / pages:7.2f} {same:4d}/{len(want):<4d} {rows:4d}/{n_rows:<4d}")
                    totals = [totals[0] + same, totals[1] + len(want), totals[2] + rows, totals[3] + n_rows]
    print(f"records identical to the born-digital ones: {totals[0]}/{totals[1]}; indicator rows: {totals[2]}/{totals[3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
