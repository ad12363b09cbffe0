"""Export and import: lossless round trips, and every bad document refused."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strive.attempts import Attempt, Outcome
from strive.effort import EffortEntry
from strive.errors import DataImportError
from strive.evidence import Evidence
from strive.goal import Goal, GoalStatus, Limits
from strive.profile import Change
from strive.storage import Store
from strive.storage.export import VERSION
from strive.supporters import Share, Supporter
from strive.traits import Kind, Trait

D = dt.date
NASA = "nasa-astronaut"
GRAD = "graduate-admissions"


def _fill(store: Store) -> None:
    """José's journey in miniature: every kind of record, two goals linked."""
    with store.unit() as uow:
        uow.add_change(
            Change("languages", frozenset({"spanish", "english"}), D(1985, 1, 1))
        )
        uow.add_change(Change("jet_pic_hours", 0.0, D(1985, 1, 1)))
        uow.add_change(Change("jet_pic_hours", 1500.5, D(2001, 1, 1), "logbook"))
        uow.add_change(Change("pilot_certificate", None, D(1999, 1, 1)))
        uow.add_cohort_import(
            NASA, "class of 2004", "nasa.gov", ["pilot_certificate"],
            [{"pilot_certificate": True, "name": "A", "year": 2004.0}], D(2004, 5, 6),
        )  # fmt: skip
        astro = uow.add_goal(
            Goal("Astronaut", NASA, "see the Earth", D(2010, 1, 1),
                 Limits(12, 5000.0, None, 3), created=D(1985, 1, 1))
        )  # fmt: skip
        teach = uow.add_goal(Goal("Teach", GRAD, created=D(2011, 1, 1)))
        assert astro.id is not None and teach.id is not None
        closed = astro.close(GoalStatus.ACHIEVED, "selected 2004", D(2004, 5, 6))
        uow.update_goal(Goal(**{**closed.__dict__, "next_goal": teach.id}))
        uow.add_custom_trait(
            astro.id, Trait("knows_a_third_language", Kind.BOOL, custom=True)
        )
        uow.add_evidence(astro.id, Evidence("pilot_certificate", "bios", 9, 11))
        uow.add_evidence(
            astro.id, Evidence("languages>=3", "talk", recorded=D(2001, 2, 2))
        )
        uow.save_route(astro.id, {"steps": [{"a": "pilot", "w": 3}]}, D(2001, 1, 1))
        uow.save_route(astro.id, {"steps": []}, D(2002, 1, 1))
        uow.add_effort(
            astro.id, EffortEntry("private_pilot", 3.5, D(2001, 3, 1), "lesson")
        )
        for year in range(1990, 2002):
            outcome = Outcome.SELECTED if year == 2001 else Outcome.REJECTED
            uow.add_attempt(
                astro.id,
                Attempt(f"NASA {year}", D(year, 1, 1), outcome, D(year, 6, 1), "no"),
            )
        uow.add_attempt(teach.id, Attempt("school", D(2011, 2, 1)))
        uow.add_supporter(
            astro.id, Supporter("Dad", "father", "recipe", Share.EVERYTHING)
        )


def _dump(doc: dict[str, Any]) -> str:
    return json.dumps(doc, sort_keys=True, allow_nan=False)


def test_export_import_export_is_identical(
    store: Store, another_db: Callable[[str], Any]
) -> None:
    _fill(store)
    with store.unit() as uow:
        first = uow.export_all()
    assert first["strive_export"] == VERSION
    text = json.dumps(first)  # plain JSON
    with Store.open(another_db("copy.db")) as fresh:
        with fresh.unit() as uow:
            uow.import_all(json.loads(text))
        with fresh.unit() as uow:
            second = uow.export_all()
            assert uow.get_goal(1).next_goal == 2
    assert _dump(second) == _dump(first)


def test_import_into_postgres_and_back(store: Store, tmp_path: Path) -> None:
    """Whatever the backend of ``store``, a SQLite copy exports the same."""
    with Store.open(tmp_path / "source.db") as source:
        _fill(source)
        with source.unit() as uow:
            doc = uow.export_all()
    with store.unit() as uow:
        uow.import_all(doc)
    with store.unit() as uow:
        assert _dump(uow.export_all()) == _dump(doc)


