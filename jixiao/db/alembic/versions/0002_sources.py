"""The batch manifest: one row per source (jixiao.batch.entry.SourceEntry), unique by path.

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("size", sa.BigInteger, nullable=True),
        sa.Column("reader", sa.String(32), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("records", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("seconds", sa.Float, nullable=True),
        sa.Column("peak_memory", sa.BigInteger, nullable=True),
        sa.Column("version", sa.String(32), nullable=True),
        sa.Column("output", sa.Text, nullable=True),
        sa.Column("page", sa.Integer, nullable=True),
        sa.Column("finished_at", sa.Text, nullable=True),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.UniqueConstraint("path", name="uq_sources_path"),
    )
    op.create_index("ix_sources_sha256", "sources", ["sha256"])
    op.create_index("ix_sources_status", "sources", ["status"])


def downgrade() -> None:
    op.drop_table("sources")
