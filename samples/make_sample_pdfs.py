#!/usr/bin/env python3
"""Build born-digital sample PDFs of the Pingluo 城关镇 2022 performance target tables.

The twelve forms of samples/pingluo-chengguan-2022-targets.txt are printed from the
reference records (tests/expected/pingluo-chengguan-2022-targets.json), with the fixes
the text dump needs (table 1 re-aligned, one split cell of table 5 joined), into
  pingluo-xlsx.xlsx -> pingluo-xlsx.pdf   (one worksheet, manual row breaks)
  pingluo-docx.docx -> pingluo-docx.pdf   (one Word table per form, natural page flow)
and expected.json records exactly what was printed and on which pages.

Usage: python samples/make_sample_pdfs.py [--outdir samples/pdf]
Needs LibreOffice (soffice) and the font fonts-wqy-zenhei.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "expected" / "pingluo-chengguan-2022-targets.json"
FONT = "WenQuanYi Zen Hei"
HEADING = "附件 2：平罗县城关镇人民政府项目支出预算绩效目标表"
YEAR_TEXT = "( 2022 年度)"
COLUMNS = ["名称", "一级指标", "二级指标", "三级指标", "指标值"]
FIRST_INDICATOR = 8  # grid row of the first indicator (after header block + column names)

_Q, _Z = "数量指标 (必填硬性指标)", "质量指标 (必填)"
_S, _C = "时效指标（必填）", "成本指标（必填硬性指标）"
_SOC, _SAT = "社会效益指标（必填）", "服务对象满意度指标（必填）"
TABLE1_ROWS = [  # table 1 (index 0) as the original printed it; the dump shifted its rows
    ("产出指标", _Q, "配备监控设备", "18"),
    ("产出指标", _Q, "配备保安", "40"),
    ("产出指标", _Q, "管理老旧小区数量", "18"),
    ("产出指标", _Z, "老旧小区管理安全率", "≥95%"),
    ("产出指标", _Z, "对所配备监控设备维护完整率", "≥95%"),
    ("产出指标", _Z, "对所派驻保安员岗前培训合格率", "≥95%"),
    ("产出指标", _S, "上岗后购买意外伤害保险和缴纳工伤保险", "入职手续办理后缴纳"),
    ("产出指标", _S, "配发统一保安服装及相应装备", "入职手续办理后配发"),
    ("产出指标", _S, "保安培训后上岗时间", "合格后即可上岗"),
    ("产出指标", _C, "水暖电", "水电费各1万元"),
    ("产出指标", _C, "聘请保安40名", "经费100万元，每人每年2.5万元"),
    ("产出指标", _C, "设备维护设施维修", "经费5万元"),
    ("效益指标", _SOC, "受益人数", "8698人"),
    ("效益指标", _SOC, "老旧小区覆盖面", "≥95%"),
    ("效益指标", _SOC, "小区环境建设、安全度", "持续提高"),
    ("满意度指标", _SAT, "受益居民抽样满意度", "≥95%"),
    ("满意度指标", _SAT, "镇政府对小区管理的满意度", "≥95%"),
]
TEXT_FIXES = {4: {"全年不发生较大影响的恶性案 (事)件": "全年不发生较大影响的恶性案(事)件"}}

XLSX_WIDTHS = [11, 11, 17, 30, 22]          # character units, columns A-E
XLSX_BREAKS = [(2, 1), (5, 4), (10, 2)]     # (table index, page break after indicator row i)
DOCX_WIDTHS_CM = [2.2, 2.4, 3.4, 5.4, 3.6]
DOCX_REPEAT_HEADER = {5, 10}                # tables whose 名称… row repeats on continuation pages


# ---------------------------------------------------------------- content
def _num(v) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else str(v)


def load_forms() -> list[dict]:
    forms = []
    for i, rec in enumerate(json.loads(RECORDS.read_text(encoding="utf-8"))):
        p, f = rec["project"], rec["funds"]
        rows = TABLE1_ROWS if i == 0 else [
            (x["source"]["level1_raw"], x["source"]["level2_raw"], x["level3"], x["target"])
            for x in rec["indicators"]]
        fix = TEXT_FIXES.get(i, {})
        forms.append({
            "index": i, "title": rec["title"], "year": YEAR_TEXT,
            "project": {"name": p["name"], "department": p["department"] or "",
                        "implementing_unit": p["implementing_unit"] or "",
                        "attribute": p["attribute"] or "", "period": p["period"] or ""},
            "funds": {"label": f"项目资金 ({f['unit']})", "total": _num(f["total"]),
                      "fiscal": _num(f["fiscal"]), "other": _num(f["other"])},
            "goal": rec["overall_goal"],
            "indicators": [{"level1_raw": a, "level2_raw": b, "level3": fix.get(c, c),
                            "target": fix.get(d, d)} for a, b, c, d in rows],
        })
    return forms


def _runs(keys: list) -> list[tuple[int, int]]:
    """(start, length) of runs of equal consecutive keys."""
    out = []
    for i, k in enumerate(keys):
        if out and keys[out[-1][0]] == k:
            out[-1] = (out[-1][0], out[-1][1] + 1)
        else:
            out.append((i, 1))
    return out


def form_grid(form: dict) -> list[tuple]:
    """The bordered 5-column table as cells (row, col, text, rowspan, colspan, kind)."""
    p, f, ind = form["project"], form["funds"], form["indicators"]
    cells = [(0, 0, "项目名称", 1, 1, "label"), (0, 1, p["name"], 1, 4, "value"),
             (1, 0, "主管部门及代码", 1, 1, "label"), (1, 1, p["department"], 1, 1, "value"),
             (1, 2, "实施单位", 1, 1, "label"), (1, 3, p["implementing_unit"], 1, 2, "value"),
             (2, 0, "项目属性", 1, 1, "label"), (2, 1, p["attribute"], 1, 1, "value"),
             (2, 2, "项目期", 1, 1, "label"), (2, 3, p["period"], 1, 2, "value"),
             (3, 0, f["label"], 3, 1, "label"),
             (3, 1, "年度资金总额:", 1, 1, "label"), (3, 2, f["total"], 1, 3, "value"),
             (4, 1, "其中: 财政拨款", 1, 1, "label"), (4, 2, f["fiscal"], 1, 3, "value"),
             (5, 1, "其他资金", 1, 1, "label"), (5, 2, f["other"], 1, 3, "value"),
             (6, 0, "年度总体目标", 1, 1, "label"), (6, 1, form["goal"], 1, 4, "text")]
    cells += [(7, c, name, 1, 1, "label") for c, name in enumerate(COLUMNS)]
    r0 = FIRST_INDICATOR
    cells.append((r0, 0, "绩效指标", len(ind), 1, "label"))
    for s, n in _runs([x["level1_raw"] for x in ind]):
        cells.append((r0 + s, 1, ind[s]["level1_raw"], n, 1, "label"))
    for s, n in _runs([(x["level1_raw"], x["level2_raw"]) for x in ind]):
        cells.append((r0 + s, 2, ind[s]["level2_raw"], n, 1, "label"))
    for k, x in enumerate(ind):
        cells += [(r0 + k, 3, x["level3"], 1, 1, "text"), (r0 + k, 4, x["target"], 1, 1, "value")]
    return cells


# ---------------------------------------------------------------- xlsx
def _text_units(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row_heights(cells: list[tuple], nrows: int, line_pt=14.0, pad_pt=5.0) -> list[float]:
    """Row heights (pt) so wrapped texts fit; merged cells stretch their rows evenly."""
    heights = [20.0] * nrows
    for single in (True, False):
        for r, c, text, rs, cs, _ in cells:
            if (rs == 1) != single:
                continue
            width = sum(XLSX_WIDTHS[c:c + cs]) - 2
            need = math.ceil(_text_units(text) / width) * line_pt + pad_pt
            have = sum(heights[r:r + rs])
            if need > have:
                for i in range(r, r + rs):
                    heights[i] += (need - have) / rs
    return heights


def write_xlsx_form(ws, form: dict, top: int) -> int:
    """Write one form with its title rows at sheet row `top`; return its last sheet row."""
    from openpyxl.styles import Alignment, Border, Font, Side
    side = Side(style="thin")
    border = Border(left=side, right=side, top=side, bottom=side)
    for r, text, size in ((top, form["title"], 16), (top + 1, form["year"], 11)):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
        cell = ws.cell(r, 1, text)
        cell.font = Font(name=FONT, size=size, bold=(size == 16))
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[r].height = 28 if size == 16 else 20
    t = top + 2
    cells = form_grid(form)
    nrows = FIRST_INDICATOR + len(form["indicators"])
    for r, c, text, rs, cs, kind in cells:
        if rs > 1 or cs > 1:
            ws.merge_cells(start_row=t + r, start_column=c + 1,
                           end_row=t + r + rs - 1, end_column=c + cs)
        ws.cell(t + r, c + 1, text or None)
        align = Alignment(horizontal="left" if kind == "text" else "center",
                          vertical="center", wrap_text=True)
        for rr in range(t + r, t + r + rs):
            for cc in range(c + 1, c + cs + 1):
                ws.cell(rr, cc).border = border
                ws.cell(rr, cc).alignment = align
                ws.cell(rr, cc).font = Font(name=FONT, size=10)
    for i, h in enumerate(_row_heights(cells, nrows)):
        ws.row_dimensions[t + i].height = round(h, 1)
    return t + nrows - 1


def write_xlsx(forms: list[dict], path: Path) -> list[dict]:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.pagebreak import Break
    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标表"
    for col, w in zip("ABCDE", XLSX_WIDTHS):
        ws.column_dimensions[col].width = w
    ws.cell(1, 1, HEADING).font = Font(name=FONT, size=12, bold=True)
    ws.row_dimensions[1].height = 24
    row, breaks = 3, []
    for form in forms:
        top = row
        row = write_xlsx_form(ws, form, top) + 3
        for idx, k in XLSX_BREAKS:
            if idx == form["index"]:
                sheet_row = top + 2 + FIRST_INDICATOR + k   # last row before the break
                ws.row_breaks.append(Break(id=sheet_row))
                breaks.append({"table": idx, "after_indicator_row": k, "sheet_row": sheet_row})
    ws.print_area = f"A1:E{row - 3}"
    ws.print_title_rows = None
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.scale = 100
    ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.7, bottom=0.7, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页"
    wb.save(path)
    return breaks


# ---------------------------------------------------------------- docx
def _docx_fill(cell, text: str, kind: str, size) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    par = cell.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.LEFT if kind == "text" else WD_ALIGN_PARAGRAPH.CENTER
    if text:
        par.add_run(text).font.size = size


def docx_table(doc, cells: list[tuple], r0: int, r1: int, header_row: int | None = None):
    """Add a Word table with the grid rows r0..r1-1; mark header_row as repeating."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt
    table = doc.add_table(rows=r1 - r0, cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for c, w in enumerate(DOCX_WIDTHS_CM):
        table.columns[c].width = Cm(w)
        for cell in table.columns[c].cells:
            cell.width = Cm(w)
    for r, c, text, rs, cs, kind in cells:
        if r0 <= r < r1:
            cell = table.cell(r - r0, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(table.cell(r - r0 + rs - 1, c + cs - 1))
            _docx_fill(cell, text, kind, Pt(10))
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if header_row is not None and i == header_row - r0:
            tr_pr.append(OxmlElement("w:tblHeader"))
    return table


def _docx_par(doc, text: str, size, bold=False, center=True, keep=True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    par = doc.add_paragraph()
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    par.paragraph_format.keep_with_next = keep
    run = par.add_run(text)
    run.font.size, run.font.bold = size, bold
    return par


def write_docx(forms: list[dict], path: Path) -> None:
    import datetime
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin = sec.bottom_margin = Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    _docx_par(doc, HEADING, Pt(12), bold=True, center=False, keep=False)
    for form in forms:
        _docx_par(doc, form["title"], Pt(16), bold=True).paragraph_format.space_before = Pt(12)
        _docx_par(doc, form["year"], Pt(11))
        cells, n = form_grid(form), FIRST_INDICATOR + len(form["indicators"])
        if form["index"] in DOCX_REPEAT_HEADER:
            # Word and LibreOffice repeat only rows at the top of a table, so the
            # indicator block is its own table headed by the 名称… row.
            docx_table(doc, cells, 0, FIRST_INDICATOR - 1)
            gap = _docx_par(doc, "", Pt(1), keep=True)
            gap.paragraph_format.line_spacing = Pt(1)
            docx_table(doc, cells, FIRST_INDICATOR - 1, n, header_row=FIRST_INDICATOR - 1)
        else:
            docx_table(doc, cells, 0, n)
    props = doc.core_properties
    props.author = props.last_modified_by = "jixiao samples"
    props.created = props.modified = datetime.datetime(2022, 1, 1)
    props.revision = 1
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


def convert(files: list[Path], outdir: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("error: soffice not found - install LibreOffice (Debian: apt-get install "
                 "libreoffice-calc-nogui libreoffice-writer-nogui fonts-wqy-zenhei)")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    for f in files:
        if not f.with_suffix(".pdf").exists():
            sys.exit(f"error: LibreOffice did not write {f.with_suffix('.pdf')}")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def locate(pdf_path: Path, forms: list[dict]) -> tuple[int, list[dict]]:
    """Pages (1-based) of each form's name and indicator rows, found in reading order."""
    import pdfplumber
    with pdfplumber.open(pdf_path) as pdf:
        texts = [_squash(p.extract_text()) for p in pdf.pages]
    cursor = [0, 0]

    def find(needle: str) -> int:
        needle = _squash(needle)[:8]
        page, off = cursor
        while page < len(texts):
            at = texts[page].find(needle, off)
            if at >= 0:
                cursor[:] = [page, at + len(needle)]
                return page + 1
            page, off = page + 1, 0
        raise SystemExit(f"error: {needle!r} not found in {pdf_path.name}")

    out = []
    for form in forms:
        name_page = find(form["project"]["name"])
        rows = [find(x["level3"]) for x in form["indicators"]]
        splits = [{"before_indicator_row": k, "page": p}
                  for k, p in enumerate(rows) if p != (rows[k - 1] if k else name_page)]
        out.append({"pages": sorted({name_page, *rows}), "name_page": name_page,
                    "indicator_row_pages": rows, "splits": splits})
    return len(texts), out


def build(outdir: Path) -> dict:
    outdir.mkdir(parents=True, exist_ok=True)
    forms = load_forms()
    xlsx, docx = outdir / "pingluo-xlsx.xlsx", outdir / "pingluo-docx.docx"
    breaks = write_xlsx(forms, xlsx)
    write_docx(forms, docx)
    for f in (xlsx, docx):
        normalize_zip(f)
    convert([xlsx, docx], outdir)
    result = {"source": str(RECORDS.relative_to(ROOT)), "heading": HEADING, "pdfs": {}}
    for src, notes in ((xlsx, {"manual_row_breaks": breaks, "page_footer": "第 N 页",
                               "repeat_print_title_rows": False}),
                       (docx, {"repeat_header_tables": sorted(DOCX_REPEAT_HEADER),
                               "rows_cant_split": True})):
        pdf = src.with_suffix(".pdf")
        npages, where = locate(pdf, forms)
        tables = [dict(form, **loc) for form, loc in zip(forms, where)]
        if src is docx:
            for t in tables:
                t["column_header_repeated"] = bool(t["index"] in DOCX_REPEAT_HEADER and t["splits"])
        result["pdfs"][pdf.name] = {"made_from": src.name, "page_count": npages, **notes,
                                    "tables": tables}
    (outdir / "expected.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--outdir", type=Path, default=ROOT / "samples" / "pdf")
    args = ap.parse_args()
    result = build(args.outdir)
    for name, info in result["pdfs"].items():
        split = [(t["index"] + 1, t["pages"]) for t in info["tables"] if len(t["pages"]) > 1]
        print(f"{name}: {info['page_count']} pages; tables split (table no., pages): {split}")


if __name__ == "__main__":
    main()
