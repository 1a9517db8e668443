"""What the fast-path tests (tests/test_fast_paths*.py) check a fast path against: the texts of generated
documents of several notations and forms, every line and every piece between spaces of them."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from notationgen import make_family_notation_case, make_notation_case  # noqa: E402


def texts_of_generated_documents() -> list[str]:
    docs = [make_notation_case(seed, notation).text for seed in range(2)
            for notation in ("cell_lines", "spaces", "glued", "traditional", "layout")]
    docs += [make_family_notation_case(seed, kind, "spaces").text for seed in range(2)
             for kind in ("project_self_eval", "department_self_eval", "transfer_target")]
    pieces = {piece for doc in docs for line in doc.splitlines() for piece in (line, *line.split())}
    return sorted(pieces)
