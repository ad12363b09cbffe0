"""Password change and two-factor login: the security settings page, the code step
of a two-factor login, and the same through the API.

The rules live in :mod:`strive.web.accounts` and :mod:`strive.web.twofactor`; this
module only turns forms and JSON into calls and answers (docs/security.md).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from strive.errors import InputError
from strive.web import accounts, twofactor
from strive.web.deps import config, login, require_login
from strive.web.forms import errors_of, posted, text
from strive.web.middleware import cookie_name
from strive.web.render import render
from strive.web.routes.account import account_json, client_address, set_session

router = APIRouter(tags=["security"])

FIELDS = ("current", "password", "code")


def _page(
    request: Request, extra: dict[str, Any] | None = None, status: int = 200
) -> Response:
    session = require_login(request)
    store = config(request).store
    context: dict[str, Any] = {
        "status": twofactor.status(store, session.account.id),
        "setup": twofactor.pending_setup(store, session.account.id),
        "changed": request.query_params.get("changed") == "1",
    }
    context.update(extra or {})
    return render(request, "security.html", context, status=status)


@router.get("/settings/security", include_in_schema=False)
def security_page(request: Request) -> Response:
    return _page(request)


@router.post("/settings/password", include_in_schema=False)
async def change_password_form(request: Request) -> Response:
    return await posted(request, _change_password_form)


def _change_password_form(request: Request, form: Any) -> Response:
    session = require_login(request)
    try:
        token, _new = accounts.change_password(
            config(request).store,
            session.account.id,
            text(form, "current"),
            text(form, "password"),
        )
    except InputError as exc:
        return _page(request, {"errors": errors_of(exc, FIELDS)}, status=400)
    response = RedirectResponse("/settings/security?changed=1", status_code=303)
    set_session(request, response, token)
    return response


@router.post("/settings/totp/start", include_in_schema=False)
def totp_start_form(request: Request) -> Response:
    session = require_login(request)
    twofactor.start(config(request).store, session.account.id)
    return RedirectResponse("/settings/security#totp", status_code=303)


@router.post("/settings/totp/confirm", include_in_schema=False)
async def totp_confirm_form(request: Request) -> Response:
    return await posted(request, _totp_confirm_form)


def _totp_confirm_form(request: Request, form: Any) -> Response:
    session = require_login(request)
    try:
        codes = twofactor.confirm(
            config(request).store, session.account.id, text(form, "code")
        )
    except InputError as exc:
        return _page(request, {"errors": errors_of(exc, FIELDS)}, status=400)
    # Shown once, on this answer only (never stored in clear).
    return _page(request, {"recovery_codes": codes})


@router.post("/settings/totp/disable", include_in_schema=False)
async def totp_disable_form(request: Request) -> Response:
    return await posted(request, _totp_disable_form)


def _totp_disable_form(request: Request, form: Any) -> Response:
    session = require_login(request)
    try:
        twofactor.disable(
            config(request).store,
            session.account.id,
            text(form, "current"),
        )
    except InputError as exc:
        return _page(request, {"errors": errors_of(exc, FIELDS)}, status=400)
    return RedirectResponse("/settings/security", status_code=303)


# -- the code step of a two-factor login --------------------------------------------


def _waiting_token(request: Request) -> str:
    cookies: dict[str, str] = request.state.cookies
    return cookies.get(cookie_name(bool(request.state.secure)), "")


@router.get("/login/code", include_in_schema=False)
def code_page(request: Request) -> Response:
    if login(request) is not None:
        return RedirectResponse("/", status_code=303)
    if not accounts.is_waiting(config(request).store, _waiting_token(request)):
        return RedirectResponse("/login", status_code=303)
    return render(request, "login_code.html")


@router.post("/login/code", include_in_schema=False)
async def code_form(request: Request) -> Response:
    return await posted(request, _code_form)


def _code_form(request: Request, form: Any) -> Response:
    try:
        token, _session = accounts.finish_login(
            config(request).store,
            _waiting_token(request),
            text(form, "code"),
            client_address(request),
        )
    except accounts.RateLimited as exc:
        return render(
            request, "login_code.html", {"errors": {"": exc.message}}, status=429
        )
    except InputError as exc:
        return render(
            request, "login_code.html", {"errors": errors_of(exc, FIELDS)}, status=400
        )
    response = RedirectResponse("/", status_code=303)
    set_session(request, response, token)
    return response


# -- API ----------------------------------------------------------------------------


class PasswordChange(BaseModel):
    current: str = Field(max_length=1024)
    password: str = Field(max_length=1024)


class Code(BaseModel):
    code: str = Field(max_length=64)


class Password(BaseModel):
    password: str = Field(max_length=1024)


def _status_json(status: twofactor.Status) -> dict[str, Any]:
    return {
        "enabled": status.enabled,
        "pending": status.pending,
        "recovery_codes_left": status.codes_left,
    }


@router.put("/api/account/password")
def api_change_password(
    body: PasswordChange, request: Request, response: Response
) -> dict[str, Any]:
    """Change the password: every other session of the account is logged out and
    this one gets a new cookie and CSRF token (in the answer)."""
    session = require_login(request)
    token, new = accounts.change_password(
        config(request).store, session.account.id, body.current, body.password
    )
    set_session(request, response, token)
    return account_json(new)


@router.get("/api/account/totp")
def api_totp_status(request: Request) -> dict[str, Any]:
    """Whether two-factor login is on, and how many recovery codes are left."""
    session = require_login(request)
    return _status_json(twofactor.status(config(request).store, session.account.id))


@router.post("/api/account/totp", status_code=201)
def api_totp_start(request: Request) -> dict[str, Any]:
    """Start set-up: a new secret and its ``otpauth://`` URI for the app."""
    session = require_login(request)
    setup = twofactor.start(config(request).store, session.account.id)
    return {"secret": setup.secret, "uri": setup.uri}


@router.post("/api/account/totp/confirm")
def api_totp_confirm(body: Code, request: Request) -> dict[str, Any]:
    """Turn it on with a code from the app; the answer holds the ten recovery
    codes, shown this once."""
    session = require_login(request)
    codes = twofactor.confirm(config(request).store, session.account.id, body.code)
    return {"enabled": True, "recovery_codes": codes}


@router.post("/api/account/totp/disable")
def api_totp_disable(body: Password, request: Request) -> dict[str, Any]:
    """Turn it off (the password is asked again)."""
    session = require_login(request)
    store = config(request).store
    twofactor.disable(store, session.account.id, body.password)
    return _status_json(twofactor.status(store, session.account.id))
