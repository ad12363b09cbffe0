"""Conversions between table rows and the core's frozen dataclasses.

Storage does not know a trait's kind, so profile values are kept as plain JSON
(``bool``, number, text, a sorted list for a set) and decoded on the way out.

The ``*_from_row`` functions read attributes only, so :mod:`strive.storage.lite`
hands them its plain SQLite rows too; the table classes (and SQLAlchemy) are imported
only by the functions that build a new row.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from strive import validate as check
from strive.attempts import Attempt, Outcome
from strive.effort import EffortEntry
from strive.errors import DataImportError, InputError, TraitValueError
from strive.evidence import Evidence
from strive.goal import Goal, GoalStatus, Limits
from strive.profile import NOT_YET, Change, Recorded
from strive.supporters import Share, Supporter
from strive.traits import Kind, Mutability, Trait, TraitSet

if TYPE_CHECKING:
    from strive.storage.models import (
        AttemptRow,
        EffortRow,
        EvidenceRow,
        GoalRow,
        ProfileChangeRow,
        StoredTemplateRow,
        SupporterRow,
    )


@dataclass(frozen=True)
class CohortImport:
    """A selected class a person imported (e.g. the one announced after a rejection).

    ``rows`` are plain JSON objects keyed by ``columns`` (trait names, ``year``,
    ``name``...), exactly as imported.
    """

    template: str
    name: str
    source: str
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]
    imported: dt.date
    id: int | None = None


@dataclass(frozen=True)
class StoredTemplate:
    """A person's own template (TOML) and cohort CSV, kept as text with a goal.

    ``source_path`` is the absolute path it was read from, to notice later when the
    file changes; ``digest`` is :func:`strive.templates.stored.digest` of the text.
    """

    name: str
    source_path: str
    digest: str
    toml: str
    cohort_file: str | None
    cohort_csv: str | None
    stored: dt.date
    id: int | None = None


def stored_template_from_row(row: StoredTemplateRow) -> StoredTemplate:
    return StoredTemplate(
        name=row.name,
        source_path=row.source_path,
        digest=row.digest,
        toml=row.toml,
        cohort_file=row.cohort_file,
        cohort_csv=row.cohort_csv,
        stored=row.stored,
        id=row.id,
    )


def stored_template_to_row(
    st: StoredTemplate, row: StoredTemplateRow
) -> StoredTemplateRow:
    """Copy every field but ``id`` and ``person_id``."""
    row.name = st.name
    row.source_path = st.source_path
    row.digest = st.digest
    row.toml = st.toml
    row.cohort_file = st.cohort_file
    row.cohort_csv = st.cohort_csv
    row.stored = st.stored
    return row


# --- trait values -------------------------------------------------------------


NOT_YET_JSON = {"not_yet": True}
"""How "not yet" is stored: an object, which no trait value is."""


def encode_value(value: Recorded | Any | None, where: str = "value") -> Any:
    """A trait value as plain JSON (a set becomes a sorted list; "not yet" becomes
    ``{"not_yet": true}``).

    Raises:
        TraitValueError: the value is not a trait value (or not a finite number).
    """
    if value is NOT_YET or value == NOT_YET_JSON:
        return dict(NOT_YET_JSON)
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise TraitValueError(f"{where}: {value!r} is not a finite number")
        return value
    if isinstance(value, frozenset | set | list | tuple):
        if not all(isinstance(m, str) for m in value):
            raise TraitValueError(f"{where}: a set holds text only, not {value!r}")
        return sorted(set(value))
    raise TraitValueError(f"{where}: {value!r} is not a trait value")


def decode_value(raw: Any, trait: Trait | None) -> Recorded | None:
    """Plain JSON back to a trait value, through ``trait.from_json`` when known."""
    if raw == NOT_YET_JSON:
        return NOT_YET
    if trait is not None:
        return trait.from_json(raw)
    if raw is None or isinstance(raw, bool | str):
        return raw
    if isinstance(raw, int | float):
        return float(raw)
    if isinstance(raw, list):
        return frozenset(str(m) for m in raw)
    raise TraitValueError(f"stored value {raw!r} is not a trait value")


def change_from_row(row: ProfileChangeRow, traits: TraitSet | None) -> Change:
    trait = traits.traits.get(row.trait) if traits is not None else None
    try:
        value = decode_value(row.value, trait)
    except TraitValueError as exc:
        raise TraitValueError(
            f"{exc.message} (stored on {row.when.isoformat()}; correct it with a "
            "new value)",
            where=f"profile value of {row.trait}",
        ) from None
    return Change(row.trait, value, row.when, row.note)


# --- custom traits ------------------------------------------------------------


def trait_from_json(spec: Any, where: str = "trait") -> Trait:
    """Rebuild a trait from :meth:`Trait.describe` output.

    Raises:
        InputError: the description is malformed (the message names ``where``).
    """
    if not isinstance(spec, Mapping):
        raise InputError(f"{where}: expected an object, got {spec!r}")
    try:
        kind = Kind(spec["kind"])
        mutability = Mutability(spec.get("mutability", "free"))
        values = tuple(str(v) for v in spec.get("values", ()))
        name = spec["name"]
        if not isinstance(name, str) or not name:
            raise InputError(f"{where}.name: expected text, got {name!r}")
        minimum = spec.get("minimum")
        maximum = spec.get("maximum")
        spanish = spec.get("values_es") or {}
        if not isinstance(spanish, dict):
            raise InputError(f"{where}.values_es: expected an object, got {spanish!r}")
        return Trait(
            name=name,
            kind=kind,
            label=str(spec.get("label", "")),
            label_es=str(spec.get("label_es", "")),
            values_es=tuple((str(k), str(v)) for k, v in spanish.items()),
            description=str(spec.get("description", "")),
            unit=str(spec.get("unit", "")),
            levels=values if kind is Kind.LEVEL else (),
            categories=values if kind is not Kind.LEVEL else (),
            mutability=mutability,
            sensitive=bool(spec.get("sensitive", False)),
            minimum=None if minimum is None else float(minimum),
            maximum=None if maximum is None else float(maximum),
            growth_per_year=float(spec.get("growth_per_year", 0.0)),
            custom=bool(spec.get("custom", False)),
        )
    except KeyError as exc:
        raise InputError(f"{where}: missing field {exc.args[0]!r}") from None
    except (ValueError, TypeError) as exc:
        raise InputError(f"{where}: {exc}") from None
    except InputError as exc:
        if exc.message.startswith(where):
            raise
        raise InputError(f"{where}: {exc.message}") from None


def json_to_text(value: Any) -> str | None:
    """A JSON column's text (``None`` is SQL NULL): exact, so export → import →
    export is lossless (see :class:`strive.storage.types.JSONText`)."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def json_from_text(value: Any) -> Any:
    """A JSON column's value back from its text."""
    if value is None:
        return None
    if not isinstance(value, str | bytes):
        return value  # a number SQLite already converted (numeric affinity)
    return json.loads(value)


