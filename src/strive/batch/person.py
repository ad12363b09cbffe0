"""One person's headline, top gaps and exact route, as ``strive gap`` and
``strive route`` compute them.

This mirrors :meth:`strive.workspace.Workspace._analyze` (coverage, reach, the
"nothing known" rule) and :meth:`strive.workspace.Workspace.plan` (requirements are
hard; the top gaps are kept in rank order while a route still fits the limits) for a
person with no logged effort and no evidence. ``tests/batch/test_same_as_single.py``
runs the single-person commands on a sample and checks every number is the same.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from strive.batch.context import BatchContext
from strive.replan import effort_logged, effort_state, route_with_gaps
from strive.traits import Value
from strive.unknowns import nothing_known

STEPS = ("record", "blocked", "route", "apply")
"""Where a person stands, derived from their result (see :func:`step_of`)."""


@dataclass(frozen=True)
class Offer:
    """What one action, offered by the school, does to one person's route.

    The person is re-planned as if they had finished ``action`` before the route
    starts (every effect applied, the action marked done: none of their hours,
    money or calendar), towards the same targets as their route (the requirements
    and the gaps it closes). Differences are the route's minus the re-plan's, so
    positive means saved; ``None`` where a side has no route (``feasible`` says
    whether the re-plan has one) or, for money, where the two routes do not have
    the same actions without a sourced price.
    """

    action: str
    feasible: bool
    days: int | None
    """Days earlier the route finishes (its last step's end)."""
    hours: float | None
    money: float | None


@dataclass(frozen=True)
class PersonResult:
    """One output row. Lists are condition or action names; money is in dollars."""

    id: str
    line: int
    coverage: float | None
    coverage_n: int
    reach_hours: float | None
    reach_feasible: bool | None
    requirements_unmet: tuple[str, ...]
    requirements_unknown: tuple[str, ...]
    top_gaps: tuple[str, ...]
    feasible: bool
    optimal: bool
    actions: tuple[str, ...]
    action_hours: tuple[float, ...]
    action_money: tuple[float | None, ...]
    """None where the catalogue has no sourced money figure (unknown, not 0)."""
    effort_hours: float
    money: float
    months: float
    months_away: float
    cost: float
    finish: str | None
    blocked_by: tuple[str, ...]
    open_items: tuple[str, ...]
    step: str
    route: str
    """The ``strive route --json`` document (without alternatives)."""
    route_gaps: tuple[str, ...] = ()
    """The gap conditions the route closes besides the requirements."""
    offers: tuple[Offer, ...] = ()
    """One per :attr:`BatchContext.offers`, in that order."""

    def to_row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "line": self.line,
            "coverage": self.coverage,
            "coverage_n": self.coverage_n,
            "reach_hours": self.reach_hours,
            "reach_feasible": self.reach_feasible,
            "requirements_unmet": list(self.requirements_unmet),
            "requirements_unknown": list(self.requirements_unknown),
            "top_gaps": list(self.top_gaps),
            "feasible": self.feasible,
            "optimal": self.optimal,
            "actions": list(self.actions),
            "action_hours": list(self.action_hours),
            "action_money": list(self.action_money),
            "effort_hours": self.effort_hours,
            "money": self.money,
            "months": self.months,
            "months_away": self.months_away,
            "cost": self.cost,
            "finish": self.finish,
            "blocked_by": list(self.blocked_by),
            "open_items": list(self.open_items),
            "step": self.step,
            "route": self.route,
            "route_gaps": list(self.route_gaps),
            "offer_actions": [o.action for o in self.offers],
            "offer_feasible": [o.feasible for o in self.offers],
            "offer_days": [o.days for o in self.offers],
            "offer_hours": [o.hours for o in self.offers],
            "offer_money": [o.money for o in self.offers],
        }


