"""Whole-person export and import: a versioned, lossless JSON document.

The document holds no database ids. Goals carry a document-local ``id`` (their
position, from 1) so that ``next_goal`` can refer to another goal; everything else a
goal owns is nested inside it. Exporting, importing into an empty database and
exporting again gives the identical document::

    {"strive_export": 1,
     "people": [{"name": "me", "profile": [...], "cohort_imports": [...],
                 "goals": [{"id": 1, "title": ..., "attempts": [...], ...}]}]}

Import reads and checks the whole document before writing anything, so a bad
document raises :class:`~strive.errors.DataImportError` naming the JSON path of the
problem (``people[0].goals[0].attempts[2]: duplicate attempt name 'NASA 2004'``) and
leaves the database untouched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from strive.attempts import Attempt, Outcome
from strive.effort import EffortEntry
from strive.errors import DataImportError, StriveError
from strive.evidence import Evidence
from strive.goal import Goal, GoalStatus, Limits
from strive.profile import Change
from strive.storage import records as rec
from strive.storage.records import CohortImport, StoredTemplate
from strive.supporters import Share, Supporter
from strive.traits import Trait

if TYPE_CHECKING:
    from strive.storage.unit import UnitOfWork

VERSION = 1
"""The export format this strive writes and reads."""

_E = TypeVar("_E", bound=StrEnum)
_T = TypeVar("_T")
_MISSING: Any = object()


# --- export ---------------------------------------------------------------------


def _day(when: dt.date | None) -> str | None:
    return None if when is None else when.isoformat()


def export_person(uow: UnitOfWork) -> dict[str, Any]:
    """The person's whole data as a JSON-ready document (see the module doc)."""
    goals = uow.list_goals()
    local = {g.id: i + 1 for i, g in enumerate(goals)}
    return {
        "strive_export": VERSION,
        "people": [
            {
                "name": uow.person,
                "profile": [_change(c) for c in uow.profile().changes],
                "cohort_imports": [_cohort(c) for c in uow.cohort_imports()],
                "goals": [_goal(uow, g, local) for g in goals],
            }
        ],
    }


def _change(c: Change) -> dict[str, Any]:
    return {
        "trait": c.trait,
        "value": rec.encode_value(c.value),
        "when": _day(c.when),
        "note": c.note,
    }


def _cohort(c: CohortImport) -> dict[str, Any]:
    return {
        "template": c.template,
        "name": c.name,
        "source": c.source,
        "columns": list(c.columns),
        "rows": [dict(r) for r in c.rows],
        "imported": _day(c.imported),
    }


def _goal(uow: UnitOfWork, g: Goal, local: Mapping[int | None, int]) -> dict[str, Any]:
    assert g.id is not None
    return {
        "id": local[g.id],
        "title": g.title,
        "template": g.template,
        "why": g.why,
        "target_date": _day(g.target_date),
        "limits": {
            "hours_per_week": g.limits.hours_per_week,
            "money": g.limits.money,
            "months_away": g.limits.months_away,
            "max_parallel": g.limits.max_parallel,
        },
        "status": str(g.status),
        "status_reason": g.status_reason,
        "status_date": _day(g.status_date),
        "created": _day(g.created),
        "next_goal": local.get(g.next_goal),
        "stored_template": _stored(uow.goal_template(g.id)),
        "custom_traits": [t.describe() for t in uow.custom_traits(g.id)],
        "evidence": [
            {
                "condition": e.condition,
                "source": e.source,
                "have": e.have,
                "of": e.of,
                "note": e.note,
                "recorded": _day(e.recorded),
            }
            for e in uow.list_evidence(g.id)
        ],
        "routes": [
            {"created": _day(created), "document": doc}
            for created, doc in uow.list_routes(g.id)
        ],
        "effort": [
            {"action": e.action, "hours": e.hours, "when": _day(e.when), "note": e.note}
            for e in uow.list_effort(g.id)
        ],
        "attempts": [
            {
                "name": a.name,
                "applied": _day(a.applied),
                "outcome": str(a.outcome),
                "decided": _day(a.decided),
                "feedback": a.feedback,
            }
            for a in uow.list_attempts(g.id)
        ],
        "supporters": [
            {
                "name": s.name,
                "role": s.role,
                "contribution": s.contribution,
                "shares": str(s.shares),
                "since": _day(s.since),
            }
            for s in uow.list_supporters(g.id)
        ],
    }


def _stored(st: StoredTemplate | None) -> dict[str, Any] | None:
    """A goal's own template and cohort, as text (``None`` for a built-in)."""
    if st is None:
        return None
    return {
        "name": st.name,
        "source_path": st.source_path,
        "toml": st.toml,
        "cohort_file": st.cohort_file,
        "cohort_csv": st.cohort_csv,
        "stored": _day(st.stored),
    }


