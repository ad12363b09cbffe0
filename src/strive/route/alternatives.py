"""Several distinct routes: cheapest, fastest, least money, then the next cheapest.

Like actionable recourse's flipsets, each extra route is a *different action set*:
after the cheapest set is found it is excluded with a no-good cut (``sum of its
x <= size - 1``) and the model is solved again.
"""

from __future__ import annotations

from strive.route.model import Alternative, CostWeights
from strive.route.plan import Outcome, Planner

FASTEST = CostWeights(hours=0.01, money=0.0001, months=100.0)
"""Calendar months dominate (the sum of the actions' months, not the makespan)."""
LEAST_MONEY = CostWeights(hours=0.001, money=1.0, months=0.001)


def alternatives(
    planner: Planner, cheapest: Outcome, *, more: int = 2
) -> list[Alternative]:
    """The cheapest route plus up to three other distinct action sets."""
    out = [_alt("cheapest", planner, cheapest)]
    seen = {frozenset(cheapest.selection.chosen)}
    for name, weights in (("fastest", FASTEST), ("least_money", LEAST_MONEY)):
        outcome = planner.solve(weights=weights)
        if outcome.feasible and frozenset(outcome.selection.chosen) not in seen:
            seen.add(frozenset(outcome.selection.chosen))
            out.append(_alt(name, planner, outcome))
    cuts: list[tuple[str, ...]] = [cheapest.selection.chosen]
    for _ in range(more):
        if not cuts[-1]:
            break  # nothing to exclude: the empty set is the only cheapest route
        outcome = planner.solve(nogoods=cuts)
        if not outcome.feasible:
            break
        cuts.append(outcome.selection.chosen)
        if frozenset(outcome.selection.chosen) in seen:
            continue
        seen.add(frozenset(outcome.selection.chosen))
        out.append(_alt("next_cheapest", planner, outcome))
    return out


def _alt(name: str, planner: Planner, outcome: Outcome) -> Alternative:
    return Alternative(
        name=name,
        actions=outcome.selection.chosen,
        totals=planner.totals(outcome),
        optimal=outcome.optimal,
    )
