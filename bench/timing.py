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
