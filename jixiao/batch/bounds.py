"""What one source may cost (wall time, memory) and how many workers a machine can take.

The batch watches each worker from outside (it is killed when it passes a bound, so a reader
that hangs in C code or runs away with memory is stopped all the same), and each worker dies
with the batch (Linux: the kernel's parent-death signal; elsewhere a thread that watches the
parent's pid).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass

DEFAULT_TIMEOUT = 1800.0  # seconds a source may take: a long scanned PDF OCR'd on a slow core
DEFAULT_MEMORY_MB = 4096  # a worker's resident memory while it reads one source
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class Bounds:
    timeout: float = DEFAULT_TIMEOUT  # seconds, wall time
    memory: int = DEFAULT_MEMORY_MB * 2**20  # bytes, resident set


def usable_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def cap_jobs(asked: int | None) -> int:
    """Workers for a batch: as asked, but never more than the cores this process may run on."""
    cores = usable_cores()
    return cores if asked is None else max(1, min(asked, cores))


def die_with_parent(parent_pid: int) -> None:
    """Make this worker end when the batch ends, however the batch ends (kill -9 included)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    if os.getppid() != parent_pid:  # the batch died before the signal was set up
        os._exit(1)


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(1)


def reset_peak_memory() -> None:
    """Start a new peak of this process's resident set (Linux ≥ 4.0; elsewhere the peak is the process's)."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def peak_memory() -> int | None:
    """This process's peak resident set since the last reset, in bytes."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024
    except (ImportError, OSError):
        return None
