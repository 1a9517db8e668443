"""The batch's progress line: sources/s and the ETA (tqdm's), pages/s, records, warnings, errors."""

from __future__ import annotations

import sys
import time

from tqdm import tqdm

from jixiao.batch.work import SourceOutcome


class Progress:
    def __init__(self, total: int, quiet: bool) -> None:
        tqdm.monitor_interval = 0  # no monitor thread: the batch forks its workers and must hold no threads
        self.bar = tqdm(total=total, unit="source", disable=quiet or total < 2 or None, file=sys.stderr)
        self.started = time.monotonic()
        self.pages = self.records = self.warnings = self.errors = 0

    def done(self, outcome: SourceOutcome) -> None:
        entry = outcome.entry
        self.pages += entry.pages or 0
        self.records += entry.records
        self.warnings += entry.warnings
        self.errors += outcome.error_count
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self.bar.set_postfix_str(f"{self.pages / elapsed:.1f} pages/s, {self.records} records, "
                                 f"{self.warnings} warnings, {self.errors} errors", refresh=False)
        self.bar.update(1)

    def say(self, line: str) -> None:
        tqdm.write(line, file=sys.stderr)

    def close(self) -> None:
        self.bar.close()
