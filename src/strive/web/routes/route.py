"""Step 3, plan the route: the cheapest plan, its alternatives, the calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from strive.web import charts
from strive.web.render import render
from strive.web.routes.common import goal_view

if TYPE_CHECKING:
    from strive.route import Route
    from strive.workspace import Workspace
    from strive.workspace._base import GoalContext

router = APIRouter(tags=["route"])


def route_json(request: Request, goal_id: int, *, save: bool) -> dict[str, Any]:
    """The shape of ``strive route --json``."""
    view = goal_view(request, goal_id, "route", "write" if save else "read")
    return _doc(view.ws, view.ws.plan(save=save), view.ws.context())


def _doc(ws: Workspace, route: Route, ctx: GoalContext) -> dict[str, Any]:
    doc = route.to_json()
    doc["record_first"] = [r.to_json() for r in ws.record_first(ctx=ctx)]
    return doc


@router.get("/goals/{goal_id}/route", include_in_schema=False)
def route_page(request: Request, goal_id: int) -> Response:
    view = goal_view(request, goal_id, "route", "read")
    route = view.ws.plan(save=False)  # once: the table and the chart share it
    ctx = view.ws.context()
    doc = _doc(view.ws, route, ctx)
    chart = (
        charts.route_words(route, ctx.template.windows) if charts.available() else None
    )
    return render(
        request,
        "route.html",
        {"goal": view.goal, "doc": doc, "chart": chart, "data": ctx.template},
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
    body = route_to_ical(view.ws.plan(save=False))
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
