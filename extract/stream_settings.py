"""When a text dump is read as a stream, and in what pieces: the one place these sizes are set.

A dump of `min_bytes` or more is read a segment at a time (`jixiao.extract.text_stream`), so that a
reader's memory follows the segment, not the file; a smaller one is read whole. The environment can
set them (`JIXIAO_STREAM_MIN_BYTES`, `JIXIAO_STREAM_SEGMENT_BYTES`): tests stream small files that way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StreamSettings:
    min_bytes: int = 8 << 20  # dumps this big or bigger are streamed
    segment_bytes: int = 2 << 20  # bytes decoded and read at a time
    run_lines: int = 4000  # lines of plain text held before a run is cut at its next title


def stream_settings() -> StreamSettings:
    """The defaults, with what the environment sets."""
    defaults = StreamSettings()
    return StreamSettings(
        min_bytes=int(os.environ.get("JIXIAO_STREAM_MIN_BYTES", defaults.min_bytes)),
        segment_bytes=max(1, int(os.environ.get("JIXIAO_STREAM_SEGMENT_BYTES", defaults.segment_bytes))),
        run_lines=defaults.run_lines,
    )
