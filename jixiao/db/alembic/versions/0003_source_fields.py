"""The manifest fields the batch engine added: modification time, pages, warnings by code, read options.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as table:  # batch mode: SQLite rebuilds the table
        table.add_column(sa.Column("mtime_ns", sa.BigInteger, nullable=True))
        table.add_column(sa.Column("pages", sa.Integer, nullable=True))
        table.add_column(sa.Column("warning_codes", sa.Text, nullable=True))
        table.add_column(sa.Column("options", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sources") as table:
        for name in ("options", "warning_codes", "pages", "mtime_ns"):
            table.drop_column(name)
