"""Deleting an account removes every row it owns and nothing of anyone else's.

"Owns" is computed from the reflected schema (tests/storage/db_rows.py), so a table
or foreign key added later is checked without changing this test. On SQLite and
PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import String, Text, select
from tests.storage.db_rows import owned, reflect, rows_by_id

from strive.attempts import Attempt, Outcome
from strive.corrections import ChangeKind, Correction, RecordKind
from strive.effort import EffortEntry
from strive.errors import InputError, NotFoundError
from strive.evidence import Evidence
from strive.goal import Goal, GoalStatus
from strive.profile import Change
from strive.sharing.model import Role
from strive.sharing.service import Circle
from strive.storage import Store
from strive.storage.models import AccountRow
from strive.storage.ownership import delete_account_by_email
from strive.supporters import Supporter
from strive.traits import Kind, Trait
from strive.web import accounts

D = dt.date
NASA = "nasa-astronaut"
PASSWORD = "correct horse battery"
GONE = ("zed@example.org", "Zed Deleteme")
KEPT = ("bea@example.org", "Bea Keeper")


def _journey(store: Store, person: str, title: str) -> int:
    """Every kind of owned record for ``person``; returns the first goal's id."""
    with store.unit(person) as uow:
        uow.add_change(Change("jet_pic_hours", 10.0, D(2001, 1, 1), "logbook"))
        uow.add_cohort_import(
            NASA,
            f"class of {title}",
            "nasa.gov",
            ["pilot_certificate"],
            [{"pilot_certificate": True}],
            D(2004, 5, 6),
        )
        goal = uow.add_goal(Goal(title, NASA, created=D(2001, 1, 1)))
        later = uow.add_goal(
            Goal(
                f"{title} later", NASA, status=GoalStatus.PAUSED, created=D(2001, 1, 2)
            )
        )
        assert goal.id is not None and later.id is not None
        uow.update_goal(Goal(**{**goal.__dict__, "next_goal": later.id}))
        uow.add_custom_trait(goal.id, Trait("knows_morse", Kind.BOOL, custom=True))
        uow.add_evidence(goal.id, Evidence("pilot_certificate", "bios", 9, 11))
        uow.save_route(goal.id, {"steps": []}, D(2001, 1, 1))
        uow.add_effort(goal.id, EffortEntry("private_pilot", 1.0, D(2001, 2, 1)))
        entry = uow.add_effort(
            goal.id, EffortEntry("private_pilot", 2.0, D(2001, 3, 1))
        )
        uow.add_attempt(goal.id, Attempt("NASA 2001", D(2001, 1, 1), Outcome.REJECTED))
        uow.add_supporter(goal.id, Supporter("Dad", "father"))
        assert entry.id is not None
        uow.delete_record(goal.id, RecordKind.EFFORT, entry.id)
        uow.add_correction(
            goal.id,
            Correction(
                RecordKind.EFFORT,
                entry.id,
                ChangeKind.DELETE,
                {"hours": 2.0},
                None,
                D(2001, 3, 2),
            ),
        )
        return goal.id


@pytest.fixture
def two(store: Store) -> Iterator[dict[str, Any]]:
    """Two accounts with data, each supporting the other's goal, with notes,
    a question and its answer, sessions, failed logins and audit events."""
    gone = accounts.sign_up(store, GONE[0], PASSWORD, GONE[1])
    kept = accounts.sign_up(store, KEPT[0], PASSWORD, KEPT[1])
    gone_goal = _journey(store, gone.person, "Fly")
    kept_goal = _journey(store, kept.person, "Dive")
    for email in (GONE[0], KEPT[0]):
        with pytest.raises(InputError):
            accounts.log_in(store, email, "wrong password!", "10.0.0.9")
        accounts.log_in(store, email, PASSWORD, "10.0.0.9")
        with pytest.raises(InputError):
            accounts.log_in(store, email, "wrong again!!", "10.0.0.9")
    circle = Circle(store)
    gone_v, kept_v = circle.account_viewer(gone.id), circle.account_viewer(kept.id)
    # Bea supports Zed's goal: her grant and her note go with Zed's goal.
    coach, token = circle.invite(gone_v, gone_goal, Role.FAMILY, "Coach B")
    circle.accept(token, kept.id)
    circle.note(kept_v, gone_goal, "you can do it")
    asked = circle.ask_strategic_question(gone_v, gone_goal, None, [coach.supporter_id])
    circle.answer(kept_v, asked.id or 0, "a degree")
    # Zed supports Bea's goal: his note and answer there are Bea's to keep.
    inv, token = circle.invite(kept_v, kept_goal, Role.FAMILY, "Helper Z")
    grant = circle.accept(token, gone.id)
    circle.note(gone_v, kept_goal, "keep going")
    question = circle.ask_strategic_question(
        kept_v, kept_goal, "NASA 2001", [inv.supporter_id]
    )
    assert question.id is not None
    circle.answer(gone_v, question.id, "more flight hours")
    circle.change_grant(kept_v, grant.id or 0, [])
    yield {"gone": gone, "kept": kept, "store": store}


