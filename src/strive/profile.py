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

from strive import validate as check
from strive.errors import TraitValueError
from strive.traits import Kind, Mutability, Trait, TraitSet, Value


@dataclass(frozen=True)
class Change:
    """One recorded value of one trait, from ``when`` on (``None`` clears it)."""

    trait: str
    value: Value | None
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
        self, trait: Trait, value: Value | None, when: dt.date, note: str = ""
    ) -> Profile:
        """Return a profile with ``trait`` set to ``value`` from ``when`` on.

        Raises:
            TraitValueError: the value is invalid, or it would lower a grow-only trait.
        """
        checked = None if value is None else trait.validate(value)
        before = self.value(trait, when)
        if (
            trait.mutability is Mutability.GROW_ONLY
            and checked is not None
            and before is not None
            and _lower(trait, checked, before)
        ):
            raise TraitValueError(
                f"{trait.name} can only grow: it is {trait.format(before)} on "
                f"{when.isoformat()}, so {trait.format(checked)} would lower it "
                "(use a correction to fix a mistake)"
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
        value = change.value
        if trait.growth_per_year and when is not None and isinstance(value, float):
            years = (when - change.when).days / 365.25
            value = value + trait.growth_per_year * max(years, 0.0)
        return value

    def values(
        self, traits: TraitSet | Iterable[Trait], when: dt.date | None = None
    ) -> dict[str, Value | None]:
        """Every trait's value on ``when`` (``None`` where unknown)."""
        return {t.name: self.value(t, when) for t in traits}

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
