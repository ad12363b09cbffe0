"""Optional two-factor login: TOTP (RFC 6238, pyotp) and ten recovery codes.

Set-up is two steps so a typo cannot lock anyone out: :func:`start` stores a new
secret (not yet asked at login) and gives the ``otpauth://`` URI to type or paste
into an authenticator app; :func:`confirm` with a code from that app turns it on
and returns ten single-use recovery codes, shown once (only their SHA-256 is kept:
each is 50 random bits, so a fast hash is enough). A TOTP code is accepted for the
current 30-second step and one on either side, and only once (``totp_last_step``).
:func:`disable` needs the password. Nothing here talks to any outside service.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from strive.errors import InputError, StateError
from strive.i18n import _
from strive.storage.models import AccountRow, RecoveryCodeRow

if TYPE_CHECKING:
    from strive.storage import Store

ISSUER = "strive"
RECOVERY_CODES = 10
STEP = 30
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


@dataclass(frozen=True)
class Status:
    enabled: bool
    pending: bool
    """Set-up started and not yet confirmed."""
    codes_left: int


@dataclass(frozen=True)
class Setup:
    secret: str
    uri: str


def _hash(code: str) -> str:
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def _normal(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _step() -> int:
    from strive.web.accounts import now

    return int(now().replace(tzinfo=dt.UTC).timestamp()) // STEP


def status(store: Store, account_id: int) -> Status:
    with Session(store.engine) as s:
        row = s.get(AccountRow, account_id)
        if row is None:
            return Status(False, False, 0)
        left = s.scalar(
            select(func.count())
            .select_from(RecoveryCodeRow)
            .where(
                RecoveryCodeRow.account_id == account_id,
                RecoveryCodeRow.used_at.is_(None),
            )
        )
        enabled = row.totp_enabled_at is not None
        pending = row.totp_secret is not None and not enabled
        return Status(enabled, pending, int(left or 0))


def start(store: Store, account_id: int) -> Setup:
    """A new secret for the account (replacing an unconfirmed one).

    Raises:
        StateError: two-factor login is already on (turn it off first).
    """
    import pyotp

    secret = pyotp.random_base32()
    with store.unit("accounts") as uow:
        row = uow.session.get(AccountRow, account_id)
        assert row is not None
        if row.totp_enabled_at is not None:
            raise StateError(_("two-factor login is already on"))
        row.totp_secret = secret
        email = row.email
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)
    return Setup(secret, uri)


def pending_setup(store: Store, account_id: int) -> Setup | None:
    """The unconfirmed secret and URI, to show again on the page."""
    import pyotp

    with Session(store.engine) as s:
        row = s.get(AccountRow, account_id)
        if row is None or row.totp_secret is None or row.totp_enabled_at is not None:
            return None
        secret, email = row.totp_secret, row.email
    return Setup(
        secret, pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)
    )


def _totp_step(secret: str, code: str, after: int | None) -> int | None:
    """The step ``code`` belongs to (now ±1), if newer than ``after``."""
    import pyotp

    code = _normal(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = _step()
    for step in (current - 1, current, current + 1):
        if (after is None or step > after) and secrets.compare_digest(
            totp.at(step * STEP), code
        ):
            return step
    return None


def new_recovery_codes() -> list[str]:
    """Ten codes like ``k7m2q-x9dfr`` (50 random bits each)."""
    codes = []
    for _i in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _j in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def confirm(store: Store, account_id: int, code: str) -> list[str]:
    """Turn two-factor login on with a code from the app; returns the recovery
    codes (shown once).

    Raises:
        StateError: set-up was not started, or it is already on.
        InputError: the code is wrong (field ``code``); nothing changes.
    """
    from strive.web.accounts import now

    codes = new_recovery_codes()
    with store.unit("accounts") as uow:
        s = uow.session
        row = s.get(AccountRow, account_id)
        assert row is not None
        if row.totp_enabled_at is not None:
            raise StateError(_("two-factor login is already on"))
        if row.totp_secret is None:
            raise StateError(_("start the set-up first"))
        step = _totp_step(row.totp_secret, code, None)
        if step is None:
            raise InputError(
                _("this code does not match: check the time on your phone"),
                where="code",
            )
        row.totp_enabled_at = now()
        row.totp_last_step = step
        s.execute(
            delete(RecoveryCodeRow).where(RecoveryCodeRow.account_id == account_id)
        )
        for c in codes:
            s.add(RecoveryCodeRow(account_id=account_id, code_hash=_hash(c)))
    return codes


def use_code(store: Store, account_id: int, code: str) -> bool:
    """Whether ``code`` (a TOTP code or an unused recovery code) lets the account
    in; a code that does is used up."""
    from strive.web.accounts import now

    if len(code) > 64:
        return False
    with store.unit("accounts") as uow:
        s = uow.session
        row = s.get(AccountRow, account_id)
        if row is None or row.totp_enabled_at is None or row.totp_secret is None:
            return False
        step = _totp_step(row.totp_secret, code, row.totp_last_step)
        if step is not None:
            row.totp_last_step = step
            return True
        found = s.scalar(
            select(RecoveryCodeRow).where(
                RecoveryCodeRow.account_id == account_id,
                RecoveryCodeRow.code_hash == _hash(code),
                RecoveryCodeRow.used_at.is_(None),
            )
        )
        if found is None:
            return False
        found.used_at = now()
        return True


def disable(store: Store, account_id: int, password: str) -> None:
    """Turn two-factor login off (the password is asked again).

    Raises:
        InputError: wrong password (field ``current``); nothing changes.
    """
    from strive.web.accounts import check_current_password

    check_current_password(store, account_id, password)
    with store.unit("accounts") as uow:
        s = uow.session
        row = s.get(AccountRow, account_id)
        assert row is not None
        row.totp_secret = None
        row.totp_enabled_at = None
        row.totp_last_step = None
        s.execute(
            delete(RecoveryCodeRow).where(RecoveryCodeRow.account_id == account_id)
        )
