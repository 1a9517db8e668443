"""Markdown as PDF converters write it (marker, docling, pymupdf4llm styles), from tests/generator.py's forms.

What the converters do to a form, each an option of `MdStyle`:
- a merged cell's text is printed in every column it covers (`项目名称 | X | X | X`), and with
  `repeat_down` in every row it covers too (docling);
- the title and `( 2022 年度)` rows are rows of the table, repeated across all columns, and the
  forms of a document follow each other inside one table (`glued`);
- page breaks are `{N}-----` (marker), `-----` (pymupdf4llm) or OCR'd page numbers (`一5一`), with
  a running header line at the top of each page;
- a cell split by a page break has its tail on the first row after it: a level-3 name or a
  target (the previous row's last filled column), on a row that may reprint the labels in force;
- sign-off rows (`填报单位（盖章）… 联系人… 联系电话…`) right under the table.

The expected records come from the generator's truth (`expected_records`), never from the pipeline.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from generator import (
    N_HEADER,
    Distortions,
    ExpectedRecord,
    FormSpec,
    _BodyRow,
    _cut_name,
    _fragments,
    _labels_in_force,
    _prepare,
    _Printed,
    _Row,
    expected_records,
    random_document,
)

WIDTH = 5  # the grid of the generator's form: 5 columns


@dataclass(frozen=True)
class MdStyle:
    repeat_down: bool = False  # a row-spanning cell printed in every row it covers (docling)
    title_rows: bool = False  # title and year printed as rows of the table, across all columns
    glued: bool = False  # the forms of a document in one markdown table (needs title_rows)
    page_breaks: int = 0  # page breaks per form, inside the indicator block
    marker: str = "blank"  # blank / marker ({N}-----) / rule (-----) / ocr_number (一5一)
    running_header: bool = False  # a running header line at the top of each page after the first
    relabel: bool = False  # the first row after a break reprints the labels in force
    split_name: bool = False  # a level-3 name cut at a break, its tail on the next page
    split_target: bool = False  # a target cut at a break: the tail lands in the previous row's last filled column
    sign_off: str = "none"  # none / row (a row of the table) / line (a line under it)


STYLES: dict[str, MdStyle] = {
    "repeated_cols": MdStyle(),
    "docling": MdStyle(repeat_down=True),
    "year_rows": MdStyle(title_rows=True),
    "year_rows_glued": MdStyle(title_rows=True, glued=True, repeat_down=True),
    "marker_pages": MdStyle(page_breaks=2, marker="marker"),
    "rule_pages": MdStyle(page_breaks=2, marker="rule", running_header=True),
    "ocr_page_numbers": MdStyle(page_breaks=2, marker="ocr_number"),
    "running_headers": MdStyle(page_breaks=2, running_header=True, relabel=True),
    "running_header_one_break": MdStyle(page_breaks=1, marker="rule", running_header=True, split_name=True),
    "split_name_marker": MdStyle(page_breaks=1, marker="marker", split_name=True),
    "split_name_relabel": MdStyle(page_breaks=1, marker="rule", split_name=True, relabel=True),
    "split_target": MdStyle(page_breaks=1, marker="rule", split_target=True),
    "split_target_relabel": MdStyle(page_breaks=1, split_target=True, relabel=True, repeat_down=True),
    "sign_off_row": MdStyle(sign_off="row"),
    "sign_off_line": MdStyle(sign_off="line", page_breaks=1, marker="marker"),
    "combined": MdStyle(repeat_down=True, title_rows=True, page_breaks=2, marker="marker", running_header=True,
                        relabel=True, split_name=True, sign_off="row"),
}

RUNNING_HEADERS = ("{county}财政局{year}年部门预算公开", "{year}年度部门预算", "部门预算绩效目标公开")
SIGN_OFFS = (
    ("填报单位（盖章）：{unit}", "联系人：{person}", "联系电话：{phone}"),
    ("填报单位：{unit}", "填报人：{person}", "联系电话：{phone}"),
    ("单位负责人：{person}", "填表人：{person}", "填报日期：{year}年3月1日"),
    ("制表人：{person}", "经办人：{person}", "报送日期：{year}年3月1日"),
)
PEOPLE = ("张伟", "李娜", "王芳", "刘洋", "陈静")


def _page_marker(rng: random.Random, style: MdStyle, page: int) -> list[str]:
    if style.marker == "marker":
        return ["", f"{{{page - 1}}}" + "-" * 48, ""]
    if style.marker == "rule":
        return ["", "-----", ""]
    if style.marker == "ocr_number":
        return ["", rng.choice(["一{n}一", "一 {n} 一", "-{n}一", "一{n}-"]).format(n=page - 1), ""]
    return [""]


def _md(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("\n", "<br>") for c in cells) + " |"


def _separator(n: int) -> str:
    return "|" + "|".join(["---"] * n) + "|"


def _header_grid(printed: _Printed, style: MdStyle) -> list[list[str]]:
    """The header rows with every merged cell expanded: across its columns, and down when `repeat_down`."""
    grid: list[list[str | None]] = [[None] * WIDTH for _ in range(N_HEADER)]
    for r in range(N_HEADER):
        col = 0
        for text, rowspan, colspan in printed.rows[r].html:
            while grid[r][col] is not None:
                col += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[r + dr][col + dc] = text if dr == 0 or style.repeat_down else ""
            col += colspan
    return [[c or "" for c in row] for row in grid]


def _can_cut(text: str) -> bool:
    """A place to cut that is not between two ASCII alphanumerics (what `_cut_name` needs)."""
    return any(not (a.isascii() and a.isalnum() and b.isascii() and b.isalnum()) for a, b in zip(text, text[1:]))


def _split_target(printed: _Printed, rng: random.Random) -> bool:
    """Cut the target of the body row before the first break (or a random one): its tail after the break."""
    rows = printed.rows
    candidates = [k for k, r in enumerate(rows) if r.body is not None and not r.body.tail and _can_cut(r.body.value)
                  and k + 1 < len(rows) and rows[k + 1].break_before]
    if not candidates:
        return False
    k = rng.choice(candidates)
    row = rows[k].body
    assert row is not None
    head, tail = _cut_name(rng, row.value)
    row.value = head
    rows[k + 1].break_before = False
    rows.insert(k + 1, _Row("body", body=_BodyRow(row.group1, row.group2, "", "", "", tail, tail=True),
                            break_before=True))
    return True


def _body_cells(printed: _Printed, j: int, first_in_fragment: bool, style: MdStyle,
                shown: dict[int, str]) -> list[str]:
    """Body row j: labels where a group starts, the labels in force on a relabelled first row,
    and with `repeat_down` the label shown above in the same fragment on every other row."""
    body = printed.body
    row = body[j]
    level1, level2 = _labels_in_force(printed, j)
    starts = [j == 0, row.level1 != "", row.level2 != ""]
    in_force = [printed.section, level1, level2]
    cells = []
    for level, (start, label) in enumerate(zip(starts, in_force)):
        if level == 0 and not printed.with_section:
            continue
        if first_in_fragment:
            shown[level] = label if (start or style.relabel) else ""
        elif start:
            shown[level] = label
        text = label if start or (first_in_fragment and style.relabel) else ""
        cells.append(text or (shown.get(level, "") if style.repeat_down else ""))
    return cells + [row.name, row.value]


def _sign_off(rng: random.Random, form: FormSpec, style: MdStyle, width: int) -> list[str]:
    template = rng.choice(SIGN_OFFS)
    words = {"unit": form.implementing_unit or form.department or "某单位", "person": rng.choice(PEOPLE),
             "phone": f"0951-{rng.randint(1000000, 9999999)}", "year": form.year}
    parts = [t.format(**words) for t in template]
    if style.sign_off == "line":
        return ["", "  ".join(parts)]
    shapes = (
        [parts[0], parts[0], parts[1], parts[2], parts[2]],  # merged cells repeated
        ["", parts[0], "", parts[1], parts[2]],  # under the indicator columns
        [*parts[0].split("：", 1), parts[1], "", parts[2]],  # label and value in cells of their own
    )
    return [_md(rng.choice(shapes)[:width])]


def _form_lines(form: FormSpec, k: int, rng: random.Random, style: MdStyle, page: list[int],
                running: str, in_table: bool) -> tuple[list[str], bool]:
    """One form's markdown lines; `in_table`: the previous form's table is still open (glued)."""
    opts = Distortions(page_breaks=style.page_breaks, split_cell=style.split_name,
                       title_in_grid="all" if style.title_rows else "none")
    printed, n_splits = _prepare(form, k, rng, opts, "markdown")
    if style.split_target:
        n_splits += _split_target(printed, rng)
    lines: list[str] = [] if in_table else [*printed.lines_before, *([""] if printed.lines_before else [])]
    header = _header_grid(printed, style)
    body_index = {id(r): j for j, r in enumerate(printed.rows[N_HEADER + 1:])}
    for f, fragment in enumerate(_fragments(printed)):
        table: list[list[str]] = []
        if f == 0:
            table += [[t] * WIDTH for t in printed.title_rows]
        else:
            page[0] += 1
            lines += _page_marker(rng, style, page[0])
            if style.running_header:
                lines += [running, ""]
        shown: dict[int, str] = {}
        for n, r in enumerate(fragment):
            row = printed.rows[r]
            if r < N_HEADER:
                table.append(header[r])
            elif row.body is None:
                table.append(list(row.cells))
            else:
                table.append(_body_cells(printed, body_index[id(row)], n == 0, style, shown))
        continuing = f == 0 and in_table
        for i, cells in enumerate(table):
            lines.append(_md(cells))
            if i == 0 and not continuing:
                lines.append(_separator(len(cells)))
    if style.sign_off != "none":
        lines += _sign_off(rng, form, style, len(printed.column_names))
    return lines, n_splits > 0


def render_converter_markdown(forms: list[FormSpec], rng: random.Random, style: MdStyle) -> tuple[str, list[bool]]:
    lines: list[str] = []
    running = rng.choice(RUNNING_HEADERS).format(county="青岭县", year=forms[0].year)
    if style.running_header:  # on every page, the first included
        lines += [running, ""]
    if forms[0].attachment:
        lines += [rng.choice(["", "# ", "## "]) + forms[0].attachment, ""]
    page = [1]
    joined: list[bool] = []
    for k, form in enumerate(forms):
        in_table = style.glued and k > 0 and style.sign_off != "line"
        form_lines, split = _form_lines(form, k, rng, style, page, running, in_table)
        lines += form_lines
        joined.append(split)
        if not style.glued:
            lines.append("")
    return "\n".join(lines) + "\n", joined


@dataclass
class MdCase:
    seed: int
    style: str
    forms: list[FormSpec]
    text: str
    expected: list[ExpectedRecord]


def make_md_case(seed: int, style: str) -> MdCase:
    forms = random_document(random.Random(f"mdforms:{seed}:{style}"), "clean")
    text, joined = render_converter_markdown(forms, random.Random(f"mdprint:{seed}:{style}"), STYLES[style])
    return MdCase(seed, style, forms, text, expected_records(forms, joined))
