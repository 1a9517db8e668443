"""A report from records: views, page crops, overview, one HTML file (and its images folder beside it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jixiao import __version__
from jixiao.batch.entry import SourceEntry
from jixiao.report.html import render_page, write_atomic
from jixiao.report.images import ImageOptions, PageImages
from jixiao.report.overview import build_overview
from jixiao.report.view import project_key, record_view

PAGE_SIZE = 25  # records a page of the report shows at a time


@dataclass(slots=True)
class ReportSummary:
    target: Path
    records: int
    warnings: int
    images: int
    images_folder: Path | None


def images_folder(target: Path) -> Path:
    """`report.html` keeps its page crops in `report_files/` beside it."""
    return target.with_name(f"{target.stem}_files")


def _with_images(views: list[dict[str, Any]], records: list[dict[str, Any]], images: PageImages) -> int:
    """Each view's page crops (or why it has none); the number of image files written."""
    order = sorted(range(len(records)), key=lambda k: (records[k]["source"].get("path", ""), k))
    for k in order:  # one source after another, so each page is rendered once
        crops, note = images.crops(records[k])
        views[k]["images"] = crops
        if note:
            views[k]["image_note"] = note
    images.close()
    return images.files_written


def build_report(records: list[dict[str, Any]], target: Path, *, sources: list[SourceEntry] | None = None,
                 origin: str = "", bases: list[Path] | None = None, comparisons: list[dict[str, Any]] | None = None,
                 dpi: float = 110.0, with_images: bool = True, password: str | None = None) -> ReportSummary:
    """Write the report of `records` to `target`.

    `sources`: the batch manifest's rows (None: unknown, the overview says so). `bases`: folders a
    relative source.path is also looked for under (the working folder first). `comparisons`: rows of
    `jixiao compare` (project, department, year_from, year_to, level3, target_from, target_to, change),
    shown under each record of the project they name; None leaves the section out.
    """
    views = [record_view(k, r) for k, r in enumerate(records)]
    folder = images_folder(target)
    n_images = 0
    if with_images:
        images = PageImages(ImageOptions(folder, folder.name, dpi, password), [Path.cwd(), *(bases or [])])
        n_images = _with_images(views, records, images)
        if n_images == 0 and not any(folder.iterdir()):
            folder.rmdir()
    overview = build_overview(records, sources, origin)
    data = {"records": views, "page_size": PAGE_SIZE, "comparisons": _comparisons_by_project(comparisons),
            "codes": [c.code for c in overview.codes]}
    context = {"overview": overview, "version": __version__, "comparisons_given": comparisons is not None,
               "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    write_atomic(target, render_page(context, data))
    return ReportSummary(target, len(records), overview.warnings, n_images, folder if n_images else None)


def _comparisons_by_project(rows: list[dict[str, Any]] | None) -> dict[str, list[dict[str, Any]]] | None:
    if rows is None:
        return None
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        key = project_key({"name": row.get("project") or "", "department": row.get("department")})
        grouped.setdefault(key, []).append(row)
    return grouped
