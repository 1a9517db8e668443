"""Several documents one after another in one notation-free text (dumps concatenated), each opening with its
附件 N heading, with the truth of every record.

    case = make_concatenated_case(3, "cell_lines", "none", n_docs=3)
    problems(records_from_text(case.text), case.expected)   # [] when read right

Each document is tests/generator.py's `random_document` (its forms, 1–3 of one year) printed as
`make_notation_case` prints it; its heading, drawn per document, is one of
- `inline`: `附件 2：河阳县财政局项目支出预算绩效目标表` on one line;
- `above`:  `附件2` on a line of its own, then the document title on the next;
- `number`: `附件2` alone right above the first form's title (no document title).
The documents are parted by the blank lines a dump has between them, nothing else: the next document's
附件 line comes right after the last row of the table before it.
Truth: each document's records hold that document's heading (`document.attachment` the 附件 number with no
spaces, `document.title` the document title, null for `number`).

    fcase = make_concatenated_family_case(2, ("department_target", "project_self_eval"), "spaces")
    differences(fcase.expected, records_from_text(fcase.text), "records")   # familygen's truth, with `document`

Family documents (tests/familygen, one kind each: a department's 附件1 部门整体 target, 附件2 project
self-evaluations …) are printed the same way, their truth familygen.expected_record with the heading's `document`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from familygen import DISTORTIONS as FAMILY_DISTORTIONS
from familygen import expected_record, family_document
from generator import BUREAUS, COUNTIES, DOC_TITLE_TEMPLATES, PLACES, FormSpec, expected_records, random_document

from .model import Doc, doc_from_family, doc_from_forms
from .truth import Expected, glued_loose, mirrored

HEADINGS = ("inline", "above", "number")
NUMBERS = ("1", "2", "3", "4", "5", "二", "三")
SEPARATORS = ("：", ":", " ：")


@dataclass
class Heading:
    style: str
    attachment: str  # as printed: 附件 2, 附件2
    title: str | None

    def lines(self, rng: random.Random) -> list[str]:
        if self.style == "inline":
            return [f"{self.attachment}{rng.choice(SEPARATORS)}{self.title}", ""]
        if self.style == "above":
            return [self.attachment, "", str(self.title), ""]
        return [self.attachment, ""]

    def truth(self) -> dict:
        return {"title": self.title, "attachment": "".join(self.attachment.split())}


@dataclass
class ConcatenatedCase:
    seed: int
    notation: str
    variant: str
    headings: list[Heading]
    forms: list[list[FormSpec]]  # per document
    text: str
    expected: list[Expected]


def _heading(rng: random.Random, k: int) -> Heading:
    style = HEADINGS[k % len(HEADINGS)] if rng.random() < 0.5 else rng.choice(HEADINGS)
    attachment = f"附件{rng.choice(['', ' '])}{rng.choice(NUMBERS)}"
    title = rng.choice(DOC_TITLE_TEMPLATES[:2]).format(county=rng.choice(COUNTIES), bureau=rng.choice(BUREAUS),
                                                       place=rng.choice(PLACES))
    return Heading(style, attachment, None if style == "number" else title)


def _document(seed: int, k: int, content: str, rng: random.Random) -> tuple[Heading, list[FormSpec], Doc]:
    from . import CONTENTS

    forms = random_document(random.Random(f"concat-forms:{seed}:{k}:{content}"), content)
    forms[0].attachment = None  # the heading is printed here, drawn per document
    heading = _heading(rng, k)
    lines = heading.lines(rng)
    doc = doc_from_forms(forms, rng, CONTENTS[content])
    return heading, forms, Doc(lines + doc.items, [p + len(lines) for p in doc.pages])


def make_concatenated_case(seed: int, notation: str, variant: str | None = None, n_docs: int = 3,
                           content: str = "clean") -> ConcatenatedCase:
    """`n_docs` generated documents, each with its 附件 heading, printed one after another in `notation`."""
    from . import _variant, render_notation

    rng = random.Random(f"concat:{seed}:{notation}:{content}")
    variant = _variant(notation, variant, rng)
    headings, forms, items, pages = [], [], [], []
    for k in range(n_docs):
        heading, doc_forms, doc = _document(seed, k, content, rng)
        headings.append(heading)
        forms.append(doc_forms)
        pages += ([len(items)] if items else []) + [p + len(items) for p in doc.pages]
        items += doc.items
    text, mirror = render_notation(Doc(items, pages), notation, variant, rng)
    glued = notation == "glued" or (notation == "traditional" and variant == "glued")
    expected = []
    for heading, doc_forms in zip(headings, forms):
        for record in expected_records(doc_forms):
            record = replace(record, document=heading.truth())
            loose = glued_loose(record) if glued else set()
            expected.append(Expected(mirrored(record, mirror) if mirror is not None else record, loose))
    return ConcatenatedCase(seed, notation, variant, headings, forms, text, expected)


@dataclass
class ConcatenatedFamilyCase:
    seed: int
    kinds: tuple[str, ...]
    notation: str
    variant: str
    headings: list[Heading]
    text: str
    expected: list[dict]


def make_concatenated_family_case(seed: int, kinds: tuple[str, ...], notation: str, variant: str | None = None,
                                  distortion: str = "clean") -> ConcatenatedFamilyCase:
    """One family document of each of `kinds` (familygen.family_document), each with its 附件 heading, printed one
    after another in `notation` (one of FAMILY_NOTATIONS)."""
    from . import FAMILY_NOTATIONS, FAMILY_VARIANTS, _variant, render_notation

    if notation not in FAMILY_NOTATIONS:
        raise ValueError(f"family forms are not printed as {notation}")
    rng = random.Random(f"concat-family:{seed}:{kinds}:{notation}:{distortion}")
    variant = _variant(notation, variant, rng, FAMILY_VARIANTS.get(notation))
    headings, expected, items, pages = [], [], [], []
    for k, kind in enumerate(kinds):
        forms, printed = family_document(seed + k, kind)
        heading = _heading(rng, k)
        lines = heading.lines(rng)
        doc = doc_from_family(printed, rng, FAMILY_DISTORTIONS[distortion])
        pages += ([len(items)] if items else []) + [p + len(items) + len(lines) for p in doc.pages]
        items += lines + doc.items
        headings.append(heading)
        expected += [{**expected_record(form), "document": heading.truth()} for form in forms]
    text, _ = render_notation(Doc(items, pages), notation, variant, rng)
    return ConcatenatedFamilyCase(seed, kinds, notation, variant, headings, text, expected)
