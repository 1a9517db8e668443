"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best_seconds(work: Callable[[T], object], arg: T, repeat: int = 3, warm: bool = False,
                 clock: Callable[[], float] = time.perf_counter) -> float:
    """The fastest of `repeat` runs of work(arg); `warm` runs it once first, untimed. `clock`:
    time.process_time for this process's CPU time (steadier than wall time on a shared machine)."""
    if warm:
        work(arg)
    times = []
    for _ in range(repeat):
        start = clock()
        work(arg)
        times.append(clock() - start)
    return min(times)


def clear_caches(package: str = "jixiao") -> int:
    """Empty every functools cache of the package's loaded modules (a pass over documents then starts from
    the state a fresh process has once its start-up is done): how many caches were emptied."""
    import sys

    emptied = 0
    for name, module in list(sys.modules.items()):
        if name != package and not name.startswith(package + "."):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and callable(getattr(value, "cache_info", None)):
                value.cache_clear()
                emptied += 1
    return emptied
