"""Logical tables → records: labels, values, checks."""
