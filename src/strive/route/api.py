"""The public entry point: :func:`plan_route`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from strive.actions import Catalogue
from strive.conditions import Condition
from strive.goal import Limits
from strive.requirements import Requirement
from strive.route.alternatives import alternatives as _alternatives
from strive.route.infeasible import explain
from strive.route.model import DEFAULT_WEIGHTS, CostWeights, OpenItem, Route, Totals
from strive.route.plan import Planner, needs_from
from strive.route.targets import LinearTarget, LookalikeTarget
from strive.template import Window
from strive.traits import TraitSet, Value

_NO_PROGRESS: Mapping[str, dt.date] = {}
_NO_HOURS: Mapping[str, float] = {}


def plan_route(
    catalogue: Catalogue,
    traits: TraitSet,
    values: Mapping[str, Value | None],
    *,
    requirements: Sequence[Requirement] = (),
    targets: Sequence[Condition | LookalikeTarget | LinearTarget] = (),
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
) -> Route:
    """The cheapest route to every requirement and target, dated into milestones.

    >>> route = plan_route(catalogue, traits, values, targets=[pilot],
    ...                    limits=Limits(months_away=1), start=date(1996, 1, 1))
    ... # doctest: +SKIP

    ``values`` are the person's current values (``None``: unknown). Every
    requirement must end up met through one of its alternatives; a condition on an
    unknown value is assumed and listed in ``open_items``, never planned for.
    ``targets`` are extra conditions, look-alike targets or linear-model targets.
    ``done`` actions are finished (their ``set``/``include`` effects are applied);
    ``in_progress`` actions are kept with their start dates; ``logged`` gives the
    hours already logged on them, so each keeps ``effort_hours - logged`` (without
    it, the share of its calendar length not yet elapsed). A started action keeps
    its money: strive records hours, not payments.

    The selection is exact (HiGHS with a zero MIP gap, or an exact decomposition):
    ``optimal`` is true only when that was proven. Dates come from a list-scheduling
    heuristic and are not claimed optimal.

    Raises:
        UnknownActionError: ``done`` or ``in_progress`` names an unknown action.
        UnknownTraitError: a condition or effect names an unknown trait.
    """
    linear = [t for t in targets if isinstance(t, LinearTarget)]
    others = [t for t in targets if not isinstance(t, LinearTarget)]
    planner = Planner(
        catalogue,
        traits,
        values,
        needs=needs_from(traits, requirements, others),
        linear=linear,
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
        return planner.route(outcome, windows, alts)
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
            OpenItem(req, c.text(), f"{req}: {c.text()} is not recorded")
            for req, c in outcome.selection.open_items
        ),
        notes=outcome.notes,
        status=outcome.selection.status,
    )
