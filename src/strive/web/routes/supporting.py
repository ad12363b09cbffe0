"""The supporter's side: the goals I help with, what I was granted, what I send.

A mentor sees the granted sections (the step pages themselves, without the
owner's forms) and can comment and suggest evidence or an action; family see
progress and applications in plain words and can leave encouragement. Both answer
the strategic question when it was sent to them. What they send lands in the
owner's inbox or the goal's notes (:class:`strive.sharing.service.Circle`); every
route asks :mod:`strive.web.authz` first.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from strive.errors import InputError, NotFoundError, StateError
from strive.goal import GoalStatus
from strive.i18n import _
from strive.progress import Progress
from strive.sharing.model import Grant, InboxItem, Role, Section
from strive.web.deps import require_login, viewer, workspace
from strive.web.forms import errors_of, posted, text, whole
from strive.web.render import render
from strive.web.routes.common import circle, goal_allowed, goal_json
from strive.web.routes.supporters import role_labels, section_labels

router = APIRouter(tags=["supporting"])

EVIDENCE_FIELDS = ("condition", "have", "of", "note")
ACTION_FIELDS = ("action", "note")


def _my_grant(request: Request, goal_id: int) -> Grant:
    """The viewer's active grant on the goal; the owner and strangers get 404."""
    for grant in circle(request).shared_with(viewer(request)):
        if grant.goal_id == goal_id:
            return grant
    raise NotFoundError(_("there is no goal {id}").format(id=goal_id))


def supporting_json(request: Request) -> dict[str, Any]:
    """The goals the viewer helps with: grant, goal and whose it is."""
    require_login(request)
    service = circle(request)
    me = viewer(request)
    out = []
    for grant in service.shared_with(me):
        owner = service.authorize(me, grant.goal_id, Section.GOAL)
        out.append(
            {
                "owner": owner.name,
                "goal": goal_json(service.goal(me, grant.goal_id)),
                "grant": grant.to_json(),
            }
        )
    return {"supporting": out}


def _page(
    request: Request, goal_id: int, *, status: int = 200, **extra: Any
) -> Response:
    allowed = goal_allowed(request, goal_id, "goal", "read")
    me = viewer(request)
    grant = _my_grant(request, goal_id)
    service = circle(request)
    ws = workspace(request, allowed)
    goal = ws.goal(goal_id)
    readable = service.view_for(me, goal_id)
    # The step engines read the owner's active goal; a paused goal shows no steps.
    active = goal.status is GoalStatus.ACTIVE
    progress: Progress | None = None
    if active and "progress" in readable:
        try:
            progress = ws.progress()
        except StateError:
            progress = None  # no route saved yet
    attempts = ws.attempts() if active and "attempts" in readable else None
    actions = (
        [a.name for a in ws.context().template.catalogue]
        if active and grant.role is Role.MENTOR
        else []
    )
    return render(
        request,
        "supporting_goal.html",
        {
            "goal": goal,
            "owner": allowed.owner,
            "grant": grant,
            "seen": sorted(str(s) for s in readable),
            "active": active,
            "progress": progress,
            "attempts": attempts,
            "notes": service.notes(me, goal_id) if "notes" in readable else None,
            "questions": service.questions(me, goal_id),
            "actions": actions,
            "labels": section_labels(),
            "roles": role_labels(),
            "sent": request.query_params.get("sent", ""),
            **extra,
        },
        status=status,
    )


# -- pages -------------------------------------------------------------------------


@router.get("/supporting", include_in_schema=False)
def supporting_page(request: Request) -> Response:
    doc = supporting_json(request)
    return render(request, "supporting.html", {"doc": doc, "roles": role_labels()})


@router.get("/supporting/{goal_id}", include_in_schema=False)
def supported_goal(request: Request, goal_id: int) -> Response:
    allowed = goal_allowed(request, goal_id, "goal", "read")
    if allowed.owned_by(viewer(request)):
        return RedirectResponse(f"/goals/{goal_id}", status_code=303)
    return _page(request, goal_id)


def _sent(goal_id: int, what: str) -> Response:
    return RedirectResponse(f"/supporting/{goal_id}?sent={what}", status_code=303)


def _send_note(request: Request, goal_id: int, words: str) -> InboxItem:
    """A mentor's words are a comment, family's an encouragement note."""
    allowed = goal_allowed(request, goal_id, "notes", "note")
    service = circle(request)
    if allowed.owned_by(viewer(request)):
        # The service refuses (409: "as the owner, add it yourself").
        return service.comment(viewer(request), goal_id, words)
    if _my_grant(request, goal_id).role is Role.MENTOR:
        return service.comment(viewer(request), goal_id, words)
    return service.note(viewer(request), goal_id, words)


@router.post("/goals/{goal_id}/notes", include_in_schema=False)
async def leave_note(request: Request, goal_id: int) -> Response:
    return await posted(request, _leave_note, goal_id)


def _leave_note(request: Request, goal_id: int, form: Any) -> Response:
    try:
        _send_note(request, goal_id, text(form, "text"))
    except InputError as exc:
        return _page(
            request,
            goal_id,
            status=400,
            note_form={"text": text(form, "text")},
            note_errors=errors_of(exc, ("text",)),
        )
    return _sent(goal_id, "note")