def cohort_import_from_row(row: Any) -> CohortImport:
    return CohortImport(
        template=row.template,
        name=row.name,
        source=row.source,
        columns=tuple(row.columns),
        rows=tuple(row.rows),
        imported=row.imported,
        id=row.id,
    )


def check_json(document: Any, what: str) -> None:
    """Refuse documents that are not plain, finite JSON.

    Raises:
        InputError: the document cannot be stored as JSON.
    """
    try:
        json.dumps(document, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{what} is not plain JSON: {exc}") from None


# --- rows <-> records -----------------------------------------------------------


def goal_from_row(row: GoalRow) -> Goal:
    return Goal(
        title=row.title,
        template=row.template,
        why=row.why,
        target_date=row.target_date,
        limits=Limits(
            hours_per_week=row.hours_per_week,
            money=_no_limit_if_infinite(row.money),
            months_away=_no_limit_if_infinite(row.months_away),
            max_parallel=row.max_parallel,
        ),
        status=GoalStatus(row.status),
        status_reason=row.status_reason,
        status_date=row.status_date,
        created=row.created,
        next_goal=row.next_goal_id,
        id=row.id,
    )


def _no_limit_if_infinite(value: float | None) -> float | None:
    """An earlier strive stored ``--money inf`` as given; it meant no limit."""
    return None if value is not None and math.isinf(value) and value > 0 else value


def goal_to_row(goal: Goal, row: GoalRow) -> GoalRow:
    """Copy every field but ``id`` and ``next_goal`` (checked by the caller)."""
    row.title = goal.title
    row.template = goal.template
    row.why = goal.why
    row.target_date = goal.target_date
    row.hours_per_week = goal.limits.hours_per_week
    row.money = goal.limits.money
    row.months_away = goal.limits.months_away
    row.max_parallel = goal.limits.max_parallel
    row.status = str(goal.status)
    row.status_reason = goal.status_reason
    row.status_date = goal.status_date
    row.created = goal.created
    return row


def evidence_from_row(row: EvidenceRow) -> Evidence:
    return Evidence(
        condition=row.condition,
        source=row.source,
        have=row.have,
        of=row.of,
        note=row.note,
        recorded=row.recorded,
        id=row.id,
    )


def evidence_row(goal_id: int, ev: Evidence) -> EvidenceRow:
    from strive.storage.models import EvidenceRow

    return EvidenceRow(
        goal_id=goal_id,
        condition=ev.condition,
        source=ev.source,
        have=ev.have,
        of=ev.of,
        note=ev.note,
        recorded=ev.recorded,
    )


def effort_from_row(row: EffortRow) -> EffortEntry:
    return EffortEntry(row.action, row.hours, row.when, row.note, id=row.id)


def effort_row(goal_id: int, entry: EffortEntry) -> EffortRow:
    from strive.storage.models import EffortRow

    return EffortRow(
        goal_id=goal_id,
        action=entry.action,
        hours=float(entry.hours),
        when=entry.when,
        note=entry.note,
    )


def attempt_from_row(row: AttemptRow) -> Attempt:
    return Attempt(
        name=row.name,
        applied=row.applied,
        outcome=Outcome(row.outcome),
        decided=row.decided,
        feedback=row.feedback,
        id=row.id,
    )


def attempt_to_row(attempt: Attempt, row: AttemptRow) -> AttemptRow:
    row.name = attempt.name
    row.applied = attempt.applied
    row.outcome = str(attempt.outcome)
    row.decided = attempt.decided
    row.feedback = attempt.feedback
    return row


def supporter_from_row(row: SupporterRow) -> Supporter:
    return Supporter(
        name=row.name,
        role=row.role,
        contribution=row.contribution,
        shares=Share(row.shares),
        since=row.since,
        id=row.id,
    )


def supporter_row(goal_id: int, s: Supporter) -> SupporterRow:
    from strive.storage.models import SupporterRow

    return SupporterRow(
        goal_id=goal_id,
        name=s.name,
        role=s.role,
        contribution=s.contribution,
        shares=str(s.shares),
        since=s.since,
    )


def check_cohort(
    name: str,
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    source: str = "",
) -> None:
    """Rows may hold more keys than ``columns`` (e.g. ``name``, ``year``).

    Raises:
        DataImportError: no name, a column twice, or rows that are not plain JSON.
        InputError: the name or source breaks :mod:`strive.validate`'s rules.
    """
    if not name.strip():
        raise DataImportError("an imported cohort needs a name")
    check.name(name, "name")
    check.text(source, "source")
    if len(set(columns)) != len(columns):
        raise DataImportError(f"cohort {name!r}: a column appears twice")
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise DataImportError(f"row {i + 1} is not an object", where=name)
        for key, grade in row.items():
            if str(key).endswith("_conf") and grade not in (None, "", "H", "M", "L"):
                raise DataImportError(
                    f"row {i + 1}: {key}: {grade!r} is not a confidence grade "
                    "(H, M or L)",
                    where=name,
                )
    try:
        check_json(list(rows), f"cohort {name!r}")
    except InputError as exc:
        raise DataImportError(exc.message) from None
