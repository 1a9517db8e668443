"""The cyclic garbage collector paused while a text dump is read.

Reading a dump makes hundreds of thousands of small objects (cells, lines, record dicts) that live
until the records are made; each few hundred of them start a collection that walks the young ones
again, and now and then all of them. Reading makes no reference cycles (tests/test_collection.py
checks it in every notation), so nothing is left for the collector to find once it runs again.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_readers = 0  # readers inside `collector_paused` now (threads of one process)
_was_enabled = False  # whether the first of them found the collector running


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside the block, back as it was once the last reader inside leaves (nests,
    and threads reading at once share one pause)."""
    global _readers, _was_enabled
    with _lock:
        if _readers == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _readers += 1
    try:
        yield
    finally:
        with _lock:
            _readers -= 1
            if _readers == 0 and _was_enabled:
                gc.enable()
