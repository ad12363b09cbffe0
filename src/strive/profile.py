"""A person's trait values, with their whole history.

Every change is kept with the date it took effect, so strive can show how the gap
closed over time and a review can say what changed since the last attempt. Traits that
grow on their own (age, years of experience) are aged forward from the date they were
recorded when a profile is read at a later date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, Literal

from strive import validate as check
from strive.errors import TraitValueError
from strive.i18n import _
from strive.traits import Kind, Mutability, Trait, TraitSet, Value


class NotYet(Enum):
    """A value you do not have yet (a test not taken, a licence not started).

    Unlike unknown (``None``), it is known and not met: the gap engine and the
    planner read it as the lowest value of the trait (no, 0 or the minimum, the
    first level, the empty set), so a route targets it. Stored as
    ``{"not_yet": true}``, which no trait value can be.
    """

    NOT_YET = "not_yet"

    def __str__(self) -> str:
        return "not yet"


NOT_YET: Final = NotYet.NOT_YET
NOT_YET_WORDS = frozenset({"not-yet", "not yet", "not_yet", "notyet"})
"""What a person types for :data:`NOT_YET` (``strive profile set mcat=not-yet``)."""

Recorded = Value | Literal[NotYet.NOT_YET]
"""What a change records: a trait value or :data:`NOT_YET` (``None``: unknown)."""


def not_yet_value(trait: Trait) -> Value:
    """The value engines read for "not yet": the lowest value of the trait.

    Raises:
        TraitValueError: the trait is fixed (nothing to do yet) or a category
            (no lowest value).
    """
    if trait.mutability is Mutability.FIXED:
        raise TraitValueError(
            _("{trait} is fixed: it cannot be 'not yet'").format(trait=trait.name)
        )
    if trait.kind is Kind.BOOL:
        return False
    if trait.kind is Kind.NUMBER:
        return float(trait.minimum) if trait.minimum is not None else 0.0
    if trait.kind is Kind.LEVEL:
        return trait.levels[0]
    if trait.kind is Kind.SET:
        return frozenset()
    raise TraitValueError(
        _("{trait} is a category: record the value, or leave it unknown").format(
            trait=trait.name
        )
    )


def format_recorded(trait: Trait, value: Recorded | None) -> str:
    """Human text for a recorded value, "not yet" included."""
    return _("not yet") if value is NOT_YET else trait.format(value)


@dataclass(frozen=True)
class Change:
    """One recorded value of one trait, from ``when`` on (``None`` clears it;
    :data:`NOT_YET` says you do not have it yet)."""

    trait: str
    value: Recorded | None
    when: dt.date
    note: str = ""

    def __post_init__(self) -> None:
        check.name(self.trait, "trait")
        check.day(self.when, "when")
        check.note(self.note, "note")


@dataclass(frozen=True)
class Profile:
    """A person's values: an append-only list of changes, read at any date.

    ``Profile().set(pilot, True, date(2001, 5, 1)).value(pilot)`` is ``True``;
    reading it at an earlier date gives ``None`` (unknown then).
    """

    changes: tuple[Change, ...] = ()

    def set(
        self, trait: Trait, value: Recorded | None, when: dt.date, note: str = ""
    ) -> Profile:
        """Return a profile with ``trait`` set to ``value`` from ``when`` on.

        Raises:
            TraitValueError: the value is invalid, or it would lower a grow-only trait.
        """
        checked: Recorded | None
        if value is NOT_YET:
            lowest: Value | None = not_yet_value(trait)
            checked = NOT_YET
        else:
            checked = None if value is None else trait.validate(value)
            lowest = checked
        before = self.value(trait, when)
        if (
            trait.mutability is Mutability.GROW_ONLY
            and lowest is not None
            and before is not None
            and _lower(trait, lowest, before)
        ):
            raise TraitValueError(
                _(
                    "{trait} can only grow: it is {before} on {when}, so {value} "
                    "would lower it (use a correction to fix a mistake)"
                ).format(
                    trait=trait.name,
                    before=trait.format(before),
                    when=when.isoformat(),
                    value=format_recorded(trait, checked),
                )
            )
        return Profile((*self.changes, Change(trait.name, checked, when, note)))

    def correct(self, trait: Trait, value: Value | None, when: dt.date) -> Profile:
        """Record a correction: unlike :meth:`set` it may lower a grow-only trait."""
        checked = None if value is None else trait.validate(value)
        return Profile((*self.changes, Change(trait.name, checked, when, "correction")))

    def _latest(self, name: str, when: dt.date | None) -> Change | None:
        found: Change | None = None
        for change in self.changes:
            if change.trait != name or (when is not None and change.when > when):
                continue
            if found is None or change.when >= found.when:
                found = change
        return found

    def value(self, trait: Trait, when: dt.date | None = None) -> Value | None:
        """The value of ``trait`` on ``when`` (default: the latest), aged by time."""
        change = self._latest(trait.name, when)
        if change is None or change.value is None:
            return None
        if change.value is NOT_YET:
            return not_yet_value(trait)  # known, not met: no ageing
        value = change.value
        if trait.growth_per_year and when is not None and isinstance(value, float):
            years = (when - change.when).days / 365.25
            value = value + trait.growth_per_year * max(years, 0.0)
        return value

    def recorded(self, trait: Trait, when: dt.date | None = None) -> Recorded | None:
        """What was recorded for ``trait`` on ``when``: a value (not aged),
        :data:`NOT_YET` or ``None``."""
        change = self._latest(trait.name, when)
        return None if change is None else change.value

    def not_yet(
        self, traits: TraitSet | Iterable[Trait], when: dt.date | None = None
    ) -> frozenset[str]:
        """The traits marked "not yet" on ``when``."""
        return frozenset(t.name for t in traits if self.recorded(t, when) is NOT_YET)

    def values(
        self, traits: TraitSet | Iterable[Trait], when: dt.date | None = None
    ) -> dict[str, Value | None]:
        """Every trait's value on ``when`` (``None`` where unknown)."""
        return {t.name: self.value(t, when) for t in traits}

    def to_json(self, traits: TraitSet, when: dt.date) -> dict[str, Any]:
        """``strive profile show --json`` and ``GET .../profile`` (one shape): each
        trait's value on ``when`` with its status (known, not_yet or unknown)."""
        values = self.values(traits, when)
        not_yet = self.not_yet(traits, when)

        def status(name: str) -> str:
            if name in not_yet:
                return "not_yet"
            return "unknown" if values.get(name) is None else "known"

        return {
            "date": when.isoformat(),
            "traits": [
                {
                    "trait": t.name,
                    "value": "not_yet"
                    if t.name in not_yet
                    else t.to_json(values[t.name]),
                    "status": status(t.name),
                    "kind": str(t.kind),
                    "sensitive": t.sensitive,
                }
                for t in traits
            ],
        }

    def history(self, name: str | None = None) -> list[Change]:
        """The changes in date order, optionally for one trait."""
        picked = [c for c in self.changes if name is None or c.trait == name]
        return sorted(picked, key=lambda c: c.when)

    def dates(self) -> list[dt.date]:
        return sorted({c.when for c in self.changes})

    @classmethod
    def from_values(
        cls, traits: TraitSet, values: Mapping[str, Value | None], when: dt.date
    ) -> Profile:
        profile = cls()
        for name, value in values.items():
            profile = profile.set(traits[name], value, when)
        return profile


def _lower(trait: Trait, new: Value, old: Value) -> bool:
    if trait.kind is Kind.SET:
        assert isinstance(new, frozenset) and isinstance(old, frozenset)
        return not old <= new
    if trait.kind is Kind.CATEGORY:
        return False
    return trait.order_key(new) < trait.order_key(old)