def test_importing_into_another_person(sqlite_store: Store) -> None:
    _fill(sqlite_store)
    with sqlite_store.unit() as uow:
        doc = uow.export_all()
    with sqlite_store.unit("copy") as uow:
        uow.import_all(doc)
    with sqlite_store.unit("copy") as uow:
        again = uow.export_all()
    assert again["people"][0]["name"] == "copy"
    again["people"][0]["name"] = "me"
    assert _dump(again) == _dump(doc)


def test_importing_into_a_person_with_data_is_refused(sqlite_store: Store) -> None:
    _fill(sqlite_store)
    with sqlite_store.unit() as uow:
        doc = uow.export_all()
    with (
        sqlite_store.unit() as uow,
        pytest.raises(DataImportError, match="already has"),
    ):
        uow.import_all(doc)


def test_a_caught_import_error_still_writes_nothing(sqlite_store: Store) -> None:
    _fill(sqlite_store)
    with sqlite_store.unit() as uow:
        doc = uow.export_all()
    doc["people"][0]["goals"][1]["attempts"].append(
        {"name": "school", "applied": "2012-01-01"}
    )
    with sqlite_store.unit("fresh") as uow:
        with pytest.raises(DataImportError):
            uow.import_all(doc)
        assert uow.is_empty()


# --- bad documents ------------------------------------------------------------------

Edit = Callable[[dict[str, Any]], None]


def _walk(doc: Any, path: str) -> tuple[Any, Any]:
    """The container and key at a dotted path such as ``people.0.goals``."""
    *parents, last = path.split(".")
    node = doc
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    return node, int(last) if last.isdigit() else last


def put(path: str, value: Any) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        node, key = _walk(doc, path)
        node[key] = value

    return edit


def drop(path: str) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        node, key = _walk(doc, path)
        del node[key]

    return edit


def repeat(path: str) -> Edit:
    """Append a copy of the list item at ``path`` to its list."""

    def edit(doc: dict[str, Any]) -> None:
        node, key = _walk(doc, path)
        node.append(copy.deepcopy(node[key]))

    return edit


def replace_doc(new: Any) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        doc.clear()
        doc.update(new)

    return edit


