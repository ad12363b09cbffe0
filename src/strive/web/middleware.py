"""Per request: who is logged in, which language, and the security headers.

A plain ASGI middleware (not Starlette's ``BaseHTTPMiddleware``) so that the
language set with :func:`strive.i18n.use_locale` is in the context the route runs
in, including sync routes run in the thread pool.
"""

from __future__ import annotations

import os
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from strive.i18n import LOCALES, negotiate, use_locale
from strive.web import accounts

if TYPE_CHECKING:
    from strive.web.app import WebConfig

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
SECURE_NAME = "__Host-strive"
PLAIN_NAME = "strive_session"
LANG_COOKIE = "strive_lang"
PRE_COOKIE = "strive_pre"
"""The anonymous CSRF token of the sign-up and login forms (double submit)."""


def is_secure(config: WebConfig, scheme: str) -> bool:
    if config.secure_cookies is not None:
        return config.secure_cookies
    return scheme in ("https", "wss")


def cookie_name(secure: bool) -> str:
    """``__Host-strive`` over TLS; browsers refuse a ``__Host-`` cookie without
    ``Secure``, so plain http (a local ``strive serve``) uses ``strive_session``."""
    return SECURE_NAME if secure else PLAIN_NAME


class StriveMiddleware:
    def __init__(self, app: Any, config: WebConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {
            k.decode("latin-1").lower(): v.decode("latin-1")
            for k, v in scope["headers"]
        }
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header: treat as no cookies
            cookie = SimpleCookie()
        cookies = {k: m.value for k, m in cookie.items()}
        secure = is_secure(self.config, scope.get("scheme", "http"))
        token = cookies.get(cookie_name(secure), "")
        from starlette.concurrency import run_in_threadpool

        login = (
            await run_in_threadpool(accounts.session_for, self.config.store, token)
            if token
            else None
        )
        state = scope.setdefault("state", {})
        state["login"] = login
        state["token"] = token if login is not None else ""
        state["secure"] = secure
        state["cookies"] = cookies

        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        asked = (query.get("lang") or [""])[0]
        chosen_lang = asked if asked in LOCALES else None
        locale = (
            chosen_lang
            or (
                cookies.get(LANG_COOKIE)
                if cookies.get(LANG_COOKIE) in LOCALES
                else None
            )
            or (login.account.locale if login is not None else None)
            or negotiate(headers.get("accept-language"))
        )
        state["locale"] = locale

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                extra = list(HEADERS)
                if self.config.worker_header:
                    extra.append((b"x-strive-worker", str(os.getpid()).encode()))
                if secure:
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                if chosen_lang:
                    flags = "; Secure" if secure else ""
                    extra.append(
                        (
                            b"set-cookie",
                            f"{LANG_COOKIE}={chosen_lang}; Path=/; Max-Age=31536000; "
                            f"SameSite=Lax{flags}".encode(),
                        )
                    )
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        with use_locale(locale):
            await self.app(scope, receive, send_with_headers)
