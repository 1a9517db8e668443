"""Which form of the family a table is: by its title, and by the labels and columns it prints.

The title decides when it names a form and nothing printed contradicts it.
Where there is no telling title, or the printed labels point elsewhere (a
目标表 title over 实际完成值 and 得分 columns), the labels decide and the record
says it was unsure.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .chinese import label_key
from .forms import DEFAULT_FORM, FormDef, all_forms
from .text import compact

STRONG_EVIDENCE = 2  # labels scoring this much overrule a title


@dataclass(frozen=True, slots=True)
class FormGuess:
    form: str
    confidence: float
    doubt: str | None = None  # why the reader is unsure, for the record's warning


def form_by_title(title: str | None) -> FormDef | None:
    text = compact(label_key(title or ""))
    return next((f for f in all_forms() if text and f.title_matches(text)), None)


def _eval_roles() -> set[str]:
    return {role for f in all_forms() for role in f.evidence_roles}


def _evidence_score(form: FormDef, keys: set[str], roles: set[str]) -> int | None:
    """How much of what is printed points at this form; None when something excludes it."""
    roles_hit = len(set(form.evidence_roles) & roles)
    if form.evidence_roles and roles_hit == 0:
        return None  # a self-evaluation prints actual values or scores
    if not form.evidence_roles and _eval_roles() & roles:
        return None  # a target form prints none
    fields_hit = len({f for f in form.evidence_fields if any(k == f or k.startswith(f + ".") for k in keys)})
    return 2 * fields_hit + roles_hit


def form_by_labels(keys: set[str], roles: set[str]) -> tuple[FormDef | None, int]:
    """The form the printed labels point at most, and how strongly (0: nothing points anywhere)."""
    best: FormDef | None = None
    best_score = 0
    for form in all_forms():
        score = _evidence_score(form, keys, roles)
        if score is not None and score > best_score:
            best, best_score = form, score
    return best, best_score


def detect_form(title: str | None, keys: set[str], roles: set[str]) -> FormGuess:
    """The form of a table from its title, its header keys (`department.name` …) and its column roles."""
    return _detect(title, frozenset(keys), frozenset(roles))


@lru_cache(maxsize=4096)
def _detect(title: str | None, keys: frozenset[str], roles: frozenset[str]) -> FormGuess:
    by_title = form_by_title(title)
    by_labels, strength = form_by_labels(keys, roles)
    if by_title is not None and (by_labels is None or by_labels.form == by_title.form):
        return FormGuess(by_title.form, 1.0)
    if by_title is not None and by_labels is not None:
        if by_labels.self_eval != by_title.self_eval:  # columns of actual values and scores, or none: a hard fact
            return FormGuess(by_labels.form, 0.6, f"the title reads as {by_title.name} but the printed columns "
                                                  f"are those of a {by_labels.name}")
        return FormGuess(by_title.form, 1.0)  # header labels such as 单位名称 are printed on several forms
    if by_labels is not None:
        confidence = 0.9 if strength >= STRONG_EVIDENCE else 0.7
        return FormGuess(by_labels.form, confidence, None if strength >= STRONG_EVIDENCE else
                         f"no title names the form; read as a {by_labels.name} from its labels")
    return FormGuess(DEFAULT_FORM, 0.8)
