"""Accounts: sign up, log in, log out, settings (language); pages and API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from strive.errors import InputError
from strive.i18n import LOCALES, current_locale
from strive.web import accounts
from strive.web.deps import config, login, require_login
from strive.web.forms import errors_of, posted, text
from strive.web.middleware import cookie_name
from strive.web.render import render

router = APIRouter(tags=["account"])

SIGNUP_FIELDS = ("email", "password", "display_name")


def client_address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def set_session(request: Request, response: Response, token: str) -> None:
    secure = bool(request.state.secure)
    response.set_cookie(
        cookie_name(secure),
        token,
        max_age=accounts.SESSION_DAYS * 86400,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )


def clear_session(request: Request, response: Response) -> None:
    secure = bool(request.state.secure)
    response.delete_cookie(
        cookie_name(secure), path="/", httponly=True, samesite="lax", secure=secure
    )


def account_json(session: accounts.LoginSession) -> dict[str, Any]:
    a = session.account
    return {
        "email": a.email,
        "person": a.person,
        "locale": a.locale,
        "csrf": session.csrf,
        "session_expires": session.expires_at.isoformat() + "Z",
    }


# -- pages -------------------------------------------------------------------------


@router.get("/signup", include_in_schema=False)
def signup_page(request: Request) -> Response:
    if login(request) is not None:
        return RedirectResponse("/", status_code=303)
    return render(
        request,
        "signup.html",
        {"cli_data": accounts.unclaimed_cli_data(config(request).store)},
    )


@router.post("/signup", include_in_schema=False)
async def signup(request: Request) -> Response:
    return await posted(request, _signup)


def _signup(request: Request, form: Any) -> Response:
    values = {f: text(form, f) for f in ("email", "display_name")}
    try:
        account = accounts.sign_up(
            config(request).store,
            values["email"],
            text(form, "password"),
            values["display_name"],
            current_locale(),
        )
        token, _session = accounts.open_session(config(request).store, account.id)
    except InputError as exc:
        return render(
            request,
            "signup.html",
            {
                "form": values,
                "errors": errors_of(exc, SIGNUP_FIELDS),
                "cli_data": accounts.unclaimed_cli_data(config(request).store),
            },
            status=400,
        )
    response = RedirectResponse("/", status_code=303)
    set_session(request, response, token)
    return response


@router.get("/login", include_in_schema=False)
def login_page(request: Request) -> Response:
    if login(request) is not None:
        return RedirectResponse("/", status_code=303)
    return render(request, "login.html")


@router.post("/login", include_in_schema=False)
async def login_form(request: Request) -> Response:
    return await posted(request, _login_form)


def _login_form(request: Request, form: Any) -> Response:
    email = text(form, "email")
    try:
        token, _session = accounts.log_in(
            config(request).store,
            email,
            text(form, "password"),
            client_address(request),
        )
    except accounts.SecondFactorNeeded as pending:
        # The password was right: the cookie now holds a session that opens no
        # page and waits (5 minutes) for the code.
        response = RedirectResponse("/login/code", status_code=303)
        set_session(request, response, pending.token)
        return response
    except accounts.RateLimited as exc:
        return render(
            request,
            "login.html",
            {"form": {"email": email}, "errors": {"": exc.message}},
            status=429,
        )
    except InputError as exc:
        return render(
            request,
            "login.html",
            {"form": {"email": email}, "errors": errors_of(exc, ("email", "password"))},
            status=400,
        )
    response = RedirectResponse("/", status_code=303)
    set_session(request, response, token)
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    token: str = request.state.token
    if token:
        accounts.revoke(config(request).store, token)
    response = RedirectResponse("/login", status_code=303)
    clear_session(request, response)
    return response


@router.get("/settings", include_in_schema=False)
def settings_page(request: Request) -> Response:
    require_login(request)
    return render(request, "settings.html")


@router.post("/settings", include_in_schema=False)
async def settings(request: Request) -> Response:
    return await posted(request, _settings)


def _settings(request: Request, form: Any) -> Response:
    session = require_login(request)
    locale = text(form, "locale")
    try:
        accounts.set_locale(config(request).store, session.account.id, locale)
    except InputError as exc:
        return render(
            request,
            "settings.html",
            {"errors": errors_of(exc, ("locale",))},
            status=400,
        )
    # The ?lang= cookie would override the setting just saved: go there in it.
    return RedirectResponse(f"/settings?lang={locale}", status_code=303)


# -- API ---------------------------------------------------------------------------


class SignUp(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1024)
    display_name: str = Field(max_length=200)
    locale: str = "en"


class Credentials(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1024)
    code: str | None = Field(default=None, max_length=64)
    """The two-factor code (or a recovery code) when the account uses one."""


class Settings(BaseModel):
    locale: str


@router.post("/api/account", status_code=201)
def api_signup(body: SignUp, request: Request, response: Response) -> dict[str, Any]:
    """Create an account (and its person) and log in."""
    store = config(request).store
    account = accounts.sign_up(
        store, body.email, body.password, body.display_name, body.locale
    )
    token, session = accounts.open_session(store, account.id)
    set_session(request, response, token)
    return account_json(session)


@router.post("/api/session")
def api_login(
    body: Credentials, request: Request, response: Response
) -> dict[str, Any]:
    """Log in; the answer carries the CSRF token for later writes.

    An account with two-factor login needs ``code`` (400 naming ``code`` without).
    """
    store = config(request).store
    try:
        token, session = accounts.log_in(
            store, body.email, body.password, client_address(request), body.code
        )
    except accounts.SecondFactorNeeded as pending:
        accounts.revoke(store, pending.token)  # the API asks in one step
        raise InputError(pending.message, where="code") from None
    set_session(request, response, token)
    return account_json(session)


@router.delete("/api/session", status_code=204)
def api_logout(request: Request) -> Response:
    """Log out: the session is revoked."""
    require_login(request)
    accounts.revoke(config(request).store, request.state.token)
    response = Response(status_code=204)
    clear_session(request, response)
    return response


@router.get("/api/account")
def api_account(request: Request) -> dict[str, Any]:
    """Who is logged in, and the CSRF token for writes."""
    return account_json(require_login(request))


@router.put("/api/account/settings")
def api_settings(body: Settings, request: Request) -> dict[str, Any]:
    session = require_login(request)
    accounts.set_locale(config(request).store, session.account.id, body.locale)
    return {"locale": body.locale, "locales": list(LOCALES)}
