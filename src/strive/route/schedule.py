"""Dating the chosen actions: a list-scheduling heuristic (not proven optimal).

Time runs in days from the start. An action starts only when its prerequisites hold
on the person's values *at that moment* (the profile aged by time plus the effects of
the actions that have ended), when fewer than ``max_parallel`` actions run, and when
its weekly hours fit in what is left of ``hours_per_week``. Each action runs at its
natural pace ``effort / duration`` unless that exceeds the weekly hours, in which case
it is stretched: its calendar length is ``max(duration_months, effort /
hours_per_week)``. Actions started before a re-plan keep their start date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from strive.actions import Action
from strive.goal import Limits
from strive.route.model import DAYS_PER_MONTH, WEEKS_PER_MONTH
from strive.route.select import calendar_months
from strive.traits import TraitSet, Value

_MAX_DAYS = 100 * 365.25


@dataclass(frozen=True)
class Slot:
    action: str
    start: float
    """Days from the schedule's start (negative for actions already in progress)."""
    end: float
    rate: float
    """Hours per week while it runs."""


@dataclass
class Schedule:
    slots: list[Slot] = field(default_factory=list)
    ok: bool = True
    problem: str = ""

    def by_name(self) -> dict[str, Slot]:
        return {s.action: s for s in self.slots}

    @property
    def end(self) -> float:
        return max((s.end for s in self.slots), default=0.0)


def age(
    traits: TraitSet, values: Mapping[str, Value | None], days: float
) -> dict[str, Value | None]:
    """Values ``days`` later, grown by time (age, years of experience)."""
    out = dict(values)
    if days <= 0:
        return out
    for name, value in values.items():
        if name in traits and isinstance(value, float):
            growth = traits[name].growth_per_year
            if growth:
                out[name] = value + growth * days / 365.25
    return out


def pace(action: Action, hours_per_week: float) -> tuple[float, float]:
    """(calendar days, hours per week) for an action run on its own."""
    months = calendar_months(action, hours_per_week)
    days = months * DAYS_PER_MONTH
    rate = action.effort_hours / (months * WEEKS_PER_MONTH) if months > 0 else 0.0
    return days, min(rate, hours_per_week)


def schedule(
    actions: Sequence[Action],
    traits: TraitSet,
    values: Mapping[str, Value | None],
    limits: Limits,
    start: dt.date,
    in_progress: Mapping[str, dt.date] | None = None,
    deadline_days: float | None = None,
) -> Schedule:
    """Date ``actions`` (already selected) by list scheduling."""
    started = dict(in_progress or {})
    hpw = limits.hours_per_week
    info = {a.name: (a, *pace(a, hpw)) for a in actions}
    by_name = {a.name: a for a in actions}
    slots: list[Slot] = []
    for name, when in started.items():
        if name in info:
            _, days, rate = info[name]
            begin = float((when - start).days)
            slots.append(Slot(name, begin, max(begin + days, 0.0), rate))
    pending = [a for a in actions if a.name not in started]
    # Priority: actions others wait for first, then the shortest. All actions share
    # one weekly capacity, so the order hardly changes when the last one ends, but
    # shortest-first closes the most gaps earliest (before the next application
    # window) and gives quick wins: it minimises the mean completion time.
    # needed_by[a] = pairs (prerequisite of another pending b, effect of a) on the
    # same trait: all prerequisites' counts minus a's own.
    wanted: dict[str, int] = {}
    for b in pending:
        for c in b.requires:
            wanted[c.trait] = wanted.get(c.trait, 0) + 1
    needed_by = {
        a.name: sum(
            wanted.get(e.trait, 0) - sum(1 for c in a.requires if c.trait == e.trait)
            for e in a.effects
        )
        for a in pending
    }
    pending.sort(key=lambda a: (-needed_by[a.name], info[a.name][1], a.name))
    t = 0.0
    has_growth = any(t_.growth_per_year for t_ in traits)
    # The values at time t are only needed to check prerequisites. Without growth
    # they change only when actions end, so they are kept up to date incrementally
    # (ended actions applied in order of end, as final_values does).
    check = any(a.requires for a in pending)
    state: Mapping[str, Value | None] = values
    own: dict[str, Value | None] | None = None
    # Slots that may still run (end > t; t never decreases) and slots whose effects
    # are not yet in ``state``, both in slot order: each event looks at these, not
    # at every slot so far (same order, so the same sums and the same result).
    live = list(slots)
    unapplied = list(range(len(slots)))
    while pending:
        live = [s for s in live if t < s.end]
        running = [s for s in live if s.start <= t]
        if not check:
            pass
        elif has_growth:
            state = final_values(traits, values, slots, t, by_name)
        else:
            ended = sorted(
                (k for k in unapplied if slots[k].end <= t + 1e-9),
                key=lambda k: slots[k].end,
            )
            if ended:
                done = set(ended)
                unapplied = [k for k in unapplied if k not in done]
                if own is None:
                    own = dict(values)  # a copy of our own, updated in place
                    state = own
                for k in ended:
                    action = by_name.get(slots[k].action)
                    if action is not None:
                        action.apply_into(traits, own)
        used = sum(s.rate for s in running)
        count = len(running)
        started_now: set[str] = set()
        instant = False
        for action in pending:
            if count >= limits.max_parallel:
                break
            _, days, rate = info[action.name]
            if used + rate > hpw + 1e-9:
                continue
            if action.requires and not _ready(action, traits, state):
                continue
            slot = Slot(action.name, t, t + days, rate)
            unapplied.append(len(slots))
            slots.append(slot)
            live.append(slot)
            used += rate
            count += 1
            started_now.add(action.name)
            instant = instant or days == 0
        if started_now:
            pending = [a for a in pending if a.name not in started_now]
            if instant:
                continue  # instantaneous actions may unlock others at once
        if not pending:
            break
        ends = [s.end for s in live if s.end > t]
        t = min(ends) if ends else t + DAYS_PER_MONTH
        if t > _MAX_DAYS or (deadline_days is not None and t > deadline_days + 1):
            names = ", ".join(a.name for a in pending)
            return Schedule(slots, False, f"cannot start {names} in time")
    result = Schedule(slots)
    if deadline_days is not None and result.end > deadline_days + 1e-6:
        result.ok = False
        result.problem = "the schedule ends after the deadline"
    return result


def final_values(
    traits: TraitSet,
    values: Mapping[str, Value | None],
    slots: Sequence[Slot],
    t: float,
    actions: Mapping[str, Action],
) -> dict[str, Value | None]:
    """Values at day ``t``: aged by time plus effects of the slots ended by then."""
    state = age(traits, values, t)
    for slot in sorted(slots, key=lambda s: s.end):
        if slot.end <= t + 1e-9:
            action = actions.get(slot.action)
            if action is not None:
                state = action.apply(traits, state)
    return state


def _ready(action: Action, traits: TraitSet, state: Mapping[str, Value | None]) -> bool:
    """Prerequisites hold (unknown values are assumed, as in the selection)."""
    return all(c.evaluate(traits, state) is not False for c in action.requires)