G0 = "people.0.goals.0"
P0 = "people.0"
BAD: list[tuple[str, Edit, str]] = [
    ("version", put("strive_export", 2), r"^strive_export: unknown export version 2"),
    ("no version", drop("strive_export"), r"^strive_export: missing"),
    ("bool version", put("strive_export", True), "unknown export version True"),
    ("no people", put("people", []), r"^people: expected a list"),
    ("person not object", put("people.0", "me"), r"^people\[0\]: expected an object"),
    (
        "two people, none me",
        put("people", [{"name": "x"}, {"name": "y"}]),
        "no entry for 'me' \\(the document has: x, y\\)",
    ),
    ("duplicate person", repeat("people.0"), r"people\[1\]\.name: duplicate person"),
    (
        "duplicate attempt",
        put(f"{G0}.attempts.2.name", "NASA 1990"),
        r"^people\[0\]\.goals\[0\]\.attempts\[2\]: duplicate attempt name 'NASA 1990'$",
    ),
    (
        "duplicate goal id",
        put("people.0.goals.1.id", 1),
        r"goals\[1\]\.id: duplicate goal id 1",
    ),
    (
        "dangling next goal",
        put(f"{G0}.next_goal", 9),
        r"goals\[0\]\.next_goal: there is no goal with id 9",
    ),
    ("self next goal", put(f"{G0}.next_goal", 1), "its own next goal"),
    ("bad date", put(f"{G0}.created", "2001-13-01"), r"created: expected a date"),
    ("missing title", drop(f"{G0}.title"), r"goals\[0\]\.title: missing field"),
    ("bad status", put(f"{G0}.status", "won"), r"status: 'won' is not one of"),
    (
        "bad limits",
        put(f"{G0}.limits.hours_per_week", 0),
        r"goals\[0\]\.limits\.hours_per_week: must be more than 0",
    ),
    ("limits type", put(f"{G0}.limits.money", "lots"), r"money: expected a number"),
    ("goals not list", put(f"{P0}.goals", {}), r"\.goals: expected a list"),
    (
        "bad effort hours",
        put(f"{G0}.effort.0.hours", 500),
        r"goals\[0\]\.effort\[0\]\.hours: must be at most 168",
    ),
    ("bad evidence", put(f"{G0}.evidence.0.have", 12), r"evidence\[0\]\.have: --have"),
    ("bad outcome", put(f"{G0}.attempts.0.outcome", "maybe"), r"\[0\]\.outcome"),
    ("bad share", put(f"{G0}.supporters.0.shares", "all"), r"\[0\]\.shares"),
    ("bad trait", put(f"{G0}.custom_traits.0.kind", "colour"), r"custom_traits\[0\]"),
    (
        "duplicate trait",
        repeat(f"{G0}.custom_traits.0"),
        r"custom_traits\[1\]: duplicate custom trait",
    ),
    (
        "route not object",
        put(f"{G0}.routes.0.document", [1]),
        r"routes\[0\]\.document: expected an object",
    ),
    (
        "route nan",
        put(f"{G0}.routes.0.document.x", float("nan")),
        r"routes\[0\]\.document: .*not plain JSON",
    ),
    ("bad value", put(f"{P0}.profile.0.value", {"a": 1}), r"profile\[0\]\.value"),
    ("set of numbers", put(f"{P0}.profile.0.value", [1, 2]), r"profile\[0\]\.value"),
    ("empty trait", put(f"{P0}.profile.0.trait", ""), r"trait: must not be empty"),
    (
        "duplicate cohort",
        repeat(f"{P0}.cohort_imports.0"),
        r"cohort_imports\[1\]: duplicate cohort import 'class of 2004'",
    ),
    (
        "cohort rows",
        put(f"{P0}.cohort_imports.0.rows", [1]),
        r"cohort_imports\[0\]\.rows: row 1 is not an object",
    ),
    (
        "cohort columns",
        put(f"{P0}.cohort_imports.0.columns", "name,year"),
        r"cohort_imports\[0\]\.columns: expected a list of column names$",
    ),
    (
        "cohort rows not list",
        put(f"{P0}.cohort_imports.0.rows", "abc"),
        r"cohort_imports\[0\]\.rows: expected a list, got 'abc'$",
    ),
    (
        "long value shortened",
        put(f"{G0}.title", list(range(40))),
        r"goals\[0\]\.title: expected text, got "
        + re.escape(repr(list(range(40)))[:57] + "...")
        + "$",
    ),
    ("not an export", replace_doc({"foo": 1}), "strive_export: missing"),
]


@pytest.fixture(scope="module")
def good_doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    with Store.open(tmp_path_factory.mktemp("good") / "s.db") as source:
        _fill(source)
        with source.unit() as uow:
            return uow.export_all()


