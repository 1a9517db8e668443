"""Pairing over an output folder (the JSONL files of `jixiao extract -o OUTDIR`), and records read back
from a folder or a database for `jixiao compare`.

`pair_folder` pairs the whole batch a group of records at a time (`pair_stream`: memory flat in the number
of sources) and rewrites only the files whose records changed, each to a temporary name and renamed into
place (one source's records a file, as extract wrote them), every record checked against the schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jixiao.db.jsonl import jsonl_files, read_jsonl
from jixiao.errors import DatabaseError
from jixiao.review.pair_stream import PairFolderSummary, pair_files


def read_folder(outdir: Path) -> list[tuple[Path, list[dict[str, Any]]]]:
    """Every file's records, in file order (each line checked against the schema)."""
    return [(path, list(read_jsonl(path))) for path in jsonl_files(outdir)]


def _holds_forms_to_pair(paths: list[Path]) -> bool:
    """Whether any record may be a self-evaluation (only those are paired), read a line at a time and only
    for its form (the files were checked as they were written; a line that is no JSON object is left for
    the full read to report)."""
    from jixiao.normalize import review_vocab as rv

    try:
        for path in paths:
            with path.open(encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    record = json.loads(line) if line.strip() else {}
                    if not isinstance(record, dict) or record.get("form") in rv.FORM_PAIRS:
                        return True
    except (OSError, json.JSONDecodeError):
        return True
    return False


def pair_folder(outdir: Path) -> PairFolderSummary:
    """Pair the self-evaluations of every JSONL file in `outdir`; rewrite the files that changed."""
    paths = jsonl_files(outdir)
    if not _holds_forms_to_pair(paths):  # nothing to pair: no line is read whole (a big dump's)
        return PairFolderSummary(len(paths), [], 0, 0)
    return pair_files(paths)


def _looks_like_database(place: str) -> bool:
    path = Path(place)
    return "://" in place or (path.is_file() and path.suffix != ".jsonl")


def records_from_database(url: str) -> list[dict[str, Any]]:
    """Every record a jixiao database holds (its `record_json`), by source path and table index."""
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from jixiao.db.engine import describe, open_database, redact
    from jixiao.db.tables import documents, records

    engine = open_database(url)
    try:
        query = (select(records.c.record_json).select_from(records.join(documents))
                 .order_by(documents.c.path, records.c.table_index))
        with engine.connect() as connection:
            return [row[0] for row in connection.execute(query)]
    except SQLAlchemyError as error:
        raise DatabaseError(f"cannot read the database: {describe(error)}", redact(url)) from error
    finally:
        engine.dispose()


def read_records(place: str) -> list[dict[str, Any]]:
    """The records of an output folder, a .jsonl file, or a database (URL or SQLite file)."""
    if _looks_like_database(place):
        return records_from_database(place)
    return [record for _, found in read_folder(Path(place)) for record in found]
