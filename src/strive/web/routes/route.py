"""Step 3, plan the route: the cheapest plan, its alternatives, the calendar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from strive.web import charts
from strive.web.render import render
from strive.web.routes.common import GoalView, cached, context_of, goal_view

if TYPE_CHECKING:
    from strive.route import Route
    from strive.workspace import Workspace
    from strive.workspace._base import GoalContext

router = APIRouter(tags=["route"])


def route_json(request: Request, goal_id: int, *, save: bool) -> dict[str, Any]:
    """The shape of ``strive route --json``."""
    view = goal_view(request, goal_id, "route", "write" if save else "read")
    if save:
        return _doc(view.ws, view.ws.plan(save=True), view.ws.context())
    return _planned(view).doc


@dataclass(frozen=True)
class Planned:
    """Today's route of a goal, its JSON shape and the context it was planned in."""

    route: Route
    doc: dict[str, Any]
    """Shared between requests: never changed by a caller."""
    ctx: GoalContext


def _planned(view: GoalView) -> Planned:
    """Today's cheapest route (not saved), kept between requests while the goal's
    context and effort entries are unchanged (:func:`~.common.cached`). The gap
    report it ranks does not depend on effort: kept on the context alone."""

    def compute() -> Planned:
        ctx = context_of(view)
        gaps = cached(
            view, "gaps", lambda: view.ws._gaps_for(ctx), effort=False
        )  # the ranked gaps, without the reach
        route = view.ws.plan(save=False, ctx=ctx, gap=gaps)
        return Planned(route, _doc(view.ws, route, ctx), ctx)

    return cached(view, "route", compute, effort=True)


def _doc(ws: Workspace, route: Route, ctx: GoalContext) -> dict[str, Any]:
    doc = route.to_json()
    doc["record_first"] = [r.to_json() for r in ws.record_first(ctx=ctx)]
    return doc


@router.get("/goals/{goal_id}/route", include_in_schema=False)
def route_page(request: Request, goal_id: int) -> Response:
    view = goal_view(request, goal_id, "route", "read")
    planned = _planned(view)  # once: the table and the chart share it
    chart = (
        cached(
            view,
            "route-words",
            lambda: charts.route_words(planned.route, planned.ctx.template.windows),
            effort=True,
        )
        if charts.available()
        else None
    )
    return render(
        request,
        "route.html",
        {
            "goal": view.goal,
            "doc": planned.doc,
            "chart": chart,
            "data": planned.ctx.template,
        },
    )


@router.post("/goals/{goal_id}/route", include_in_schema=False)
def save_route(request: Request, goal_id: int) -> Response:
    route_json(request, goal_id, save=True)
    return RedirectResponse(f"/goals/{goal_id}/progress", status_code=303)


@router.get("/goals/{goal_id}/route.ics", include_in_schema=False)
def route_calendar(request: Request, goal_id: int) -> Response:
    """The route's milestones and application windows as an iCalendar file."""
    from strive.route import route_to_ical

    view = goal_view(request, goal_id, "route", "read")
    body = route_to_ical(_planned(view).route)
    return Response(
        body,
        media_type="text/calendar",
        headers={
            "content-disposition": f'attachment; filename="strive-goal-{goal_id}.ics"'
        },
    )


@router.get("/api/goals/{goal_id}/route")
def api_route(request: Request, goal_id: int) -> dict[str, Any]:
    """The cheapest route today, not saved (``strive route --json``)."""
    return route_json(request, goal_id, save=False)


@router.post("/api/goals/{goal_id}/route")
def api_save_route(request: Request, goal_id: int) -> dict[str, Any]:
    """Plan and save the route; progress is measured against the saved one."""
    return route_json(request, goal_id, save=True)
