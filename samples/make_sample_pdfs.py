#!/usr/bin/env python3
"""Build born-digital sample PDFs of the Pingluo 城关镇 2022 performance target tables.

Prints the twelve forms of tests/expected/pingluo-chengguan-2022-targets.json into
pingluo-xlsx.xlsx/.pdf and pingluo-docx.docx/.pdf (via LibreOffice) and writes
expected.json: what was printed and on which pages.  See samples/pdf/README.md.

Usage: python samples/make_sample_pdfs.py [--outdir samples/pdf]   (needs soffice)
"""
from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from itertools import groupby
from pathlib import Path

import pdfplumber
import pypdfium2
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "expected" / "pingluo-chengguan-2022-targets.json"
FONT = "WenQuanYi Zen Hei"
HEADING = "附件 2：平罗县城关镇人民政府项目支出预算绩效目标表"
COLUMNS = ["名称", "一级指标", "二级指标", "三级指标", "指标值"]
FIRST_INDICATOR = 8  # grid row of the first indicator (after the header block and COLUMNS)

# Table 1 (index 0) as the original printed it (the text dump shifted its rows)
TABLE1 = """\
产出指标|数量指标 (必填硬性指标)|配备监控设备|18
产出指标|数量指标 (必填硬性指标)|配备保安|40
产出指标|数量指标 (必填硬性指标)|管理老旧小区数量|18
产出指标|质量指标 (必填)|老旧小区管理安全率|≥95%
产出指标|质量指标 (必填)|对所配备监控设备维护完整率|≥95%
产出指标|质量指标 (必填)|对所派驻保安员岗前培训合格率|≥95%
产出指标|时效指标（必填）|上岗后购买意外伤害保险和缴纳工伤保险|入职手续办理后缴纳
产出指标|时效指标（必填）|配发统一保安服装及相应装备|入职手续办理后配发
产出指标|时效指标（必填）|保安培训后上岗时间|合格后即可上岗
产出指标|成本指标（必填硬性指标）|水暖电|水电费各1万元
产出指标|成本指标（必填硬性指标）|聘请保安40名|经费100万元，每人每年2.5万元
产出指标|成本指标（必填硬性指标）|设备维护设施维修|经费5万元
效益指标|社会效益指标（必填）|受益人数|8698人
效益指标|社会效益指标（必填）|老旧小区覆盖面|≥95%
效益指标|社会效益指标（必填）|小区环境建设、安全度|持续提高
满意度指标|服务对象满意度指标（必填）|受益居民抽样满意度|≥95%
满意度指标|服务对象满意度指标（必填）|镇政府对小区管理的满意度|≥95%
"""
TEXT_FIXES = {4: {"全年不发生较大影响的恶性案 (事)件": "全年不发生较大影响的恶性案(事)件"}}

XLSX_WIDTHS = [9, 9.8, 12, 20.5, 15]  # character units, columns A-E
XLSX_PT_PER_UNIT = 7.6                # what one unit measures in LibreOffice (Calibri -> DejaVu)
XLSX_BREAKS = [(3, 0), (9, 1)]        # (table index, manual page break after indicator row k)
DOCX_WIDTHS_CM = [2.2, 2.4, 3.4, 5.4, 3.6]
DOCX_REPEAT_HEADER = {4, 10}          # tables whose 名称… row repeats on continuation pages
NOTES = [  # copied into expected.json; samples/pdf/README.md explains more
    "Texts as in the reference records; table 1 in its clean layout; table 5 '恶性案(事)件' joined.",
    "Pages are 1-based; a split at before_indicator_row k: the form continues on `page` "
    "from indicator row k (k = 0: the break falls in the header block).",
    "xlsx: Calc draws a merged label on every page its range touches, at its place in the "
    "whole range, clipped to the table: page.chars also hold the clipped (invisible_words) parts.",
    "docx: Writer prints a vertically merged label only in its first-page part.",
    "docx repeat_header_tables: the indicator block is a second Word table, after a 1 pt "
    "paragraph, headed by the repeating 名称… row (only top rows of a table can repeat).",
]


