"""The page a reader is on, told to whoever watches (a batch worker, so that a source stopped for
its time or memory bound is recorded with its page). Nobody watches by default: a no-op."""

from __future__ import annotations

from collections.abc import Callable

_listener: Callable[[int], None] | None = None


def set_page_listener(listener: Callable[[int], None] | None) -> None:
    global _listener
    _listener = listener


def reading_page(page_no: int) -> None:
    """Readers call this as they start each page (sheet)."""
    if _listener is not None:
        _listener(page_no)
