"""The relational schema (SQLAlchemy Core), as of the newest Alembic revision.

A migration never imports this module: each revision in alembic/versions spells out
its own tables, so that an old revision still builds the schema of its time. The test
suite checks that upgrading to head gives exactly these tables (alembic's compare_metadata).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING)

JSON_TYPE = sa.JSON().with_variant(JSONB(), "postgresql")


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=True)


def _number(name: str) -> sa.Column:
    return sa.Column(name, sa.Float, nullable=True)


def _int(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer, nullable=True)


def _record_ref() -> sa.Column:
    return sa.Column("record_id", sa.Integer, sa.ForeignKey("records.id", ondelete="CASCADE"), nullable=False,
                     index=True)


documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("path", sa.Text, nullable=False, index=True),
    sa.Column("size", sa.BigInteger, nullable=True),
    sa.Column("method", sa.String(16), nullable=True),
    _text("title"),
    _text("attachment"),
    sa.Column("records_count", sa.Integer, nullable=False),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
)

records = sa.Table(
    "records", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("table_index", sa.Integer, nullable=False),
    sa.Column("schema_version", sa.String(8), nullable=False),
    sa.Column("form", sa.String(32), nullable=False, index=True),
    _number("form_confidence"),
    sa.Column("year", sa.Integer, nullable=True, index=True),
    _text("title"),
    _text("project_name"),
    sa.Column("project_department", sa.Text, nullable=True, index=True),
    sa.Column("project_department_code", sa.String(64), nullable=True, index=True),
    _text("project_implementing_unit"),
    _text("project_attribute"),
    _text("project_period"),
    sa.Column("funds_unit", sa.String(8), nullable=True),
    _number("funds_total"),
    _number("funds_fiscal"),
    _number("funds_other"),
    _text("overall_goal"),
    _text("overall_goal_actual"),
    _number("self_eval_total_score"),
    _text("self_eval_total_score_text"),
    _text("grade"),
    sa.Column("method", sa.String(16), nullable=True),
    _int("page_first"),
    _int("page_last"),
    sa.Column("indicators_count", sa.Integer, nullable=False),
    sa.Column("warnings_count", sa.Integer, nullable=False),
    sa.Column("record_json", JSON_TYPE, nullable=False),
    sa.UniqueConstraint("document_id", "table_index"),
)

indicators = sa.Table(
    "indicators", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _record_ref(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("level1", sa.Text, nullable=True, index=True),
    sa.Column("level2", sa.Text, nullable=True, index=True),
    _text("level3"),
    _text("target"),
    sa.Column("kind", sa.String(16), nullable=True),
    sa.Column("comparator", sa.String(8), nullable=True),
    _number("value"),
    _number("upper"),
    _text("parsed_unit"),
    _text("qualitative"),
    _text("actual"),
    _number("weight"),
    _text("weight_text"),
    _number("score"),
    _text("score_text"),
    _text("deviation"),
    _text("unit"),
    _text("nature"),
    _int("page"),
    _int("line"),
    _number("bbox_x0"),
    _number("bbox_y0"),
    _number("bbox_x1"),
    _number("bbox_y1"),
)

warnings = sa.Table(
    "warnings", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _record_ref(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("code", sa.String(64), nullable=False, index=True),
    _text("field"),
    _text("message"),
    _int("page"),
    _int("line"),
)

# One row per source of a batch: jixiao.batch.entry.SourceEntry, field for field (revision 0002).
sources = sa.Table(
    "sources", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("path", sa.Text, nullable=False, unique=True),
    sa.Column("sha256", sa.String(64), nullable=True, index=True),
    sa.Column("size", sa.BigInteger, nullable=True),
    sa.Column("reader", sa.String(32), nullable=True),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("records", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Integer, nullable=False),
    _text("error"),
    _number("seconds"),
    sa.Column("peak_memory", sa.BigInteger, nullable=True),
    sa.Column("version", sa.String(32), nullable=True),
    _text("output"),
    _int("page"),
    _text("finished_at"),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("mtime_ns", sa.BigInteger, nullable=True),
    _int("pages"),
    _text("warning_codes"),  # JSON: {code: count}
    _text("options"),  # what of the read options shaped the output
)

TABLES = {"documents": documents, "records": records, "indicators": indicators, "warnings": warnings,
          "sources": sources}
