"""The first schema: documents, records, indicators, warnings.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON_TYPE = sa.JSON().with_variant(JSONB(), "postgresql")


def _cols(kind: type, *names: str) -> list[sa.Column]:
    return [sa.Column(name, kind, nullable=True) for name in names]


def _record_ref(table: str) -> list:
    return [sa.Column("record_id", sa.Integer, nullable=False),
            sa.ForeignKeyConstraint(["record_id"], ["records.id"], name=f"fk_{table}_record_id_records",
                                    ondelete="CASCADE")]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=True),
        sa.Column("method", sa.String(16), nullable=True),
        *_cols(sa.Text, "title", "attachment"),
        sa.Column("records_count", sa.Integer, nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("sha256", name="uq_documents_sha256"),
    )
    op.create_index("ix_documents_path", "documents", ["path"])
    op.create_table(
        "records",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("table_index", sa.Integer, nullable=False),
        sa.Column("schema_version", sa.String(8), nullable=False),
        sa.Column("form", sa.String(32), nullable=False),
        sa.Column("form_confidence", sa.Float, nullable=True),
        sa.Column("year", sa.Integer, nullable=True),
        *_cols(sa.Text, "title", "project_name", "project_department"),
        sa.Column("project_department_code", sa.String(64), nullable=True),
        *_cols(sa.Text, "project_implementing_unit", "project_attribute", "project_period"),
        sa.Column("funds_unit", sa.String(8), nullable=True),
        *_cols(sa.Float, "funds_total", "funds_fiscal", "funds_other"),
        *_cols(sa.Text, "overall_goal", "overall_goal_actual"),
        sa.Column("self_eval_total_score", sa.Float, nullable=True),
        *_cols(sa.Text, "self_eval_total_score_text", "grade"),
        sa.Column("method", sa.String(16), nullable=True),
        *_cols(sa.Integer, "page_first", "page_last"),
        sa.Column("indicators_count", sa.Integer, nullable=False),
        sa.Column("warnings_count", sa.Integer, nullable=False),
        sa.Column("record_json", JSON_TYPE, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_records"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_records_document_id_documents",
                                ondelete="CASCADE"),
        sa.UniqueConstraint("document_id", "table_index", name="uq_records_document_id_table_index"),
    )
    for column in ("form", "year", "project_department", "project_department_code"):
        op.create_index(f"ix_records_{column}", "records", [column])
    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer, nullable=False),
        *_record_ref("indicators"),
        sa.Column("position", sa.Integer, nullable=False),
        *_cols(sa.Text, "level1", "level2", "level3", "target"),
        sa.Column("kind", sa.String(16), nullable=True),
        sa.Column("comparator", sa.String(8), nullable=True),
        *_cols(sa.Float, "value", "upper"),
        *_cols(sa.Text, "parsed_unit", "qualitative", "actual"),
        sa.Column("weight", sa.Float, nullable=True),
        sa.Column("weight_text", sa.Text, nullable=True),
        sa.Column("score", sa.Float, nullable=True),
        *_cols(sa.Text, "score_text", "deviation", "unit", "nature"),
        *_cols(sa.Integer, "page", "line"),
        *_cols(sa.Float, "bbox_x0", "bbox_y0", "bbox_x1", "bbox_y1"),
        sa.PrimaryKeyConstraint("id", name="pk_indicators"),
    )
    for column in ("record_id", "level1", "level2"):
        op.create_index(f"ix_indicators_{column}", "indicators", [column])
    op.create_table(
        "warnings",
        sa.Column("id", sa.Integer, nullable=False),
        *_record_ref("warnings"),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        *_cols(sa.Text, "field", "message"),
        *_cols(sa.Integer, "page", "line"),
        sa.PrimaryKeyConstraint("id", name="pk_warnings"),
    )
    for column in ("record_id", "code"):
        op.create_index(f"ix_warnings_{column}", "warnings", [column])


def downgrade() -> None:
    for table in ("warnings", "indicators", "records", "documents"):
        op.drop_table(table)
