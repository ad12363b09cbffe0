"""The owner's inbox: what supporters sent, to accept or decline.

Suggested evidence accepted becomes evidence with the supporter as its source; an
answer to the strategic question becomes evidence in one step when the owner names
the condition it shows. Formatting only: :mod:`strive.web.authz` first, then one
method of :class:`strive.sharing.service.Circle`. An item id is looked up in the
goal of the URL, so another goal's item answers 404 like a missing one.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from strive.errors import InputError, NotFoundError, StateError
from strive.i18n import _
from strive.sharing.model import InboxItem, ItemStatus, inbox_json
from strive.sharing.service import Accepted
from strive.web.deps import viewer
from strive.web.forms import errors_of, posted, text
from strive.web.render import render
from strive.web.routes.common import circle, goal_allowed, goal_view

router = APIRouter(tags=["inbox"])


def _item_of(request: Request, goal_id: int, item_id: int) -> InboxItem:
    """The item if it belongs to this goal (owner only), else 404."""
    goal_allowed(request, goal_id, "inbox", "write")
    for item in circle(request).inbox(viewer(request), goal_id):
        if item.id == item_id:
            return item
    raise NotFoundError(_("there is no inbox item {id}").format(id=item_id))


def kind_labels() -> dict[str, str]:
    return {
        "evidence": _("Suggested evidence"),
        "action": _("Suggested action"),
        "answer": _("Answer to your question"),
        "comment": _("Comment"),
        "encouragement": _("Encouragement"),
    }


def status_labels() -> dict[str, str]:
    return {
        "open": _("waiting for you"),
        "accepted": _("accepted"),
        "declined": _("declined"),
    }


def _page(
    request: Request, goal_id: int, *, status: int = 200, **extra: Any
) -> Response:
    view = goal_view(request, goal_id, "inbox", "read", active=False)
    service = circle(request)
    me = viewer(request)
    items = service.inbox(me, goal_id)
    questions = {q.id: q.text for q in service.questions(me, goal_id)}
    return render(
        request,
        "inbox.html",
        {
            "goal": view.goal,
            "open": [i for i in items if i.status is ItemStatus.OPEN],
            "decided": [i for i in items if i.status is not ItemStatus.OPEN],
            "questions": questions,
            "kinds": kind_labels(),
            "statuses": status_labels(),
            "done": request.query_params.get("done", ""),
            **extra,
        },
        status=status,
    )


def accepted_json(done: Accepted) -> dict[str, Any]:
    """The item, and the evidence it became (``None``: it became no evidence)."""
    return {
        "item": done.item.to_json(),
        "evidence": None if done.evidence is None else done.evidence.to_json(),
    }


# -- pages -------------------------------------------------------------------------


@router.get("/goals/{goal_id}/inbox", include_in_schema=False)
def inbox_page(request: Request, goal_id: int) -> Response:
    return _page(request, goal_id)


@router.post("/goals/{goal_id}/inbox/{item_id}/accept", include_in_schema=False)
async def accept_item(request: Request, goal_id: int, item_id: int) -> Response:
    return await posted(request, _accept_item, goal_id, item_id)


def _accept_item(request: Request, goal_id: int, item_id: int, form: Any) -> Response:
    _item_of(request, goal_id, item_id)
    condition = text(form, "condition").strip() or None
    try:
        circle(request).accept_item(viewer(request), item_id, condition=condition)
    except (InputError, StateError) as exc:
        return _page(
            request,
            goal_id,
            status=400 if isinstance(exc, InputError) else 409,
            item_id=item_id,
            item_errors=errors_of(exc, ("condition",)),
            item_form={"condition": condition or ""},
        )
    return RedirectResponse(f"/goals/{goal_id}/inbox?done=accepted", status_code=303)


@router.post("/goals/{goal_id}/inbox/{item_id}/decline", include_in_schema=False)
def decline_item(request: Request, goal_id: int, item_id: int) -> Response:
    _item_of(request, goal_id, item_id)
    circle(request).decline_item(viewer(request), item_id)
    return RedirectResponse(f"/goals/{goal_id}/inbox?done=declined", status_code=303)


# -- API ---------------------------------------------------------------------------


class Acceptance(BaseModel):
    condition: str | None = Field(None, max_length=500)
    """For an answer: the condition it shows, to record it as evidence."""


@router.get("/api/goals/{goal_id}/inbox")
def api_inbox(
    request: Request, goal_id: int, status: ItemStatus | None = None
) -> dict[str, Any]:
    """What supporters sent (``strive inbox list --json``)."""
    goal_allowed(request, goal_id, "inbox", "read")
    return inbox_json(circle(request).inbox(viewer(request), goal_id, status=status))


@router.post("/api/goals/{goal_id}/inbox/{item_id}/accept")
def api_accept_item(
    request: Request, goal_id: int, item_id: int, body: Acceptance | None = None
) -> dict[str, Any]:
    """Accept an item; suggested evidence (or an answer with ``condition``)
    becomes evidence with the supporter as its source."""
    _item_of(request, goal_id, item_id)
    condition = None if body is None else body.condition
    done = circle(request).accept_item(viewer(request), item_id, condition=condition)
    return accepted_json(done)


@router.post("/api/goals/{goal_id}/inbox/{item_id}/decline")
def api_decline_item(request: Request, goal_id: int, item_id: int) -> dict[str, Any]:
    """Decline an item (kept, marked declined)."""
    _item_of(request, goal_id, item_id)
    return circle(request).decline_item(viewer(request), item_id).to_json()
