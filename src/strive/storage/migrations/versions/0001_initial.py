"""initial schema: people, goals and everything a goal owns, profile, cohort imports

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def _goal_id(table: str) -> sa.Column[int]:
    return sa.Column(
        "goal_id",
        sa.Integer(),
        sa.ForeignKey("goals.id", ondelete="CASCADE", name=f"fk_{table}_goal_id_goals"),
        nullable=False,
    )


def _person_id(table: str) -> sa.Column[int]:
    return sa.Column(
        "person_id",
        sa.Integer(),
        sa.ForeignKey(
            "people.id", ondelete="CASCADE", name=f"fk_{table}_person_id_people"
        ),
        nullable=False,
    )


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=f"pk_{table}")


def _index(table: str, column: str) -> None:
    op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        _pk("people"),
        sa.UniqueConstraint("name", name="uq_people_name"),
    )
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), nullable=False),
        _person_id("goals"),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("template", sa.String(200), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("hours_per_week", sa.Float(), nullable=False),
        sa.Column("money", sa.Float(), nullable=True),
        sa.Column("months_away", sa.Float(), nullable=True),
        sa.Column("max_parallel", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=True),
        sa.Column("created", sa.Date(), nullable=True),
        sa.Column(
            "next_goal_id",
            sa.Integer(),
            sa.ForeignKey(
                "goals.id", ondelete="SET NULL", name="fk_goals_next_goal_id_goals"
            ),
            nullable=True,
        ),
        _pk("goals"),
    )
    _index("goals", "person_id")
    op.create_table(
        "profile_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        _person_id("profile_changes"),
        sa.Column("trait", sa.String(200), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("when", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _pk("profile_changes"),
    )
    _index("profile_changes", "person_id")
    op.create_table(
        "custom_traits",
        sa.Column("id", sa.Integer(), nullable=False),
        _goal_id("custom_traits"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("spec", sa.Text(), nullable=False),
        _pk("custom_traits"),
        sa.UniqueConstraint("goal_id", "name", name="uq_custom_traits_goal_id_name"),
    )
    _index("custom_traits", "goal_id")
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        _goal_id("evidence"),
        sa.Column("condition", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("have", sa.Integer(), nullable=True),
        sa.Column("of", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded", sa.Date(), nullable=True),
        _pk("evidence"),
    )
    _index("evidence", "goal_id")
    op.create_table(
        "routes",
        sa.Column("id", sa.Integer(), nullable=False),
        _goal_id("routes"),
        sa.Column("created", sa.Date(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        _pk("routes"),
    )
    _index("routes", "goal_id")
    op.create_table(
        "effort",
        sa.Column("id", sa.Integer(), nullable=False),
        _goal_id("effort"),
        sa.Column("action", sa.String(200), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("when", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _pk("effort"),
    )
    _index("effort", "goal_id")
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        _goal_id("attempts"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("applied", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("decided", sa.Date(), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=False),
        _pk("attempts"),
        sa.UniqueConstraint("goal_id", "name", name="uq_attempts_goal_id_name"),
    )
    _index("attempts", "goal_id")
    op.create_table(
        "supporters",
        sa.Column("id", sa.Integer(), nullable=False),
        _goal_id("supporters"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("contribution", sa.Text(), nullable=False),
        sa.Column("shares", sa.String(20), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        _pk("supporters"),
    )
    _index("supporters", "goal_id")
    op.create_table(
        "cohort_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        _person_id("cohort_imports"),
        sa.Column("template", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("columns", sa.Text(), nullable=False),
        sa.Column("rows", sa.Text(), nullable=False),
        sa.Column("imported", sa.Date(), nullable=False),
        _pk("cohort_imports"),
        sa.UniqueConstraint(
            "person_id",
            "template",
            "name",
            name="uq_cohort_imports_person_id_template_name",
        ),
    )
    _index("cohort_imports", "person_id")


def downgrade() -> None:
    for table in (
        "cohort_imports",
        "supporters",
        "attempts",
        "effort",
        "routes",
        "evidence",
        "custom_traits",
        "profile_changes",
        "goals",
        "people",
    ):
        op.drop_table(table)
