"""What re-planning starts from: the gaps worth targeting and the work already done.

Pure helpers shared by the route step (step 3) and the strategic review (step 5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from strive.actions import Catalogue
from strive.conditions import Condition
from strive.effort import EffortEntry
from strive.errors import InputError
from strive.traits import Mutability, TraitSet, Value

if TYPE_CHECKING:
    from strive.route import Route


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


def route_with_gaps(
    catalogue: Catalogue,
    traits: TraitSet,
    values: Mapping[str, Value | None],
    lines: Iterable[GapLine],
    *,
    hard: Sequence[Any] = (),
    top: int,
    alternatives: bool = True,
    reuse: bool = True,
    **common: Any,
) -> Route:
    """The route that meets ``hard`` and closes up to ``top`` gaps, in rank order.

    A gap is kept only while the route with it still fits the limits (one probe
    plan per gap); the gaps that would not fit become open items, so the person
    sees why they are not on the route. ``common`` is passed to every
    ``plan_route`` call (requirements, limits, start, deadline, weights, ...).
    Shared by ``strive route`` and ``strive batch`` so both give the same route.

    The last feasible probe always aims at exactly the final targets (a gap is
    kept only when its probe is feasible). Without ``alternatives`` the final plan
    is that same call (``explain_infeasible`` changes only an infeasible route), so
    with ``reuse`` the probe is returned instead of planned twice; ``reuse=False``
    plans it again (the earlier path, for ``bench/bench_route.py nasa``).
    """
    from dataclasses import replace

    from strive.route import OpenItem, plan_route

    last: list[Route] = []

    def plan(targets: list[Condition], **options: Any) -> Route:
        return plan_route(
            catalogue, traits, values, targets=[*hard, *targets], **options, **common
        )

    def fits(targets: list[Condition]) -> bool:
        probe = plan(targets, alternatives=False, explain_infeasible=False)
        if probe.feasible:
            last[:] = [probe]
        return probe.feasible

    kept: list[Condition] = []
    skipped: list[Condition] = []
    if fits([]):
        for condition in gap_targets(lines, traits):
            if len(kept) >= top:
                break
            (kept if fits([*kept, condition]) else skipped).append(condition)
    if reuse and last and not alternatives:
        route = last[0]
    else:
        route = plan(kept, alternatives=alternatives)
    # The gaps the route closes, for a re-plan towards the same targets
    # (strive batch's counterfactual offers); not part of the public document.
    route = replace(route, extra={**route.extra, "gaps": tuple(kept)})
    items = (
        *route.open_items,
        *(OpenItem("gap", c.text(), "") for c in skipped),
    )
    return replace(
        route,
        open_items=tuple(
            replace(o, text=open_item_text(o.requirement, o.condition, traits, values))
            for o in items
        ),
    )


def open_item_text(
    requirement: str,
    condition: str,
    traits: TraitSet,
    values: Mapping[str, Value | None],
) -> str:
    """An open item as a person reads it, with the traits' labels in the current
    language: "medical exam: “passes the NASA physical” is not recorded; ...", not
    the condition's id (``passes_physical``), which stays in the item's
    ``condition`` for a program or a person typing it. ``requirement`` is the
    requirement the condition decides, or ``"gap"`` for a gap no route within the
    limits closes."""
    from strive.i18n import _
    from strive.vocabulary import requirement as requirement_word

    try:
        parsed = Condition.parse(condition, traits)
    except InputError:  # not this goal's trait: shown as written
        parsed = None
    if requirement == "gap":
        shown = (
            condition
            if parsed is None
            else parsed.gap_text(traits[parsed.trait], values.get(parsed.trait))
        )
        return _(
            "{gap} (no route within your limits closes this gap with the "
            "catalogue's actions)"
        ).format(gap=shown)
    label = condition if parsed is None else f"“{traits[parsed.trait].title}”"
    return _(
        "{requirement}: {condition} is not recorded; check it (not planned)"
    ).format(requirement=requirement_word(requirement), condition=label)
