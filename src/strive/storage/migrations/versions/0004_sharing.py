"""sharing: invitations, grants, strategic questions and the inbox

A person invites supporters to one goal with a single-use, expiring link (only the
token's SHA-256 is stored); accepting it makes a grant (role and sections) tied to
the supporter's login. Supporters' suggestions, answers and notes land in the inbox.

Revision ID: 0004_sharing
Revises: 0003_accounts
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_sharing"
down_revision = "0003_accounts"
branch_labels = None
depends_on = None


def _fk(column: str, table: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def _index(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("supporter_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("sections", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        _fk("goal_id", "invitations", "goals", "CASCADE"),
        _fk("supporter_id", "invitations", "supporters", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )
    _index("invitations", "goal_id", "supporter_id")
    op.create_table(
        "grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("supporter_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("sections", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        _fk("goal_id", "grants", "goals", "CASCADE"),
        _fk("supporter_id", "grants", "supporters", "CASCADE"),
        _fk("account_id", "grants", "accounts", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grants")),
    )
    _index("grants", "goal_id", "supporter_id", "account_id")
    op.create_table(
        "strategic_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("asked_at", sa.DateTime(), nullable=False),
        _fk("goal_id", "strategic_questions", "goals", "CASCADE"),
        _fk("attempt_id", "strategic_questions", "attempts", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategic_questions")),
    )
    _index("strategic_questions", "goal_id", "attempt_id")
    op.create_table(
        "inbox_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        _fk("goal_id", "inbox_items", "goals", "CASCADE"),
        _fk("grant_id", "inbox_items", "grants", "SET NULL"),
        _fk("question_id", "inbox_items", "strategic_questions", "CASCADE"),
        _fk("evidence_id", "inbox_items", "evidence", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_items")),
    )
    _index("inbox_items", "goal_id", "grant_id", "question_id", "evidence_id")


def downgrade() -> None:
    op.drop_table("inbox_items")
    op.drop_table("strategic_questions")
    op.drop_table("grants")
    op.drop_table("invitations")
