"""Fast paths of the normalize side (decorations, joined labels, glued atoms, grid names, segments, column
shifts) against their plain definitions: each must say what the slower test it stands in for says."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fastpathkit import texts_of_generated_documents as _texts_of_generated_documents  # noqa: E402


def test_decoration_pretest_never_skips_a_match() -> None:
    """labels._may_be_decorated is False only where no decoration pattern matches: random texts over every
    character the patterns name (and others), decorations of the generated documents' texts."""
    from jixiao.normalize import labels
    from jixiao.normalize import vocabulary as vocab

    sources = "".join(p.pattern for p in (*vocab.DECORATION_PATTERNS, vocab.UNIT_IN_LABEL_PATTERN,
                                          labels._LEADING_QIZHONG, labels._EDGE_PUNCT))
    alphabet = sorted({ch for ch in sources if not ch.isspace()} | set("项目指标完成率分%≥0123456789０٣一十其中"))
    rng = random.Random(6)
    texts = [w for w in _texts_of_generated_documents() if w and not any(ch.isspace() for ch in w)]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(20000)]
    matched = 0
    for text in texts:
        found = labels._ANY_DECORATION.search(text) is not None
        assert labels._may_be_decorated(text) or not found, text
        matched += found
    assert matched > 5000


def test_texts_joined_of_undecorated_pieces_are_undecorated() -> None:
    """labels.joins_undecorated: where it holds of two compact texts, strip_decorations leaves them joined as
    they are (joins_into_label then skips stripping the joined text)."""
    from jixiao.normalize import labels
    from jixiao.normalize.text import compact

    sources = "".join(p.pattern for p in (*labels.vocab.DECORATION_PATTERNS, labels.vocab.UNIT_IN_LABEL_PATTERN,
                                          labels._LEADING_QIZHONG, labels._EDGE_PUNCT))
    alphabet = sorted({ch for ch in sources if not ch.isspace()} | set("项目指标完成率分%≥0123456789一十其中績效國(cái)"))
    rng = random.Random(7)
    pieces = [compact(t) for t in _texts_of_generated_documents()]
    pieces += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(5000)]
    pieces = [p for p in pieces if p]
    undecorated = 0
    for _ in range(40000):
        head, tail = rng.choice(pieces), rng.choice(pieces)
        if labels.joins_undecorated(head, tail):
            assert labels.strip_decorations(head + tail) == head + tail, (head, tail)
            undecorated += 1
    assert 5000 < undecorated < 35000


def _plain_atoms(text: str) -> list:
    """glued.atoms as first written: every character asked of every atom test, a run of words grown a
    character at a time."""
    from jixiao.normalize import glued
    from jixiao.normalize.text import compact

    plain = compact(text)
    out: list = []
    i = 0
    while i < len(plain):
        found = glued.atom_found(plain, i, out[-1] if out else None)
        if found is None:
            if out and out[-1].kind == "text":
                out[-1] = glued.Atom("text", out[-1].text + plain[i])
            else:
                out.append(glued.Atom("text", plain[i]))
            i += 1
            continue
        out.append(found)
        i += len(found.text)
    return glued._doubled(out)


def test_atoms_as_every_character_asked() -> None:
    from jixiao.normalize import glued
    from jixiao.normalize import vocabulary as vocab

    rng = random.Random(8)
    words = [*vocab.MEASURE_WORDS, *vocab.NATURE_WORDS, *vocab.COMPARATOR_SIGNS, "以上", "以内", "底前", "%", "‰",
             "-", "—", "~", "至", "年", "月", "日", "12", "3.5", "1,000", "٣", "项目", "完成率", "显著提升"]
    texts = [t for t in _texts_of_generated_documents() if t]
    texts += ["".join(rng.choice(words) for _ in range(rng.randint(1, 8))) for _ in range(5000)]
    for text in texts:
        assert glued.atoms(text) == _plain_atoms(text), text


