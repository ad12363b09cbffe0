"""What re-planning starts from: the gaps worth targeting and the work already done.

Pure helpers shared by the route step (step 3) and the strategic review (step 5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol

from strive.actions import Catalogue
from strive.conditions import Condition
from strive.effort import EffortEntry
from strive.errors import InputError
from strive.traits import Mutability, TraitSet


class GapLine(Protocol):
    """The part of a gap report line the planner needs."""

    @property
    def kind(self) -> str: ...
    @property
    def actionable(self) -> bool: ...
    @property
    def condition(self) -> str: ...


def gap_targets(lines: Iterable[GapLine], traits: TraitSet) -> list[Condition]:
    """The gaps, in rank order, that some action can close.

    Requirements are left out (the planner meets them anyway), and so are gaps on
    fixed traits or that no action in the catalogue changes.
    """
    out: list[Condition] = []
    for line in lines:
        if line.kind == "requirement" or not line.actionable or not line.condition:
            continue
        try:
            condition = Condition.parse(line.condition, traits)
        except InputError:
            continue
        if traits[condition.trait].mutability is Mutability.FIXED:
            continue
        out.append(condition)
    return out


def effort_state(
    entries: Sequence[EffortEntry], catalogue: Catalogue
) -> tuple[list[str], dict[str, dt.date]]:
    """Actions finished (logged hours reach the catalogue's effort) and started.

    A re-plan keeps both: finished actions are not planned again, started ones keep
    their start date and only their remaining effort.
    """
    logged: dict[str, float] = {}
    first: dict[str, dt.date] = {}
    for entry in entries:
        logged[entry.action] = logged.get(entry.action, 0.0) + entry.hours
        first[entry.action] = min(first.get(entry.action, entry.when), entry.when)
    done = [
        name
        for name, hours in logged.items()
        if name in catalogue and hours >= catalogue[name].effort_hours
    ]
    started = {name: day for name, day in first.items() if name not in done}
    return done, started


def effort_logged(entries: Sequence[EffortEntry]) -> dict[str, float]:
    """Hours logged per action: a started action's remaining effort is its catalogue
    effort minus these (see ``plan_route(logged=...)``)."""
    logged: dict[str, float] = {}
    for entry in entries:
        logged[entry.action] = logged.get(entry.action, 0.0) + entry.hours
    return logged
