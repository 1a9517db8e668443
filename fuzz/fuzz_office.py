#!/usr/bin/env python3
"""Coverage-guided fuzzing of the office reader (atheris / libFuzzer).

    python fuzz/fuzz_office.py [-max_total_time=N] [libFuzzer flags] [corpus dirs]

An input is one byte that picks the suffix the file gets (.xlsx, .xlsm, .xls, .docx, …) and
the file's bytes. Zip packages are mutated inside: one entry (a sheet's or the document's XML,
the shared strings, the styles …) is mutated and the package rezipped, so the parsers see
damaged XML rather than a zip that fails its first check. The office reader, the merge stage and
the normaliser run on each input; only typed jixiao errors may come out (anything else, or a
hang past -timeout, is a crash: libFuzzer saves the input and exits non-zero). LibreOffice is
never run (it would make each input take seconds): its formats end in the missing-converter error.

Without corpus directories, the corpus is seeded from samples/ (the office files there).
Exits 0 when nothing crashed within the time budget.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import zipfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".docx", ".docm", ".doc", ".ods", ".et")

with atheris.instrument_imports(include=["jixiao", "xlrd"]):
    from jixiao.errors import JixiaoError
    from jixiao.extract.office import convert as office_convert
    from jixiao.extract.office import read_office
    from jixiao.pipeline import records_from_document

WORK = Path(tempfile.mkdtemp(prefix="fuzz-office-"))


def _no_libreoffice() -> None:
    return None


def test_one_input(data: bytes) -> None:
    if not data:
        return
    path = WORK / f"input{SUFFIXES[data[0] % len(SUFFIXES)]}"
    path.write_bytes(data[1:])
    try:
        records_from_document(read_office(path))
    except JixiaoError:
        pass


def _mutate_package(body: bytes, max_size: int, seed: int) -> bytes | None:
    """One entry of a zip package mutated, the package rezipped uncompressed; None when it is no zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as package:
            entries = [(info.filename, package.read(info)) for info in package.infolist()]
    except Exception:  # noqa: BLE001 - not a readable zip: mutate the bytes instead
        return None
    if not entries:
        return None
    k = seed % len(entries)
    name, data = entries[k]
    entries[k] = (name, atheris.Mutate(data, max(len(data) * 2, 64)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for entry_name, entry_data in entries:
            package.writestr(entry_name, entry_data)
    packed = out.getvalue()
    return packed if len(packed) + 1 <= max_size else None


def custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    if len(data) < 2 or seed % 5 == 0:  # now and then the bytes themselves, the suffix byte included
        return atheris.Mutate(data, max_size)
    mutated = _mutate_package(data[1:], max_size, seed)
    if mutated is None:
        return atheris.Mutate(data, max_size)
    return data[:1] + mutated


def _seed_corpus() -> str:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-office-seeds-"))
    seeds = [p for p in sorted(ROOT.glob("samples/**/*")) if p.suffix.lower() in SUFFIXES]
    for k, path in enumerate(seeds):
        prefix = bytes([SUFFIXES.index(path.suffix.lower())])
        (folder / f"seed{k}").write_bytes(prefix + path.read_bytes())
    (folder / "ole2").write_bytes(bytes([2]) + b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    (folder / "csv").write_bytes(bytes([2]) + "项目名称,道路工程\n年度资金总额,100\n".encode())
    return str(folder)


def main() -> int:
    office_convert.find_soffice = _no_libreoffice  # type: ignore[assignment]
    import jixiao.extract.office as office

    office.find_soffice = _no_libreoffice  # type: ignore[assignment]
    argv = list(sys.argv)
    if not any(not a.startswith("-") and os.path.isdir(a) for a in argv[1:]):
        argv.append(_seed_corpus())
    if not any(a.startswith("-timeout=") for a in argv):
        argv.append("-timeout=30")
    if not any(a.startswith("-rss_limit_mb=") for a in argv):
        argv.append("-rss_limit_mb=3072")
    atheris.Setup(argv, test_one_input, custom_mutator=custom_mutator)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
