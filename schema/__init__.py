"""The record's JSON Schema (2020-12) and its validation."""

from .validate import SCHEMA_PATH, load_schema, validate_record

__all__ = ["SCHEMA_PATH", "load_schema", "validate_record"]
