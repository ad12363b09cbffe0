"""The public entry point: :func:`plan_route`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from strive import i18n
from strive.actions import Catalogue
from strive.conditions import Condition
from strive.goal import Limits
from strive.requirements import Requirement
from strive.route.alternatives import alternatives as _alternatives
from strive.route.continuous import Continuous
from strive.route.infeasible import explain
from strive.route.model import DEFAULT_WEIGHTS, CostWeights, OpenItem, Route, Totals
from strive.route.plan import Planner, needs_from
from strive.route.targets import LinearTarget, LookalikeTarget, ModelTarget
from strive.route.trees import TreeTarget
from strive.template import Window
from strive.traits import TraitSet, Value
from strive.vocabulary import requirement as requirement_word

_NO_PROGRESS: Mapping[str, dt.date] = {}
_NO_HOURS: Mapping[str, float] = {}


def plan_route(
    catalogue: Catalogue,
    traits: TraitSet,
    values: Mapping[str, Value | None],
    *,
    requirements: Sequence[Requirement] = (),
    targets: Sequence[
        Condition | LookalikeTarget | LinearTarget | TreeTarget | ModelTarget
    ] = (),
    limits: Limits,
    start: dt.date,
    deadline: dt.date | None = None,
    weights: CostWeights = DEFAULT_WEIGHTS,
    windows: Sequence[Window] = (),
    done: Sequence[str] = (),
    in_progress: Mapping[str, dt.date] = _NO_PROGRESS,
    logged: Mapping[str, float] = _NO_HOURS,
    alternatives: bool = True,
    explain_infeasible: bool = True,
    time_limit: float = 10.0,
    continuous: Sequence[Continuous] = (),
) -> Route:
    """The cheapest route to every requirement and target, dated into milestones.

    >>> route = plan_route(catalogue, traits, values, targets=[pilot],
    ...                    limits=Limits(months_away=1), start=date(1996, 1, 1))
    ... # doctest: +SKIP

    ``values`` are the person's current values (``None``: unknown). Every
    requirement must end up met through one of its alternatives; a condition on an
    unknown value is assumed and listed in ``open_items``, never planned for.
    ``continuous`` actions add any amount up to their maximum (in steps if they
    have one) at a cost per unit: one variable each in the selection model.
    ``targets`` are extra conditions, look-alike targets, linear-model or
    tree-ensemble targets, or fitted models compiled by
    :func:`strive.route.models.target_from_model` (their imputed inputs fill
    unknown values, their sensitive inputs are never changed, and their notes are
    added to the route's).
    ``done`` actions are finished (their ``set``/``include`` effects are applied);
    ``in_progress`` actions are kept with their start dates; ``logged`` gives the
    hours already logged on them, so each keeps ``effort_hours - logged`` (without
    it, the share of its calendar length not yet elapsed). A started action keeps
    its money: strive records hours, not payments.

    The selection is exact (HiGHS with a zero MIP gap, or an exact decomposition):
    ``optimal`` is true only when that was proven. Dates come from a list-scheduling
    heuristic and are not claimed optimal.

    Raises:
        ModelInputError: a model target needs an input that is not recorded and
            that the model has no imputer for (never taken as 0).
        UnknownActionError: ``done`` or ``in_progress`` names an unknown action.
        UnknownTraitError: a condition or effect names an unknown trait.
    """
    models = [t for t in targets if isinstance(t, ModelTarget)]
    model_notes: list[str] = []
    frozen: set[str] = set()
    if models:
        from strive.route.models.compile import check_recorded

        values = dict(values)
        for m in models:
            check_recorded(m, values)
            for name, value in m.imputed.items():
                if values.get(name) is None:
                    values[name] = value
            frozen |= m.fixed
            model_notes.extend(n for n in m.notes if n not in model_notes)
    searches = [m for m in models if m.method == "search"]
    if searches:
        from strive.route.models.search import candidate_conditions, valid
        from strive.route.select import action_cost

        rest = [t for t in targets if not any(t is m for m in searches)]
        tries = candidate_conditions(
            catalogue,
            traits,
            values,
            searches,
            lambda a: action_cost(a, weights, limits.hours_per_week),
        )
        common: dict[str, Any] = {
            "requirements": requirements,
            "limits": limits,
            "start": start,
            "deadline": deadline,
            "weights": weights,
            "windows": windows,
            "done": done,
            "in_progress": in_progress,
            "logged": logged,
            "time_limit": time_limit,
        }
        for conditions in tries:
            found = plan_route(
                catalogue,
                traits,
                values,
                targets=[*rest, *conditions],
                alternatives=alternatives,
                explain_infeasible=False,
                **common,
            )
            if not found.feasible:
                continue
            final = dict(values)
            for step in found.steps:
                final = catalogue[step.action].apply(traits, final)
            if all(valid(m, traits, final) for m in searches):
                return replace(found, optimal=False, notes=(*model_notes, *found.notes))
        return _nothing(start, deadline, weights, model_notes)
    exact = [t.target if isinstance(t, ModelTarget) else t for t in targets]
    linear = [t for t in exact if isinstance(t, LinearTarget | TreeTarget)]
    others = [t for t in exact if isinstance(t, Condition | LookalikeTarget)]
    planner = Planner(
        catalogue,
        traits,
        values,
        needs=needs_from(traits, requirements, others),
        linear=linear,
        frozen=frozenset(frozen),
        continuous=continuous,
        limits=limits,
        start=start,
        deadline=deadline,
        weights=weights,
        done=done,
        in_progress=in_progress,
        logged=logged,
        time_limit=time_limit,
    )
    outcome = planner.solve()
    if outcome.feasible:
        alts = _alternatives(planner, outcome) if alternatives else []
        route = planner.route(outcome, windows, alts)
        return _noted(route, model_notes)
    blocked, relaxations = explain(planner, outcome) if explain_infeasible else ([], [])
    return Route(
        steps=(),
        milestones=(),
        totals=Totals(),
        feasible=False,
        optimal=False,
        start=start,
        deadline=deadline,
        weights=weights,
        blocked_by=tuple(blocked),
        relaxation=tuple(relaxations),
        open_items=tuple(
            OpenItem(req, c.text(), _not_recorded(req, c.text()))
            for req, c in outcome.selection.open_items
        ),
        notes=(*model_notes, *outcome.notes),
        status=outcome.selection.status,
    )


def _nothing(
    start: dt.date, deadline: dt.date | None, weights: CostWeights, notes: list[str]
) -> Route:
    """No route: the search found no action set the model accepts."""
    return Route(
        steps=(),
        milestones=(),
        totals=Totals(),
        feasible=False,
        optimal=False,
        start=start,
        deadline=deadline,
        weights=weights,
        notes=(
            *notes,
            i18n._(
                "No action set within reach makes the model predict yes (searched)."
            ),
        ),
        status="infeasible",
    )


def _not_recorded(requirement: str, condition: str) -> str:
    """An open item's text for a caller that passes ids (the same words as a
    feasible route's; :func:`strive.replan.open_item_text` puts labels in)."""
    return i18n._(
        "{requirement}: {condition} is not recorded; check it (not planned)"
    ).format(requirement=requirement_word(requirement), condition=condition)


def _noted(route: Route, notes: list[str]) -> Route:
    if not notes:
        return route
    return replace(route, notes=(*notes, *route.notes))
