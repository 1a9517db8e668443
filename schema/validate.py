"""Every record is validated before it is written; a failure names the field path."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.errors import RecordValidationError

if TYPE_CHECKING:  # jsonschema is imported where it is used: `jixiao --help` and the CLI start without it
    from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).with_name("record.schema.json")


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("record.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema)
    return schema


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local `$ref` replaced by its definition (the schema has no cycles).

    Resolving references is most of jsonschema's time on these records; the
    inlined schema says the same thing and validates several times faster.
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
            return _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    schema = load_schema()
    return Draft202012Validator(_inline_refs(schema, schema.get("$defs", {})))


def _field_path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "<record>"


@lru_cache(maxsize=1)
def _fast_check() -> Any:
    """A compiled validator of the same schema (jsonschema-rs): the check every record takes; the
    pure-Python validator only runs to name the failing field of a record that fails."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema())


def validate_record(record: dict[str, Any], path: str | None = None) -> None:
    """Raise RecordValidationError for the first (deepest-first) schema violation."""
    if _fast_check().is_valid(record):
        return
    validator = _validator()
    if validator.is_valid(record):
        return
    errors = sorted(validator.iter_errors(record), key=lambda e: (-len(e.absolute_path), str(e.absolute_path)))
    if errors:
        error = errors[0]
        page = (record.get("source") or {}).get("pages", [None])[0]
        raise RecordValidationError(error.message, _field_path(error.absolute_path), path, page)
