"""Step 4, prepare: log effort against the route, correct or delete an entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from strive.corrections import RecordKind
from strive.errors import ConflictError, InputError, StateError
from strive.i18n import _
from strive.web import charts
from strive.web.forms import date, errors_of, number, posted, text, whole
from strive.web.render import render
from strive.web.routes.common import GoalView, context_of, goal_view

router = APIRouter(tags=["progress"])

EFFORT_FIELDS = ("hours", "action", "when", "note")


def effort_json(view: GoalView) -> dict[str, Any]:
    """``strive effort list --json`` (the same :func:`strive.effort.effort_json`),
    with each entry's version for a later edit."""
    from strive.effort import effort_json as shared

    # The versions first, then the entries: on PostgreSQL (read committed) each
    # read sees the latest commit, so an edit committed between the two would pair
    # the old hours with the new version, and an edit sent back with them would
    # overwrite that change unseen. Read in this order, it is refused (409).
    versions = view.ws.versions(RecordKind.EFFORT)
    doc = shared(view.ws.effort_log())
    for item in doc["effort"]:
        item["version"] = versions.get(item["id"])
    return doc


def progress_json(view: GoalView) -> dict[str, Any]:
    """The shape of ``strive progress --json``."""
    doc = view.ws.progress().to_json()
    doc["corrections"] = [c.to_json() for c in view.ws.corrections()]
    return doc


def _page(
    request: Request, view: GoalView, *, status: int = 200, **extra: Any
) -> Response:
    try:
        doc: dict[str, Any] | None = progress_json(view)
    except StateError:
        doc = None  # no route saved yet: the page says what to do
    # id → what a person reads (the template's label, in Spanish when it has one)
    actions = {a.name: a.title for a in view.ws.context().template.catalogue}
    chart = (
        charts.step(view.ws, "effort")
        if doc is not None and charts.available()
        else None
    )
    return render(
        request,
        "progress.html",
        {
            "goal": view.goal,
            "doc": doc,
            # versions before entries (see effort_json)
            "versions": view.ws.versions(RecordKind.EFFORT),
            "entries": view.ws.effort_log(),
            "actions": actions,
            "today": view.ws.today.isoformat(),
            "chart": chart,
            **extra,
        },
        status=status,
    )


@router.get("/goals/{goal_id}/progress", include_in_schema=False)
def progress_page(request: Request, goal_id: int) -> Response:
    return _page(request, goal_view(request, goal_id, "progress", "read"))


@router.post("/goals/{goal_id}/effort", include_in_schema=False)
async def log_effort(request: Request, goal_id: int) -> Response:
    return await posted(request, _log_effort, goal_id)


def _log_effort(request: Request, goal_id: int, form: Any) -> Response:
    view = goal_view(request, goal_id, "effort", "write")
    try:
        hours = number(form, "hours")
        if hours is None:
            raise InputError(_("enter the hours"), where="hours")
        view.ws.log(
            hours,
            text(form, "action"),
            when=date(form, "when"),
            note=text(form, "note"),
            ctx=context_of(view),
        )
    except InputError as exc:
        return _page(
            request,
            view,
            status=400,
            form={f: text(form, f) for f in EFFORT_FIELDS},
            errors=errors_of(exc, EFFORT_FIELDS),
        )
    return RedirectResponse(f"/goals/{goal_id}/progress", status_code=303)


@router.post("/goals/{goal_id}/effort/{entry_id}/edit", include_in_schema=False)
async def edit_effort(request: Request, goal_id: int, entry_id: int) -> Response:
    return await posted(request, _edit_effort, goal_id, entry_id)


def _edit_effort(request: Request, goal_id: int, entry_id: int, form: Any) -> Response:
    view = goal_view(request, goal_id, "effort", "write")
    try:
        view.ws.edit_effort(
            entry_id,
            hours=number(form, "hours"),
            action=text(form, "action") or None,
            when=date(form, "when"),
            note=text(form, "note") if "note" in form else None,
            expected_version=whole(form, "version"),
        )
    except ConflictError as exc:
        return _page(request, view, status=409, conflict=exc.message)
    except InputError as exc:
        return _page(
            request,
            view,
            status=400,
            edit_id=entry_id,
            edit_errors=errors_of(exc, EFFORT_FIELDS),
        )
    return RedirectResponse(f"/goals/{goal_id}/progress", status_code=303)


@router.post("/goals/{goal_id}/effort/{entry_id}/delete", include_in_schema=False)
async def delete_effort(request: Request, goal_id: int, entry_id: int) -> Response:
    return await posted(request, _delete_effort, goal_id, entry_id)


def _delete_effort(
    request: Request, goal_id: int, entry_id: int, form: Any
) -> Response:
    view = goal_view(request, goal_id, "effort", "write")
    try:
        view.ws.delete_effort(entry_id, expected_version=whole(form, "version"))
    except ConflictError as exc:
        return _page(request, view, status=409, conflict=exc.message)
    return RedirectResponse(f"/goals/{goal_id}/progress", status_code=303)


class Effort(BaseModel):
    hours: float
    action: str
    when: dt.date | None = None
    note: str = ""


class EffortEdit(BaseModel):
    hours: float | None = None
    action: str | None = None
    when: dt.date | None = None
    note: str | None = None
    version: int | None = Field(
        default=None,
        description="The entry's version you read (effort list); a stale one "
        "answers 409 and nothing is written.",
    )


@router.get("/api/goals/{goal_id}/progress")
def api_progress(request: Request, goal_id: int) -> dict[str, Any]:
    """Planned against actual effort (``strive progress --json``)."""
    return progress_json(goal_view(request, goal_id, "progress", "read"))


@router.get("/api/goals/{goal_id}/effort")
def api_effort(request: Request, goal_id: int) -> dict[str, Any]:
    """Every effort entry (``strive effort list --json``)."""
    return effort_json(goal_view(request, goal_id, "effort", "read"))


@router.post("/api/goals/{goal_id}/effort", status_code=201)
def api_log(body: Effort, request: Request, goal_id: int) -> dict[str, Any]:
    """Log hours against an action (``strive log``)."""
    view = goal_view(request, goal_id, "effort", "write")
    e = view.ws.log(
        body.hours, body.action, when=body.when, note=body.note, ctx=context_of(view)
    )
    return {
        "id": e.id,
        "action": e.action,
        "hours": e.hours,
        "date": e.when.isoformat(),
        "note": e.note,
    }


@router.patch("/api/goals/{goal_id}/effort/{entry_id}")
def api_edit_effort(
    body: EffortEdit, request: Request, goal_id: int, entry_id: int
) -> dict[str, Any]:
    """Correct an entry; the old version is kept as a correction."""
    view = goal_view(request, goal_id, "effort", "write")
    c = view.ws.edit_effort(
        entry_id,
        hours=body.hours,
        action=body.action,
        when=body.when,
        note=body.note,
        expected_version=body.version,
    )
    return c.to_json()


@router.delete("/api/goals/{goal_id}/effort/{entry_id}")
def api_delete_effort(
    request: Request, goal_id: int, entry_id: int, version: int | None = None
) -> dict[str, Any]:
    """Delete an entry; it is kept as a correction (``?version=``: 409 if stale)."""
    view = goal_view(request, goal_id, "effort", "write")
    return view.ws.delete_effort(entry_id, expected_version=version).to_json()