def _text_columns(engine: Any) -> Iterator[tuple[Any, Any]]:
    for table in reflect(engine).tables.values():
        for column in table.c:
            if isinstance(column.type, String | Text):
                yield table, column


def test_deleting_an_account_leaves_no_row_of_it(two: dict[str, Any]) -> None:
    store: Store = two["store"]
    engine = store.engine
    gone, kept = two["gone"], two["kept"]
    gone_roots = {"people": {gone.person_id}, "accounts": {gone.id}}
    kept_roots = {"people": {kept.person_id}, "accounts": {kept.id}}
    mine = owned(engine, gone_roots)
    theirs = owned(engine, kept_roots)
    only_theirs = {t: ids - mine[t] for t, ids in theirs.items()}
    theirs_before = rows_by_id(engine, only_theirs)
    # The fixture really made rows of every kind the issue lists.
    for table in (
        "goals",
        "profile_changes",
        "effort",
        "attempts",
        "evidence",
        "sessions",
        "grants",
        "invitations",
        "inbox_items",
        "strategic_questions",
        "corrections",
        "audit_events",
    ):
        assert mine[table], table

    done = delete_account_by_email(store, "  ZED@example.org ")
    assert done.email == GONE[0] and done.person == GONE[1]

    meta = reflect(engine)
    with engine.connect() as conn:
        for name, table in meta.tables.items():
            if mine.get(name):
                (key,) = table.primary_key.columns
                left = conn.scalars(select(key).where(key.in_(mine[name]))).all()
                assert left == [], f"{name} still holds {left}"
            for fk in table.foreign_keys:
                target = mine.get(fk.column.table.name)
                if target:
                    hits = conn.execute(
                        select(table).where(fk.parent.in_(target))
                    ).all()
                    assert hits == [], f"{name}.{fk.parent.name} -> deleted rows"
            for column in table.c:
                if column.name.endswith("person_id"):
                    hit = conn.scalar(select(column).where(column == gone.person_id))
                    assert hit is None, f"{name}.{column.name}"
                if column.name.endswith("account_id"):
                    hit = conn.scalar(select(column).where(column == gone.id))
                    assert hit is None, f"{name}.{column.name}"
        for table, column in _text_columns(engine):
            for needle in (GONE[0], GONE[1]):
                hit = conn.scalar(
                    select(column).where(column.contains(needle, autoescape=True))
                )
                assert hit is None, f"{table.name}.{column.name} holds {needle!r}"
        # The other account: every row it owned alone is still there, unchanged
        # except for links to deleted rows, which are NULL now.
        after = rows_by_id(engine, only_theirs)
        for name, rows in theirs_before.items():
            assert after[name].keys() == rows.keys(), name
            fks = {
                fk.parent.name: fk.column.table.name
                for fk in meta.tables[name].foreign_keys
            }
            for key, row in rows.items():
                for column, value in row.items():
                    new = after[name][key][column]
                    if column in fks and value in mine.get(fks[column], set()):
                        assert new is None, f"{name}.{column}"
                    else:
                        assert new == value, f"{name}.{column}"
        # Zed's note and answer on Bea's goal are Bea's now, unlinked from him.
        kept_items = conn.execute(
            select(
                meta.tables["inbox_items"].c.text, meta.tables["inbox_items"].c.grant_id
            )
        ).all()
        assert sorted(kept_items) == [("keep going", None), ("more flight hours", None)]
        assert conn.scalar(select(AccountRow.email)) == KEPT[0]


def test_a_counted_summary_and_an_unknown_email(two: dict[str, Any]) -> None:
    store: Store = two["store"]
    done = delete_account_by_email(store, GONE[0])
    assert done.rows["accounts"] == 1 and done.rows["people"] == 1
    assert done.rows["goals"] == 2 and done.rows["sessions"] == 1
    assert done.to_json()["rows"]["accounts"] == 1
    with pytest.raises(NotFoundError):
        delete_account_by_email(store, GONE[0])
    # Bea can still log in and read her goals.
    _token, session = accounts.log_in(store, KEPT[0], PASSWORD, "10.0.0.9")
    with store.unit(session.account.person) as uow:
        assert [g.title for g in uow.list_goals()] == ["Dive", "Dive later"]
