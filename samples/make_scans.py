"""Scanned versions of the sample PDFs, as archives hold them.

    .venv/bin/python samples/make_scans.py [--outdir samples/scans]

Each page is rendered at 200 dpi, rotated by 0.3–1.5° (either way), given
noise and a slight blur, some pages kept in colour-free grey and others in
(near-white) RGB, JPEG-compressed at quality 60–85, and packed as an
image-only PDF. Deterministic: the same seed gives the same files.
"""

from __future__ import annotations

import argparse
import io
import json
import random
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image, ImageFilter

HERE = Path(__file__).resolve().parent
SOURCES = [HERE / "pdf" / "pingluo-docx.pdf", HERE / "pdf" / "pingluo-xlsx.pdf"]
DPI = 200


def scan_page(page: pypdfium2.PdfPage, rng: random.Random) -> tuple[Image.Image, dict]:
    angle = rng.uniform(0.3, 1.5) * rng.choice((-1, 1))
    grey = rng.random() < 0.5
    quality = rng.randint(60, 85)
    noise = rng.uniform(6, 16)
    image = page.render(scale=DPI / 72).to_pil().convert("L" if grey else "RGB")
    image = image.rotate(angle, fillcolor=255 if grey else (255, 255, 255), resample=Image.BICUBIC)
    pixels = np.array(image).astype(np.int16)
    pixels += np.random.default_rng(rng.randrange(2**32)).normal(0, noise, pixels.shape).astype(np.int16)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    made = {"angle": round(angle, 2), "grey": grey, "jpeg_quality": quality, "noise": round(noise, 1)}
    return Image.open(buffer), made


def scan_pdf(source: Path, target: Path, seed: int) -> list[dict]:
    rng = random.Random(seed)
    document = pypdfium2.PdfDocument(str(source))
    pages, made = [], []
    for index in range(len(document)):
        image, how = scan_page(document[index], rng)
        pages.append(image)
        made.append({"page": index + 1, **how})
    pages[0].save(target, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outdir", type=Path, default=HERE / "scans")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    made = {}
    for seed, source in enumerate(SOURCES):
        target = args.outdir / f"{source.stem}-scan.pdf"
        made[target.name] = {"source": source.name, "dpi": DPI, "pages": scan_pdf(source, target, seed)}
        print(f"wrote {target}")
    (args.outdir / "made.json").write_text(json.dumps(made, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
