"""The records jixiao reads from generated and real text dumps, dumped to compare two versions of the code.

    .venv/bin/python bench/records_golden.py dump FILE [N]    # write every case's records (json, sorted keys)
    .venv/bin/python bench/records_golden.py check FILE [N]   # read them again, say every case that differs

For speed work that must not change behaviour: dump before a change, check after it (byte-identical
records, or the same exception). Cases: bench_notation's documents (every notation, target and family
forms, N seeds from 1000, default 40), the documents tests/test_notation_generated.py reads, tests/generator.py
and familygen documents in tab-separated, markdown and HTML notation, converter markdown (tests/mdgen.py),
the sample and the real dumps beside the checkout.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
SHARED = next((d / "shared" for d in ROOT.parents if (d / "shared").is_dir()), ROOT.parent / "shared")

from familygen import DISTORTIONS as FAMILY_DISTORTIONS  # noqa: E402
from familygen import KINDS, make_family_case  # noqa: E402
from familygen import NOTATIONS as FAMILY_TABLE_NOTATIONS  # noqa: E402
from generator import DISTORTIONS, NOT_FOR, make_case  # noqa: E402
from mdgen import STYLES, make_md_case  # noqa: E402
from notationgen import (  # noqa: E402
    CONTENTS,
    FAMILY_NOTATIONS,
    NOTATIONS,
    make_family_notation_case,
    make_notation_case,
)

from jixiao import records_from_text  # noqa: E402

FIRST_SEED = 1000
Text = Callable[[], str]


def _bench_cases(n: int) -> Iterator[tuple[str, Text]]:
    contents = tuple(CONTENTS)
    for notation, variants in NOTATIONS.items():
        for k in range(n):
            seed = FIRST_SEED + k
            yield (f"bench/{notation}/{seed}",
                   lambda s=seed, no=notation, v=variants[k % len(variants)], c=contents[k % len(contents)]:
                   make_notation_case(s, no, v, c).text)
    for notation in FAMILY_NOTATIONS:
        for k in range(n):
            seed = FIRST_SEED + k
            yield (f"bench-family/{notation}/{seed}",
                   lambda s=seed, no=notation, kind=KINDS[k % len(KINDS)], d="breaks" if k % 2 else "clean":
                   make_family_notation_case(s, kind, no, distortion=d).text)


def _test_cases() -> Iterator[tuple[str, Text]]:
    for notation, variants in NOTATIONS.items():
        for variant in variants:
            for content in CONTENTS:
                for seed in range(2):
                    yield (f"notation/{notation}/{variant}/{content}/{seed}",
                           lambda s=seed, no=notation, v=variant, c=content: make_notation_case(s, no, v, c).text)
    for notation in FAMILY_NOTATIONS:
        for kind in KINDS:
            for seed in range(2):
                yield (f"family-notation/{notation}/{kind}/{seed}",
                       lambda s=seed, no=notation, k=kind: make_family_notation_case(
                           s, k, no, distortion="breaks" if s % 2 else "clean").text)
    for notation in ("tsv", "markdown", "html"):
        for distortion in DISTORTIONS:
            if distortion in NOT_FOR.get(notation, ()):
                continue
            for seed in range(3):
                yield (f"generator/{notation}/{distortion}/{seed}",
                       lambda s=seed, no=notation, d=distortion: make_case(s, no, d).text)
    for notation in FAMILY_TABLE_NOTATIONS:
        for kind in KINDS:
            for distortion in FAMILY_DISTORTIONS:
                yield (f"family/{notation}/{kind}/{distortion}/0",
                       lambda no=notation, k=kind, d=distortion: make_family_case(0, k, no, d).text)
    for style in STYLES:
        for seed in (*range(3), *range(FIRST_SEED, FIRST_SEED + 10)):
            yield f"mdgen/{style}/{seed}", lambda s=seed, st=style: make_md_case(s, st).text


def _file_cases() -> Iterator[tuple[str, Text]]:
    files = [*sorted((ROOT / "samples").glob("*.txt")), *sorted((SHARED / "real-dumps" / "text").glob("*.txt"))]
    for path in files:
        yield f"file/{path.name}", lambda p=path: p.read_text(encoding="utf-8")


def cases(n: int) -> Iterator[tuple[str, Text]]:
    yield from _bench_cases(n)
    yield from _test_cases()
    yield from _file_cases()


def read(case_id: str, text: str) -> str:
    """The records of a text as one json line, or the exception it raised."""
    try:
        records = records_from_text(text, path=case_id.replace("/", "-") + ".txt")
    except Exception as exc:  # noqa: BLE001 - a crash is an outcome to keep as well
        return json.dumps({"raised": f"{type(exc).__name__}: {exc}"}, ensure_ascii=False)
    return json.dumps(records, sort_keys=True, ensure_ascii=False, default=str)


def main() -> int:
    mode, path = sys.argv[1], Path(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    if mode == "dump":
        with path.open("w", encoding="utf-8") as out:
            for case_id, text in cases(n):
                out.write(json.dumps({"id": case_id, "records": read(case_id, text())}, ensure_ascii=False) + "\n")
        return 0
    want = {row["id"]: row["records"] for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    differ = seen = 0
    for case_id, text in cases(n):
        seen += 1
        if want.get(case_id) != read(case_id, text()):
            differ += 1
            print(f"DIFFERS {case_id}")
    print(f"{seen} cases, {differ} differ" + ("" if seen == len(want) else f" ({len(want)} in {path})"))
    return 1 if differ or seen != len(want) else 0


if __name__ == "__main__":
    sys.exit(main())
