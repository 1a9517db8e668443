"""A reader for tests and the batch bench only (never registered by the package): `.probe` files.

A probe file's first line says what the reader does before it reads the rest as a text dump:

    #jixiao-probe pages=3 sleep=0.5 hang_at=2 alloc_mb=600 fail=1 touch=1

`pages` pages are announced (`reading_page`) over `sleep` seconds; `hang_at` hangs on that page
for ever; `alloc_mb` holds that much memory; `fail` raises a source error; `touch` rewrites the
file while it is read. Each read appends the file's path to $JIXIAO_PROBE_LOG, so that a test
can count which sources were read.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

from generator import Distortions, random_document, render

from jixiao.errors import UnsupportedSourceError
from jixiao.extract.page_progress import reading_page
from jixiao.extract.readers import SourceReader, all_readers, register_reader

MAGIC = b"#jixiao-probe"
LOG_VARIABLE = "JIXIAO_PROBE_LOG"


def dump(seed: int, variant: str = "clean") -> tuple[str, int]:
    """A generated text dump and how many form records it holds."""
    rng = random.Random(seed)
    forms = random_document(rng, variant)
    text, _ = render("tsv", forms, rng, Distortions())
    return text, len(forms)


def probe_text(seed: int, variant: str = "clean", **directives: object) -> tuple[str, int]:
    text, n = dump(seed, variant)
    said = " ".join(f"{k}={v}" for k, v in directives.items())
    return f"{MAGIC.decode()} {said}\n{text}", n


def _directives(line: str) -> dict[str, float]:
    return {k: float(v) for k, _, v in (word.partition("=") for word in line.split()[1:])}


def _read(path: Path, options: object):
    from jixiao.extract.text_dump import read_text_dump_text

    log = os.environ.get(LOG_VARIABLE)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{path}\n")
    head, _, body = path.read_text(encoding="utf-8").partition("\n")
    said = _directives(head)
    pages = int(said.get("pages", 1))
    held = bytearray(int(said.get("alloc_mb", 0) * 2**20))
    for k in range(len(held) // 4096):
        held[k * 4096] = 1  # touched, so that it is resident
    for page in range(1, pages + 1):
        reading_page(page)
        if said.get("hang_at") == page:
            while True:
                time.sleep(1)
        time.sleep(said.get("sleep", 0) / pages)
    if said.get("touch"):
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    if said.get("fail"):
        raise UnsupportedSourceError("the probe was told to fail", str(path))
    document = read_text_dump_text(body, str(path))
    document.n_pages = pages
    return document


PROBE = SourceReader(kind="probe", suffixes=frozenset({".probe"}), sniff=lambda head: head.startswith(MAGIC),
                     read=_read, priority=1)


def install() -> None:
    if PROBE not in all_readers():
        register_reader(PROBE)
