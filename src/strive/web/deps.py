"""FastAPI dependencies: the config, the viewer, CSRF, and the owner's workspace.

Routers only declare what they need (``viewer: Viewer = Depends(viewer)``) and ask
:mod:`strive.web.authz` for access; nothing else decides who sees what.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from fastapi import Request

from strive.errors import StriveError
from strive.i18n import _
from strive.web.authz import Allowed, Viewer
from strive.web.middleware import PRE_COOKIE

if TYPE_CHECKING:
    from strive.web.accounts import LoginSession
    from strive.web.app import WebConfig
    from strive.workspace import Workspace

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class LoginRequired(StriveError):
    """The page needs a logged-in account (pages redirect, the API answers 401)."""


class CsrfRefused(StriveError):
    """A state-changing request without this session's CSRF token: 403."""


def config(request: Request) -> WebConfig:
    found: WebConfig = request.app.state.config
    return found


def login(request: Request) -> LoginSession | None:
    session: LoginSession | None = request.state.login
    return session


def viewer(request: Request) -> Viewer:
    session = login(request)
    if session is None:
        return Viewer(None, None)
    return Viewer(session.account.id, session.account.person_id)


def require_login(request: Request) -> LoginSession:
    session = login(request)
    if session is None:
        raise LoginRequired(_("log in to see this page"))
    return session


def form_token(request: Request) -> str:
    """The token a form of this page must send back: the session's CSRF token, or
    for an anonymous visitor the token in their ``strive_pre`` cookie."""
    session = login(request)
    if session is not None:
        return session.csrf
    cookies: dict[str, str] = request.state.cookies
    existing = cookies.get(PRE_COOKIE, "")
    if not existing:
        existing = secrets.token_urlsafe(32)
        cookies[PRE_COOKIE] = existing
        request.state.new_pre = existing
    return existing


async def csrf_protect(request: Request) -> None:
    """Refuse (403) a state-changing request without the right token.

    The token comes in the ``X-CSRF-Token`` header (API, htmx) or the ``csrf`` form
    field. Logged in: it must be the session's token. Anonymous forms (sign-up,
    login): it must equal the ``strive_pre`` cookie (double submit), so another site
    cannot log a browser into its own account either.
    """
    if request.method not in UNSAFE:
        return
    sent = request.headers.get("x-csrf-token", "")
    if not sent:
        content = request.headers.get("content-type", "")
        if content.startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            form = await request.form()
            value = form.get("csrf", "")
            sent = value if isinstance(value, str) else ""
    session = login(request)
    if session is None and request.headers.get("content-type", "").startswith(
        "application/json"
    ):
        # Anonymous JSON (API sign-up and login): another site cannot send it
        # without a CORS preflight, which this app never grants.
        return
    cookies: dict[str, str] = request.state.cookies
    expected = session.csrf if session is not None else cookies.get(PRE_COOKIE, "")
    if not expected or not sent or not secrets.compare_digest(sent, expected):
        # An uploaded file parsed above is in a temporary file: close it now, as
        # no route will (it leaked a file handle per refused multipart post).
        await request.close()
        raise CsrfRefused(
            _(
                "this form has expired or did not come from strive: "
                "reload the page and try again"
            )
        )


MAX_ID = 2**63 - 1


async def ids_in_range(request: Request) -> None:
    """An id in the path beyond what a database integer holds is a 404 like any
    missing id (SQLite raised OverflowError, a 500, before this check; found by
    schemathesis)."""
    from strive.errors import NotFoundError

    for value in request.path_params.values():
        digits = isinstance(value, str) and value.lstrip("+-").isdigit()
        if digits and abs(int(value)) > MAX_ID:
            raise NotFoundError(_("There is nothing here."))


def workspace(request: Request, allowed: Allowed) -> Workspace:
    """The owner's workspace for a request :mod:`authz` allowed."""
    from strive.workspace import Workspace

    cfg = config(request)
    return Workspace(cfg.store, person=allowed.owner, today=cfg.today)
