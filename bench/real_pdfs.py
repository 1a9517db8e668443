"""The table layer on real producers' PDFs: per file, the tables found and their shapes.

    make bench
    .venv/bin/python bench/real_pdfs.py [--json FILE] [--compare FILE] [DIR]

DIR defaults to ../shared/real-pdfs (skipped when absent). There is no hand truth for these
files: the shapes (rows×cols per table, page by page) are for comparing one version of the
reader with another (--json writes them, --compare prints the files whose shapes changed
against such a file), and for checking against the page by eye.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from jixiao.errors import JixiaoError
from jixiao.extract.model import PageTable
from jixiao.pipeline import read_source

ROOT = Path(__file__).resolve().parent.parent
# shared/ beside the checkout (or beside a folder of worktrees)
SHARED = next((d / "shared" for d in ROOT.parents if (d / "shared").is_dir()), ROOT.parent / "shared")
REAL = SHARED / "real-pdfs"


def shapes_of(pdf: Path) -> list[str]:
    """'p3:6x3' per table, in reading order."""
    document = read_source(pdf)
    return [f"p{b.page}:{len(b.rows)}x{max((len(r) for r in b.rows), default=0)}"
            for b in document.blocks if isinstance(b, PageTable)]


def _short(shapes: list[str], limit: int = 12) -> str:
    return " ".join(shapes[:limit]) + (f" … (+{len(shapes) - limit})" if len(shapes) > limit else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", type=Path, nargs="?", default=REAL)
    parser.add_argument("--json", type=Path, help="write {file: [shapes]} here")
    parser.add_argument("--compare", type=Path, help="a file written by --json: print what changed")
    args = parser.parse_args(argv)
    if not args.dir.is_dir():
        print(f"real PDFs: {args.dir} not found, skipped")
        return 0
    before = json.loads(args.compare.read_text()) if args.compare else None
    found: dict[str, list[str]] = {}
    start = time.perf_counter()
    print(f"real PDFs in {args.dir}: tables found per file, shape rows×cols by page")
    for pdf in sorted(args.dir.rglob("*.pdf")):
        name = str(pdf.relative_to(args.dir))
        try:
            found[name] = shapes_of(pdf)
        except JixiaoError as error:
            found[name] = [f"error: {error}"]
        print(f"{len(found[name]):4d}  {name}\n      {_short(found[name])}")
        if before is not None and before.get(name) != found[name]:
            print(f"      was {len(before.get(name, []))}: {_short(before.get(name, []))}")
    print(f"{len(found)} files, {sum(map(len, found.values()))} tables, {time.perf_counter() - start:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(found, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
