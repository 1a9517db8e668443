"""Shortcuts taken for speed say what the plain definitions say (page marks, display widths)."""

from __future__ import annotations

import random
import re
import unicodedata

from jixiao.extract.page_marks import PAGE_MARK_PATTERNS, is_page_mark
from jixiao.extract.widths import display_width

from fastpathkit import texts_of_generated_documents as _texts_of_generated_documents

PIECES = ("-", "—", "一", "_", "~", " ", "\t", "5", "12", "第", "页", "共", "/", "{4}", "---", "***", "* * *",
          "page", "Page", "PAGE", "of", "年", "x", "，", "\n", "贡", "５", "٣", "－", "～", "{")


def test_page_mark_alternation_matches_where_one_pattern_does() -> None:
    rng = random.Random(0)
    marks = 0
    for _ in range(20000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))
        expected = any(p.match(text.strip()) for p in PAGE_MARK_PATTERNS)
        assert is_page_mark(text) == expected, repr(text)
        marks += expected
    assert marks > 500


def test_display_width_of_ascii_and_wide_text() -> None:
    for text in ("", "   ", "\t\t x", "ab\tc", "项目 名称", "\u3000１２", "a\x01b"):
        wide = sum(8 if ch == "\t" else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
        assert display_width(text) == wide, repr(text)


def _plain_best_variant(query: str, variants: dict[str, str], accept: float) -> tuple[str | None, float]:
    """labels.best_variant as first written: every variant scored, no cache, no length filter."""
    from rapidfuzz import fuzz, process

    from jixiao.normalize import vocabulary as vocab

    if not query or len(query) > vocab.LABEL_LIKE_MAX_CHARS:
        return None, 0.0
    if query in variants:
        return variants[query], 100.0
    found = process.extractOne(query, variants.keys(), scorer=fuzz.ratio, score_cutoff=accept)
    return (None, 0.0) if found is None else (variants[found[0]], float(found[1]))


def test_best_variant_matches_every_variant_scored() -> None:
    from jixiao.normalize import grids, labels, trailers

    tables = [labels._LEVEL1_VARIANTS, labels._LEVEL2_VARIANTS, labels._FIELD_VARIANTS, labels._COLUMN_VARIANTS,
              trailers._VARIANTS, *grids._COLUMN_VARIANTS.values()]
    rng = random.Random(1)
    letters = sorted({ch for table in tables for v in table for ch in v}) + list("的了和与及x1")
    fuzzy = 0
    for _ in range(6000):
        table = rng.choice(tables)
        base = list(rng.choice(list(table)))
        for _ in range(rng.randint(0, 3)):  # a few characters changed, dropped or added
            at = rng.randrange(len(base) + 1)
            what = rng.random()
            if what < 0.4 and at < len(base):
                base[at] = rng.choice(letters)
            elif what < 0.7 and at < len(base):
                del base[at]
            else:
                base.insert(at, rng.choice(letters))
        query = "".join(base) if rng.random() < 0.9 else "".join(rng.choice(letters) for _ in range(rng.randint(1, 16)))
        for accept in (85.0, 90.0):
            want = _plain_best_variant(query, table, accept)
            assert labels.best_variant(query, table, accept) == want, (query, accept)
            fuzzy += want[0] is not None and want[1] < 100
    assert fuzzy > 500


def test_cached_splits_are_fresh_lists() -> None:
    from jixiao.extract.free_tokens import _split_line
    from jixiao.normalize.anchors import split_value
    from jixiao.normalize.targets import money_amounts
    from jixiao.normalize.token_kinds import segment

    for split, text in ((segment, "项目名称农村道路养护"), (split_value, "受益人口3908人"), (_split_line, "a  b  c"),
                        (money_amounts, "成本100万元，运维20万元")):
        first = split(text)
        first.append("changed")
        assert split(text) == first[:-1] and len(first) > 2


def _plain_token_kind(text: str) -> str:
    """token_kinds.token_kind as first written: every label matcher asked in turn."""
    from jixiao.normalize import token_kinds as tk
    from jixiao.normalize import vocabulary as vocab
    from jixiao.normalize.chinese import label_key
    from jixiao.normalize.grids import grid_column
    from jixiao.normalize.labels import is_section_label, match_column, match_field, match_level1, match_level2
    from jixiao.normalize.layout import is_sign_off, is_title_or_year
    from jixiao.normalize.targets import parse_target
    from jixiao.normalize.text import clean_cell_text, compact
    from jixiao.normalize.trailers import trailer_kind

    plain = compact(text)
    role = match_column(text) if plain else None
    checks = (
        (not plain, "empty"), (is_section_label(text), "section"), (trailer_kind(text) is not None, "trailer"),
        (is_sign_off(text), "sign_off"), (role == "section" and plain not in vocab.AMBIGUOUS_SECTION_NAMES, "section"),
        (role in ("level1", "level2", "level3", "target"), "core_column"),
        (role in vocab.INDICATOR_FIELD_ROLES, "column"),
        (any(grid_column(text, grid) for grid in vocab.GRID_COLUMNS), "grid_column"),
        (match_field(text) is not None, "field"), (match_level1(text).canonical is not None, "level1"),
        (match_level2(text).canonical is not None, "level2"), (is_title_or_year(text), "title"),
        (tk._NUMBER.match(plain) is not None, "number"),
        (parse_target(clean_cell_text(label_key(text))).kind in tk._VALUE_KINDS, "value"),
    )
    return next((kind for holds, kind in checks if holds), "text")


def test_token_kind_says_what_every_matcher_says() -> None:
    from jixiao.normalize import vocabulary as vocab
    from jixiao.normalize.token_kinds import token_kind

    rng = random.Random(2)
    words = [v for f in vocab.HEADER_FIELDS for v in f.variants] + \
        [v for table in (vocab.LEVEL1, vocab.LEVEL2, vocab.COLUMN_ROLES, vocab.TRAILER_LABELS)
         for variants in table.values() for v in variants]
    texts = _texts_of_generated_documents()
    for _ in range(4000):  # labels misprinted, decorated, run into words, authorities, values
        word = list(rng.choice(words))
        for _ in range(rng.randint(0, 2)):
            word[rng.randrange(len(word))] = rng.choice("的了和项目年度资金值指标农村")
        texts.append("".join(word) + rng.choice(("", "值", "（万元）", "(必填)", "：", "情况", "12个月", " 2023年")))
    texts += [f"{head}{mid}主管部门" for head in ("中央", "省", "市县", "自治区") for mid in ("", "水利", "农业农村")]
    kinds = {}
    for text in texts:
        kinds[text] = token_kind(text)
        assert kinds[text] == _plain_token_kind(text), text
    seen = set(kinds.values())
    assert {"field", "level1", "level2", "core_column", "grid_column", "trailer", "text", "value", "number"} <= seen


def _plain_joins_into_label(first: str, second: str) -> bool:
    """anchors.joins_into_label as first written: every kind asked before the cheap tests."""
    from jixiao.normalize import anchors
    from jixiao.normalize import vocabulary as vocab
    from jixiao.normalize.labels import match_field
    from jixiao.normalize.text import compact
    from jixiao.normalize.token_kinds import token_kind

    label_kinds = ("field", "level1", "level2", "core_column", "grid_column", "section")
    if token_kind(second) == "number":
        return False
    if anchors._is_nature(second):
        return False
    if anchors.exact_level(compact(first) + compact(second)) and not anchors.exact_level(first) \
            and anchors.strip_decorations(first):
        return True
    if token_kind(first) in label_kinds:
        joined_kind = token_kind(compact(first) + compact(second))
        return token_kind(second) not in label_kinds and len(compact(second)) <= vocab.LABEL_TAIL_MAX_CHARS \
            and joined_kind == token_kind(first)
    if token_kind(second) in label_kinds:
        joined = match_field(compact(first) + compact(second))
        return token_kind(first) == "text" and joined is not None and joined != match_field(second) \
            and len(compact(first)) <= vocab.LABEL_HEAD_MAX_CHARS
    return token_kind(compact(first) + compact(second)) in label_kinds


def test_joins_into_label_says_what_every_kind_says() -> None:
    from jixiao.normalize import anchors
    from jixiao.normalize import vocabulary as vocab
    from jixiao.normalize.anchors import joins_into_label

    rng = random.Random(3)
    texts = _texts_of_generated_documents()
    pairs = list(zip(texts, texts[1:]))
    words = [v for f in vocab.HEADER_FIELDS for v in f.variants] + \
        [v for table in (vocab.LEVEL1, vocab.LEVEL2, vocab.COLUMN_ROLES) for variants in table.values() for v in variants]
    for word in words:  # labels broken over two lines, at every place
        pairs += [(word[:k], word[k:]) for k in range(1, len(word))]
    pairs += [("中央", "主管部门"), ("省级", "财政部门"), ("社会效益", "指标"), ("项目完成", "指标")]
    pairs += [(rng.choice(texts), rng.choice(words)) for _ in range(3000)]
    pairs += [(rng.choice(texts), rng.choice(texts)) for _ in range(3000)]
    assert re._parser.parse(vocab.AUTHORITY_PATTERN.pattern).getwidth()[1] <= anchors.LONGEST_LABEL
    joined = 0
    for first, second in pairs:
        want = _plain_joins_into_label(first, second)
        assert joins_into_label(first, second) == want, (first, second)
        joined += want
    assert joined > 100


def test_is_label_kind_says_what_token_kind_says() -> None:
    from jixiao.normalize.token_kinds import is_label_kind, token_kind

    kinds_asked = [frozenset({"core_column"}), frozenset({"field", "level1", "level2", "core_column", "grid_column",
                                                          "section"}), frozenset({"field"}), frozenset({"text", "field"})]
    texts = _texts_of_generated_documents() + ["中央主管部门", "省财政部门", "单位负责人", "", " "]
    for text in texts:
        for kinds in kinds_asked:
            assert is_label_kind(text, kinds) == (token_kind(text) in kinds), (text, kinds)


def test_pipe_tables_told_apart_with_the_cheaper_test() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generator import make_case
    from mdgen import STYLES, make_md_case
    from notationgen import make_notation_case

    from jixiao.extract.free_pipes import lines_not_rows
    from jixiao.extract.model import PageTable
    from jixiao.extract.text_dump import read_text_dump_text
    from jixiao.normalize.anchors import text_anchors

    anchors = text_anchors()
    texts = [make_case(seed, notation, distortion).text for seed in range(2) for notation in ("markdown", "html")
             for distortion in ("clean", "ocr_spacing", "page_breaks")]
    texts += [make_md_case(seed, style).text for seed in range(2) for style in STYLES]
    texts += [make_notation_case(seed, "pipe_after", variant).text for seed in range(3) for variant in ("row", "cell")]
    fused = ("| 项目名称 | 农田水利设施维护 |\n| 绩效指标 | 年度指标值 | 实际完成值 | 一级指标 | 二级指标 | 产出指标 |\n"
             "| 数量指标 | 维护渠道长度 | 12公里 | 12公里 |\n")
    texts += [fused, fused.replace("产出指标", "≥95%"), fused.replace("年度指标值", "说明"), fused.replace("产出指标", "备注")]
    tables = [b for text in texts for b in read_text_dump_text(text, "t.txt", "0" * 64).blocks if isinstance(b, PageTable)]
    told = [lines_not_rows(t, anchors.kind, anchors.kind_in) for t in tables]
    assert told == [lines_not_rows(t, anchors.kind) for t in tables]
    assert len(tables) > 50 and any(told)


def _plain_align(tokens: list, roles: list, anchors) -> list:  # noqa: ANN001
    """free_rows._align as first written: every earlier column scanned for every token and column."""
    from jixiao.extract import free_rows as fr

    n, m = len(roles), len(tokens)
    neg = float("-inf")
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    back = [[(0, False)] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for i in range(1, m + 1):
        token = tokens[i - 1]
        for c in range(1, n + 1):
            score = anchors.fit(roles[c - 1], token.text) if token.kind != "empty" else fr._empty_fit(roles[c - 1])
            if token.col == c - 1 and roles[c - 1] not in fr._LABEL_ROLES:  # under its column's name (layout)
                score += fr._UNDER_ITS_NAME
            for p in range(c):
                if best[i - 1][p] == neg:
                    continue
                value = best[i - 1][p] + score - fr._SKIP_PENALTY * (c - p - 1) + fr._after_nature(roles, p, c)
                if value > best[i][c]:
                    best[i][c], back[i][c] = value, (p, False)
            joinable = i > 1 and token.kind == "text" and tokens[i - 2].kind == "text"
            if joinable and best[i - 1][c] > neg and best[i - 1][c] - fr._JOIN_PENALTY > best[i][c]:
                best[i][c], back[i][c] = best[i - 1][c] - fr._JOIN_PENALTY, (c, True)
    end = max(range(n + 1), key=lambda c: best[m][c])
    if best[m][end] == neg:
        return list(enumerate(tokens))
    placed = []
    i, c = m, end
    while i > 0:
        p, _ = back[i][c]
        placed.append((c - 1, tokens[i - 1]))
        i, c = i - 1, p
    placed.reverse()
    return fr._joined_cells(placed)


def test_align_places_tokens_as_the_plain_scan_does(monkeypatch) -> None:  # noqa: ANN001
    import sys
    from dataclasses import replace
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from familygen import KINDS
    from notationgen import NOTATIONS, make_family_notation_case, make_notation_case

    from source_modules import source_module

    from jixiao import pipeline, records_from_text
    from jixiao.extract import free_rows as fr

    asked: list[tuple] = []
    aligned = fr._align  # the one the reader runs (compiled, where the build compiled it)

    def recording(tokens, roles, anchors):  # noqa: ANN001, ANN202
        asked.append((list(tokens), list(roles), anchors))
        return aligned(tokens, roles, anchors)

    # the reader's modules from their sources down to _align, patched as a compiled module's functions cannot be
    rows_source, text_source = source_module("jixiao.extract.free_rows"), source_module("jixiao.extract.free_text")
    monkeypatch.setattr(rows_source, "_align", recording)
    monkeypatch.setattr(text_source, "body_rows", rows_source.body_rows)
    monkeypatch.setattr(pipeline, "rebuild_free_tables", text_source.rebuild_free_tables)
    texts = [make_notation_case(seed, notation).text for seed in range(3) for notation in NOTATIONS]
    texts += [make_family_notation_case(seed, kind, "cell_lines").text for seed in range(2) for kind in KINDS[:4]]
    for text in texts:
        try:
            records_from_text(text, "align.txt")
        except Exception:  # noqa: BLE001, S110 - only the alignments asked for matter here
            pass
    rng = random.Random(4)
    kinds = ("text", "value", "number", "empty", "level1", "level2")
    for tokens, roles, anchors in list(asked):  # and the same rows with tokens shuffled, dropped, retyped
        shuffled = [replace(t, kind=rng.choice(kinds)) if rng.random() < 0.3 else t for t in tokens]
        rng.shuffle(shuffled)
        asked.append((shuffled[: rng.randint(1, len(shuffled))], roles, anchors))
    assert len(asked) > 1000
    for tokens, roles, anchors in asked:
        assert aligned(tokens, roles, anchors) == _plain_align(tokens, roles, anchors), (tokens, roles)


def test_strip_decorations_as_every_pattern_does() -> None:
    from jixiao.normalize import labels
    from jixiao.normalize import vocabulary as vocab
    from jixiao.normalize.chinese import label_key
    from jixiao.normalize.text import compact

    def plain(text: str) -> str:
        label = compact(label_key(text))
        for pattern in vocab.DECORATION_PATTERNS:
            label = pattern.sub("", label)
        label = vocab.UNIT_IN_LABEL_PATTERN.sub("", compact(label))
        return labels._EDGE_PUNCT.sub("", labels._LEADING_QIZHONG.sub("", label))

    rng = random.Random(5)
    texts = _texts_of_generated_documents()
    decorations = ("（必填）", "(50分)", "一、", "1.", "10分", "*", "其中：", "：", "—", "（万元）", "(必填", "选填）", "【注】")
    for _ in range(3000):
        word = rng.choice(texts)[:12]
        texts.append(rng.choice(("", *decorations)) + word + rng.choice(("", *decorations)))
    changed = 0
    for text in texts:
        assert labels.strip_decorations(text) == plain(text), text
        changed += plain(text) != compact(label_key(text))
    assert changed > 1000


def test_strip_markup_of_lines_with_and_without_markup() -> None:
    import html

    from jixiao.extract import text_dump

    def plain(line: str) -> str:
        text = html.unescape(text_dump._TAG.sub("", text_dump._HEADING.sub("", line))).strip()
        return text_dump._EMPHASIS.sub("", text).strip()

    rng = random.Random(6)
    pieces = ("#", "## ", "<b>", "</td>", "&amp;", "&#x4e00;", "**", "__", "_", "*", " ", "\t", "项目", "a", "1", "|")
    lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(20000)]
    assert all(text_dump._strip_markup(line) == plain(line) for line in lines)


def test_exact_level_says_what_the_label_matchers_say() -> None:
    from jixiao.normalize import vocabulary as vocab
    from jixiao.normalize.labels import is_exact_level, match_level1, match_level2

    rng = random.Random(3)
    words = [v for table in (vocab.LEVEL1, vocab.LEVEL2, vocab.COLUMN_ROLES) for variants in table.values()
             for v in variants]
    texts = _texts_of_generated_documents()
    exact = 0
    for _ in range(6000):  # labels as printed, misprinted, in their 值-style form, decorated, run into words
        word = list(rng.choice(words))
        for _ in range(rng.choice((0, 0, 1, 2))):
            word[rng.randrange(len(word))] = rng.choice("的了和项目值指标效益产出（）(分)")
        text = "".join(word) + rng.choice(("", "", "值", "（30分）", "指标", " "))
        for query in (text, rng.choice(texts), rng.choice(texts) + "".join(word)):
            want = match_level1(query).exact or match_level2(query).exact
            assert is_exact_level(query) == want, query
            exact += want
    assert exact > 1000


def test_cell_per_line_says_what_the_plain_count_says() -> None:
    from jixiao.extract.free_pipes import cell_per_line
    from jixiao.extract.model import Cell, PageTable

    rng = random.Random(4)
    told = 0
    for _ in range(3000):
        rows = [[Cell(rng.choice(("", " ", "x", "项目")) if rng.random() < 0.6 else "", r, c)
                 for c in range(rng.randint(0, 4))] for r in range(rng.randint(0, 5))]
        filled = [[c for c in row if not c.is_empty] for row in rows]
        want = not any(filled) or (len(filled) >= 3 and all(len(row) <= 1 for row in filled))
        assert cell_per_line(PageTable(rows=rows, page=1)) == want
        told += want
    assert told > 300


def test_the_look_for_work_to_clean_says_what_the_one_class_says() -> None:
    import re

    from jixiao.extract import clean_text

    one_class = re.compile(f"[{clean_text._INVISIBLE_CLASS}\r\x85\u2028\u2029\ud800-\udfff]")
    pieces = ("a", "项", "\t", "\n", "\f", "\r", "\x85", "\u2028", "\u200b", "\ufeff", "\U000110bd", "\U0001d173",
              "\U000e0041", "\U0001f600", "\U00020000", "\ud800", "\udc00", "\x00", "\x7f", "\xad", " ", "\u3000")
    rng = random.Random(5)
    found = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
        want = one_class.search(text) is not None
        assert clean_text._anything_to_do(text) == want, repr(text)
        found += want
    assert 2000 < found < 18000


def test_wide_gap_parts_lines_where_its_plain_spelling_does() -> None:
    import re

    from jixiao.extract.widths import WIDE_GAP

    plain = re.compile(r"(?<=\S) {2,}(?=\S)|\u3000+")
    rng = random.Random(1)
    pieces = ("项目", "名称", " ", "  ", "   ", "\u3000", "a", "1", "\t", "—", "x y")
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert [m.span() for m in WIDE_GAP.finditer(text)] == [m.span() for m in plain.finditer(text)], repr(text)


def test_rows_add_makes_the_cells_the_plain_definition_does() -> None:
    from jixiao.extract.free_model import Token
    from jixiao.extract.free_rows import Rows
    from jixiao.extract.model import Cell

    rng = random.Random(2)
    for _ in range(3000):
        placed = [(rng.randint(0, 6), Token(rng.choice(("a", "b", "")), "text", rng.randint(1, 2), rng.randint(1, 9)))
                  for _ in range(rng.randint(0, 5))]
        if rng.random() < 0.7:
            placed.sort(key=lambda pair: pair[0])
        rows = Rows(rows=[[]] * rng.randint(0, 2))
        rows.add(placed)
        r = len(rows.rows) - 1
        at = {col: t for col, t in placed}
        page, line = (placed[0][1].page, placed[0][1].line) if placed else (1, None)
        assert rows.rows[-1] == [Cell(at[col].text, r, col, at[col].page, line=at[col].line) if col in at
                                 else Cell("", r, col, page, line=line) for col in range(max(at, default=-1) + 1)]
