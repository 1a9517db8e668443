"""`jixiao tables`: the page tables before any form reading, as JSON, and pictures of them.

For debugging a source and for measuring the table layer alone against other
extractors' test sets.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jixiao.errors import JixiaoError
from jixiao.extract.model import ExtractedDocument, PageTable, TextLine
from jixiao.paths import display_path


def parse_pages(spec: str) -> tuple[int, ...]:
    """'1-3,5' → (1, 2, 3, 5)."""
    pages: list[int] = []
    try:
        for part in spec.split(","):
            first, _, last = part.strip().partition("-")
            start, end = int(first), int(last or first)
            if start < 1 or end < start:
                raise ValueError
            pages.extend(range(start, end + 1))
    except ValueError:
        raise JixiaoError(f"--pages takes pages like 1-3,5 (1-based), not {spec!r}") from None
    return tuple(dict.fromkeys(pages))


def _cell_json(cell: Any) -> dict[str, Any]:
    return {
        "row": cell.row, "col": cell.col, "rowspan": cell.rowspan, "colspan": cell.colspan,
        "text": cell.text, "bbox": list(cell.bbox) if cell.bbox else None, "page": cell.page,
        "confidence": cell.confidence, **({"line": cell.line} if cell.line is not None else {}),
    }


def document_json(document: ExtractedDocument) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    for block in document.blocks:
        if isinstance(block, TextLine):
            blocks.append({"type": "line", "text": block.text, "page": block.page, "line": block.line})
        else:
            cells = [_cell_json(c) for row in block.rows for c in row if not c.is_empty or c.rowspan > 1 or c.colspan > 1]
            blocks.append({
                "type": "table", "page": block.page, "bbox": list(block.bbox) if block.bbox else None,
                "break_before": block.break_before, "n_rows": len(block.rows),
                "n_cols": max((len(r) for r in block.rows), default=0), "cells": cells,
            })
    return {
        "path": display_path(document.path), "sha256": document.sha256, "method": document.method,
        "page_methods": {str(p): m for p, m in sorted(document.page_methods.items())}, "pages": document.n_pages,
        "page_errors": [str(e) for e in document.page_errors], "blocks": blocks,
    }


def _page_pictures(path: Path, pages: list[int], ocr: set[int], scale: float) -> Iterator[tuple[int, Any, float]]:
    """(page, RGB picture, pixels per point) of each page: as the OCR saw it (upright, squared up)
    for scans and image files, as pdfium renders it otherwise."""
    import pypdfium2
    from PIL import Image

    from jixiao.extract.scan.images import image_pages, render_pdf_page

    if path.suffix.lower() != ".pdf":
        for page_no, (image, _) in enumerate(image_pages(path), start=1):
            if page_no in pages:
                yield page_no, Image.fromarray(image.pixels).convert("RGB"), image.scale
        return
    pdf = pypdfium2.PdfDocument(str(path), password=None)
    try:
        for page_no in pages:
            if page_no in ocr:
                image = render_pdf_page(pdf, page_no - 1)
                if image is not None:  # a blank page, or one over the scan budget, is not drawn
                    yield page_no, Image.fromarray(image.pixels).convert("RGB"), image.scale
            else:
                yield page_no, pdf[page_no - 1].render(scale=scale).to_pil().convert("RGB"), scale
    finally:
        pdf.close()


def draw_tables(path: Path, document: ExtractedDocument, out_dir: Path, scale: float = 1.5) -> list[Path]:
    """A PNG per page with the detected tables' cells drawn over the page (like camelot's plot)."""
    from PIL import ImageDraw

    out_dir.mkdir(parents=True, exist_ok=True)
    by_page: dict[int, list[PageTable]] = {}
    for block in document.blocks:
        if isinstance(block, PageTable):
            by_page.setdefault(block.page, []).append(block)
    written = []
    ocr_pages = {p for p in by_page if document.method_of([p]) == "pdf-ocr"}
    for page_no, image, s in _page_pictures(path, sorted(by_page), ocr_pages, scale):
        draw = ImageDraw.Draw(image)
        for table in by_page[page_no]:
            if table.bbox:
                draw.rectangle([v * s for v in table.bbox], outline=(220, 0, 0), width=3)
            for row in table.rows:
                for cell in row:
                    if cell.bbox is not None and (not cell.is_empty or cell.rowspan > 1 or cell.colspan > 1):
                        color = (0, 110, 255) if cell.rowspan == cell.colspan == 1 else (0, 170, 0)
                        draw.rectangle([v * s for v in cell.bbox], outline=color, width=1)
                        draw.text((cell.bbox[0] * s + 2, cell.bbox[1] * s + 1), f"{cell.row},{cell.col}", fill=color)
        target = out_dir / f"{path.stem}-p{page_no}.png"
        image.save(target)
        written.append(target)
    return written
