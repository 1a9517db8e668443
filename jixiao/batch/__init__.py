"""Batches that survive: a manifest per output folder, resumable, bounded per source."""
