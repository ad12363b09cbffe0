"""Errors as answers: a page with the message, or JSON with field errors.

The library raises :class:`~strive.errors.StriveError` subclasses with a message and
(for bad input) the field in ``where``; here they become a status code. Anything
else is a bug: a plain 500 page without details (the traceback goes to the log).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from strive.errors import (
    InputError,
    NotFoundError,
    PlanningError,
    StateError,
    StorageError,
    StriveError,
)
from strive.i18n import _
from strive.web.accounts import RateLimited
from strive.web.deps import CsrfRefused, LoginRequired

log = logging.getLogger("strive.web")


def status_of(exc: StriveError) -> int:
    if isinstance(exc, RateLimited):
        return 429
    if isinstance(exc, LoginRequired):
        return 401
    if isinstance(exc, CsrfRefused):
        return 403
    if isinstance(exc, InputError):
        return 400
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, StateError | PlanningError):
        return 409
    if isinstance(exc, StorageError):
        return 503
    return 400


def field_errors(exc: StriveError) -> dict[str, Any]:
    """``{"errors": [{"field": ..., "message": ...}]}`` (field ``None``: the whole)."""
    return {"errors": [{"field": exc.where, "message": exc.message}]}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_page(
    request: Request, status: int, message: str, *, goal_id: int | None = None
) -> Response:
    from strive.web.render import render

    titles = {
        400: _("That did not work"),
        401: _("Please log in"),
        403: _("Not allowed"),
        404: _("Not found"),
        409: _("Not yet"),
        429: _("Too many tries"),
    }
    return render(
        request,
        "error.html",
        {
            "title": titles.get(status, _("Something went wrong")),
            "message": message,
            "goal_id": goal_id,
        },
        status=status,
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(StriveError)
    async def strive_error(request: Request, exc: StriveError) -> Response:
        status = status_of(exc)
        if isinstance(exc, LoginRequired) and not is_api(request):
            return RedirectResponse("/login", status_code=303)
        if isinstance(exc, NotFoundError):
            # The same answer for "not yours" and "does not exist".
            message = _("There is nothing here, or it is not yours to see.")
            if is_api(request):
                return JSONResponse(
                    {"errors": [{"field": None, "message": message}]}, status_code=404
                )
            return error_page(request, 404, message)
        if is_api(request):
            return JSONResponse(field_errors(exc), status_code=status)
        goal_id = getattr(exc, "goal_id", None)  # NotActiveGoal: link its page
        return error_page(request, status, exc.message, goal_id=goal_id)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {
                "field": ".".join(str(p) for p in e.get("loc", ())[1:]) or None,
                "message": str(e.get("msg", "")),
            }
            for e in exc.errors()
        ]
        if is_api(request):
            return JSONResponse({"errors": errors}, status_code=422)
        text = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return error_page(request, 400, text)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if is_api(request):
            return JSONResponse(
                {"errors": [{"field": None, "message": str(exc.detail)}]},
                status_code=exc.status_code,
                headers=exc.headers,
            )
        message = (
            _("There is nothing here, or it is not yours to see.")
            if exc.status_code == 404
            else str(exc.detail)
        )
        return error_page(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        if is_api(request):
            return JSONResponse(
                {"errors": [{"field": None, "message": "internal error"}]},
                status_code=500,
            )
        return error_page(
            request, 500, _("This is a bug in strive; nothing was saved.")
        )
