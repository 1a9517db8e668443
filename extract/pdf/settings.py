"""Every tolerance of the PDF reader in one settings object, validated up front."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ENGINES = ("pdfplumber", "camelot")
OCR_MODES = ("auto", "always", "never")


@dataclass(frozen=True, slots=True)
class PdfSettings:
    """Tolerances in PDF points."""

    password: str | None = None
    pages: tuple[int, ...] | None = None  # 1-based page numbers; None: all
    engine: str = "pdfplumber"  # where the rules are seen: pdfplumber's finder on the PDF's paths, or camelot
    ocr: str = "auto"  # auto: OCR the pages whose text layer is unusable; always; never
    snap_tolerance: float = 3.0  # rules closer than this are one rule (doubled rules, thin rectangles)
    join_tolerance: float = 3.0  # collinear rule pieces with gaps below this are one rule
    intersection_tolerance: float = 3.0
    edge_min_length: float = 3.0
    grid_tolerance: float = 2.0  # cell edges closer than this are one grid line
    x_tolerance: float = 1.5  # a gap wider than this between two chars is a space (10-pt text; scales with size)
    y_tolerance: float = 3.0  # chars whose centres differ less than this share a line (10-pt text; scales)
    frame_text_lines: int = 3  # a one-column box with a cell of this many text lines is a layout frame
    min_cells: int = 2  # fewer cells than this is a box, not a table (counted after a cut table is closed)
    ink_contrast: float = 0.05  # paint that differs less than this (max RGB channel, 0–1, times alpha)
    # from what is behind it does not show: white rules and fills on white paper are no rules
    clip_margin: float = 1.0  # a rule this far outside its clip still shows (clips drawn along a rule)
    full_coverage: float = 0.99  # share of a table's box its cells must cover to be read as whole
    extra: dict[str, Any] = field(default_factory=dict)  # passed through to pdfplumber's table settings

    def __post_init__(self) -> None:
        for name in ("snap_tolerance", "join_tolerance", "intersection_tolerance", "edge_min_length",
                     "grid_tolerance", "x_tolerance", "y_tolerance"):
            if getattr(self, name) < 0:
                raise ValueError(f"PdfSettings.{name} must be ≥ 0")
        if not 0 <= self.ink_contrast <= 1:
            raise ValueError("PdfSettings.ink_contrast is a share in [0, 1]")
        if self.clip_margin < 0:
            raise ValueError("PdfSettings.clip_margin must be ≥ 0")
        if not 0 < self.full_coverage <= 1:
            raise ValueError("PdfSettings.full_coverage is a share in (0, 1]")
        if self.frame_text_lines < 1:
            raise ValueError("PdfSettings.frame_text_lines must be ≥ 1")
        if self.ocr not in OCR_MODES:
            raise ValueError(f"PdfSettings.ocr is one of {', '.join(OCR_MODES)}")
        if self.engine not in ENGINES:
            raise ValueError(f"PdfSettings.engine is one of {', '.join(ENGINES)}")
        if self.pages is not None and any(p < 1 for p in self.pages):
            raise ValueError("PdfSettings.pages are 1-based")

    def table_settings(self) -> dict[str, Any]:
        return {
            "vertical_strategy": "lines",
            "horizontal_strategy": "lines",
            "snap_tolerance": self.snap_tolerance,
            "join_tolerance": self.join_tolerance,
            "intersection_tolerance": self.intersection_tolerance,
            "edge_min_length": self.edge_min_length,
            **self.extra,
        }
