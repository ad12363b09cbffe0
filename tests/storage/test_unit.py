"""Round trips through a unit of work, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from strive.attempts import Attempt, Outcome
from strive.effort import EffortEntry
from strive.errors import DataImportError, InputError, NotFoundError, StateError
from strive.evidence import Evidence
from strive.goal import Goal, GoalStatus, Limits
from strive.profile import Change
from strive.storage import CohortImport, Store
from strive.storage.store import SCHEMA_HEAD
from strive.supporters import Share, Supporter
from strive.traits import Kind, Mutability, Trait, TraitSet

D = dt.date


def _goal(store: Store, title: str = "Fly to space") -> int:
    with store.unit() as uow:
        goal_id = uow.add_goal(Goal(title, "nasa", created=D(1990, 1, 1))).id
    assert goal_id is not None
    return goal_id


def test_goal_round_trip(store: Store) -> None:
    goal = Goal(
        "Fly to space",
        "nasa",
        why="to see the Earth",
        target_date=D(2004, 5, 1),
        limits=Limits(hours_per_week=12.5, money=20000, months_away=3, max_parallel=3),
        created=D(1989, 6, 1),
    )
    with store.unit() as uow:
        saved = uow.add_goal(goal)
    assert saved.id is not None and saved == replace(goal, id=saved.id)
    with store.unit() as uow:
        assert uow.get_goal(saved.id) == saved
        assert uow.list_goals() == [saved]
        assert uow.active_goal() == saved


def test_update_goal_and_next_goal(store: Store) -> None:
    first = _goal(store, "Astronaut")
    second = _goal(store, "Teach")
    with store.unit() as uow:
        closed = uow.get_goal(first).close(GoalStatus.ACHIEVED, "flew", D(2009, 8, 28))
        uow.update_goal(replace(closed, next_goal=second))
    with store.unit() as uow:
        got = uow.get_goal(first)
        assert got.status is GoalStatus.ACHIEVED and got.status_reason == "flew"
        assert got.status_date == D(2009, 8, 28) and got.next_goal == second
        assert uow.active_goal() == uow.get_goal(second)
        with pytest.raises(NotFoundError):
            uow.update_goal(replace(got, next_goal=999))
        with pytest.raises(StateError, match="no id"):
            uow.update_goal(Goal("x", "nasa"))


def test_active_goal_is_none_without_goals(store: Store) -> None:
    with store.unit() as uow:
        assert uow.active_goal() is None
        assert uow.list_goals() == []
        with pytest.raises(NotFoundError, match="no goal 7"):
            uow.get_goal(7)


def test_people_do_not_see_each_other(store: Store) -> None:
    mine = _goal(store)
    with store.unit("someone else") as uow:
        assert uow.list_goals() == []
        with pytest.raises(NotFoundError):
            uow.get_goal(mine)
        with pytest.raises(NotFoundError):
            uow.list_attempts(mine)


def test_profile_round_trip(store: Store) -> None:
    langs = Trait("languages", Kind.SET)
    hours = Trait("flight_hours", Kind.NUMBER, unit="h")
    pilot = Trait("pilot", Kind.BOOL)
    degree = Trait("degree", Kind.LEVEL, levels=("bachelor", "master"))
    changes = [
        Change("flight_hours", 1000.0, D(2001, 1, 1), "logbook"),
        Change("languages", frozenset({"spanish", "english"}), D(2000, 1, 1)),
        Change("pilot", True, D(2001, 1, 1)),
        Change("degree", "master", D(1996, 5, 1)),
        Change("pilot", None, D(2001, 1, 1), "unsure"),
        Change("shoe_size", 9.5, D(1999, 1, 1)),
    ]
    with store.unit() as uow:
        for change in changes:
            uow.add_change(change)
    with store.unit() as uow:
        profile = uow.profile(TraitSet.of([langs, hours, pilot, degree]))
        raw = uow.profile()
    expected = sorted(changes, key=lambda c: c.when)  # stable: insertion order kept
    assert list(profile.changes) == expected
    assert list(raw.changes) == expected
    assert profile.value(langs) == frozenset({"english", "spanish"})
    assert isinstance(profile.value(hours), float)
    assert profile.value(pilot) is None  # the later change of the same day wins


def test_a_stored_value_that_no_longer_fits_its_trait(store: Store) -> None:
    with store.unit() as uow:
        uow.add_change(Change("degree", "phd", D(2000, 1, 1)))
    degree = Trait("degree", Kind.LEVEL, levels=("bachelor", "master"))
    with store.unit() as uow, pytest.raises(InputError, match="profile value"):
        uow.profile(TraitSet.of([degree]))


def test_profile_refuses_values_that_are_not_trait_values(store: Store) -> None:
    with store.unit() as uow, pytest.raises(InputError, match="finite"):
        uow.add_change(Change("x", float("nan"), D(2000, 1, 1)))


def test_custom_traits_round_trip(store: Store) -> None:
    goal_id = _goal(store)
    traits = [
        Trait("pilot_certificate", Kind.BOOL, custom=True, description="FAA private"),
        Trait(
            "diving",
            Kind.LEVEL,
            levels=("none", "open_water", "advanced"),
            mutability=Mutability.GROW_ONLY,
            custom=True,
        ),
        Trait("jet_hours", Kind.NUMBER, unit="h", minimum=0, maximum=5000),
    ]
    with store.unit() as uow:
        for trait in traits:
            uow.add_custom_trait(goal_id, trait)
    with store.unit() as uow:
        got = uow.custom_traits(goal_id)
        assert [t.describe() for t in got] == [t.describe() for t in traits]
        assert got[1].levels == traits[1].levels and got[0].custom
        with pytest.raises(InputError, match="already has a custom trait 'diving'"):
            uow.add_custom_trait(goal_id, traits[1])


def test_evidence_round_trip(store: Store) -> None:
    goal_id = _goal(store)
    items = [
        Evidence("pilot_certificate", "NASA bios 2004", 9, 11, "most", D(2002, 1, 1)),
        Evidence("languages>=3", "conversation with a selected astronaut"),
    ]
    with store.unit() as uow:
        saved = [uow.add_evidence(goal_id, e) for e in items]
    with store.unit() as uow:
        assert uow.list_evidence(goal_id) == saved
    assert [replace(s, id=None) for s in saved] == items


def test_routes_keep_history(store: Store) -> None:
    goal_id = _goal(store)
    with store.unit() as uow:
        assert uow.latest_route(goal_id) is None
        uow.save_route(goal_id, {"actions": ["pilot"], "cost": 1.5}, D(2001, 1, 1))
        uow.save_route(
            goal_id, {"actions": ["dive"], "nested": {"a": [1, None]}}, D(2002, 1, 1)
        )
        uow.save_route(goal_id, {"actions": []}, D(2000, 1, 1))
    with store.unit() as uow:
        assert uow.latest_route(goal_id) == {
            "actions": ["dive"],
            "nested": {"a": [1, None]},
        }
        assert [d for d, _ in uow.list_routes(goal_id)] == [
            D(2000, 1, 1),
            D(2001, 1, 1),
            D(2002, 1, 1),
        ]
        with pytest.raises(InputError, match="not plain JSON"):
            uow.save_route(goal_id, {"when": D(2000, 1, 1)}, D(2000, 1, 1))


def test_effort_round_trip(store: Store) -> None:
    goal_id = _goal(store)
    entries = [
        EffortEntry("pilot_licence", 2.5, D(2001, 3, 2), "ground school"),
        EffortEntry("diving", 4, D(2001, 3, 1)),
    ]
    with store.unit() as uow:
        saved = [uow.add_effort(goal_id, e) for e in entries]
    with store.unit() as uow:
        assert uow.list_effort(goal_id) == [saved[1], saved[0]]


def test_attempts_round_trip(store: Store) -> None:
    goal_id = _goal(store)
    with store.unit() as uow:
        later = uow.add_attempt(goal_id, Attempt("NASA 1992", D(1991, 6, 1)))
        first = uow.add_attempt(goal_id, Attempt("NASA 1990", D(1989, 6, 1)))
        with pytest.raises(InputError, match="attempt 'NASA 1990' already exists"):
            uow.add_attempt(goal_id, Attempt("NASA 1990", D(1989, 7, 1)))
    with store.unit() as uow:
        assert uow.list_attempts(goal_id) == [first, later]
        assert uow.get_attempt(goal_id, "NASA 1992") == later
        assert later.id is not None
        assert uow.get_attempt(goal_id, later.id) == later
        assert uow.get_attempt(goal_id, str(later.id)) == later
        with pytest.raises(NotFoundError, match="no attempt 'NASA 2030'"):
            uow.get_attempt(goal_id, "NASA 2030")
        rejected = first.with_result(Outcome.REJECTED, D(1990, 3, 1), "try again")
        uow.update_attempt(rejected)
        with pytest.raises(InputError, match="already exists"):
            uow.update_attempt(replace(later, name="NASA 1990"))
    with store.unit() as uow:
        assert uow.get_attempt(goal_id, "NASA 1990") == rejected


def test_attempt_names_are_unique_per_goal_only(store: Store) -> None:
    one, two = _goal(store, "one"), _goal(store, "two")
    with store.unit() as uow:
        uow.add_attempt(one, Attempt("2004", D(2003, 1, 1)))
        uow.add_attempt(two, Attempt("2004", D(2003, 1, 1)))
        with pytest.raises(NotFoundError):
            uow.get_attempt(two, uow.get_attempt(one, "2004").id or 0)


def test_supporters_round_trip(store: Store) -> None:
    goal_id = _goal(store)
    people = [
        Supporter("Dad", "father", "the recipe", Share.EVERYTHING, D(1972, 1, 1)),
        Supporter("Miss Young", "teacher"),
    ]
    with store.unit() as uow:
        saved = [uow.add_supporter(goal_id, s) for s in people]
    with store.unit() as uow:
        assert uow.list_supporters(goal_id) == saved


def test_cohort_imports_round_trip(store: Store) -> None:
    rows: list[dict[str, Any]] = [
        {"pilot": True, "flight_hours": 1200.0, "languages": ["english"], "name": "A"},
        {"pilot": None, "flight_hours": 3.25, "languages": [], "year": 2004.0},
    ]
    with store.unit() as uow:
        cid = uow.add_cohort_import(
            "nasa", "2004 class", "nasa.gov", ["pilot", "flight_hours", "languages"],
            rows, D(2004, 5, 6),
        )  # fmt: skip
        with pytest.raises(DataImportError, match="already imported"):
            uow.add_cohort_import("nasa", "2004 class", "x", [], [], D(2004, 5, 6))
        uow.add_cohort_import("esa", "2004 class", "esa.int", [], [], D(2004, 5, 6))
    with store.unit() as uow:
        assert uow.cohort_imports("nasa") == [
            CohortImport(
                "nasa", "2004 class", "nasa.gov",
                ("pilot", "flight_hours", "languages"), tuple(rows), D(2004, 5, 6),
                id=cid,
            )
        ]  # fmt: skip
        assert len(uow.cohort_imports()) == 2


def test_a_failing_unit_writes_nothing(store: Store) -> None:
    goal_id = _goal(store)
    with pytest.raises(RuntimeError), store.unit() as uow:
        uow.add_goal(Goal("half", "nasa"))
        uow.add_attempt(goal_id, Attempt("NASA 1996", D(1995, 1, 1)))
        uow.add_change(Change("pilot", True, D(1995, 1, 1)))
        uow.add_cohort_import("nasa", "c", "s", [], [], D(1995, 1, 1))
        raise RuntimeError("the command failed half-way")
    with store.unit() as uow:
        assert [g.title for g in uow.list_goals()] == ["Fly to space"]
        assert uow.list_attempts(goal_id) == []
        assert uow.profile().changes == ()
        assert uow.cohort_imports() == []


def test_a_unit_cannot_be_used_after_its_block(store: Store) -> None:
    with store.unit() as uow:
        pass
    with pytest.raises(StateError, match="ended"):
        uow.list_goals()


def test_a_person_needs_a_name(store: Store) -> None:
    with pytest.raises(InputError), store.unit("  "):
        pass


def test_blank_names_are_refused(store: Store) -> None:
    """Whatever import refuses as blank, the unit refuses too (round trips hold)."""
    goal_id = _goal(store)
    day = D(2000, 1, 1)
    with store.unit() as uow:
        for write in (
            lambda: uow.add_goal(Goal(" ", "nasa")),
            lambda: uow.add_change(Change(" ", True, day)),
            lambda: uow.add_effort(goal_id, EffortEntry("", 1, day)),
            lambda: uow.add_attempt(goal_id, Attempt(" ", day)),
            lambda: uow.add_evidence(goal_id, Evidence(" ", "source")),
            lambda: uow.add_supporter(goal_id, Supporter("", "teacher")),
            lambda: uow.add_cohort_import(" ", "name", "s", [], [], day),
        ):
            with pytest.raises(InputError, match="must not be blank"):
                write()


def test_concurrent_writers_all_succeed(db_url: str) -> None:
    """Separate stores (as separate processes would) migrating and writing at once."""
    from concurrent.futures import ThreadPoolExecutor

    def write(worker: int) -> None:
        with Store.open(db_url) as mine:
            for n in range(15):
                with mine.unit() as uow:
                    uow.list_goals()  # read first: a deferred BEGIN would fail here
                    uow.add_goal(Goal(f"{worker}-{n}", "nasa"))

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, range(4)))
    with Store.open(db_url) as store, store.unit() as uow:
        assert len(uow.list_goals()) == 60


def test_updating_someone_elses_attempt_is_not_found(store: Store) -> None:
    goal_id = _goal(store)
    with store.unit() as uow:
        attempt = uow.add_attempt(goal_id, Attempt("NASA 1996", D(1995, 1, 1)))
    with store.unit("other") as uow, pytest.raises(NotFoundError, match="no attempt"):
        uow.update_attempt(replace(attempt, feedback="mine now"))


def test_reading_elsewhere_during_a_unit_does_not_wait(sqlite_store: Store) -> None:
    """A read that queued behind the unit's write lock would wait the whole busy
    timeout (10 s; this thread holds the lock until the read returns) and then
    fail with "database is locked"; half of it tells a wait from a slow machine
    (a 1-s bound could fail on a loaded CI machine without a bug)."""
    import time

    with sqlite_store.engine.connect() as conn:
        busy_ms = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert busy_ms == 10_000
    with sqlite_store.unit() as uow:
        uow.add_goal(Goal("Fly", "nasa"))
        began = time.perf_counter()
        assert sqlite_store.revision() == SCHEMA_HEAD
        assert time.perf_counter() - began < busy_ms / 1000 / 2


@pytest.mark.parametrize("number", [2.8451024107384774e-299, 1e308, 0.1 + 0.2, -0.0])
def test_numbers_round_trip_exactly(store: Store, number: float) -> None:
    """Found by the export property test: SQLite's numeric affinity on a JSON column
    turned a stored number into a REAL with fewer digits."""
    trait = Trait("x", Kind.NUMBER)
    with store.unit() as uow:
        uow.add_change(Change("x", number, D(2000, 1, 1)))
    with store.unit() as uow:
        value = uow.profile(TraitSet.of([trait])).value(trait)
    assert value == number and repr(value) == repr(number)