# --- import: read and check everything first ---------------------------------------


@dataclass
class _GoalPlan:
    local_id: int
    goal: Goal
    next_goal: int | None
    stored: StoredTemplate | None = None
    traits: list[Trait] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    routes: list[tuple[dt.date, dict[str, Any]]] = field(default_factory=list)
    effort: list[EffortEntry] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    supporters: list[Supporter] = field(default_factory=list)


@dataclass
class _Plan:
    changes: list[Change] = field(default_factory=list)
    cohorts: list[CohortImport] = field(default_factory=list)
    goals: list[_GoalPlan] = field(default_factory=list)


def import_person(uow: UnitOfWork, doc: Any) -> None:
    """Write the document's person into ``uow``'s (empty) person, all or nothing.

    Raises:
        DataImportError: see :meth:`UnitOfWork.import_all`.
    """
    plan = _read_document(doc, uow.person)
    if not uow.is_empty():
        raise DataImportError(
            f"{uow.person!r} already has data; import into an empty database "
            "(or as another person)"
        )
    for change in plan.changes:
        uow.add_change(change)
    for c in plan.cohorts:
        uow.add_cohort_import(
            c.template, c.name, c.source, c.columns, c.rows, c.imported
        )
    ids: dict[int, int] = {}
    for gp in plan.goals:
        stored = uow.add_goal(replace(gp.goal, next_goal=None))
        assert stored.id is not None
        ids[gp.local_id] = stored.id
        if gp.stored is not None:
            own = uow.add_stored_template(gp.stored)
            uow.set_goal_template(stored.id, own.id)
    for gp in plan.goals:
        gid = ids[gp.local_id]
        if gp.next_goal is not None:
            uow.update_goal(replace(gp.goal, id=gid, next_goal=ids[gp.next_goal]))
        for trait in gp.traits:
            uow.add_custom_trait(gid, trait)
        for ev in gp.evidence:
            uow.add_evidence(gid, ev)
        for created, route in gp.routes:
            uow.save_route(gid, route, created)
        for entry in gp.effort:
            uow.add_effort(gid, entry)
        for attempt in gp.attempts:
            uow.add_attempt(gid, attempt)
        for s in gp.supporters:
            uow.add_supporter(gid, s)


def _fail(where: str, message: str) -> DataImportError:
    return DataImportError(message, where=where)


