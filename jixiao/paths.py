"""File names as the file system holds them, shown as valid UTF-8.

A name that is not UTF-8 (GBK names from a Windows zip) reaches Python as a str with
lone surrogates (`os.fsdecode`'s surrogateescape): fine for opening the file, never valid
in JSON, CSV or a database. Wherever such a name is printed or stored it is shown with
each byte that does not decode as `\\xNN`; `filesystem_path` turns that back (best effort:
a name that really holds the four characters `\\xNN` cannot be told from an escaped byte).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def display_text(text: str) -> str:
    """`text` with every surrogate-escaped byte written `\\xNN`; other text unchanged."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file name decodes to (U+D800…U+DC7F): shown as \udXXX
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as a valid UTF-8 str, bytes that are not UTF-8 shown as `\\xNN`."""
    return display_text(os.fspath(path))


def filesystem_path(shown: str) -> Path:
    """The path a `display_path` string was made from (its `\\xNN` bytes put back)."""
    return Path(_ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m[1], 16)), shown))
