"""Page crops for the report: each record's table, cut out of its rendered page, as a PNG beside the HTML.

PDF pages are rendered by pdfium (pypdfium2), page images (PNG, JPEG, TIFF frames) are cut from
the image at its own dpi. A crop covers the table's extent on that page (`source.regions`) and a
small margin; the page draws the detected cells and the flagged ones over it (SVG, in points), so
the PNG itself carries no marks. The source is looked for at `source.path` as given, under the
working folder, and under the report's input folder; a source that is gone or changed (another
sha256) gets a note in place of the image, never an error.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

MARGIN = 6.0  # points around the table's extent
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
PALETTE_COLOURS = 64  # a scanned or rendered table keeps its ink and seals in 64 colours, at a fraction of RGB's size
POINTS_PER_INCH = 72.0
OFFICE_NOTE = "office file: no page image; its cells as the sheet or document lays them out, the table as printed beside"


@dataclass(slots=True)
class ImageOptions:
    folder: Path  # where the PNGs are written
    url_prefix: str  # how the HTML names that folder (relative to the HTML file)
    dpi: float = 110.0
    password: str | None = None  # of encrypted PDFs (the one `jixiao extract` read them with)


@dataclass(slots=True)
class _Source:
    path: Path | None
    note: str | None = None  # why there is no image
    pages: dict[int, Image.Image] = field(default_factory=dict)  # rendered pages, at the report's scale
    handle: Any = None  # the open pdfium document


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def find_source(path_text: str, sha256: str | None, bases: list[Path]) -> tuple[Path | None, str | None]:
    """The source file a record was read from, or why it cannot be shown."""
    given = Path(path_text)
    candidates = [given] if given.is_absolute() else [given, *[base / given for base in bases]]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        return None, f"source not found: {path_text}"
    if sha256 and _sha256(found) != sha256:
        return None, f"source changed since it was read (another sha256): {found}"
    return found, None


class PageImages:
    """Renders each source's pages once and writes the crops the records need."""

    def __init__(self, options: ImageOptions, bases: list[Path]):
        self._options = options
        self._bases = bases
        self._sources: dict[str, _Source] = {}
        self._written: set[str] = set()
        options.folder.mkdir(parents=True, exist_ok=True)

    @property
    def files_written(self) -> int:
        return len(self._written)

    @property
    def scale(self) -> float:
        return self._options.dpi / POINTS_PER_INCH

    def crops(self, record: dict[str, Any]) -> tuple[list[dict[str, Any]], str | None]:
        """The record's page crops (url, box in points, detected cells), or a note saying why there are none."""
        source = record.get("source") or {}
        regions = source.get("regions") or []
        if source.get("method") == "office":  # the sheet's geometry, drawn with no image under it
            return [_outline(region) for region in regions], OFFICE_NOTE
        if source.get("method") == "text" or not regions:
            return [], "text source: no page image" if source.get("method") == "text" else "no cell boxes: no page image"
        state = self._source(source.get("path", ""), source.get("sha256"))
        if state.path is None:
            return [], state.note
        out = []
        for region in regions:
            try:
                out.append(self._crop(state, source.get("sha256") or "", region))
            except Exception as error:  # noqa: BLE001 - a page that will not render costs its image, not the report
                return out, f"page {region['page']} could not be rendered: {type(error).__name__}: {error}"
        return out, None

    def close(self) -> None:
        for state in self._sources.values():
            if state.handle is not None:
                state.handle.close()
        self._sources.clear()

    def _source(self, path_text: str, sha256: str | None) -> _Source:
        key = f"{path_text}\0{sha256}"
        if key not in self._sources:
            if len(self._sources) > 8:  # a batch is grouped by source; keep memory bounded
                self.close()
            found, note = find_source(path_text, sha256, self._bases)
            self._sources[key] = _Source(found, note)
        return self._sources[key]

    def _page(self, state: _Source, page: int) -> tuple[Image.Image, float]:
        """The page at the report's scale, and pixels per point of that image."""
        assert state.path is not None
        if page not in state.pages:
            if state.path.suffix.lower() in IMAGE_SUFFIXES:
                state.pages[page] = _image_page(state.path, page, self.scale)
            else:
                import pypdfium2 as pdfium

                if state.handle is None:
                    state.handle = pdfium.PdfDocument(str(state.path), password=self._options.password)
                state.pages[page] = state.handle[page - 1].render(scale=self.scale).to_pil().convert("RGB")
        return state.pages[page], self.scale

    def _crop(self, state: _Source, sha256: str, region: dict[str, Any]) -> dict[str, Any]:
        image, scale = self._page(state, region["page"])
        x0, y0, x1, y1 = region["bbox"]
        width_pt, height_pt = image.width / scale, image.height / scale
        box = [max(x0 - MARGIN, 0.0), max(y0 - MARGIN, 0.0), min(x1 + MARGIN, width_pt), min(y1 + MARGIN, height_pt)]
        name = f"{sha256[:16]}-p{region['page']}-{box[0]:.0f}-{box[1]:.0f}-{box[2]:.0f}-{box[3]:.0f}.png"
        if name not in self._written:
            pixels = image.crop(tuple(round(v * scale) for v in box))
            pixels.quantize(colors=PALETTE_COLOURS).save(self._options.folder / name, optimize=True)
            self._written.add(name)
        return {"page": region["page"], "src": f"{self._options.url_prefix}/{name}", "box": [round(v, 1) for v in box],
                "cells": region.get("cells") or []}


def _outline(region: dict[str, Any]) -> dict[str, Any]:
    x0, y0, x1, y1 = region["bbox"]
    box = [x0 - MARGIN, y0 - MARGIN, x1 + MARGIN, y1 + MARGIN]
    return {"page": region["page"], "src": None, "box": [round(v, 1) for v in box], "cells": region.get("cells") or []}


def _image_page(path: Path, page: int, scale: float) -> Image.Image:
    """Frame `page` of an image file, resized to `scale` pixels per point of the frame (its dpi / 72)."""
    from jixiao.extract.scan.images import scan_dpi  # the dpi the reader measured its points by

    with Image.open(path) as image:
        image.seek(page - 1)
        frame_scale = scan_dpi(image) / POINTS_PER_INCH
        frame = image.convert("RGB")
    size = (max(round(frame.width / frame_scale * scale), 1), max(round(frame.height / frame_scale * scale), 1))
    return frame.resize(size, Image.Resampling.LANCZOS)