def test_a_grid_column_named_as_by_each_grid() -> None:
    from jixiao.normalize import grids
    from jixiao.normalize import vocabulary as vocab

    rng = random.Random(9)
    names = [v for kinds in vocab.GRID_COLUMNS.values() for variants in kinds.values() for v in variants]
    texts = _texts_of_generated_documents() + names
    for name in names:  # names misprinted: a character dropped, changed or added
        for _ in range(3):
            k = rng.randrange(len(name))
            texts += [name[:k] + name[k + 1:], name[:k] + rng.choice("数额率值度表") + name[k + 1:], name + "数"]
    named = 0
    for text in texts:
        want = any(grids.grid_column(text, grid) is not None for grid in vocab.GRID_COLUMNS)
        assert grids.names_a_grid_column(text) == want, text
        named += want
    assert named > len(names)


def test_matchable_key_is_matchables() -> None:
    from jixiao.normalize.chinese import matchable, matchable_key

    texts = _texts_of_generated_documents()
    texts += ["財(cái)政資金", "项目(xiàng)名称", "（必填）績效", "乾隆", "後台", "(a)b", "发(fā)髮"]
    for text in texts:
        assert matchable_key(text) == matchable(text)[0], text


def test_best_shift_as_every_shift_scored() -> None:
    """columns.best_shift stops scoring a shift once it cannot win: the shift is the one scoring every cell
    of every shift finds, on the rows of generated documents read whole, and on those rows moved."""
    import sys
    from dataclasses import replace
    from pathlib import Path

    from jixiao import records_from_text
    from jixiao.normalize import columns

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from notationgen import make_family_notation_case, make_notation_case

    def plain(row: list, cols: object) -> int:
        cells = [c for c in row if not c.is_empty]
        if not cols.has_roles or cols.width <= 0 or not cells:
            return 0
        first, last = min(c.col for c in cells), max(c.col for c in cells)
        roles = {col: columns.role_at(col, cols) for col in range(first - 4, last + 5)}
        scores = {d: sum(columns.fit(roles[c.col + d], c.text) for c in cells)
                  for d in range(-min(first, 4), 5) if last + d < cols.width}
        best, best_score = 0, sum(columns.fit(roles[c.col], c.text) for c in cells) + 1
        for d, score in scores.items():
            if score > best_score:
                best, best_score = d, score
        return best

    asked: list = []
    real = columns.best_shift
    columns.best_shift = lambda row, cols: asked.append((row, cols)) or real(row, cols)
    try:
        for seed in range(3):
            for notation in ("cell_lines", "spaces", "layout", "glued"):
                records_from_text(make_notation_case(seed, notation).text, "shift.txt")
            for kind in ("project_self_eval", "department_self_eval", "transfer_target"):
                records_from_text(make_family_notation_case(seed, kind, "spaces").text, "shift.txt")
    finally:
        columns.best_shift = real
    rng = random.Random(10)
    for row, cols in list(asked):  # rows moved off their columns, cells shuffled among them
        moved = rng.choice((-2, -1, 1, 2))
        shifted = [replace(c, col=c.col + moved) for c in row if c.col + moved >= 0]
        texts = [c.text for c in shifted]
        rng.shuffle(texts)
        asked.append(([replace(c, text=t) for c, t in zip(shifted, texts)], cols))
    assert len(asked) > 300
    shifts = 0
    for row, cols in asked:
        want = plain(row, cols)
        assert columns.best_shift(row, cols) == want
        shifts += want != 0
        assert all(columns.fit(role, c.text) <= columns._BEST_FIT for c in row
                   for role in (None, "level1", "level2", "level3", "section", "target", "unit", "nature", "weight"))
    assert shifts > 20


def test_may_be_cut_says_what_token_kind_says() -> None:
    from jixiao.normalize import token_kinds

    rng = random.Random(11)
    texts = _texts_of_generated_documents()
    texts += ["".join(rng.sample(texts, 3)) for _ in range(2000)]  # glued rows, run-together lines
    texts += ["填报单位（盖章）" + t for t in texts[:200]] + [t + "绩效目标表" for t in texts[:200]]
    for text in texts:
        assert token_kinds._may_be_cut(text) == (token_kinds.token_kind(text) in token_kinds._CUT_KINDS), text
