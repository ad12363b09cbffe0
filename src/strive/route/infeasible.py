"""When no route fits: which limit or fixed trait blocks, and the smallest relaxation.

Each limit is relaxed on its own and the model solved again:

* money and months away: solved without that limit and with the limit itself as the
  objective, so the relaxation is the least that is needed (exact);
* hours per week, deadline and parallel actions: the smallest value that gives a
  feasible route, by bisection over the full plan (selection + schedule);
* conditions no action can change (a fixed trait, or no action in the catalogue)
  block the goal outright; no relaxation helps.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from dataclasses import replace

from strive.i18n import _, ngettext
from strive.route.model import DAYS_PER_MONTH, CostWeights, Relaxation
from strive.route.plan import Outcome, Planner
from strive.traits import format_number

_MONEY_ONLY = CostWeights(hours=0.0, money=1.0, months=0.0)
_MAX_MONTHS = 600


def explain(planner: Planner, failed: Outcome) -> tuple[list[str], list[Relaxation]]:
    """``(blocked_by, relaxations)`` for an infeasible planning problem.

    When no single limit is enough, the relaxations returned are the changes needed
    *together* (money, months away and weekly hours relaxed at once).
    """
    impossible = list(failed.selection.impossible)
    if impossible:
        return impossible, []
    limits = planner.limits
    found: list[tuple[float, Relaxation]] = []
    if limits.money is not None:
        outcome = planner.solve(weights=_MONEY_ONLY, limits=replace(limits, money=None))
        if outcome.feasible:
            need = sum(a.money for a in outcome.actions if a.money_sourced)
            more = float(math.ceil(max(need - limits.money, 0.0) / 100.0) * 100)
            found.append(
                (
                    more / max(limits.money, 1.0),
                    Relaxation(
                        "money",
                        limits.money,
                        limits.money + more,
                        _("${amount} more money").format(amount=format_number(more)),
                    ),
                )
            )
    if limits.months_away is not None:
        outcome = planner.solve(
            objective="months_away", limits=replace(limits, months_away=None)
        )
        if outcome.feasible:
            need = sum(a.months_away for a in outcome.actions)
            more = max(need - limits.months_away, 0.0)
            found.append(
                (
                    more / max(limits.months_away, 1.0),
                    Relaxation(
                        "months_away",
                        limits.months_away,
                        limits.months_away + more,
                        _("{months} more months away from home").format(
                            months=format_number(more)
                        ),
                    ),
                )
            )
    if planner.deadline is not None:
        hours = _bisect_hours(planner)
        if hours is not None:
            more = hours - limits.hours_per_week
            found.append(
                (
                    more / limits.hours_per_week,
                    Relaxation(
                        "hours_per_week",
                        limits.hours_per_week,
                        hours,
                        _("{hours} more hours a week").format(
                            hours=format_number(more)
                        ),
                    ),
                )
            )
        for parallel in range(limits.max_parallel + 1, limits.max_parallel + 4):
            outcome = planner.solve(limits=replace(limits, max_parallel=parallel))
            if outcome.feasible:
                found.append(
                    (
                        (parallel - limits.max_parallel) / limits.max_parallel,
                        Relaxation(
                            "max_parallel",
                            limits.max_parallel,
                            parallel,
                            _("{n} actions at once instead of {limit}").format(
                                n=parallel, limit=limits.max_parallel
                            ),
                        ),
                    )
                )
                break
    deadline = _bisect_deadline(planner)
    if deadline is not None:
        current = planner.deadline
        if current is None:
            text = _("a deadline of {date} (time does part of it)").format(
                date=deadline.isoformat()
            )
            ratio = 1.0
        else:
            months = (deadline - current).days / DAYS_PER_MONTH
            later = math.ceil(months)
            text = ngettext(
                "a deadline {months} month later",
                "a deadline {months} months later",
                later,
            ).format(months=format_number(later))
            ratio = months / max((current - planner.start).days / DAYS_PER_MONTH, 1)
        found.append(
            (
                ratio,
                Relaxation(
                    "deadline",
                    None if current is None else current.isoformat(),
                    deadline.isoformat(),
                    text,
                ),
            )
        )
    found.sort(key=lambda f: f[0])
    relaxations = [r for _, r in found]
    if not relaxations:
        relaxations = _together(planner)
    blocked = [r.limit for r in relaxations]
    if not blocked:
        blocked = [_("the limits together: even without them no route was found")]
    return blocked, relaxations


def _together(planner: Planner) -> list[Relaxation]:
    """No single limit is enough: relax money, time away and hours together."""
    limits = planner.limits
    loose = copy.copy(planner)
    loose.limits = replace(limits, money=None, months_away=None)
    hours = limits.hours_per_week
    if planner.deadline is not None:
        found = _bisect_hours(loose)
        if found is None:
            return []
        hours = max(found, hours)
    outcome = loose.solve(limits=replace(loose.limits, hours_per_week=hours))
    if not outcome.feasible:
        return []
    out: list[Relaxation] = []
    money = sum(a.money for a in outcome.actions if a.money_sourced)
    if limits.money is not None and money > limits.money:
        more = float(math.ceil((money - limits.money) / 100.0) * 100)
        out.append(
            Relaxation(
                "money",
                limits.money,
                limits.money + more,
                _("${amount} more money").format(amount=format_number(more)),
            )
        )
    away = sum(a.months_away for a in outcome.actions)
    if limits.months_away is not None and away > limits.months_away:
        out.append(
            Relaxation(
                "months_away",
                limits.months_away,
                away,
                _("{months} more months away from home").format(
                    months=format_number(away - limits.months_away)
                ),
            )
        )
    if hours > limits.hours_per_week:
        out.append(
            Relaxation(
                "hours_per_week",
                limits.hours_per_week,
                hours,
                _("{hours} more hours a week").format(
                    hours=format_number(hours - limits.hours_per_week)
                ),
            )
        )
    return out


def _bisect_hours(planner: Planner) -> float | None:
    limits = planner.limits

    def ok(hours: float) -> bool:
        return planner.solve(limits=replace(limits, hours_per_week=hours)).feasible

    if not ok(100.0):
        return None
    low, high = limits.hours_per_week, 100.0
    while high - low > 0.5:
        mid = (low + high) / 2
        if ok(mid):
            high = mid
        else:
            low = mid
    return float(math.ceil(high))


def _bisect_deadline(planner: Planner) -> dt.date | None:
    start = planner.start
    low = 0 if planner.deadline is None else (planner.deadline - start).days
    low_m = int(low / DAYS_PER_MONTH)

    def ok(months: int) -> bool:
        when = start + dt.timedelta(days=math.ceil(months * DAYS_PER_MONTH))
        return planner.solve(deadline=when).feasible

    if not ok(_MAX_MONTHS):
        return None
    high_m = _MAX_MONTHS
    while high_m - low_m > 1:
        mid = (low_m + high_m) // 2
        if ok(mid):
            high_m = mid
        else:
            low_m = mid
    return start + dt.timedelta(days=math.ceil(high_m * DAYS_PER_MONTH))
