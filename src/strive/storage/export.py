"""Whole-person export and import: a versioned, lossless JSON document.

The document holds no database ids. Goals carry a document-local ``id`` (their
position, from 1) so that ``next_goal`` can refer to another goal; everything else a
goal owns is nested inside it. Exporting, importing into an empty database and
exporting again gives the identical document::

    {"strive_export": 1,
     "people": [{"name": "me", "profile": [...], "cohort_imports": [...],
                 "goals": [{"id": 1, "title": ..., "attempts": [...], ...}]}]}

A goal made from a person's own template carries it whole as ``stored_template``
(TOML and cohort CSV text; ``null`` for a built-in template). Corrections (edits and
deletions of logged records) stay with their goal; their ``record_id`` is the id the
record had in the database it came from.

Import reads and checks the whole document before writing anything, so a bad
document raises :class:`~strive.errors.DataImportError` naming the JSON path of the
problem (``people[0].goals[0].attempts[2]: duplicate attempt name 'NASA 2004'``) and
leaves the database untouched. Paths count list items from 0, as JSONPath does.
The checks are the core's own (:mod:`strive.validate` and the records' constructors)
plus the references only a whole document shows: every goal's template exists, every
profile value fits the trait its goals define, effort names an action of its goal's
catalogue, evidence is a condition over the goal's traits and next goals form no
cycle. Several goals may be active (``strive goal new`` adds one beside the others).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from strive import validate as check
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
    from pathlib import Path

    from strive.template import Template

if TYPE_CHECKING:
    from strive.storage.sharing_export import SharingPlan
    from strive.storage.unit import UnitOfWork

MAX_BYTES = 100 * 1024 * 1024
"""An export larger than this is refused before it is read (a person's data is
far smaller; a larger file is not an export)."""
MAX_DEPTH = 64
"""JSON nested deeper than this is refused (an export nests about 6 levels)."""

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


def _corrections(uow: UnitOfWork, goal_id: int) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from strive.storage.models import CorrectionRow as Row

    rows = uow.session.scalars(
        select(Row).where(Row.goal_id == goal_id).order_by(Row.id)
    )
    return [
        {
            "kind": r.kind,
            "record_id": r.record_id,
            "change": r.change,
            "before": r.before,
            "after": r.after,
            "when": _day(r.when),
            "note": r.note,
        }
        for r in rows
    ]


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
    from strive.storage.sharing_export import export_goal

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
        "corrections": _corrections(uow, g.id),
        "stored_template": _stored(uow.goal_template(g.id)),
        **export_goal(uow, g.id),  # questions and inbox (storage/sharing_export.py)
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


# --- reading a file ------------------------------------------------------------------


def read_export_file(path: Path) -> Any:
    """The JSON document in ``path``, or one clear error naming the file.

    Refuses a missing file, a folder, an unreadable, empty, huge or non-UTF-8 file,
    malformed JSON (with line and column), ``NaN``/``Infinity`` (not JSON), duplicate
    keys and nesting deeper than :data:`MAX_DEPTH`.

    Raises:
        DataImportError: with ``where`` the file (and line).
    """
    import json

    where = str(path)
    try:
        if path.is_dir():
            raise DataImportError("is a folder, not an export file", where=where)
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataImportError(
                f"is {size:,} bytes; an export is at most {MAX_BYTES:,}", where=where
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataImportError("no such file", where=where) from None
    except OSError as exc:
        raise DataImportError(
            f"cannot read: {exc.strerror or exc}", where=where
        ) from None
    if not data.strip():
        raise DataImportError("the file is empty", where=where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataImportError(
            "not UTF-8 text (an export is always UTF-8)", where=f"{where}:{line}"
        ) from None
    try:
        doc = json.loads(
            text.removeprefix("\ufeff"),
            parse_constant=_no_constant,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as exc:
        raise DataImportError(
            f"line {exc.lineno}, column {exc.colno}: {exc.msg}", where=where
        ) from None
    except _JsonProblem as exc:
        raise DataImportError(str(exc), where=where) from None
    except RecursionError:
        raise DataImportError(
            f"nested deeper than {MAX_DEPTH} levels", where=where
        ) from None
    deepest = _depth(doc)
    if deepest > MAX_DEPTH:
        raise DataImportError(f"nested deeper than {MAX_DEPTH} levels", where=where)
    return doc


class _JsonProblem(ValueError):
    pass


def _no_constant(name: str) -> Any:
    raise _JsonProblem(f"{name} is not a JSON number")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _JsonProblem(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def _depth(doc: Any) -> int:
    """How deeply lists and objects nest (iteratively: no recursion limit)."""
    deepest = 0
    stack = [(doc, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children)
    return deepest


# --- import: read and check everything first ---------------------------------------


@dataclass
class _GoalPlan:
    local_id: int
    goal: Goal
    next_goal: int | None
    stored: StoredTemplate | None = None
    traits: list[Trait] = field(default_factory=list)
    evidence: list[tuple[str, Evidence]] = field(default_factory=list)
    routes: list[tuple[dt.date, dict[str, Any]]] = field(default_factory=list)
    effort: list[tuple[str, EffortEntry]] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    supporters: list[Supporter] = field(default_factory=list)
    corrections: list[dict[str, Any]] = field(default_factory=list)
    sharing: SharingPlan | None = None


@dataclass
class _Plan:
    changes: list[tuple[str, Change]] = field(default_factory=list)
    cohorts: list[tuple[str, CohortImport]] = field(default_factory=list)
    goals: list[tuple[str, _GoalPlan]] = field(default_factory=list)


def import_person(uow: UnitOfWork, doc: Any) -> None:
    """Write the document's person into ``uow``'s (empty) person, all or nothing.

    Raises:
        DataImportError: see :meth:`UnitOfWork.import_all`.
    """
    from strive.storage.models import CorrectionRow

    plan = _read_document(doc, uow.person)
    _check_references(plan)
    if not uow.is_empty():
        raise DataImportError(
            f"{uow.person!r} already has data; import into an empty database "
            "(or as another person)"
        )
    for _, change in plan.changes:
        uow.add_change(change)
    for _, c in plan.cohorts:
        uow.add_cohort_import(
            c.template, c.name, c.source, c.columns, c.rows, c.imported
        )
    ids: dict[int, int] = {}
    for _, gp in plan.goals:
        stored = uow.add_goal(replace(gp.goal, next_goal=None))
        assert stored.id is not None
        ids[gp.local_id] = stored.id
        if gp.stored is not None:
            own = uow.add_stored_template(gp.stored)
            uow.set_goal_template(stored.id, own.id)
    for _, gp in plan.goals:
        gid = ids[gp.local_id]
        if gp.next_goal is not None:
            uow.update_goal(replace(gp.goal, id=gid, next_goal=ids[gp.next_goal]))
        for trait in gp.traits:
            uow.add_custom_trait(gid, trait)
        for _, ev in gp.evidence:
            uow.add_evidence(gid, ev)
        for created, route in gp.routes:
            uow.save_route(gid, route, created)
        for _, entry in gp.effort:
            uow.add_effort(gid, entry)
        attempt_ids = {a.name: uow.add_attempt(gid, a).id for a in gp.attempts}
        supporter_ids = [uow.add_supporter(gid, s).id for s in gp.supporters]
        if gp.sharing is not None:
            from strive.storage.sharing_export import write_goal

            write_goal(uow, gid, gp.sharing, supporter_ids, attempt_ids)
        for correction in gp.corrections:
            uow.session.add(CorrectionRow(goal_id=gid, **correction))
    uow.session.flush()


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
    return _build(f"{where}.{key}", lambda: check.number(value, ""))


def _date(obj: Mapping[str, Any], key: str, where: str, default: Any = _MISSING) -> Any:
    value = _get(obj, key, where, default)
    if value is None and default is None:
        return None
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return _build(f"{where}.{key}", lambda: check.day(day, ""))
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


def _build(where: str, make: Callable[..., _T], *args: Any) -> _T:
    """Run a core constructor or check, turning its errors into import errors.

    A core error names the field it checked (``hours``); that goes after the JSON
    path of the object (``people[0].goals[0].effort[2].hours``).
    """
    try:
        return make(*args)
    except DataImportError:
        raise
    except StriveError as exc:
        at = where
        if exc.where and not exc.where.startswith(where):
            at = f"{where}.{exc.where}"
        elif exc.where:
            at = exc.where
        raise _fail(at, exc.message) from None


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
    _no_surrogates(top)
    people = _get(top, "people", "document", _MISSING)
    if not isinstance(people, list) or not people:
        raise _fail("people", "expected a list with at least one person")
    names = []
    for i, p in enumerate(people):
        at = f"people[{i}]"
        names.append(_name(_obj(p, at), "name", at))
        _build(f"{at}.name", lambda: check.name(names[-1], ""))
        if names[-1] in names[:-1]:
            raise _fail(f"{at}.name", f"duplicate person {names[-1]!r}")
    index = 0 if len(people) == 1 else names.index(person) if person in names else -1
    if index < 0:
        raise _fail(
            "people", f"no entry for {person!r} (the document has: {', '.join(names)})"
        )
    return _read_person(people[index], f"people[{index}]")


def _no_surrogates(doc: Any) -> None:
    """Refuse a lone surrogate (``"\\ud800"`` in the JSON: not Unicode) anywhere,
    keys included, naming its JSON path. The records refuse one in the fields
    they check; this also covers what is stored as given (a route's document),
    which the database could not encode (a traceback, not a message)."""
    stack: list[tuple[Any, str]] = [(doc, "")]
    while stack:
        node, at = stack.pop()
        if isinstance(node, str):
            if not node.isprintable() and any(
                "\ud800" <= ch <= "\udfff" for ch in node
            ):
                raise _fail(at or "document", "not Unicode text (a lone surrogate)")
        elif isinstance(node, dict):
            for key, value in node.items():
                here = f"{at}.{key}" if at else str(key)
                stack.append((key, here))
                stack.append((value, here))
        elif isinstance(node, list):
            stack.extend((value, f"{at}[{i}]") for i, value in enumerate(node))


def _read_person(p: Mapping[str, Any], at: str) -> _Plan:
    plan = _Plan()
    plan.changes = _items(p, "profile", at, _read_change)
    seen_cohorts: set[tuple[str, str]] = set()
    for where, cohort in _items(p, "cohort_imports", at, _read_cohort):
        key = (cohort.template, cohort.name)
        if key in seen_cohorts:
            raise _fail(
                where,
                f"duplicate cohort import {cohort.name!r} for {cohort.template!r}",
            )
        seen_cohorts.add(key)
        plan.cohorts.append((where, cohort))
    goals = _items(p, "goals", at, _read_goal)
    ids: dict[int, str] = {}
    for where, gp in goals:
        if gp.local_id in ids:
            raise _fail(f"{where}.id", f"duplicate goal id {gp.local_id}")
        ids[gp.local_id] = where
    for where, gp in goals:
        if gp.next_goal is not None and gp.next_goal not in ids:
            raise _fail(
                f"{where}.next_goal", f"there is no goal with id {gp.next_goal}"
            )
        if gp.next_goal == gp.local_id:
            raise _fail(f"{where}.next_goal", "a goal cannot be its own next goal")
        plan.goals.append((where, gp))
    try:
        check.goal_chain({gp.local_id: gp.next_goal for _, gp in goals})
    except StriveError as exc:
        goal = int(str(exc.where).removeprefix("goal "))
        raise _fail(f"{ids[goal]}.next_goal", exc.message) from None
    active = [where for where, gp in goals if gp.goal.status is GoalStatus.ACTIVE]
    if len(active) > 1:
        raise _fail(
            f"{active[1]}.status",
            f"a person has at most one active goal, and {active[0]} is active too "
            "(set the others to 'paused')",
        )
    return plan


def _read_change(c: Mapping[str, Any], at: str) -> Change:
    trait = _name(c, "trait", at)
    raw = _get(c, "value", at, _MISSING)
    if isinstance(raw, list | tuple):
        raw = frozenset(raw) if all(isinstance(m, str) for m in raw) else raw
    value = _build(f"{at}.value", lambda: rec.decode_value(rec.encode_value(raw), None))
    when = _date(c, "when", at)
    note = _text(c, "note", at, "")
    return _build(at, lambda: Change(trait, value, when, note))


def _read_cohort(c: Mapping[str, Any], at: str) -> CohortImport:
    columns = _get(c, "columns", at, _MISSING)
    if not isinstance(columns, list) or not all(isinstance(x, str) for x in columns):
        raise _fail(f"{at}.columns", "expected a list of column names")
    rows = _get(c, "rows", at, _MISSING)
    if not isinstance(rows, list):
        raise _fail(f"{at}.rows", f"expected a list, got {_short(rows)}")
    name = _name(c, "name", at)
    source = _text(c, "source", at, "")
    try:
        rec.check_cohort(name, columns, rows, source)
    except DataImportError as exc:
        raise _fail(f"{at}.rows", exc.message) from None
    except StriveError as exc:
        raise _fail(f"{at}.{exc.where}", exc.message) from None
    template = _name(c, "template", at)
    _build(f"{at}.template", lambda: check.name(template, "", limit=check.TEXT_MAX))
    return CohortImport(
        template=template,
        name=name,
        source=source,
        columns=tuple(columns),
        rows=tuple(rows),
        imported=_date(c, "imported", at),
    )


def _optional_text(t: Mapping[str, Any], key: str, at: str) -> str | None:
    value = _get(t, key, at, None)
    if value is not None and not isinstance(value, str):
        raise _fail(f"{at}.{key}", f"expected text or null, got {_short(value)}")
    return value


def _read_goal(g: Mapping[str, Any], at: str) -> _GoalPlan:
    limits_raw = _obj(_get(g, "limits", at, {}), f"{at}.limits")
    la = f"{at}.limits"
    hours = _num(limits_raw, "hours_per_week", la, 10.0)
    money = _num(limits_raw, "money", la, None)
    months = _num(limits_raw, "months_away", la, None)
    parallel = _int(limits_raw, "max_parallel", la, 2)
    limits = _build(la, lambda: Limits(hours, money, months, parallel))
    title = _name(g, "title", at)
    template = _name(g, "template", at)
    why = _text(g, "why", at, "")
    target = _date(g, "target_date", at, None)
    status = _enum(GoalStatus, g, "status", at, GoalStatus.ACTIVE)
    reason = _text(g, "status_reason", at, "")
    status_date = _date(g, "status_date", at, None)
    created = _date(g, "created", at, None)
    goal = _build(
        at,
        lambda: Goal(
            title=title,
            template=template,
            why=why,
            target_date=target,
            limits=limits,
            status=status,
            status_reason=reason,
            status_date=status_date,
            created=created,
        ),
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
    gp.evidence = _items(g, "evidence", at, _read_evidence)
    gp.routes = [r for _, r in _items(g, "routes", at, _read_route)]
    gp.effort = _items(g, "effort", at, _read_effort)
    attempt_names: set[str] = set()
    for where, attempt in _items(g, "attempts", at, _read_attempt):
        if attempt.name in attempt_names:
            raise _fail(where, f"duplicate attempt name {attempt.name!r}")
        attempt_names.add(attempt.name)
        gp.attempts.append(attempt)
    gp.supporters = [s for _, s in _items(g, "supporters", at, _read_supporter)]
    gp.corrections = [c for _, c in _items(g, "corrections", at, _read_correction)]
    from strive.storage.sharing_export import read_goal

    gp.sharing = read_goal(g, at)
    return gp


def _read_stored(t: Mapping[str, Any], goal_at: str) -> StoredTemplate:
    """A goal's own template, checked by parsing it and its cohort as strive will."""
    from strive.templates.stored import digest, load_stored

    at = f"{goal_at}.stored_template"
    toml = _name(t, "toml", at)
    cohort_file = _optional_text(t, "cohort_file", at) or None
    cohort_csv = _optional_text(t, "cohort_csv", at) or None
    name = _name(t, "name", at)
    source_path = _text(t, "source_path", at, "")
    _build(f"{at}.name", check.name, name, "")
    _build(f"{at}.source_path", check.text, source_path, "")
    if cohort_file is not None:
        _build(f"{at}.cohort_file", check.name, cohort_file, "")
    _build(at, load_stored, toml, cohort_file, cohort_csv, at)
    return StoredTemplate(
        name=name,
        source_path=source_path,
        digest=digest(toml, cohort_csv),
        toml=toml,
        cohort_file=cohort_file,
        cohort_csv=cohort_csv,
        stored=_date(t, "stored", at),
    )


def _read_trait(t: Mapping[str, Any], at: str) -> Trait:
    return _build(at, lambda: rec.trait_from_json(t, "trait"))


def _read_evidence(e: Mapping[str, Any], at: str) -> Evidence:
    condition = _name(e, "condition", at)
    source = _text(e, "source", at)
    have = _int(e, "have", at, None)
    of = _int(e, "of", at, None)
    note = _text(e, "note", at, "")
    recorded = _date(e, "recorded", at, None)
    return _build(at, lambda: Evidence(condition, source, have, of, note, recorded))


def _read_route(r: Mapping[str, Any], at: str) -> tuple[dt.date, dict[str, Any]]:
    document = dict(_obj(_get(r, "document", at, _MISSING), f"{at}.document"))
    _build(f"{at}.document", lambda: rec.check_json(document, "the route"))
    return _date(r, "created", at), document


def _read_effort(e: Mapping[str, Any], at: str) -> EffortEntry:
    action = _name(e, "action", at)
    hours = _num(e, "hours", at)
    when = _date(e, "when", at)
    note = _text(e, "note", at, "")
    return _build(at, lambda: EffortEntry(action, hours, when, note))


def _read_attempt(a: Mapping[str, Any], at: str) -> Attempt:
    name = _name(a, "name", at)
    applied = _date(a, "applied", at)
    outcome = _enum(Outcome, a, "outcome", at, Outcome.PENDING)
    decided = _date(a, "decided", at, None)
    feedback = _text(a, "feedback", at, "")
    return _build(at, lambda: Attempt(name, applied, outcome, decided, feedback))


def _read_supporter(s: Mapping[str, Any], at: str) -> Supporter:
    name = _name(s, "name", at)
    role = _text(s, "role", at)
    contribution = _text(s, "contribution", at, "")
    shares = _enum(Share, s, "shares", at, Share.PROGRESS)
    since = _date(s, "since", at, None)
    return _build(at, lambda: Supporter(name, role, contribution, shares, since))


_CORRECTION_KINDS = ("effort", "attempt", "evidence", "supporter")
_CORRECTION_CHANGES = ("edit", "delete")


def _read_correction(c: Mapping[str, Any], at: str) -> dict[str, Any]:
    kind = _text(c, "kind", at)
    if kind not in _CORRECTION_KINDS:
        raise _fail(
            f"{at}.kind", f"{kind!r} is not one of: {', '.join(_CORRECTION_KINDS)}"
        )
    change = _text(c, "change", at)
    if change not in _CORRECTION_CHANGES:
        raise _fail(
            f"{at}.change",
            f"{change!r} is not one of: {', '.join(_CORRECTION_CHANGES)}",
        )
    before = dict(_obj(_get(c, "before", at, _MISSING), f"{at}.before"))
    after_raw = _get(c, "after", at, None)
    after = None if after_raw is None else dict(_obj(after_raw, f"{at}.after"))
    _build(f"{at}.before", lambda: rec.check_json(before, "the record before"))
    _build(f"{at}.after", lambda: rec.check_json(after, "the record after"))
    note = _text(c, "note", at, "")
    _build(f"{at}.note", lambda: check.note(note, ""))
    return {
        "kind": kind,
        "record_id": _build(
            f"{at}.record_id", lambda: check.whole(_int(c, "record_id", at), "")
        ),
        "change": change,
        "before": before,
        "after": after,
        "when": _date(c, "when", at),
        "note": note,
    }


# --- references: what only the whole document shows ------------------------------


def _check_references(plan: _Plan) -> None:
    """Templates exist; values, effort and evidence fit the goal's template."""
    from strive.conditions import Condition
    from strive.traits import TraitSet

    by_name: dict[str, list[Trait]] = {}
    by_template: dict[str, TraitSet] = {}
    for where, gp in plan.goals:
        template = _goal_template(gp, where)
        for trait in gp.traits:
            template = template.with_trait(trait)
        traits = template.traits
        by_template.setdefault(gp.goal.template, traits)
        for trait in traits:
            by_name.setdefault(trait.name, []).append(trait)
        for at, entry in gp.effort:
            _build(f"{at}.action", template.catalogue.__getitem__, entry.action)
        for at, ev in gp.evidence:
            _build(f"{at}.condition", Condition.parse, ev.condition, traits)
    for at, change in plan.changes:
        defined = by_name.get(change.trait)
        if not defined:
            raise _fail(
                f"{at}.trait",
                f"no goal's template has a trait {change.trait!r}; a profile value "
                "belongs to a trait of one of the person's goals",
            )
        raw = rec.encode_value(change.value)
        for trait in defined:
            _build(f"{at}.value", trait.from_json, raw)
    for at, cohort in plan.cohorts:
        cohort_traits = by_template.get(cohort.template)
        if cohort_traits is None:
            raise _fail(
                f"{at}.template",
                f"no goal uses the template {cohort.template!r} this class is for",
            )
        for i, row in enumerate(cohort.rows):
            for key, value in row.items():
                if key in cohort_traits:
                    _build(f"{at}.rows[{i}].{key}", cohort_traits[key].from_json, value)


def _goal_template(gp: _GoalPlan, where: str) -> Template:
    if gp.stored is not None:
        from strive.templates.stored import load_stored

        st = gp.stored
        at = f"{where}.stored_template"
        loaded = _build(at, load_stored, st.toml, st.cohort_file, st.cohort_csv, at)
        return loaded[0]
    from strive.templates import load_template

    return _build(f"{where}.template", load_template, gp.goal.template)
