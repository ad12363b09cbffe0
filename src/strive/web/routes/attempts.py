"""Step 5, persevere: attempts and outcomes, and the strategic review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from strive.attempts import Outcome
from strive.corrections import RecordKind
from strive.errors import ConflictError, InputError, StateError
from strive.i18n import _
from strive.web import charts
from strive.web.forms import date, errors_of, posted, text, whole
from strive.web.render import render
from strive.web.routes.common import GoalView, goal_view

router = APIRouter(tags=["attempts"])

ATTEMPT_FIELDS = ("name", "applied")
RESULT_FIELDS = ("outcome", "decided", "feedback")


def _outcome(raw: str) -> Outcome:
    try:
        return Outcome(raw)
    except ValueError:
        raise InputError(
            _("choose one of: {names}").format(
                names=", ".join(o.value for o in Outcome)
            ),
            where="outcome",
        ) from None


def _page(
    request: Request, view: GoalView, *, status: int = 200, **extra: Any
) -> Response:
    versions = view.ws.versions(RecordKind.ATTEMPT)  # before the data: see
    summary = view.ws.attempts()  # strive.web.routes.progress.effort_json
    chart = (
        charts.step(view.ws, "attempts")
        if summary.attempts and charts.available()
        else None
    )
    return render(
        request,
        "attempts.html",
        {
            "goal": view.goal,
            "doc": summary.to_json(),
            "attempts": summary.attempts,
            "versions": versions,
            "outcomes": [o.value for o in Outcome if o is not Outcome.PENDING],
            "today": view.ws.today.isoformat(),
            "chart": chart,
            **extra,
        },
        status=status,
    )


@router.get("/goals/{goal_id}/attempts", include_in_schema=False)
def attempts_page(request: Request, goal_id: int) -> Response:
    return _page(request, goal_view(request, goal_id, "attempts", "read"))


@router.post("/goals/{goal_id}/attempts", include_in_schema=False)
async def add_attempt(request: Request, goal_id: int) -> Response:
    return await posted(request, _add_attempt, goal_id)


def _add_attempt(request: Request, goal_id: int, form: Any) -> Response:
    view = goal_view(request, goal_id, "attempts", "write")
    try:
        view.ws.add_attempt(text(form, "name").strip(), date(form, "applied"))
    except InputError as exc:
        return _page(
            request,
            view,
            status=400,
            form={f: text(form, f) for f in ATTEMPT_FIELDS},
            errors=errors_of(exc, ATTEMPT_FIELDS),
        )
    return RedirectResponse(f"/goals/{goal_id}/attempts", status_code=303)


@router.post("/goals/{goal_id}/attempts/{attempt_id}/result", include_in_schema=False)
async def record_result(request: Request, goal_id: int, attempt_id: int) -> Response:
    return await posted(request, _record_result, goal_id, attempt_id)


def _record_result(
    request: Request, goal_id: int, attempt_id: int, form: Any
) -> Response:
    view = goal_view(request, goal_id, "attempts", "write")
    try:
        attempt = next(a for a in view.ws.attempts().attempts if a.id == attempt_id)
    except StopIteration:
        from strive.errors import NotFoundError

        raise NotFoundError(f"there is no attempt {attempt_id}") from None
    try:
        outcome = _outcome(text(form, "outcome"))
        view.ws.record_result(
            attempt.name,
            outcome,
            when=date(form, "decided"),
            feedback=text(form, "feedback"),
            expected_version=whole(form, "version"),
        )
    except ConflictError as exc:
        return _page(request, view, status=409, conflict=exc.message)
    except (InputError, StateError) as exc:
        status = 400 if isinstance(exc, InputError) else 409
        return _page(
            request,
            view,
            status=status,
            result_id=attempt_id,
            result_errors=errors_of(exc, RESULT_FIELDS),
        )
    if outcome is Outcome.REJECTED:
        return RedirectResponse(
            f"/goals/{goal_id}/attempts?rejected={attempt_id}", status_code=303
        )
    return RedirectResponse(f"/goals/{goal_id}/attempts", status_code=303)


@router.get("/goals/{goal_id}/review", include_in_schema=False)
def review_page(request: Request, goal_id: int) -> Response:
    view = goal_view(request, goal_id, "review", "read")
    doc = view.ws.review(save=False).to_json()  # a GET never writes
    return render(request, "review.html", {"goal": view.goal, "doc": doc})


class NewAttempt(BaseModel):
    name: str
    applied: dt.date | None = None


class Result(BaseModel):
    outcome: str
    decided: dt.date | None = None
    feedback: str = ""
    version: int | None = Field(
        default=None,
        description="The attempt's version you read; a stale one answers 409.",
    )


@router.get("/api/goals/{goal_id}/attempts")
def api_attempts(request: Request, goal_id: int) -> dict[str, Any]:
    """Your applications (``strive attempt list --json``)."""
    return goal_view(request, goal_id, "attempts", "read").ws.attempts().to_json()


@router.post("/api/goals/{goal_id}/attempts", status_code=201)
def api_add_attempt(body: NewAttempt, request: Request, goal_id: int) -> dict[str, Any]:
    view = goal_view(request, goal_id, "attempts", "write")
    view.ws.add_attempt(body.name.strip(), body.applied)
    return view.ws.attempts().to_json()


@router.post("/api/goals/{goal_id}/attempts/{attempt_id}/result")
def api_result(
    body: Result, request: Request, goal_id: int, attempt_id: int
) -> dict[str, Any]:
    """Record how an application ended."""
    view = goal_view(request, goal_id, "attempts", "write")
    found = [a for a in view.ws.attempts().attempts if a.id == attempt_id]
    if not found:
        from strive.errors import NotFoundError

        raise NotFoundError(f"there is no attempt {attempt_id}")
    view.ws.record_result(
        found[0].name,
        _outcome(body.outcome),
        when=body.decided,
        feedback=body.feedback,
        expected_version=body.version,
    )
    return view.ws.attempts().to_json()


@router.get("/api/goals/{goal_id}/review")
def api_review(request: Request, goal_id: int) -> dict[str, Any]:
    """The strategic review (``strive review --json``) with a new route, not saved
    (``POST /api/goals/{id}/route`` saves one)."""
    view = goal_view(request, goal_id, "review", "read")
    doc = view.ws.review(save=False).to_json()
    doc["gap"]["record_first"] = [x.to_json() for x in view.ws.record_first()]
    return doc
