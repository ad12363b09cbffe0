"""Your data is yours: download everything, delete the account, see the activity.

Pages under ``/settings`` and the API under ``/api/account``. Downloading is a POST
(a form with the CSRF token): it writes an audit event, and a GET never writes.
Deleting asks for the password again and the e-mail typed out, so neither a stolen
session nor a slip of the mouse can do it; wrong passwords count towards the same
lockout as failed logins.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from strive.errors import InputError
from strive.i18n import _
from strive.web import accounts
from strive.web.deps import config, require_login
from strive.web.forms import errors_of, posted, text
from strive.web.middleware import cookie_name
from strive.web.render import render

router = APIRouter(tags=["your data"])

DELETE_FIELDS = ("password", "confirm")


def _client(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def _export(request: Request, session: accounts.LoginSession) -> Response:
    """The account's whole export as a JSON attachment; the download is audited in
    the same transaction that read the data."""
    from strive.storage import audit
    from strive.storage.export import export_person

    account = session.account
    with config(request).store.unit(account.person) as uow:
        doc = export_person(uow)
        audit.record(
            uow.session,
            audit.Kind.EXPORT,
            account.person_id,
            actor_account_id=account.id,
            detail={"goals": len(doc["people"][0]["goals"])},
            ip=_client(request),
        )
    body = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    day = dt.datetime.now(dt.UTC).date().isoformat()
    return Response(
        body.encode("utf-8"),
        media_type="application/json",
        headers={
            "content-disposition": f'attachment; filename="strive-export-{day}.json"',
            "cache-control": "no-store",
        },
    )


def _delete(
    request: Request, session: accounts.LoginSession, password: str, confirm: str
) -> None:
    """Check the password and the typed e-mail, then delete everything.

    Raises:
        RateLimited: too many wrong passwords (shared with the login lockout).
        InputError: a wrong password or confirmation (``where`` names the field).
    """
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError
    from sqlalchemy import select

    from strive.storage.models import AccountRow
    from strive.storage.ownership import delete_account

    store = config(request).store
    account = session.account
    address = _client(request)
    if confirm.strip().lower() != account.email:
        raise InputError(
            _("type your e-mail address exactly to confirm"), where="confirm"
        )
    # Counted like a login try, before the check (the same keys and limits).
    tried = accounts.reserve_try(store, account.email, address)
    with store.unit("accounts") as uow:
        hashed = uow.session.scalar(
            select(AccountRow.password_hash).where(AccountRow.id == account.id)
        )
    try:
        ok = hashed is not None and PasswordHasher().verify(hashed, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        accounts.record_failure(store, tried)
        raise InputError(_("wrong password"), where="password")
    accounts.release(store, tried)
    with store.unit("accounts") as uow:
        delete_account(uow.session, account.id)


def _forget_cookie(request: Request, response: Response) -> None:
    secure = bool(request.state.secure)
    response.delete_cookie(
        cookie_name(secure), path="/", httponly=True, samesite="lax", secure=secure
    )


# -- pages -------------------------------------------------------------------------


@router.get("/settings/data", include_in_schema=False)
def data_page(request: Request) -> Response:
    require_login(request)
    return render(request, "settings_data.html")


@router.post("/settings/export", include_in_schema=False)
def export_download(request: Request) -> Response:
    return _export(request, require_login(request))


@router.post("/settings/delete", include_in_schema=False)
async def delete_form(request: Request) -> Response:
    return await posted(request, _delete_form)


def _delete_form(request: Request, form: Any) -> Response:
    session = require_login(request)
    try:
        _delete(request, session, text(form, "password"), text(form, "confirm"))
    except accounts.RateLimited as exc:
        return render(
            request, "settings_data.html", {"errors": {"": exc.message}}, status=429
        )
    except InputError as exc:
        return render(
            request,
            "settings_data.html",
            {"errors": errors_of(exc, DELETE_FIELDS)},
            status=400,
        )
    request.state.login = None
    response = render(request, "account_deleted.html")
    _forget_cookie(request, response)
    return response


@router.get("/settings/activity", include_in_schema=False)
def activity_page(request: Request) -> Response:
    session = require_login(request)
    return render(
        request, "settings_activity.html", {"events": _events(request, session)}
    )


def _events(request: Request, session: accounts.LoginSession) -> list[Any]:
    from strive.storage import audit

    with config(request).store.unit("accounts") as uow:
        return audit.events(uow.session, session.account.person_id)


# -- API ---------------------------------------------------------------------------


class DeleteAccount(BaseModel):
    password: str = Field(max_length=1024)
    confirm: str = Field(max_length=320, description="The account's e-mail, typed.")


@router.post("/api/account/export")
def api_export(request: Request) -> Response:
    """Everything this account owns, as the lossless export (a JSON attachment)."""
    return _export(request, require_login(request))


@router.delete("/api/account", status_code=204)
def api_delete(body: DeleteAccount, request: Request) -> Response:
    """Delete this account and everything it owns (password and e-mail required)."""
    _delete(request, require_login(request), body.password, body.confirm)
    response = Response(status_code=204)
    _forget_cookie(request, response)
    return response


@router.get("/api/account/audit")
def api_audit(request: Request) -> dict[str, Any]:
    """This account's activity: logins, failed logins, grants, exports; newest first."""
    session = require_login(request)
    return {"events": [e.to_json() for e in _events(request, session)]}
