"""Step 2b, measure the gap: you against the selected, trait by trait."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from strive.errors import NotFoundError
from strive.web import charts
from strive.web.render import render
from strive.web.routes.common import GoalView, cached, context_of, goal_view

router = APIRouter(tags=["gap"])

SECTION_OF = {
    "route": "route",
    "effort": "progress",
    "attempts": "attempts",
    "history": "gap",
}
"""Which section a step's picture belongs to (what a viewer must be allowed)."""


def gap_json(request: Request, goal_id: int) -> dict[str, Any]:
    """The shape of ``strive gap --json`` (report plus what to record first)."""
    return _doc(goal_view(request, goal_id, "gap", "read"))


def _doc(view: GoalView) -> dict[str, Any]:
    return _read(view)[0]


def _read(view: GoalView) -> tuple[dict[str, Any], dict[str, Any]]:
    """The JSON shape, and for the page: each trait's unit (it writes "30 años")
    and the template (whose data text it shows in Spanish, ``render``).

    Kept between requests while the goal's context is unchanged (the gap does not
    depend on effort): :func:`~strive.web.routes.common.cached`. Shared: callers
    must not change what it returns."""

    def compute() -> tuple[dict[str, Any], dict[str, Any]]:
        ctx = context_of(view)  # read once for the report and what to record first
        doc = view.ws.gap(ctx=ctx).to_json()
        doc["record_first"] = [r.to_json() for r in view.ws.record_first(ctx=ctx)]
        units = {t.name: t.unit for t in ctx.traits if t.unit}
        return doc, {"units": units, "data": ctx.template}

    return cached(view, "gap", compute, effort=False)


@router.get("/goals/{goal_id}/gap", include_in_schema=False)
def gap_page(request: Request, goal_id: int) -> Response:
    view = goal_view(request, goal_id, "gap", "read")
    doc, extra = _read(view)
    return render(
        request,
        "gap.html",
        {"goal": view.goal, "doc": doc, "charts": charts.available(), **extra},
    )


@router.get("/goals/{goal_id}/charts/gap/{trait}.svg", include_in_schema=False)
def gap_chart(request: Request, goal_id: int, trait: str) -> Response:
    """You on the selected's distribution of one trait (SVG from strive.charts)."""
    view = goal_view(request, goal_id, "gap", "read")
    return svg(charts.gap_trait(view.ws, trait).svg)


@router.get("/goals/{goal_id}/charts/{kind}.svg", include_in_schema=False)
def step_chart(request: Request, goal_id: int, kind: str) -> Response:
    """The route, effort, attempts or history picture (SVG from strive.charts)."""
    if kind not in SECTION_OF:
        raise NotFoundError(f"no {kind} chart")
    view = goal_view(request, goal_id, SECTION_OF[kind], "read")
    return svg(charts.step(view.ws, kind).svg)


def svg(text: str) -> Response:
    return Response(
        text, media_type="image/svg+xml", headers={"cache-control": "no-store"}
    )


@router.get("/api/goals/{goal_id}/gap")
def api_gap(request: Request, goal_id: int) -> dict[str, Any]:
    """The gap report (``strive gap --json``)."""
    return gap_json(request, goal_id)


@router.get("/api/goals/{goal_id}/history")
def api_history(request: Request, goal_id: int) -> dict[str, Any]:
    """Coverage and reach on every date your profile changed (``strive history``)."""
    view = goal_view(request, goal_id, "gap", "read")
    return {"history": [p.to_json() for p in view.ws.history()]}
