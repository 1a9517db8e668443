"""pdfplumber's `extract_text(chars, x_tolerance=…, y_tolerance=…)` for upright chars, written
out: the same lines, words and spaces, without its word extractor's general machinery.

The reader asks for the text of every cell and every line of a page, a few chars at a
time, and pdfplumber's general path (a word extractor, a text map, clustering by sets of
values) costs more than the table finding. For upright chars it comes down to this: chars
clustered into lines by their tops, each line in x order, a new word where a char starts
left of the last one's start, more than `x_tolerance` past its end or more than
`y_tolerance` off its top, blanks ending words; words clustered into lines by their tops
again; words joined by spaces, lines by newlines. Other chars (rotated ones, from pdfminer)
go to pdfplumber itself. tests/test_pdf_words.py holds the two to the same text.
"""

from __future__ import annotations

from typing import Any

from pdfplumber.utils import extract_text
from pdfplumber.utils.text import LIGATURES

Char = dict[str, Any]


def _clusters(objects: list[Char], tolerance: float) -> list[list[Char]]:
    """pdfplumber's `cluster_objects` by top: distinct tops chained where each is within
    `tolerance` of the one before; objects in cluster order, in their own order within a cluster."""
    if not objects:
        return []
    tops = [o["top"] for o in objects]
    index: dict[float, int] = {}
    cluster, last = 0, min(tops)
    for value in sorted(set(tops)):
        if not value <= last + tolerance:
            cluster += 1
        index[value] = cluster
        last = value
    if cluster == 0:
        return [objects]
    groups: list[list[Char]] = [[] for _ in range(cluster + 1)]
    for obj, top in zip(objects, tops, strict=True):
        groups[index[top]].append(obj)
    return groups


def _x0(obj: Char) -> float:
    return obj["x0"]  # type: ignore[no-any-return]


def _words_of_line(line: list[Char], x_tolerance: float, y_tolerance: float) -> list[list[Char]]:
    words: list[list[Char]] = []
    current: list[Char] = []
    for char in line:
        text = char["text"]
        if text.isspace():
            current = []
        elif text == "":  # pdfplumber's split-at-punctuation test: "" is in every string
            words.append([char])
            current = []
        elif current and (char["x0"] < current[-1]["x0"] or char["x0"] > current[-1]["x1"] + x_tolerance
                          or abs(char["top"] - current[-1]["top"]) > y_tolerance):
            current = [char]
            words.append(current)
        elif current:
            current.append(char)
        else:
            current = [char]
            words.append(current)
    return words


def chars_text(chars: list[Char], x_tolerance: float, y_tolerance: float) -> str:
    """The text pdfplumber's `extract_text` gives for `chars` with these tolerances."""
    if not chars:
        return ""
    if not all(c.get("upright") is True for c in chars):
        return str(extract_text(chars, x_tolerance=x_tolerance, y_tolerance=y_tolerance))
    words: list[Char] = []
    for line in _clusters(chars, y_tolerance):
        for word in _words_of_line(sorted(line, key=_x0), x_tolerance, y_tolerance):
            text = "".join(LIGATURES.get(c["text"], c["text"] or "") for c in word)
            words.append({"text": text, "top": min(c["top"] for c in word)})
    return "\n".join(" ".join(w["text"] for w in line) for line in _clusters(words, y_tolerance))