# ---------------------------------------------------------------- content
def _num(v) -> str:
    return "" if v is None else str(int(v)) if float(v).is_integer() else str(v)


def load_forms() -> list[dict]:
    forms = []
    for i, rec in enumerate(json.loads(RECORDS.read_text(encoding="utf-8"))):
        p, f = rec["project"], rec["funds"]
        rows = [(x["source"]["level1_raw"], x["source"]["level2_raw"], x["level3"], x["target"])
                for x in rec["indicators"]]
        if i == 0:
            rows = [tuple(line.split("|")) for line in TABLE1.splitlines()]
        fix = TEXT_FIXES.get(i, {})
        forms.append({
            "index": i, "title": rec["title"], "year": f"( {rec['year']} 年度)",
            "project": {k: p[k] or "" for k in
                        ("name", "department", "implementing_unit", "attribute", "period")},
            "funds": {"label": f"项目资金 ({f['unit']})",
                      "total_label": "年度资金总额:", "total": _num(f["total"]),
                      "fiscal_label": "其中: 财政拨款", "fiscal": _num(f["fiscal"]),
                      "other_label": "其他资金", "other": _num(f["other"])},
            "goal": rec["overall_goal"],
            "indicators": [{"level1_raw": a, "level2_raw": b, "level3": fix.get(c, c),
                            "target": fix.get(d, d)} for a, b, c, d in rows],
        })
    return forms


def _runs(keys: list) -> list[tuple[int, int]]:
    """(start, length) of the runs of equal consecutive keys."""
    out, start = [], 0
    for _, group in groupby(keys):
        out.append((start, len(list(group))))
        start += out[-1][1]
    return out


def form_grid(form: dict) -> list[tuple]:
    """The bordered 5-column table as cells (row, col, text, rowspan, colspan, kind)."""
    p, f, ind = form["project"], form["funds"], form["indicators"]
    L, V = "label", "value"
    cells = [(0, 0, "项目名称", 1, 1, L), (0, 1, p["name"], 1, 4, V),
             (1, 0, "主管部门及代码", 1, 1, L), (1, 1, p["department"], 1, 1, V),
             (1, 2, "实施单位", 1, 1, L), (1, 3, p["implementing_unit"], 1, 2, V),
             (2, 0, "项目属性", 1, 1, L), (2, 1, p["attribute"], 1, 1, V),
             (2, 2, "项目期", 1, 1, L), (2, 3, p["period"], 1, 2, V),
             (3, 0, f["label"], 3, 1, L)]
    for r, key in ((3, "total"), (4, "fiscal"), (5, "other")):
        cells += [(r, 1, f[key + "_label"], 1, 1, L), (r, 2, f[key], 1, 3, V)]
    cells += [(6, 0, "年度总体目标", 1, 1, L), (6, 1, form["goal"], 1, 4, "text")]
    cells += [(7, c, name, 1, 1, L) for c, name in enumerate(COLUMNS)]
    r0 = FIRST_INDICATOR
    cells.append((r0, 0, "绩效指标", len(ind), 1, L))
    for s, n in _runs([x["level1_raw"] for x in ind]):
        cells.append((r0 + s, 1, ind[s]["level1_raw"], n, 1, L))
    for s, n in _runs([(x["level1_raw"], x["level2_raw"]) for x in ind]):
        cells.append((r0 + s, 2, ind[s]["level2_raw"], n, 1, L))
    for k, x in enumerate(ind):
        cells += [(r0 + k, 3, x["level3"], 1, 1, "text"), (r0 + k, 4, x["target"], 1, 1, V)]
    return cells