@router.post("/goals/{goal_id}/suggestions/evidence", include_in_schema=False)
async def suggest_evidence(request: Request, goal_id: int) -> Response:
    return await posted(request, _suggest_evidence, goal_id)


def _suggest_evidence(request: Request, goal_id: int, form: Any) -> Response:
    goal_allowed(request, goal_id, "evidence", "suggest")
    try:
        circle(request).suggest_evidence(
            viewer(request),
            goal_id,
            text(form, "condition"),
            have=whole(form, "have"),
            of=whole(form, "of"),
            note=text(form, "note"),
        )
    except InputError as exc:
        return _page(
            request,
            goal_id,
            status=400,
            ev_form={f: text(form, f) for f in EVIDENCE_FIELDS},
            ev_errors=errors_of(exc, EVIDENCE_FIELDS),
        )
    return _sent(goal_id, "evidence")


@router.post("/goals/{goal_id}/suggestions/action", include_in_schema=False)
async def suggest_action(request: Request, goal_id: int) -> Response:
    return await posted(request, _suggest_action, goal_id)


def _suggest_action(request: Request, goal_id: int, form: Any) -> Response:
    goal_allowed(request, goal_id, "route", "suggest")
    try:
        circle(request).suggest_action(
            viewer(request), goal_id, text(form, "action"), note=text(form, "note")
        )
    except InputError as exc:
        return _page(
            request,
            goal_id,
            status=400,
            act_form={f: text(form, f) for f in ACTION_FIELDS},
            act_errors=errors_of(exc, ACTION_FIELDS),
        )
    return _sent(goal_id, "action")


def _answer(request: Request, goal_id: int, question_id: int, words: str) -> InboxItem:
    goal_allowed(request, goal_id, "review", "answer")
    service = circle(request)
    me = viewer(request)
    if not any(q.id == question_id for q in service.questions(me, goal_id)):
        raise NotFoundError(_("there is no question {id}").format(id=question_id))
    return service.answer(me, question_id, words)


@router.post(
    "/goals/{goal_id}/questions/{question_id}/answers", include_in_schema=False
)
async def answer(request: Request, goal_id: int, question_id: int) -> Response:
    return await posted(request, _answer_form, goal_id, question_id)


def _answer_form(
    request: Request, goal_id: int, question_id: int, form: Any
) -> Response:
    try:
        _answer(request, goal_id, question_id, text(form, "text"))
    except InputError as exc:
        return _page(
            request,
            goal_id,
            status=400,
            answer_id=question_id,
            answer_errors=errors_of(exc, ("text",)),
        )
    return _sent(goal_id, "answer")


# -- API ---------------------------------------------------------------------------


class Words(BaseModel):
    text: str = Field(max_length=5000)


class EvidenceSuggestion(BaseModel):
    condition: str = Field(max_length=500)
    have: int | None = None
    of: int | None = None
    note: str = Field("", max_length=5000)


class ActionSuggestion(BaseModel):
    action: str = Field(max_length=200)
    note: str = Field("", max_length=5000)


@router.get("/api/supporting")
def api_supporting(request: Request) -> dict[str, Any]:
    """The goals you help with, and exactly what you were granted on each."""
    return supporting_json(request)


@router.get("/api/goals/{goal_id}/notes")
def api_notes(request: Request, goal_id: int) -> dict[str, Any]:
    """Comments and encouragement left on a goal (the ``notes`` section)."""
    goal_allowed(request, goal_id, "notes", "read")
    notes = circle(request).notes(viewer(request), goal_id)
    return {"notes": [n.to_json() for n in notes]}


@router.post("/api/goals/{goal_id}/notes", status_code=201)
def api_note(body: Words, request: Request, goal_id: int) -> dict[str, Any]:
    """Leave a note (a mentor's comment, family's encouragement)."""
    return _send_note(request, goal_id, body.text).to_json()


@router.post("/api/goals/{goal_id}/suggestions/evidence", status_code=201)
def api_suggest_evidence(
    body: EvidenceSuggestion, request: Request, goal_id: int
) -> dict[str, Any]:
    """Suggest evidence (mentors); it waits in the owner's inbox."""
    goal_allowed(request, goal_id, "evidence", "suggest")
    item = circle(request).suggest_evidence(
        viewer(request),
        goal_id,
        body.condition,
        have=body.have,
        of=body.of,
        note=body.note,
    )
    return item.to_json()


@router.post("/api/goals/{goal_id}/suggestions/action", status_code=201)
def api_suggest_action(
    body: ActionSuggestion, request: Request, goal_id: int
) -> dict[str, Any]:
    """Suggest an action for the route (mentors); it waits in the owner's inbox."""
    goal_allowed(request, goal_id, "route", "suggest")
    item = circle(request).suggest_action(
        viewer(request), goal_id, body.action, note=body.note
    )
    return item.to_json()


@router.post("/api/goals/{goal_id}/questions/{question_id}/answers", status_code=201)
def api_answer(
    body: Words, request: Request, goal_id: int, question_id: int
) -> dict[str, Any]:
    """Answer a strategic question sent to you; it lands in the owner's inbox."""
    return _answer(request, goal_id, question_id, body.text).to_json()