@pytest.mark.parametrize(
    ("edit", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_documents_are_refused(
    sqlite_store: Store, good_doc: dict[str, Any], edit: Edit, message: str
) -> None:
    doc = copy.deepcopy(good_doc)
    edit(doc)
    with sqlite_store.unit() as uow:
        with pytest.raises(DataImportError, match=message):
            uow.import_all(doc)
        assert uow.is_empty()


def test_a_document_that_is_not_an_object(sqlite_store: Store) -> None:
    with sqlite_store.unit() as uow, pytest.raises(DataImportError, match="document"):
        uow.import_all([])  # type: ignore[arg-type]


def test_a_minimal_hand_written_document(sqlite_store: Store) -> None:
    doc = {
        "strive_export": 1,
        "people": [
            {
                "name": "me",
                "profile": [
                    {"trait": "pilot_certificate", "value": True, "when": "2001-01-01"}
                ],
                "goals": [
                    {
                        "title": "Fly",
                        "template": NASA,
                        "attempts": [{"name": "NASA 2004", "applied": "2003-06-01"}],
                    }
                ],
            }
        ],
    }
    with sqlite_store.unit() as uow:
        uow.import_all(doc)
    with sqlite_store.unit() as uow:
        (goal,) = uow.list_goals()
        assert goal.limits == Limits() and goal.id is not None
        assert uow.list_attempts(goal.id)[0].outcome is Outcome.PENDING


# --- property: random data round-trips ------------------------------------------------

_line = st.characters(exclude_categories=["Cs", "Cc"])
_text = st.text(
    st.characters(exclude_categories=["Cs", "Cc"]) | st.just("\n"), max_size=12
)
_name = st.text(_line, min_size=1, max_size=12).filter(str.strip)
_day = st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 12, 31))
_value = st.one_of(
    st.tuples(st.just("jet_pic_hours"), st.none() | st.floats(0, 1e9)),
    st.tuples(st.just("military"), st.booleans()),
    st.tuples(st.just("degree_field"), st.sampled_from(["stem", "medicine", "other"])),
    st.tuples(st.just("birthplace"), _name),
    st.tuples(st.just("languages"), st.frozensets(_name, max_size=4)),
)
_changes = st.lists(
    st.builds(lambda tv, when, note: Change(tv[0], tv[1], when, note),
              _value, _day, _text),
    max_size=8,
)  # fmt: skip
_attempts = st.lists(
    st.builds(lambda name, applied, outcome, later, feedback: Attempt(
                  name, applied, outcome,
                  None if later is None else applied + dt.timedelta(days=later),
                  feedback),
              _name, _day, st.sampled_from(Outcome), st.none() | st.integers(0, 900),
              _text),
    max_size=6,
    unique_by=lambda a: a.name,
)  # fmt: skip
_effort = st.lists(
    st.builds(EffortEntry, st.sampled_from(["private_pilot", "learn_russian"]),
              st.floats(min_value=0.01, max_value=168), _day, _text),
    max_size=6,
)  # fmt: skip


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(changes=_changes, attempts=_attempts, effort=_effort, hours=st.floats(0.5, 100))
def test_random_data_round_trips(
    tmp_path: Path,
    changes: list[Change],
    attempts: list[Attempt],
    effort: list[EffortEntry],
    hours: float,
) -> None:
    run = tmp_path / f"run-{len(list(tmp_path.iterdir()))}"
    with Store.open(run / "a.db") as first:
        with first.unit() as uow:
            for change in changes:
                uow.add_change(change)
            goal = uow.add_goal(Goal("g", NASA, limits=Limits(hours_per_week=hours)))
            assert goal.id is not None
            for attempt in attempts:
                uow.add_attempt(goal.id, attempt)
            for entry in effort:
                uow.add_effort(goal.id, entry)
        with first.unit() as uow:
            doc = uow.export_all()
            assert list(uow.profile().changes) == sorted(
                (
                    Change(
                        c.trait,
                        float(c.value) if isinstance(c.value, float) else c.value,
                        c.when,
                        c.note,
                    )
                    for c in changes
                ),
                key=lambda c: c.when,
            )
            assert [a.name for a in uow.list_attempts(goal.id)] == [
                a.name for a in sorted(attempts, key=lambda a: a.applied)
            ]
    with Store.open(run / "b.db") as second:
        with second.unit() as uow:
            uow.import_all(json.loads(json.dumps(doc)))
        with second.unit() as uow:
            assert _dump(uow.export_all()) == _dump(doc)


def test_a_paused_goal_beside_the_active_one_round_trips(
    sqlite_store: Store, tmp_path: Path
) -> None:
    """`strive goal new` beside an active goal pauses that one (the README does it):
    such a database's backup must import, and keep which goal is active."""
    from strive.goal import GoalStatus

    with sqlite_store.unit() as uow:
        uow.add_goal(Goal("Fly in space", NASA, status=GoalStatus.PAUSED))
        uow.add_goal(Goal("Admission", GRAD))
        doc = uow.export_all()
    with Store.open(tmp_path / "copy.db") as fresh:
        with fresh.unit() as uow:
            uow.import_all(doc)
        with fresh.unit() as uow:
            assert _dump(uow.export_all()) == _dump(doc)
            active = uow.active_goal()
            assert active is not None and active.title == "Admission"


def test_an_infinite_limit_stored_by_an_older_strive_reads_as_no_limit(
    sqlite_store: Store,
) -> None:
    from sqlalchemy import text

    with sqlite_store.unit() as uow:
        goal = uow.add_goal(Goal("Fly", NASA, limits=Limits(money=10.0)))
        uow.session.execute(
            text("UPDATE goals SET money = :inf, months_away = :inf"),
            {"inf": float("inf")},
        )
    with sqlite_store.unit() as uow:
        assert goal.id is not None
        limits = uow.get_goal(goal.id).limits
        assert (limits.money, limits.months_away) == (None, None)
        assert uow.export_all()["people"][0]["goals"][0]["limits"]["money"] is None