# ---------------------------------------------------------------- xlsx
def _row_heights(cells: list[tuple], nrows: int, line_pt=14.0, pad_pt=5.0) -> list[float]:
    """Row heights (pt) so wrapped texts fit; merged cells stretch their rows evenly."""
    def text_pt(text, size=10.0):
        return sum(size if unicodedata.east_asian_width(ch) in "WFA" else size * 0.55
                   for ch in text)
    heights = [20.0] * nrows
    for single in (True, False):
        for r, c, text, rs, cs, _ in cells:
            if (rs == 1) == single:
                width = sum(XLSX_WIDTHS[c:c + cs]) * XLSX_PT_PER_UNIT - 8
                need = math.ceil(text_pt(text) / width) * line_pt + pad_pt
                have = sum(heights[r:r + rs])
                for i in range(r, r + rs):
                    heights[i] += max(0.0, need - have) / rs
    return heights


def write_xlsx_form(ws, form: dict, top: int) -> int:
    """Write one form with its two title rows at sheet row `top`; return its last sheet row."""
    side = Side(style="thin")
    border = Border(left=side, right=side, top=side, bottom=side)
    for r, text, size in ((top, form["title"], 16), (top + 1, form["year"], 11)):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
        cell = ws.cell(r, 1, text)
        cell.font = Font(name=FONT, size=size, bold=(size == 16))
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[r].height = 28 if size == 16 else 20
    t, cells = top + 2, form_grid(form)
    for r, c, text, rs, cs, kind in cells:
        if rs > 1 or cs > 1:
            ws.merge_cells(start_row=t + r, start_column=c + 1,
                           end_row=t + r + rs - 1, end_column=c + cs)
        ws.cell(t + r, c + 1, text or None)
        align = Alignment(horizontal="left" if kind == "text" else "center",
                          vertical="center", wrap_text=True)
        for rr in range(t + r, t + r + rs):       # every cell of a merge gets the borders
            for cc in range(c + 1, c + cs + 1):
                cell = ws.cell(rr, cc)
                cell.border, cell.alignment, cell.font = border, align, Font(name=FONT, size=10)
    nrows = FIRST_INDICATOR + len(form["indicators"])
    for i, h in enumerate(_row_heights(cells, nrows)):
        ws.row_dimensions[t + i].height = round(h, 1)
    return t + nrows - 1


def write_xlsx(forms: list[dict], path: Path) -> list[dict]:
    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标表"
    for col, w in zip("ABCDE", XLSX_WIDTHS):
        ws.column_dimensions[col].width = w
    ws.cell(1, 1, HEADING).font = Font(name=FONT, size=12, bold=True)
    ws.row_dimensions[1].height = 24
    top, last, breaks = 3, 1, []
    for form in forms:
        last = write_xlsx_form(ws, form, top)
        for idx, k in XLSX_BREAKS:
            if idx == form["index"]:
                sheet_row = top + 2 + FIRST_INDICATOR + k  # last sheet row before the break
                ws.row_breaks.append(Break(id=sheet_row))
                breaks.append({"table": idx, "after_indicator_row": k, "sheet_row": sheet_row})
        top = last + 3
    ws.print_area = f"A1:E{last}"
    ws.print_title_rows = None
    ws.page_setup.paperSize, ws.page_setup.orientation = ws.PAPERSIZE_A4, "portrait"
    ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.7, bottom=0.7, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页"
    wb.save(path)
    return breaks


