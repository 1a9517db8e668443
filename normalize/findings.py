"""What a record tells its auditor: warnings with stable codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# code → what it means; the README's table is generated from the same words.
CODES: dict[str, str] = {
    "funds_unit_suspect": "年度资金总额 and the money in the cost indicators differ by a factor of 10,000 (元 vs 万元)",
    "funds_sum_mismatch": "年度资金总额 is not 财政拨款 + 其他资金",
    "cost_sum_mismatch": "the cost indicators, which all state money, do not add up to 年度资金总额",
    "year_mismatch": "a year written in a cell differs from the form's year",
    "year_missing": "the form's year was not found",
    "funds_unparsed": "a funds cell holds something that is not a number",
    "missing_field": "a header field every form has is empty",
    "row_shifted": "cells of these rows sit in the wrong columns; names and values were re-paired in reading order",
    "row_repaired": "this indicator's name and value were printed on different rows and paired by the reader",
    "cell_unplaced": "a printed cell could not be placed in the record; its text is in the message",
    "cell_joined": "a cell split by a page break was joined",
    "score_exceeds_weight": "an indicator's 得分 is above its 分值",
    "score_total_mismatch": "the indicators' 得分 (with the funds 得分) do not add up to 总分",
    "execution_rate_mismatch": "a printed 执行率 differs from 全年执行数 / 全年预算数",
    "target_not_met": "a quantitative 实际完成值 misses its 年度指标值 (the self-evaluation's own, or that of the "
                      "target form it answers), yet full 得分 was given",
    "indicator_dropped": "an indicator of the target form a self-evaluation answers is missing from the "
                         "self-evaluation (the message names it and its 年度指标值)",
    "indicator_added": "a self-evaluation's indicator is not among the indicators of the target form it answers",
    "target_changed": "a self-evaluation quotes another 年度指标值 for an indicator than the target form it answers",
    "funds_mismatch": "amounts that should add up do not (资金总额 vs the rows of its sources)",
    "text_not_rebuilt": "text that prints no table notation held cells the reader could not place in a row "
                        "with certainty: their text is in the message, not in the indicators",
    "label_guessed": "in space-aligned text with cells centred in their rows (pdftotext -layout), a row fits "
                     "under two merged labels alike: the reader put it under one (the message names the label "
                     "and the row)",
    "text_cells_ambiguous": "text printed one cell a line with nothing between rows held cells that another reading "
                            "would place in other columns nearly as well (a row's last cell or the next row's name): "
                            "the reading that fits best was taken and the message names the cells",
    "row_unparted": "a row printed with its cells glued together (no separator) holds a name and a 指标值 in "
                    "words, with nothing to tell where the name ends: read whole as the name, its 指标值 left "
                    "empty (the message names the rows)",
    "form_uncertain": "the title and the printed labels disagree on which form of the family the table is, "
                      "or no title names it: the record says which was taken",
    "duplicate_row": "the same indicator is printed twice",
    "missing_value": "an indicator has no 指标值",
    "missing_name": "a 指标值 has no indicator name",
    "label_fuzzy": "a label matched the taxonomy only fuzzily",
    "label_unmatched": "a label matched nothing in the taxonomy; canonical label left null",
    "label_missing": "an indicator row has no level-1 or level-2 label above it",
    "label_pairing_unusual": "a level-2 label under a level-1 label it does not usually belong to",
    "label_legacy": "a legacy label (投入指标) kept as printed",
    "low_confidence": "OCR confidence of a cell is low",
    "low_resolution": "a page was scanned below 100 dpi: OCR accuracy suffers",
    "red_ink_ignored": "red marks on a scanned page (a seal) were left out before OCR",
    "photo_background": "a photographed page lay on a background: only the sheet was read",
    "uneven_light": "a photographed page was lit unevenly: its light was evened out before OCR",
    "perspective_corrected": "a page photographed at an angle was squared up before OCR (best effort)",
    "value_unparsed": "an OCR-read 指标值 with figures in it does not read as a value: check the digits and signs",
    "glyphs_missing": "pdfium lost glyphs of a font neither embedded nor installed on a page: the page was read "
                      "through pdfminer instead, or its text may be incomplete (the message says which)",
    "ink_unread": "table cells hold ink no text covers (words drawn as images): the page was OCR'd, or their text "
                  "may be missing (the message says which)",
    "page_unreadable": "a page of the source could not be read (no usable text layer): records may be missing",
    "page_over_budget": "a page was too large to read within the scan budget (decoded size, degenerate page box)",
    "page_scaled_down": "a page was read from fewer pixels than 200 dpi gives, to fit the scan budget",
    "page_box_repaired": "a page's box was degenerate: the page was read over the extent its content covers",
    "page_blank": "a page had no ink on it: it was not read",
    "hidden_cells_skipped": "hidden rows, columns or sheets of a workbook were left out; their text is in the message",
    "formula_uncached": "a workbook's formulas have no saved value (its producer never computed them): read as empty",
    "macros_not_run": "the office file holds macros (VBA); they were never run",
    "invisible_chars_removed": "invisible or control characters (zero-width spaces, soft hyphens, byte-order marks, "
                               "NUL …) inside values of a text dump were removed before reading; the message names "
                               "the lines and the code points",
    "undecodable_bytes": "byte sequences of a text dump that do not decode (or lone surrogates in a string) were read "
                         "as U+FFFD: each costs one character; the message names the lines",
}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    field: str
    message: str
    page: int | None = None
    line: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # the cell it is about, on `page` (points)

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown warning code {self.code!r}")

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "field": self.field, "message": self.message}
        if self.page is not None:
            out["page"] = self.page
        if self.line is not None:
            out["line"] = self.line
        if self.bbox is not None and self.page is not None:
            out["bbox"] = [round(v, 1) for v in self.bbox]
        return out
