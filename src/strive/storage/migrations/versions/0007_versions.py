"""versions: an edit counter on the rows people edit (optimistic concurrency)

Goals, effort entries, attempts, evidence and supporters get ``version`` (1 when
added, +1 on every change); every update and delete says which version it read, so
a second writer that read the same version is refused instead of overwriting the
first. ``people.version`` is the version of the person's profile (its values are
appended rows, never edited). Existing rows start at 1.

Revision ID: 0007_versions
Revises: 0006_security
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_versions"
down_revision = "0006_security"
branch_labels = None
depends_on = None

TABLES = ("people", "goals", "effort", "attempts", "evidence", "supporters")


def upgrade() -> None:
    for table in TABLES:
        # batch mode for SQLite's limited ALTER TABLE (Alembic adds the column in
        # place when it can); on PostgreSQL this is a plain ALTER TABLE.
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
