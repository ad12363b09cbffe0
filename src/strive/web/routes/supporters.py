"""The owner's side of sharing a goal: invite, change and revoke what supporters
see, and ask them the strategic question after a rejection.

Formatting only: every route asks :mod:`strive.web.authz` (through
:func:`~strive.web.routes.common.goal_allowed`) and then calls one method of
:class:`strive.sharing.service.Circle`, which decides again from fresh grants. A
grant or question id is looked up inside the goal in the URL, so an id of another
goal answers 404 like a missing one.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from strive.attempts import Outcome
from strive.errors import InputError, NotFoundError, StateError
from strive.goal import GoalStatus
from strive.i18n import _
from strive.sharing.model import (
    Grant,
    Role,
    Section,
    grants_json,
    parse_sections,
    questions_json,
)
from strive.web.deps import viewer
from strive.web.forms import errors_of, posted, text, whole
from strive.web.render import render
from strive.web.routes.common import circle, goal_allowed, goal_view

router = APIRouter(tags=["supporters"])

CHOICES: tuple[Section, ...] = (
    Section.PROFILE,
    Section.GAP,
    Section.ROUTE,
    Section.PROGRESS,
    Section.EFFORT,
    Section.ATTEMPTS,
    Section.EVIDENCE,
    Section.REVIEW,
    Section.NOTES,
)
"""The boxes an owner can tick (the goal itself is always shown)."""

INVITE_FIELDS = ("name", "role", "sections")
ASK_FIELDS = ("supporters", "attempt")


def section_labels() -> dict[str, str]:
    """Each section in words, in the request's language."""
    return {
        "goal": _("the goal itself"),
        "profile": _("your profile"),
        "gap": _("the gap"),
        "route": _("the route"),
        "progress": _("progress"),
        "effort": _("the effort log"),
        "attempts": _("applications"),
        "evidence": _("evidence"),
        "review": _("the strategic review"),
        "notes": _("notes"),
        "supporters": _("supporters"),
        "inbox": _("inbox"),
    }


def role_labels() -> dict[str, str]:
    return {"mentor": _("mentor"), "family": _("family")}


def _role(raw: str) -> Role:
    try:
        return Role(raw)
    except ValueError:
        raise InputError(_("choose mentor or family"), where="role") from None


def _sections(raw: list[str]) -> frozenset[Section]:
    return parse_sections(raw, "sections")


def _grant_of(request: Request, goal_id: int, grant_id: int) -> Grant:
    """The grant if it belongs to this goal (owner only), else 404."""
    for grant in circle(request).grants(viewer(request), goal_id):
        if grant.id == grant_id:
            return grant
    raise NotFoundError(_("there is no grant {id}").format(id=grant_id))


def _page(
    request: Request, goal_id: int, *, status: int = 200, **extra: Any
) -> Response:
    view = goal_view(request, goal_id, "supporters", "read", active=False)
    service = circle(request)
    me = viewer(request)
    grants = service.grants(me, goal_id)
    names = service.supporter_names(me, goal_id)
    granted = {g.supporter_id for g in grants}
    # The step engines read the active goal's attempts; a paused goal offers none.
    rejected = (
        [a for a in view.ws.attempts().attempts if a.outcome is Outcome.REJECTED]
        if view.goal.status is GoalStatus.ACTIVE
        else []
    )
    return render(
        request,
        "supporters.html",
        {
            "goal": view.goal,
            "grants": grants,
            "names": names,
            "waiting": [n for i, n in names.items() if i not in granted],
            "askable": [g for g in grants if g.active],
            "rejected": rejected,
            "questions": service.questions(me, goal_id),
            "choices": [str(s) for s in CHOICES],
            "labels": section_labels(),
            "roles": role_labels(),
            "chosen_attempt": request.query_params.get("attempt", ""),
            **extra,
        },
        status=status,
    )


# -- pages -------------------------------------------------------------------------


@router.get("/goals/{goal_id}/supporters", include_in_schema=False)
def supporters_page(request: Request, goal_id: int) -> Response:
    return _page(request, goal_id)


@router.post("/goals/{goal_id}/supporters", include_in_schema=False)
async def invite(request: Request, goal_id: int) -> Response:
    return await posted(request, _invite, goal_id)


def _invite(request: Request, goal_id: int, form: Any) -> Response:
    goal_allowed(request, goal_id, "supporters", "write")
    values = {"name": text(form, "name"), "role": text(form, "role")}
    ticked = [v for v in form.getlist("sections") if isinstance(v, str)]
    try:
        role = _role(values["role"])
        sections = _sections(ticked)
        invitation, token = circle(request).invite(
            viewer(request),
            goal_id,
            role,
            values["name"].strip(),
            sections=sections or None,
        )
    except InputError as exc:
        return _page(
            request,
            goal_id,
            status=400,
            form={**values, "sections": ticked},
            errors=errors_of(exc, INVITE_FIELDS),
        )
    # The link is shown on this answer only (no redirect: it never sits in a URL
    # of the owner's history); the database keeps its hash.
    link = str(request.base_url).rstrip("/") + f"/invite/{token}"
    return _page(request, goal_id, new_link=link, new_invitation=invitation, status=201)


@router.post("/goals/{goal_id}/grants/{grant_id}", include_in_schema=False)
async def change_grant(request: Request, goal_id: int, grant_id: int) -> Response:
    return await posted(request, _change_grant, goal_id, grant_id)


