"""The batch bench's synthetic archive: text dumps, PDFs and office files from the test generators,
a few broken files, and a few `.probe` files that hang (read only where the test reader is installed).

    .venv/bin/python bench/batch_archive.py OUTDIR [N]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from generator import Distortions, random_document, render  # noqa: E402
from officegen import write_docx, write_xlsx  # noqa: E402
from pdfgen import PdfOptions, layout_document, write_pdf  # noqa: E402
from probe_reader import probe_text  # noqa: E402

SHARES = {"text": 0.62, "pdf": 0.22, "office": 0.14}  # of the sources that are neither broken nor hanging
BROKEN, HANGING = 12, 4


def _text(rng: random.Random, k: int, folder: Path) -> None:
    notation = rng.choice(["tsv", "markdown", "html"])
    forms = random_document(rng)
    text, _ = render(notation, forms, rng, Distortions(page_breaks=rng.choice([0, 1])))
    suffix = {"tsv": ".txt", "markdown": ".md", "html": ".html"}[notation]
    (folder / f"t{k:05d}{suffix}").write_text(text, encoding="utf-8")


def _pdf(rng: random.Random, k: int, folder: Path) -> None:
    forms = random_document(rng, n_forms=rng.choice([1, 2]))
    opts = PdfOptions(style=rng.choice(["lines", "rects", "cell_borders"]), seed=k)
    write_pdf(layout_document(forms, opts), folder / f"p{k:05d}.pdf")


def _office(rng: random.Random, k: int, folder: Path) -> None:
    forms = random_document(rng)
    if rng.random() < 0.6:
        write_xlsx(forms, folder / f"o{k:05d}.xlsx")
    else:
        write_docx(forms, folder / f"o{k:05d}.docx")


def _broken(rng: random.Random, k: int, folder: Path, pdf_bytes: bytes) -> None:
    kind = k % 4
    if kind == 0:
        (folder / f"b{k:05d}.txt").write_bytes(b"")
    elif kind == 1:
        (folder / f"b{k:05d}.pdf").write_bytes(pdf_bytes[: len(pdf_bytes) // 3])
    elif kind == 2:
        (folder / f"b{k:05d}.xlsx").write_bytes(rng.randbytes(3000))
    else:
        (folder / f"b{k:05d}.txt").write_bytes(rng.randbytes(2000))


def make_archive(folder: Path, n: int, seed: int = 11) -> tuple[Path, Path]:
    """`folder/main` (what today's jixiao can read too) and `folder/hang` (the hanging probes)."""
    main, hang = folder / "main", folder / "hang"
    stamp = folder / f".made-{n}"
    if stamp.exists():
        return main, hang
    for sub in (main, hang):
        sub.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    regular = n - BROKEN - HANGING
    kinds = [kind for kind, share in SHARES.items() for _ in range(round(regular * share))]
    kinds = (kinds + ["text"] * regular)[:regular]
    rng.shuffle(kinds)
    make = {"text": _text, "pdf": _pdf, "office": _office}
    for k, kind in enumerate(kinds):
        make[kind](rng, k, main)
    some_pdf = next(main.glob("*.pdf")).read_bytes()
    for k in range(BROKEN):
        _broken(rng, k, main, some_pdf)
    for k in range(HANGING):
        text, _ = probe_text(900 + k, pages=3, hang_at=2)
        (hang / f"h{k:05d}.probe").write_text(text, encoding="utf-8")
    stamp.write_text("")
    return main, hang


if __name__ == "__main__":
    made = make_archive(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2000)
    print(*made)
