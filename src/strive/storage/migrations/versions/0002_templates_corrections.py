"""own templates stored with the goal; corrections to logged records

A goal made from a person's own template file keeps working wherever strive runs and
after the file moves, so the template (and its cohort CSV) is stored in the database.
Corrections (an edit or a deletion of a logged record) are kept as history, so that
progress and review can show them instead of silently rewriting the past. A person has
at most one active goal from now on (the others are paused): where an earlier strive
left several active, the newest stays active and the rest are paused.

Revision ID: 0002_templates_corrections
Revises: 0001_initial
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_templates_corrections"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stored_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey(
                "people.id",
                ondelete="CASCADE",
                name="fk_stored_templates_person_id_people",
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("toml", sa.Text(), nullable=False),
        sa.Column("cohort_file", sa.String(200), nullable=True),
        sa.Column("cohort_csv", sa.Text(), nullable=True),
        sa.Column("stored", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stored_templates"),
    )
    op.create_index("ix_stored_templates_person_id", "stored_templates", ["person_id"])
    with op.batch_alter_table("goals") as batch:
        batch.add_column(
            sa.Column(
                "template_id",
                sa.Integer(),
                sa.ForeignKey(
                    "stored_templates.id",
                    ondelete="RESTRICT",
                    name="fk_goals_template_id_stored_templates",
                ),
                nullable=True,
            )
        )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "goal_id",
            sa.Integer(),
            sa.ForeignKey(
                "goals.id", ondelete="CASCADE", name="fk_corrections_goal_id_goals"
            ),
            nullable=False,
        ),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(10), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("when", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_corrections"),
    )
    op.create_index("ix_corrections_goal_id", "corrections", ["goal_id"])
    op.execute(
        "UPDATE goals SET status = 'paused' WHERE status = 'active' AND id NOT IN "
        "(SELECT MAX(id) FROM goals WHERE status = 'active' GROUP BY person_id)"
    )


def downgrade() -> None:
    # 0001 knows no 'paused': those goals become active again (several may be).
    op.execute("UPDATE goals SET status = 'active' WHERE status = 'paused'")
    op.drop_table("corrections")
    with op.batch_alter_table("goals") as batch:
        batch.drop_column("template_id")
    op.drop_table("stored_templates")