def _obj(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(where, f"expected an object, got {_short(value)}")
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _get(obj: Mapping[str, Any], key: str, where: str, default: Any) -> Any:
    if key not in obj:
        if default is _MISSING:
            raise _fail(f"{where}.{key}", "missing field")
        return default
    return obj[key]


def _text(obj: Mapping[str, Any], key: str, where: str, default: Any = _MISSING) -> str:
    value = _get(obj, key, where, default)
    if not isinstance(value, str):
        raise _fail(f"{where}.{key}", f"expected text, got {_short(value)}")
    return value


def _name(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = _text(obj, key, where)
    if not value.strip():
        raise _fail(f"{where}.{key}", "must not be empty")
    return value


def _int(obj: Mapping[str, Any], key: str, where: str, default: Any = _MISSING) -> Any:
    value = _get(obj, key, where, default)
    if value is None and default is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(f"{where}.{key}", f"expected a whole number, got {_short(value)}")
    return value


def _num(obj: Mapping[str, Any], key: str, where: str, default: Any = _MISSING) -> Any:
    value = _get(obj, key, where, default)
    if value is None and default is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(f"{where}.{key}", f"expected a number, got {_short(value)}")
    return float(value)


def _date(obj: Mapping[str, Any], key: str, where: str, default: Any = _MISSING) -> Any:
    value = _get(obj, key, where, default)
    if value is None and default is None:
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(f"{where}.{key}", f"expected a date (YYYY-MM-DD), got {_short(value)}")


def _enum(
    cls: type[_E], obj: Mapping[str, Any], key: str, where: str, default: _E
) -> _E:
    text = _text(obj, key, where, str(default))
    try:
        return cls(text)
    except ValueError:
        allowed = ", ".join(m.value for m in cls)
        raise _fail(f"{where}.{key}", f"{text!r} is not one of: {allowed}") from None


def _items(
    obj: Mapping[str, Any],
    key: str,
    where: str,
    read: Callable[[Mapping[str, Any], str], _T],
) -> list[tuple[str, _T]]:
    """Read the list ``obj[key]`` (default empty) item by item, with each path."""
    value = _get(obj, key, where, [])
    if not isinstance(value, list):
        raise _fail(f"{where}.{key}", f"expected a list, got {_short(value)}")
    out = []
    for i, item in enumerate(value):
        at = f"{where}.{key}[{i}]"
        out.append((at, read(_obj(item, at), at)))
    return out


def _build(where: str, make: Callable[[], _T]) -> _T:
    """Run a core constructor, turning its validation errors into import errors."""
    try:
        return make()
    except DataImportError:
        raise
    except StriveError as exc:
        raise _fail(where, exc.message) from None


def _read_document(doc: Any, person: str) -> _Plan:
    top = _obj(doc, "document")
    if "strive_export" not in top:
        raise _fail("strive_export", "missing: this is not a strive export")
    version = top["strive_export"]
    if version != VERSION or isinstance(version, bool):
        raise _fail(
            "strive_export",
            f"unknown export version {_short(version)}; this strive reads {VERSION}",
        )
    people = _get(top, "people", "document", _MISSING)
    if not isinstance(people, list) or not people:
        raise _fail("people", "expected a list with at least one person")
    names = []
    for i, p in enumerate(people):
        names.append(_name(_obj(p, f"people[{i}]"), "name", f"people[{i}]"))
        if names[-1] in names[:-1]:
            raise _fail(f"people[{i}].name", f"duplicate person {names[-1]!r}")
    index = 0 if len(people) == 1 else names.index(person) if person in names else -1
    if index < 0:
        raise _fail(
            "people", f"no entry for {person!r} (the document has: {', '.join(names)})"
        )
    return _read_person(people[index], f"people[{index}]")


def _read_person(p: Mapping[str, Any], at: str) -> _Plan:
    plan = _Plan()
    plan.changes = [c for _, c in _items(p, "profile", at, _read_change)]
    seen_cohorts: set[tuple[str, str]] = set()
    for where, cohort in _items(p, "cohort_imports", at, _read_cohort):
        key = (cohort.template, cohort.name)
        if key in seen_cohorts:
            raise _fail(
                where,
                f"duplicate cohort import {cohort.name!r} for {cohort.template!r}",
            )
        seen_cohorts.add(key)
        plan.cohorts.append(cohort)
    goals = _items(p, "goals", at, _read_goal)
    ids: set[int] = set()
    for where, gp in goals:
        if gp.local_id in ids:
            raise _fail(f"{where}.id", f"duplicate goal id {gp.local_id}")
        ids.add(gp.local_id)
    for where, gp in goals:
        if gp.next_goal is not None and gp.next_goal not in ids:
            raise _fail(
                f"{where}.next_goal", f"there is no goal with id {gp.next_goal}"
            )
        if gp.next_goal == gp.local_id:
            raise _fail(f"{where}.next_goal", "a goal cannot be its own next goal")
        plan.goals.append(gp)
    return plan


def _read_change(c: Mapping[str, Any], at: str) -> Change:
    trait = _name(c, "trait", at)
    raw = _get(c, "value", at, _MISSING)
    if isinstance(raw, list | tuple):
        raw = frozenset(raw) if all(isinstance(m, str) for m in raw) else raw
    value = _build(f"{at}.value", lambda: rec.decode_value(rec.encode_value(raw), None))
    return Change(trait, value, _date(c, "when", at), _text(c, "note", at, ""))


def _read_cohort(c: Mapping[str, Any], at: str) -> CohortImport:
    columns = _get(c, "columns", at, _MISSING)
    if not isinstance(columns, list) or not all(isinstance(x, str) for x in columns):
        raise _fail(f"{at}.columns", "expected a list of column names")
    rows = _get(c, "rows", at, _MISSING)
    if not isinstance(rows, list):
        raise _fail(f"{at}.rows", f"expected a list, got {_short(rows)}")
    name = _name(c, "name", at)
    try:
        rec.check_cohort(name, columns, rows)
    except DataImportError as exc:
        raise _fail(f"{at}.rows", exc.message) from None
    return CohortImport(
        template=_name(c, "template", at),
        name=name,
        source=_text(c, "source", at, ""),
        columns=tuple(columns),
        rows=tuple(rows),
        imported=_date(c, "imported", at),
    )


def _read_goal(g: Mapping[str, Any], at: str) -> _GoalPlan:
    limits_raw = _obj(_get(g, "limits", at, {}), f"{at}.limits")
    la = f"{at}.limits"
    limits = _build(
        la,
        lambda: Limits(
            hours_per_week=_num(limits_raw, "hours_per_week", la, 10.0),
            money=_num(limits_raw, "money", la, None),
            months_away=_num(limits_raw, "months_away", la, None),
            max_parallel=_int(limits_raw, "max_parallel", la, 2),
        ),
    )
    goal = Goal(
        title=_name(g, "title", at),
        template=_name(g, "template", at),
        why=_text(g, "why", at, ""),
        target_date=_date(g, "target_date", at, None),
        limits=limits,
        status=_enum(GoalStatus, g, "status", at, GoalStatus.ACTIVE),
        status_reason=_text(g, "status_reason", at, ""),
        status_date=_date(g, "status_date", at, None),
        created=_date(g, "created", at, None),
    )
    position = int(at.rsplit("[", 1)[1].rstrip("]")) + 1
    gp = _GoalPlan(
        local_id=_int(g, "id", at, position),
        goal=goal,
        next_goal=_int(g, "next_goal", at, None),
    )
    raw = _get(g, "stored_template", at, None)
    if raw is not None:
        gp.stored = _read_stored(_obj(raw, f"{at}.stored_template"), at)
    names: set[str] = set()
    for where, trait in _items(g, "custom_traits", at, _read_trait):
        if trait.name in names:
            raise _fail(where, f"duplicate custom trait {trait.name!r}")
        names.add(trait.name)
        gp.traits.append(trait)
    gp.evidence = [e for _, e in _items(g, "evidence", at, _read_evidence)]
    gp.routes = [r for _, r in _items(g, "routes", at, _read_route)]
    gp.effort = [e for _, e in _items(g, "effort", at, _read_effort)]
    attempt_names: set[str] = set()
    for where, attempt in _items(g, "attempts", at, _read_attempt):
        if attempt.name in attempt_names:
            raise _fail(where, f"duplicate attempt name {attempt.name!r}")
        attempt_names.add(attempt.name)
        gp.attempts.append(attempt)
    gp.supporters = [s for _, s in _items(g, "supporters", at, _read_supporter)]
    return gp


def _read_stored(t: Mapping[str, Any], goal_at: str) -> StoredTemplate:
    """A goal's own template, checked by parsing it and its cohort as strive will."""
    from strive.templates.stored import digest, load_stored

    at = f"{goal_at}.stored_template"
    toml = _name(t, "toml", at)
    cohort_file = _text(t, "cohort_file", at, None) if t.get("cohort_file") else None
    cohort_csv = _text(t, "cohort_csv", at, None) if t.get("cohort_csv") else None
    _build(at, lambda: load_stored(toml, cohort_file, cohort_csv, at))
    return StoredTemplate(
        name=_name(t, "name", at),
        source_path=_text(t, "source_path", at, ""),
        digest=digest(toml, cohort_csv),
        toml=toml,
        cohort_file=cohort_file,
        cohort_csv=cohort_csv,
        stored=_date(t, "stored", at),
    )


def _read_trait(t: Mapping[str, Any], at: str) -> Trait:
    return _build(at, lambda: rec.trait_from_json(t, "trait"))


def _read_evidence(e: Mapping[str, Any], at: str) -> Evidence:
    return _build(
        at,
        lambda: Evidence(
            condition=_name(e, "condition", at),
            source=_text(e, "source", at),
            have=_int(e, "have", at, None),
            of=_int(e, "of", at, None),
            note=_text(e, "note", at, ""),
            recorded=_date(e, "recorded", at, None),
        ),
    )


def _read_route(r: Mapping[str, Any], at: str) -> tuple[dt.date, dict[str, Any]]:
    document = dict(_obj(_get(r, "document", at, _MISSING), f"{at}.document"))
    _build(f"{at}.document", lambda: rec.check_json(document, "the route"))
    return _date(r, "created", at), document


def _read_effort(e: Mapping[str, Any], at: str) -> EffortEntry:
    return _build(
        at,
        lambda: EffortEntry(
            action=_name(e, "action", at),
            hours=_num(e, "hours", at),
            when=_date(e, "when", at),
            note=_text(e, "note", at, ""),
        ),
    )


def _read_attempt(a: Mapping[str, Any], at: str) -> Attempt:
    return Attempt(
        name=_name(a, "name", at),
        applied=_date(a, "applied", at),
        outcome=_enum(Outcome, a, "outcome", at, Outcome.PENDING),
        decided=_date(a, "decided", at, None),
        feedback=_text(a, "feedback", at, ""),
    )


def _read_supporter(s: Mapping[str, Any], at: str) -> Supporter:
    return Supporter(
        name=_name(s, "name", at),
        role=_text(s, "role", at),
        contribution=_text(s, "contribution", at, ""),
        shares=_enum(Share, s, "shares", at, Share.PROGRESS),
        since=_date(s, "since", at, None),
    )