def assess(
    context: BatchContext,
    values: Mapping[str, Value | None],
    *,
    person_id: str = "",
    line: int = 0,
) -> PersonResult:
    """Gap, reach and route for one person's values (``None``: unknown)."""
    from strive.gap.analyzer import GapLines
    from strive.reach import REACH_WEIGHTS, compute_reach

    template = context.template
    traits = template.traits
    analyzer = context.analyzer
    # The lines are what compare() computes for these fields, without the parts a
    # row does not show (per-trait figures, look-alike details, model probability).
    report = analyzer.lines(values) if context.fast else analyzer.compare(values)
    unknown_all = nothing_known(traits, values)
    coverage = None if unknown_all else report.headline.value
    reach_hours: float | None = None
    reach_feasible: bool | None = None
    if context.reach and not unknown_all:
        if context.fast:
            # compute_reach's defaults (50 candidates, hours only, 10 s), with the
            # context's engine instead of one built and fitted per person.
            reacher, same = context.reacher()
            reach = reacher.reach(
                values,
                k=context.reach_k,
                limits=context.limits,
                start=context.start,
                deadline=context.deadline,
                weights=REACH_WEIGHTS,
                now=report.matched if same and isinstance(report, GapLines) else None,
                named=False,  # a row shows reach's value, not whom it matches
            )
        else:
            reach = compute_reach(
                template,
                traits,
                values,
                analyzer.cohort_,
                k=context.reach_k,
                limits=context.limits,
                start=context.start,
                deadline=context.deadline,
            )
        reach_hours = reach.value
        reach_feasible = reach.feasible
    common = _common(context)
    route = _route(context, values, report.they_have_you_dont, common)
    gaps = tuple(route.extra.get("gaps", ()))
    offers = tuple(
        offer_effect(context, values, gaps, route, name, common)
        for name in context.offers
    )
    unmet = tuple(r.name for r in report.requirements if r.status == "unmet")
    unknown = tuple(r.name for r in report.requirements if r.status == "unknown")
    doc = route.to_json()
    return PersonResult(
        id=person_id,
        line=line,
        coverage=coverage,
        coverage_n=report.headline.n,
        reach_hours=reach_hours,
        reach_feasible=reach_feasible,
        requirements_unmet=unmet,
        requirements_unknown=unknown,
        top_gaps=tuple(i.condition for i in report.they_have_you_dont[: context.gaps]),
        feasible=route.feasible,
        optimal=route.optimal,
        actions=route.actions,
        action_hours=tuple(s.effort_hours for s in route.steps),
        action_money=tuple(s.money if s.money_sourced else None for s in route.steps),
        effort_hours=route.totals.effort_hours,
        money=route.totals.money,
        months=route.totals.months,
        months_away=route.totals.months_away,
        cost=route.totals.cost,
        finish=doc["totals"]["finish"],
        blocked_by=route.blocked_by,
        open_items=tuple(o.text for o in route.open_items),
        step=step_of(
            unknown_all, route.feasible, bool(route.steps), bool(unknown), bool(unmet)
        ),
        route=json.dumps(doc, sort_keys=True, ensure_ascii=False),
        route_gaps=tuple(c.text() for c in gaps),
        offers=offers,
    )


def offer_effect(
    context: BatchContext,
    values: Mapping[str, Value | None],
    gaps: tuple[Any, ...],
    route: Any,
    action: str,
    common: dict[str, Any],
) -> Offer:
    """Re-plan one person as if ``action`` were done before the start (see
    :class:`Offer`): one exact plan, same targets, limits and dates as ``route``.

    Prerequisites of the action are not asked of the person: a school offering
    the course would teach what it needs. ``add`` effects are applied here (the
    planner applies only ``set``/``include`` effects of done actions, since a
    person records added amounts in their profile).
    """
    from strive.route import plan_route

    template = context.template
    traits = template.traits
    finished = template.catalogue[action]
    after = dict(values)
    for effect in finished.effects:
        after[effect.trait] = effect.apply(
            traits[effect.trait], after.get(effect.trait)
        )
    alt = plan_route(
        template.catalogue,
        traits,
        after,
        targets=list(gaps),
        alternatives=False,
        explain_infeasible=False,
        **{**common, "done": [action]},
    )
    both = route.feasible and alt.feasible
    same_unknown = set(route.totals.money_unknown) == set(alt.totals.money_unknown)
    return Offer(
        action=action,
        feasible=alt.feasible,
        days=(route.end - alt.end).days if both else None,
        hours=float(route.totals.effort_hours - alt.totals.effort_hours)
        if both
        else None,
        money=float(route.totals.money - alt.totals.money)
        if both and same_unknown
        else None,
    )


def step_of(
    nothing: bool, feasible: bool, has_actions: bool, unknown: bool, unmet: bool
) -> str:
    """The step a person is at, from their result alone (never from a sensitive trait).

    ``record``: nothing comparable is known, or no action is planned while a
    requirement is unknown (step 2: record what strive needs); ``blocked``: no route
    fits the limits; ``route``: a route with actions to follow (steps 3-4);
    ``apply``: every requirement met and nothing left to add (step 5).
    """
    if nothing:
        return "record"
    if not feasible:
        return "blocked"
    if has_actions:
        return "route"
    if unknown or unmet:
        return "record"
    return "apply"


def _common(context: BatchContext) -> dict[str, Any]:
    """The ``plan_route`` arguments every plan of a batch shares."""
    from strive.route import CostWeights

    template = context.template
    done, started = effort_state([], template.catalogue)
    return {
        "requirements": template.requirements,
        "limits": context.limits,
        "start": context.start,
        "deadline": context.deadline,
        "weights": CostWeights(),
        "windows": template.windows,
        "done": done,
        "in_progress": started,
        "logged": effort_logged([]),
        # As Workspace.plan: the template's [[continuous]] actions (any amount of a
        # number, at a cost per unit) are part of every route and every re-plan.
        "continuous": template.continuous,
    }


def _route(
    context: BatchContext,
    values: Mapping[str, Value | None],
    lines: Any,
    common: dict[str, Any] | None = None,
) -> Any:
    """The route ``Workspace.plan`` makes (no effort logged, no extra targets)."""
    template = context.template
    return route_with_gaps(
        template.catalogue,
        template.traits,
        values,
        lines,
        top=context.top,
        alternatives=False,
        reuse=context.fast,
        **(common or _common(context)),
    )
