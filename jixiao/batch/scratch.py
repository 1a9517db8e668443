"""The folder a batch to standard output (`-o -`) has its workers write each source's records to (a JSONL
file a source, read back a chunk at a time and removed), so that the records never travel to the batch
whole. Removed when the batch ends; one a killed batch left is removed by the next batch that starts.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

SCRATCH_PREFIX = "jixiao-stdout-"  # then the batch's process id and a random part


def _left_by_a_dead_batch(folder: Path) -> bool:
    pid = folder.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
    if not pid.isdigit() or not folder.is_dir():
        return False
    import psutil

    try:
        ours = folder.stat().st_uid == os.getuid()
    except OSError:
        return False
    return ours and not psutil.pid_exists(int(pid))


def remove_stale_scratch() -> int:
    """Remove the scratch folders of batches that were killed; how many there were."""
    stale = [f for f in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*") if _left_by_a_dead_batch(f)]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return len(stale)


def open_scratch() -> Path:
    remove_stale_scratch()
    return Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))


def close_scratch(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
