"""Each self-evaluation of a batch answered by the target form of the same project and year.

    result = pair_batch(records)          # pure: the input records are never changed
    result.records                        # the batch, paired and unpaired self-evaluations annotated
    result.pairs                          # [Pair(self_eval=3, target=0, score=97.5)] (indices into the batch)

A candidate pair is scored on the project name, the department and the indicators the two forms
share (weights and cut-offs in `review_vocab`); two printed years that differ never pair. Pairs are
taken best first, one target form per self-evaluation and one self-evaluation per target form, so a
near-identical project name of the same department loses to the exact one. What a pair adds to the
self-evaluation (`paired_target`, per indicator `achieved`, findings) is `cross_check.annotate`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from . import review_vocab as rv
from .cross_check import RecordRef, annotate, strip_pairing, target_signature
from .indicator_match import department_key, match_indicators, name_key, similarity


@dataclass(frozen=True, slots=True)
class Pair:
    self_eval: int  # index of the self-evaluation in the batch
    target: int  # index of the target form it answers
    score: float  # 0–100


@dataclass
class PairingResult:
    records: list[dict[str, Any]]  # the batch in input order; annotated self-evaluations are new dicts
    refs: list[RecordRef]  # per record: sha256, table index within its source (from 1), path
    pairs: list[Pair] = field(default_factory=list)
    unpaired: list[int] = field(default_factory=list)  # self-evaluations no target form answers
    changed: list[int] = field(default_factory=list)  # records that differ from the input


def record_refs(records: list[dict[str, Any]]) -> list[RecordRef]:
    """Each record's source and table index: its place among the records of the same source, from 1."""
    seen: dict[str, int] = defaultdict(int)
    refs = []
    for record in records:
        source = record.get("source") or {}
        sha = str(source.get("sha256") or "")
        seen[sha] += 1
        refs.append(RecordRef(sha, seen[sha], str(source.get("path") or "")))
    return refs


def identity_key(record: dict[str, Any]) -> str:
    """What names the project: its name, or for department-wide forms (no name) the department."""
    project = record.get("project") or {}
    return name_key(project.get("name")) or department_key(project.get("department"))


def department_score(a: dict[str, Any], b: dict[str, Any]) -> float:
    pa, pb = a.get("project") or {}, b.get("project") or {}
    code_a, code_b = pa.get("department_code"), pb.get("department_code")
    if code_a and code_b:
        if code_a == code_b:
            return 100.0
        return min(50.0, similarity(department_key(pa.get("department")), department_key(pb.get("department"))))
    da, db = department_key(pa.get("department")), department_key(pb.get("department"))
    return similarity(da, db) if da and db else rv.DEPARTMENT_ABSENT_SCORE


def pair_score(self_eval: dict[str, Any], target: dict[str, Any], name_score: float | None = None) -> float | None:
    """0–100, or None where the two are not one project's pair: other years, names too far apart, or too
    little in common (below PAIR_ACCEPT_SCORE, unless name and printed department are the same)."""
    year_a, year_b = self_eval.get("year"), target.get("year")
    if year_a is not None and year_b is not None and year_a != year_b:
        return None
    if name_score is None:
        name_score = similarity(identity_key(self_eval), identity_key(target))
    if name_score < rv.NAME_FLOOR:
        return None
    department = department_score(self_eval, target)
    indicators = indicators_score(self_eval, target)
    weights = rv.PAIR_WEIGHTS
    score = weights["name"] * name_score + weights["department"] * department + weights["indicators"] * indicators
    if year_a is None or year_b is None:
        score -= rv.YEAR_MISSING_PENALTY
    return round(score, 1) if score >= rv.PAIR_ACCEPT_SCORE or _same_name(name_score, department, indicators) else None


def _same_name(name: float, department: float, indicators: float) -> bool:
    """One name in one year is one project, however its indicators changed, where the printed departments
    agree; where one side prints none, a few shared indicators must say so."""
    if name < 100.0 or department < rv.DEPARTMENT_ABSENT_SCORE:
        return False
    printed_alike = department >= rv.DEPARTMENT_SAME_SCORE
    return printed_alike or indicators >= rv.SAME_NAME_MIN_INDICATORS


def indicators_score(self_eval: dict[str, Any], target: dict[str, Any]) -> float:
    """0–100: the indicators the two forms share (by name), half again where the same 年度指标值 is quoted."""
    a, b = self_eval.get("indicators") or [], target.get("indicators") or []
    if not a or not b:
        return rv.INDICATORS_ABSENT_SCORE
    match = match_indicators(a, b)
    same = sum(target_signature(a[i].get("target")) == target_signature(b[j].get("target")) for i, j in match.pairs)
    return 100.0 * (len(match.pairs) + same) / (2 * match.union())


def _candidates(records: list[dict[str, Any]], evals: list[int], targets: list[int]) -> list[tuple[float, int, int]]:
    """(score, self-evaluation, target) above the cut-off; names compared all at once (rapidfuzz cdist)."""
    if not evals or not targets:
        return []
    eval_keys = [identity_key(records[k]) for k in evals]
    target_keys = [identity_key(records[k]) for k in targets]
    names = process.cdist(eval_keys, target_keys, scorer=fuzz.ratio, score_cutoff=rv.NAME_FLOOR)
    found = []
    for row, e in enumerate(evals):
        for col in names[row].nonzero()[0]:
            t = targets[int(col)]
            name_score = 100.0 if eval_keys[row] == target_keys[int(col)] else float(names[row][col])
            score = pair_score(records[e], records[t], name_score)
            if score is not None:
                found.append((score, e, t))
    return found


def find_pairs(records: list[dict[str, Any]]) -> list[Pair]:
    """Best first, each record in at most one pair."""
    found: list[tuple[float, int, int]] = []
    for eval_form, target_form in rv.FORM_PAIRS.items():
        evals = [k for k, r in enumerate(records) if r.get("form") == eval_form and identity_key(r)]
        targets = [k for k, r in enumerate(records) if r.get("form") == target_form and identity_key(r)]
        found += _candidates(records, evals, targets)
    found.sort(key=lambda c: (-c[0], c[1], c[2]))
    used: set[int] = set()
    pairs = []
    for score, e, t in found:
        if e in used or t in used:
            continue
        used |= {e, t}
        pairs.append(Pair(e, t, score))
    return sorted(pairs, key=lambda p: p.self_eval)


def pair_batch(records: Iterable[dict[str, Any]], refs: list[RecordRef] | None = None) -> PairingResult:
    """Pair every self-evaluation of the batch; earlier pairing results in the records are replaced.
    `refs`: each record's source and table index, where the records are a part of a larger batch read a
    group at a time (by default counted in these records)."""
    given = list(records)
    refs = record_refs(given) if refs is None else refs
    plain = [strip_pairing(r) if r.get("form") in rv.FORM_PAIRS else r for r in given]
    pairs = find_pairs(plain)
    partner = {p.self_eval: p for p in pairs}
    out = list(plain)
    unpaired = []
    for k, record in enumerate(plain):
        if record.get("form") not in rv.FORM_PAIRS:
            continue
        pair = partner.get(k)
        if pair is None:
            unpaired.append(k)
            out[k] = annotate(record, None, None, None)
        else:
            out[k] = annotate(record, plain[pair.target], refs[pair.target], pair.score)
    changed = [k for k, (old, new) in enumerate(zip(given, out, strict=True)) if old != new]
    return PairingResult(out, refs, pairs, unpaired, changed)
