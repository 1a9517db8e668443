"""Rows of the real pages in ../shared/real-dumps that jixiao finds, counted by the set's own scorer.

    python bench/real_dumps.py [SET_DIR]

Runs `jixiao extract` over SET_DIR/text into a temporary folder, then
SET_DIR/../bench/score_rows.py SET_DIR OUT (unambiguous rows found, spurious
indicators, records by form). Skipped when the set is not beside the checkout.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# shared/ beside the checkout (or beside a folder of worktrees)
SHARED = next((d / "shared" for d in ROOT.parents if (d / "shared").is_dir()), ROOT.parent / "shared")


def main() -> int:
    set_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED / "real-dumps"
    scorer = set_dir.parent / "bench" / "score_rows.py"
    if not (set_dir / "manifest.json").is_file() or not scorer.is_file():
        print(f"real dumps: skipped ({set_dir} or its scorer not found)")
        return 0
    jixiao = Path(sys.executable).with_name("jixiao")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([str(jixiao), "extract", str(set_dir / "text"), "-o", out, "--quiet"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        scored = subprocess.run([sys.executable, str(scorer), str(set_dir), out], capture_output=True, text=True)
    lines = [line for line in scored.stdout.splitlines() if line.strip()]
    print("real dumps (../shared/real-dumps, score_rows.py):")
    for line in lines[-6:]:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
