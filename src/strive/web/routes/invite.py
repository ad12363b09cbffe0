"""The page an invitation link opens: ``/invite/TOKEN``.

A visitor sees whose goal it is and what they would see, signs up or logs in on
the same page, and then accepts (a POST with the CSRF token: opening the link
never changes anything). The link works once and expires
(:meth:`strive.sharing.service.Circle.accept` decides); a used or expired link
answers 410 and an unknown one 404, each with a page saying what to do, and
nothing is written.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from strive.errors import InputError, NotFoundError, StateError
from strive.i18n import current_locale
from strive.sharing.service import InvitationView
from strive.web import accounts
from strive.web.deps import config, require_login
from strive.web.forms import errors_of, posted, text
from strive.web.render import render
from strive.web.routes.account import SIGNUP_FIELDS, client_address, set_session
from strive.web.routes.common import circle
from strive.web.routes.supporters import role_labels, section_labels

router = APIRouter(tags=["invitations"])


class InvitationGone(StateError):
    """A used or expired invitation: 410 Gone, with what to do."""

    http_status = 410


def _preview(request: Request, token: str) -> InvitationView:
    """What the link offers, or :class:`InvitationGone` / NotFoundError."""
    try:
        return circle(request).preview(token)
    except StateError as exc:
        raise InvitationGone(exc.message) from None


def _gone(request: Request, exc: InvitationGone | NotFoundError) -> Response:
    status = 410 if isinstance(exc, InvitationGone) else 404
    return render(request, "invite_gone.html", {"message": exc.message}, status=status)


def _page(request: Request, token: str, *, status: int = 200, **extra: Any) -> Response:
    try:
        offer = _preview(request, token)
    except (InvitationGone, NotFoundError) as exc:
        return _gone(request, exc)
    return render(
        request,
        "invite.html",
        {
            "token": token,
            "offer": offer,
            "seen": sorted(str(s) for s in offer.invitation.sections),
            "labels": section_labels(),
            "roles": role_labels(),
            **extra,
        },
        status=status,
    )


@router.get("/invite/{token}", include_in_schema=False)
def invitation_page(request: Request, token: str) -> Response:
    return _page(request, token)


@router.post("/invite/{token}/signup", include_in_schema=False)
async def invitation_signup(request: Request, token: str) -> Response:
    return await posted(request, _invitation_signup, token)


def _invitation_signup(request: Request, token: str, form: Any) -> Response:
    """Create an account here, then come back to accept."""
    values = {f: text(form, f) for f in ("email", "display_name")}
    try:
        _preview(request, token)
    except (InvitationGone, NotFoundError) as exc:
        return _gone(request, exc)
    store = config(request).store
    try:
        account = accounts.sign_up(
            store,
            values["email"],
            text(form, "password"),
            values["display_name"],
            current_locale(),
        )
        cookie, _session = accounts.open_session(store, account.id)
    except InputError as exc:
        return _page(
            request,
            token,
            status=400,
            form=values,
            errors=errors_of(exc, SIGNUP_FIELDS),
        )
    response = RedirectResponse(f"/invite/{token}", status_code=303)
    set_session(request, response, cookie)
    return response


@router.post("/invite/{token}/login", include_in_schema=False)
async def invitation_login(request: Request, token: str) -> Response:
    return await posted(request, _invitation_login, token)


def _invitation_login(request: Request, token: str, form: Any) -> Response:
    """Log in here, then come back to accept."""
    email = text(form, "login_email")
    try:
        _preview(request, token)
    except (InvitationGone, NotFoundError) as exc:
        return _gone(request, exc)
    try:
        cookie, _session = accounts.log_in(
            config(request).store,
            email,
            text(form, "login_password"),
            client_address(request),
        )
    except accounts.SecondFactorNeeded as pending:
        # Two-factor login: the code first (then open the link again).
        response = RedirectResponse("/login/code", status_code=303)
        set_session(request, response, pending.token)
        return response
    except (accounts.RateLimited, InputError) as exc:
        status = 429 if isinstance(exc, accounts.RateLimited) else 400
        # Field names of this form, not a password (bandit B105 reads the word).
        where = {"email": "login_email", "password": "login_password"}  # nosec B105
        return _page(
            request,
            token,
            status=status,
            login_form={"login_email": email},
            login_errors={where.get(exc.where or "", ""): exc.message},
        )
    response = RedirectResponse(f"/invite/{token}", status_code=303)
    set_session(request, response, cookie)
    return response


@router.post("/invite/{token}/accept", include_in_schema=False)
def invitation_accept(request: Request, token: str) -> Response:
    session = require_login(request)
    try:
        _preview(request, token)
        grant = circle(request).accept(token, session.account.id)
    except (InvitationGone, NotFoundError) as exc:
        return _gone(request, exc)
    except StateError as exc:  # your own goal, or you already support it
        return _page(request, token, status=409, errors={"": exc.message})
    return RedirectResponse(f"/supporting/{grant.goal_id}", status_code=303)


# -- API ---------------------------------------------------------------------------


@router.get("/api/invitations/{token}")
def api_invitation(request: Request, token: str) -> dict[str, Any]:
    """What an invitation offers (404 unknown, 410 used or expired)."""
    offer = _preview(request, token)
    return {
        "invitation": offer.invitation.to_json(),
        "goal_title": offer.goal_title,
        "supporter_name": offer.supporter_name,
    }


@router.post("/api/invitations/{token}/accept", status_code=201)
def api_accept(request: Request, token: str) -> dict[str, Any]:
    """Accept with the logged-in account; the answer is the new grant."""
    session = require_login(request)
    _preview(request, token)
    return circle(request).accept(token, session.account.id).to_json()
