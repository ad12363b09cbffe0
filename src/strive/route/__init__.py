"""Step 3: the route — the provably cheapest plausible plan, dated into milestones.

See ``docs/route.md``. Heavy imports (highspy, icalendar, pyarrow) happen inside the
functions that need them.
"""

from __future__ import annotations

from strive.route.api import plan_route
from strive.route.batch import plan_batch, write_parquet
from strive.route.ical import route_to_ical
from strive.route.model import (
    Alternative,
    CostWeights,
    Milestone,
    OpenItem,
    Relaxation,
    Route,
    RouteStep,
    Totals,
)
from strive.route.moves import Moves, plan_moves
from strive.route.targets import LinearTarget, LookalikeTarget

__all__ = [
    "Alternative",
    "CostWeights",
    "LinearTarget",
    "LookalikeTarget",
    "Milestone",
    "Moves",
    "OpenItem",
    "Relaxation",
    "Route",
    "RouteStep",
    "Totals",
    "plan_batch",
    "plan_moves",
    "plan_route",
    "route_to_ical",
    "write_parquet",
]
