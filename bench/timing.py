"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best_seconds(work: Callable[[T], object], arg: T, repeat: int = 3, warm: bool = False) -> float:
    """The fastest of `repeat` runs of work(arg); `warm` runs it once first, untimed."""
    if warm:
        work(arg)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work(arg)
        times.append(time.perf_counter() - start)
    return min(times)