def _change_grant(request: Request, goal_id: int, grant_id: int, form: Any) -> Response:
    goal_allowed(request, goal_id, "supporters", "write")
    _grant_of(request, goal_id, grant_id)
    ticked = [v for v in form.getlist("sections") if isinstance(v, str)]
    try:
        circle(request).change_grant(
            viewer(request),
            grant_id,
            _sections(ticked),
            expected_version=whole(form, "version"),
        )
    except InputError as exc:
        return _page(
            request,
            goal_id,
            status=400,
            grant_errors={grant_id: exc.message},
        )
    return RedirectResponse(
        f"/goals/{goal_id}/supporters?changed={grant_id}", status_code=303
    )


@router.post("/goals/{goal_id}/grants/{grant_id}/revoke", include_in_schema=False)
async def revoke_grant(request: Request, goal_id: int, grant_id: int) -> Response:
    return await posted(request, _revoke_grant, goal_id, grant_id)


def _revoke_grant(request: Request, goal_id: int, grant_id: int, form: Any) -> Response:
    goal_allowed(request, goal_id, "supporters", "write")
    _grant_of(request, goal_id, grant_id)
    circle(request).revoke(
        viewer(request), grant_id, expected_version=whole(form, "version")
    )
    return RedirectResponse(
        f"/goals/{goal_id}/supporters?revoked={grant_id}", status_code=303
    )


@router.post("/goals/{goal_id}/questions", include_in_schema=False)
async def ask(request: Request, goal_id: int) -> Response:
    return await posted(request, _ask, goal_id)


def _ask(request: Request, goal_id: int, form: Any) -> Response:
    goal_allowed(request, goal_id, "review", "write")
    try:
        ids = _ids([v for v in form.getlist("supporters") if isinstance(v, str)])
        attempt = whole(form, "attempt")
        circle(request).ask_strategic_question(viewer(request), goal_id, attempt, ids)
    except (InputError, StateError) as exc:
        return _page(
            request,
            goal_id,
            status=400 if isinstance(exc, InputError) else 409,
            ask_errors=errors_of(exc, ASK_FIELDS),
        )
    return RedirectResponse(f"/goals/{goal_id}/supporters?asked=1", status_code=303)


def _ids(raw: list[str]) -> list[int]:
    try:
        return [int(v) for v in raw]
    except ValueError:
        raise InputError(
            _("choose supporters from the list"), where="supporters"
        ) from None


# -- API ---------------------------------------------------------------------------


class NewInvitation(BaseModel):
    name: str = Field(max_length=200)
    role: str
    sections: list[str] | None = None
    """``None``: the role's default sections."""


class GrantChange(BaseModel):
    sections: list[str]
    version: int | None = Field(
        default=None,
        description="The grant's version you read (grants list); a stale one "
        "answers 409 and nothing is written.",
    )


class NewQuestion(BaseModel):
    supporters: list[int]
    attempt: int | None = None


@router.get("/api/goals/{goal_id}/grants")
def api_grants(request: Request, goal_id: int) -> dict[str, Any]:
    """Who sees what of a goal (``strive supporter grants --json``)."""
    goal_allowed(request, goal_id, "supporters", "read")
    return grants_json(circle(request).grants(viewer(request), goal_id))


@router.post("/api/goals/{goal_id}/invitations", status_code=201)
def api_invite(body: NewInvitation, request: Request, goal_id: int) -> dict[str, Any]:
    """Invite a supporter; the link (``/invite/TOKEN``) is in this answer only."""
    goal_allowed(request, goal_id, "supporters", "write")
    sections = None if body.sections is None else _sections(body.sections)
    invitation, token = circle(request).invite(
        viewer(request), goal_id, _role(body.role), body.name.strip(), sections=sections
    )
    return {"invitation": invitation.to_json(), "link": f"/invite/{token}"}


@router.put("/api/goals/{goal_id}/grants/{grant_id}")
def api_change_grant(
    body: GrantChange, request: Request, goal_id: int, grant_id: int
) -> dict[str, Any]:
    """Exactly what the supporter sees from their next request."""
    goal_allowed(request, goal_id, "supporters", "write")
    _grant_of(request, goal_id, grant_id)
    sections = _sections(body.sections)
    return (
        circle(request)
        .change_grant(
            viewer(request), grant_id, sections, expected_version=body.version
        )
        .to_json()
    )


@router.delete("/api/goals/{goal_id}/grants/{grant_id}")
def api_revoke(
    request: Request, goal_id: int, grant_id: int, version: int | None = None
) -> dict[str, Any]:
    """Revoke a grant from the supporter's next request (kept as history);
    ``?version=``: 409 if the grant changed since you read it."""
    goal_allowed(request, goal_id, "supporters", "write")
    _grant_of(request, goal_id, grant_id)
    return (
        circle(request).revoke(viewer(request), grant_id, expected_version=version)
    ).to_json()


@router.get("/api/goals/{goal_id}/questions")
def api_questions(request: Request, goal_id: int) -> dict[str, Any]:
    """The strategic questions: all for the owner, a supporter's own for them."""
    goal_allowed(request, goal_id, "goal", "read")
    return questions_json(circle(request).questions(viewer(request), goal_id))


@router.post("/api/goals/{goal_id}/questions", status_code=201)
def api_ask(body: NewQuestion, request: Request, goal_id: int) -> dict[str, Any]:
    """Ask chosen supporters what the selected have that you don't."""
    goal_allowed(request, goal_id, "review", "write")
    question = circle(request).ask_strategic_question(
        viewer(request), goal_id, body.attempt, body.supporters
    )
    return question.to_json()