# ---------------------------------------------------------------- docx
def _docx_par(par, text: str, size: float, bold=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    """Fill paragraph `par` (of the body or of a cell) with one run of text."""
    par.alignment = align
    if text:
        run = par.add_run(text)
        run.font.size, run.font.bold = Pt(size), bold
    return par


def docx_table(doc, cells: list[tuple], r0: int, r1: int, header_row: int | None = None):
    """Add a Word table holding grid rows r0..r1-1; header_row repeats on continuation pages."""
    table = doc.add_table(rows=r1 - r0, cols=5)
    table.style, table.alignment, table.autofit = "Table Grid", WD_TABLE_ALIGNMENT.CENTER, False
    for c, w in enumerate(DOCX_WIDTHS_CM):
        table.columns[c].width = Cm(w)
        for cell in table.columns[c].cells:
            cell.width = Cm(w)
    for r, c, text, rs, cs, kind in cells:
        if r0 <= r < r1:
            cell = table.cell(r - r0, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(table.cell(r - r0 + rs - 1, c + cs - 1))
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            align = WD_ALIGN_PARAGRAPH.LEFT if kind == "text" else WD_ALIGN_PARAGRAPH.CENTER
            _docx_par(cell.paragraphs[0], text, 10, align=align)
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if header_row is not None and i == header_row - r0:
            tr_pr.append(OxmlElement("w:tblHeader"))


def write_docx(forms: list[dict], path: Path) -> None:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin = sec.bottom_margin = Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    _docx_par(doc.add_paragraph(), HEADING, 12, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for form in forms:
        title = _docx_par(doc.add_paragraph(), form["title"], 16, bold=True)
        title.paragraph_format.space_before = Pt(12)
        title.paragraph_format.keep_with_next = True
        _docx_par(doc.add_paragraph(), form["year"], 11).paragraph_format.keep_with_next = True
        cells, n = form_grid(form), FIRST_INDICATOR + len(form["indicators"])
        if form["index"] in DOCX_REPEAT_HEADER:
            docx_table(doc, cells, 0, FIRST_INDICATOR - 1)
            _docx_par(doc.add_paragraph(), "", 1).paragraph_format.line_spacing = Pt(1)
            docx_table(doc, cells, FIRST_INDICATOR - 1, n, header_row=FIRST_INDICATOR - 1)
        else:
            docx_table(doc, cells, 0, n)
    doc.save(path)


# ---------------------------------------------------------------- build + read back
def normalize_zip(path: Path) -> None:
    """Fixed zip timestamps and document dates, so the office files are reproducible."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                              rb"\g<1>2022-01-01T00:00:00Z", data)
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)


def find_soffice() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    fonts = subprocess.run(["fc-list", FONT], capture_output=True, text=True).stdout \
        if shutil.which("fc-list") else ""
    if not soffice or not fonts:
        sys.exit(f"error: {'soffice' if not soffice else 'font ' + FONT} not found - install "
                 "LibreOffice and the font (Debian: apt-get install libreoffice-calc-nogui "
                 "libreoffice-writer-nogui fonts-wqy-zenhei)")
    return soffice


def convert(soffice: str, files: list[Path], outdir: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    for f in files:
        if not f.with_suffix(".pdf").exists():
            sys.exit(f"error: LibreOffice did not write {f.with_suffix('.pdf')}")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _split(form: dict, k: int, page: int) -> dict:
    """The form continues on `page` from indicator row k (k = 0: break in the header block)."""
    ind = form["indicators"]
    same = lambda *keys: k > 0 and all(ind[k - 1][x] == ind[k][x] for x in keys)  # noqa: E731
    return {"before_indicator_row": k, "page": page, "inside_level1_run": same("level1_raw"),
            "inside_level2_run": same("level1_raw", "level2_raw")}


def locate(pdf_path: Path, forms: list[dict]) -> tuple[list[int], list[dict]]:
    """Column-name rows per page, and the pages of each form's name and indicator rows."""
    with pdfplumber.open(pdf_path) as pdf:
        texts = [_squash(p.extract_text()) for p in pdf.pages]
    cursor = [0, 0]  # page, offset: texts are searched in reading order

    def find(needle: str) -> int:
        needle, (page, off) = _squash(needle)[:8], cursor
        while page < len(texts):
            at = texts[page].find(needle, off)
            if at >= 0:
                cursor[:] = [page, at + len(needle)]
                return page + 1
            page, off = page + 1, 0
        sys.exit(f"error: {needle!r} not found in {pdf_path.name}")

    out = []
    for form in forms:
        name_page = find(form["project"]["name"])
        rows = [find(x["level3"]) for x in form["indicators"]]
        splits = [_split(form, k, p) for k, p in enumerate(rows)
                  if p != (rows[k - 1] if k else name_page)]
        out.append({"pages": sorted({name_page, *rows}), "name_page": name_page,
                    "indicator_row_pages": rows, "splits": splits})
    header = _squash("".join(COLUMNS))
    return [t.count(header) for t in texts], out


def invisible_words(pdf_path: Path, scale=2) -> list[dict]:
    """Words in page.chars that the rendered page does not show (clipped merged-cell text)."""
    out, doc = [], pypdfium2.PdfDocument(str(pdf_path))
    with pdfplumber.open(pdf_path) as pdf:
        for n, page in enumerate(pdf.pages):
            img = doc[n].render(scale=scale, grayscale=True).to_pil()
            for w in page.extract_words():
                box = (w["x0"] * scale + 1, w["top"] * scale + 2, w["x1"] * scale - 1,
                       w["bottom"] * scale - 2)
                on_page = box[0] >= 0 and box[1] >= 0 and box[3] <= img.height
                if len(w["text"]) > 1 and (not on_page or img.crop(box).getextrema()[0] > 128):
                    out.append({"page": n + 1, "text": w["text"], "top": round(w["top"], 1)})
    doc.close()
    return out


def describe(src: Path, forms: list[dict], notes: dict, repeat: set[int]) -> dict:
    """expected.json entry of the PDF converted from `src`."""
    pdf = src.with_suffix(".pdf")
    header_counts, where = locate(pdf, forms)
    tables = [dict(form, **loc) for form, loc in zip(forms, where)]
    for t in tables:
        t["column_header_repeated_on"] = [s["page"] for s in t["splits"]
                                          if t["index"] in repeat and s["before_indicator_row"]]
    repeated = sum(len(t["column_header_repeated_on"]) for t in tables)
    if sum(header_counts) != len(forms) + repeated:
        print(f"warning: {pdf.name}: column-name rows per page {header_counts}, "
              f"expected {len(forms)} + {repeated} repeated", file=sys.stderr)
    return {"made_from": src.name, "page_count": len(header_counts), **notes,
            "invisible_words": invisible_words(pdf), "tables": tables}


def build(outdir: Path) -> dict:
    soffice = find_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    forms = load_forms()
    xlsx, docx = outdir / "pingluo-xlsx.xlsx", outdir / "pingluo-docx.docx"
    breaks = write_xlsx(forms, xlsx)
    write_docx(forms, docx)
    for f in (xlsx, docx):
        normalize_zip(f)
    convert(soffice, [xlsx, docx], outdir)
    xlsx_notes = {"manual_row_breaks": breaks, "page_footer": "第 N 页", "print_title_rows": None}
    docx_notes = {"rows_cant_split": True, "repeat_header_tables": sorted(DOCX_REPEAT_HEADER)}
    result = {"source": str(RECORDS.relative_to(ROOT)), "heading": HEADING, "notes": NOTES,
              "pdfs": {"pingluo-xlsx.pdf": describe(xlsx, forms, xlsx_notes, set()),
                       "pingluo-docx.pdf": describe(docx, forms, docx_notes, DOCX_REPEAT_HEADER)}}
    (outdir / "expected.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--outdir", type=Path, default=ROOT / "samples" / "pdf")
    result = build(ap.parse_args().outdir.resolve())
    for name, info in result["pdfs"].items():
        split = {t["index"] + 1: t["pages"] for t in info["tables"] if len(t["pages"]) > 1}
        print(f"{name}: {info['page_count']} pages; split tables (table no.: pages) {split}")


if __name__ == "__main__":
    main()
