"""The sqlite3 read path (strive.storage.lite) against the ORM on the same file.

Every method of :class:`LiteUnit` must return what :class:`UnitOfWork` returns on
the same database, raise the same errors for another person's goal, and a route it
appends must read back through the ORM as written; and :func:`open_lite` must take
only a SQLite file at the newest schema and never create or change a file.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from strive.effort import EffortEntry
from strive.errors import NotFoundError, StateError
from strive.evidence import Evidence
from strive.goal import Goal, GoalStatus, Limits
from strive.profile import Change
from strive.storage import Store
from strive.storage.lite import LiteStore, open_lite
from strive.storage.records import StoredTemplate
from strive.traits import Kind, Trait, TraitSet

pytestmark = pytest.mark.sqlite_only(reason="the sqlite3 read path is SQLite's")

D = dt.date
NASA = "nasa-astronaut"


def _fill(store: Store) -> dict[str, int]:
    """Two people; for "me" two goals (one on a stored own template) with custom
    traits, evidence, effort and routes, profile changes and imported classes."""
    with store.unit() as uow:
        uow.add_change(Change("languages", frozenset({"spanish", "en"}), D(1985, 1, 1)))
        uow.add_change(Change("jet_pic_hours", 1500.5, D(2001, 1, 1), "logbook"))
        uow.add_change(Change("jet_pic_hours", 0.0, D(1985, 1, 1)))
        uow.add_change(Change("pilot_certificate", None, D(1999, 1, 1)))
        uow.add_cohort_import(
            NASA, "class of 2004", "nasa.gov", ["pilot_certificate"],
            [{"pilot_certificate": True, "name": "A", "year": 2004.0}], D(2004, 5, 6),
        )  # fmt: skip
        uow.add_cohort_import(
            "other", "class of 1990", "x", ["age"], [{"age": 30}], D(1990, 1, 1)
        )
        old = uow.add_goal(
            Goal("Astronaut", NASA, "see the Earth", D(2010, 1, 1),
                 Limits(12, 5000.0, None, 3), created=D(1985, 1, 1))
        )  # fmt: skip
        own = uow.add_goal(Goal("Own", "mine.toml", created=D(2011, 1, 1)))
        assert old.id is not None and own.id is not None
        st = uow.add_stored_template(
            StoredTemplate(
                "mine", "/x/mine.toml", "ab" * 32, 'name = "mine"', "c.csv", "a,b\n",
                D(2011, 1, 1),
            )
        )  # fmt: skip
        uow.set_goal_template(own.id, st.id)
        for goal_id in (old.id, own.id):
            uow.add_custom_trait(goal_id, Trait("knows_morse", Kind.BOOL, custom=True))
            uow.add_evidence(goal_id, Evidence("pilot_certificate", "bios", 9, 11))
            uow.add_evidence(
                goal_id, Evidence("languages>=3", "t", recorded=D(2001, 2, 2))
            )
            uow.add_effort(goal_id, EffortEntry("fly", 3.5, D(2001, 3, 1), "lesson"))
            uow.add_effort(goal_id, EffortEntry("read", 1.0, D(2000, 3, 1)))
            uow.save_route(goal_id, {"steps": [{"a": "pilot", "w": 3}]}, D(2001, 1, 1))
    with store.unit("someone else") as uow:
        theirs = uow.add_goal(Goal("Theirs", NASA))
        assert theirs.id is not None
    return {"old": old.id, "own": own.id, "theirs": theirs.id}


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    path = tmp_path / "strive.db"
    with Store.open(path) as store:
        ids = _fill(store)
    return path, ids


def _lite(path: Path) -> LiteStore:
    lite = open_lite(path)
    assert lite is not None
    return lite


def _both(path: Path, call: Callable[[Any], Any], person: str = "me") -> list[Any]:
    """``call`` on an ORM unit and on a lite unit of the same file: the results, or
    the error type and message of each."""
    out: list[Any] = []
    with Store.open(path) as store, store.unit(person, read=True) as uow:
        out.append(_outcome(call, uow))
    lite = _lite(path)
    try:
        with lite.unit(person) as unit:
            out.append(_outcome(call, unit))
    finally:
        lite.close()
    return out


def _outcome(call: Callable[[Any], Any], unit: Any) -> Any:
    try:
        return call(unit)
    except (NotFoundError, StateError) as exc:
        return (type(exc), str(exc))


TRAITS = TraitSet.of(
    (
        Trait("jet_pic_hours", Kind.NUMBER, minimum=0),
        Trait("languages", Kind.SET, categories=("spanish", "en", "ru")),
    )
)


@pytest.mark.parametrize("goal", ["old", "own", "theirs"])
@pytest.mark.parametrize(
    "method",
    ["get_goal", "goal_template", "custom_traits", "list_evidence", "list_effort"],
)
def test_every_goal_read_matches_the_orm(
    filled: tuple[Path, dict[str, int]], goal: str, method: str
) -> None:
    path, ids = filled
    orm, lite = _both(path, lambda u: getattr(u, method)(ids[goal]))
    assert lite == orm
    if goal == "theirs":  # another person's goal is not found, in both
        assert orm == (NotFoundError, f"there is no goal {ids['theirs']}")
    else:
        assert (orm and not isinstance(orm, tuple)) or method == "goal_template"


@pytest.mark.parametrize(
    "call",
    [
        lambda u: u.active_goal(),
        lambda u: u.profile(),
        lambda u: u.profile(TRAITS),
        lambda u: u.cohort_imports(),
        lambda u: u.cohort_imports(NASA),
        lambda u: u.cohort_imports("none"),
    ],
)
def test_person_reads_match_the_orm(
    filled: tuple[Path, dict[str, int]], call: Callable[[Any], Any]
) -> None:
    path, _ids = filled
    orm, lite = _both(path, call)
    assert lite == orm


def test_the_active_goal_and_profile_have_what_was_stored(
    filled: tuple[Path, dict[str, int]],
) -> None:
    path, ids = filled
    lite = _lite(path)
    with lite.unit() as unit:
        goal = unit.active_goal()
        profile = unit.profile(TRAITS)
        stored = unit.goal_template(ids["own"])
    lite.close()
    assert goal is not None and (goal.id, goal.title) == (ids["own"], "Own")
    assert goal.status is GoalStatus.ACTIVE
    assert [c.when for c in profile.changes] == sorted(c.when for c in profile.changes)
    assert stored is not None and stored.cohort_csv == "a,b\n"


def test_a_person_with_nothing_stored_has_no_active_goal(
    filled: tuple[Path, dict[str, int]],
) -> None:
    path, _ids = filled
    orm, lite = _both(path, lambda u: (u.active_goal(), u.profile().changes), "new")
    assert orm == lite == (None, ())


def test_a_route_saved_through_sqlite3_reads_back_through_the_orm(
    filled: tuple[Path, dict[str, int]],
) -> None:
    path, ids = filled
    doc = {"steps": [{"name": "José", "hours": 0.1, "n": 10**20}], "ok": True}
    lite = _lite(path)
    with lite.unit(read=False) as unit:
        route_id = unit.save_route(ids["old"], doc, D(2026, 1, 15))
    lite.close()
    with Store.open(path) as store, store.unit(read=True) as uow:
        assert uow.list_routes(ids["old"])[-1] == (D(2026, 1, 15), doc)
        assert uow.latest_route(ids["own"]) == {"steps": [{"a": "pilot", "w": 3}]}
    assert route_id > 0


def test_a_failed_save_writes_nothing(filled: tuple[Path, dict[str, int]]) -> None:
    path, ids = filled
    lite = _lite(path)
    with pytest.raises(NotFoundError), lite.unit(read=False) as unit:
        unit.save_route(ids["theirs"], {"a": 1}, D(2026, 1, 1))
    with pytest.raises(ValueError), lite.unit(read=False) as unit:
        unit.save_route(ids["old"], {"a": 1}, D(2026, 1, 1))
        raise ValueError("after the insert: rolled back")
    lite.close()
    with sqlite3.connect(path) as conn:  # only _fill's two routes
        assert conn.execute("SELECT COUNT(*) FROM routes").fetchone() == (2,)


def test_a_unit_cannot_be_used_after_it_ends(
    filled: tuple[Path, dict[str, int]],
) -> None:
    path, _ids = filled
    lite = _lite(path)
    with lite.unit() as unit:
        pass
    with pytest.raises(StateError, match="has ended"):
        unit.active_goal()
    lite.close()


def test_only_a_sqlite_file_at_the_newest_schema_is_read_lite(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    assert open_lite(missing) is None
    assert not missing.exists()  # never created
    assert open_lite(":memory:") is None
    assert open_lite(f"sqlite:///{tmp_path / 'x.db'}") is None
    assert open_lite("postgresql://u@localhost/db") is None
    assert open_lite(tmp_path) is None  # a folder
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    assert open_lite(text) is None
    assert text.read_text() == "not a database"
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE things (id INTEGER)")
    assert open_lite(other) is None
    older = tmp_path / "older.db"
    Store.open(older).close()
    at_head = open_lite(older)
    assert isinstance(at_head, LiteStore)
    at_head.close()
    with sqlite3.connect(older) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0006_x'")
    assert open_lite(older) is None
