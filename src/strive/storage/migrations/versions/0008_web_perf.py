"""stamps: a random token per person that every write of the goal's inputs changes

``people.context_stamp`` changes on every insert, update or delete of the rows a
goal's context is read from (goals, profile changes, custom traits, evidence,
cohort imports, stored templates); ``people.effort_stamp`` on every write of effort
entries. The web app's per-process result cache (:mod:`strive.web.memo`) keys the
gap report and the route on them, so a write by another worker, the CLI or any SQL
client invalidates it from the next request.

Database triggers set them, so no writer can forget to; the value is random, not a
counter, so restoring an older backup cannot bring back a stamp that already names
other data. Existing people start at a random stamp too.

Revision ID: 0008_web_perf
Revises: 0007_versions
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_web_perf"
down_revision = "0007_versions"
branch_labels = None
depends_on = None

STAMPED = {
    # table: (stamp column, "person" if it has person_id, "goal" if goal_id)
    "goals": ("context_stamp", "person"),
    "profile_changes": ("context_stamp", "person"),
    "cohort_imports": ("context_stamp", "person"),
    "stored_templates": ("context_stamp", "person"),
    "custom_traits": ("context_stamp", "goal"),
    "evidence": ("context_stamp", "goal"),
    "effort": ("effort_stamp", "goal"),
}
"""Which writes change which stamp; tests/storage/test_stamps.py writes each table."""

OPS = ("INSERT", "UPDATE", "DELETE")

PG_FUNCTION = """
CREATE FUNCTION strive_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_ARGV[1] = 'person' THEN
        IF TG_OP = 'INSERT' THEN
            ids := ARRAY[NEW.person_id];
        ELSIF TG_OP = 'DELETE' THEN
            ids := ARRAY[OLD.person_id];
        ELSE
            ids := ARRAY[OLD.person_id, NEW.person_id];
        END IF;
    ELSE
        IF TG_OP = 'INSERT' THEN
            ids := ARRAY(SELECT person_id FROM goals WHERE id = NEW.goal_id);
        ELSIF TG_OP = 'DELETE' THEN
            ids := ARRAY(SELECT person_id FROM goals WHERE id = OLD.goal_id);
        ELSE
            ids := ARRAY(SELECT person_id FROM goals
                         WHERE id IN (OLD.goal_id, NEW.goal_id));
        END IF;
    END IF;
    EXECUTE format(
        'UPDATE people SET %I = (random() * 9e18)::bigint WHERE id = ANY($1)',
        TG_ARGV[0]
    ) USING ids;
    RETURN NULL;
END
$$
"""


def _sqlite_where(key: str, op_name: str) -> str:
    """The people rows a SQLite row trigger stamps (old and new owner on update)."""
    rows = {"INSERT": ("NEW",), "DELETE": ("OLD",), "UPDATE": ("OLD", "NEW")}[op_name]
    if key == "person":
        return "id IN (" + ", ".join(f"{r}.person_id" for r in rows) + ")"
    goals = ", ".join(f"{r}.goal_id" for r in rows)
    # Only this module's constant names go into the SQL (no input): B608 is moot.
    return f"id IN (SELECT person_id FROM goals WHERE id IN ({goals}))"  # nosec B608


def _name(table: str, op_name: str) -> str:
    return f"strive_stamp_{table}_{op_name.lower()}"


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        for column in ("context_stamp", "effort_stamp"):
            batch.add_column(
                sa.Column(column, sa.BigInteger(), nullable=False, server_default="0")
            )
    postgres = op.get_bind().dialect.name == "postgresql"
    random = "(random() * 9e18)::bigint" if postgres else "random()"
    stamps = f"context_stamp = {random}, effort_stamp = {random}"
    op.execute(f"UPDATE people SET {stamps}")  # nosec B608: constants only
    if postgres:
        op.execute(PG_FUNCTION)
    for table, (column, key) in STAMPED.items():
        for op_name in OPS:
            if postgres:
                op.execute(
                    f"CREATE TRIGGER {_name(table, op_name)} AFTER {op_name} ON "
                    f"{table} FOR EACH ROW EXECUTE FUNCTION "
                    f"strive_stamp('{column}', '{key}')"
                )
            else:
                op.execute(
                    f"CREATE TRIGGER {_name(table, op_name)} AFTER {op_name} ON "  # nosec B608
                    f"{table} FOR EACH ROW BEGIN UPDATE people SET {column} = "
                    f"random() WHERE {_sqlite_where(key, op_name)}; END"
                )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in STAMPED:
        for op_name in OPS:
            on = f" ON {table}" if postgres else ""
            op.execute(f"DROP TRIGGER IF EXISTS {_name(table, op_name)}{on}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS strive_stamp()")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("effort_stamp")
        batch.drop_column("context_stamp")
