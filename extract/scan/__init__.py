"""Scanned pages and page images → page tables, by offline OCR of the cells of ruled tables."""
