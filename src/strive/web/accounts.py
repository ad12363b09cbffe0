"""Accounts, server-side sessions and login rate limiting, over the ``accounts``,
``sessions`` and ``login_attempts`` tables.

Why these choices (see docs/web.md):

- Passwords are hashed with argon2id (argon2-cffi's ``PasswordHasher`` defaults).
- The session cookie holds a random 32-byte token; the database keeps only its
  SHA-256, so a copy of the database cannot log anyone in. Sessions last a fixed
  :data:`SESSION_DAYS` from login (no sliding: a stolen cookie dies on schedule), and
  logout marks the row revoked, effective on the next request.
- Failed logins are rows keyed by e-mail and by client address, so every server
  worker sees the same count: :data:`MAX_FAILURES` within :data:`WINDOW` refuse more.

Every function here is one transaction; the caller passes the :class:`Store`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from strive.errors import InputError, StriveError
from strive.i18n import LOCALES, _
from strive.storage import audit
from strive.storage.models import (
    AccountRow,
    GoalRow,
    LoginAttemptRow,
    PersonRow,
    ProfileChangeRow,
    SessionRow,
)

if TYPE_CHECKING:
    from strive.storage import Store

SESSION_DAYS = 14
MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
MIN_PASSWORD = 10


class RateLimited(StriveError):
    """Too many failed logins for this e-mail or this address: try again later."""

    exit_code = 7


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    person_id: int
    person: str
    """The person's name: ``Workspace(store, person=account.person)``."""
    locale: str


@dataclass(frozen=True)
class LoginSession:
    """A live session: its account and the CSRF token of its forms."""

    account: Account
    csrf: str
    expires_at: dt.datetime


def now() -> dt.datetime:
    """Naive UTC, like every timestamp in these tables."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@contextmanager
def _writing(store: Store) -> Iterator[Session]:
    # A unit of work begins IMMEDIATE on SQLite (no lock upgrade failures); its
    # person is never touched here, so no person row is created.
    with store.unit("accounts") as uow:
        yield uow.session


def _account(row: AccountRow, person: str) -> Account:
    return Account(row.id, row.email, row.person_id, person, row.locale)


def check_email(email: str) -> str:
    cleaned = email.strip().lower()
    if (
        not cleaned
        or len(cleaned) > 320
        or cleaned.count("@") != 1
        or cleaned.startswith("@")
        or cleaned.endswith("@")
        or any(c.isspace() for c in cleaned)
    ):
        raise InputError(
            _("enter an e-mail address like name@example.org"), where="email"
        )
    return cleaned


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(
            _("use at least {n} characters").format(n=MIN_PASSWORD), where="password"
        )
    if len(password) > 1024:
        raise InputError(_("use at most 1024 characters"), where="password")
    return password


def check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InputError(_("tell us what to call you"), where="display_name")
    if len(cleaned) > 100:
        raise InputError(_("use at most 100 characters"), where="display_name")
    return cleaned


def _hash(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def sign_up(
    store: Store, email: str, password: str, display_name: str, locale: str = "en"
) -> Account:
    """A new account owning a new person named after ``display_name``.

    A name another person already has gets a number (``Ana (2)``): people are
    told apart by their account, the name is only what pages call them.

    Raises:
        InputError: a field is invalid or the e-mail already has an account
            (``where`` names the field).
    """
    email = check_email(email)
    check_password(password)
    name = check_name(display_name)
    hashed = _hash(password)  # slow: outside the transaction
    with _writing(store) as s:
        if s.scalar(select(AccountRow.id).where(AccountRow.email == email)):
            raise InputError(
                _("this e-mail already has an account: log in instead"), where="email"
            )
        person = _free_name(s, name)
        row = PersonRow(name=person)
        s.add(row)
        s.flush()
        return _new_account(s, email, hashed, row.id, person, locale)


def _free_name(s: Session, name: str) -> str:
    taken = set(
        s.scalars(
            select(PersonRow.name).where(
                (PersonRow.name == name) | PersonRow.name.like(f"{name} (%)")
            )
        )
    )
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"


def _new_account(
    s: Session, email: str, hashed: str, person_id: int, person: str, locale: str
) -> Account:
    account = AccountRow(
        email=email,
        password_hash=hashed,
        person_id=person_id,
        locale=locale if locale in LOCALES else "en",
        created_at=now(),
    )
    s.add(account)
    s.flush()
    return _account(account, person)


def claim_person(store: Store, email: str, password: str, person: str) -> Account:
    """An account for a person who already exists (the CLI's ``me``).

    Raises:
        InputError: bad e-mail or password, the e-mail is taken, no such person,
            or the person already has an account.
    """
    email = check_email(email)
    check_password(password)
    hashed = _hash(password)
    with _writing(store) as s:
        person_id = s.scalar(select(PersonRow.id).where(PersonRow.name == person))
        if person_id is None:
            raise InputError(f"there is no person {person!r} in this database")
        if s.scalar(select(AccountRow.id).where(AccountRow.person_id == person_id)):
            raise InputError(f"person {person!r} already has an account")
        if s.scalar(select(AccountRow.id).where(AccountRow.email == email)):
            raise InputError(_("this e-mail already has an account"), where="email")
        return _new_account(s, email, hashed, person_id, person, "en")


def unclaimed_cli_data(store: Store, person: str = "me") -> bool:
    """Whether ``person`` has goals or profile values but no account yet."""
    with Session(store.engine) as s:
        person_id = s.scalar(select(PersonRow.id).where(PersonRow.name == person))
        if person_id is None:
            return False
        if s.scalar(select(AccountRow.id).where(AccountRow.person_id == person_id)):
            return False
        goals = s.scalar(
            select(func.count())
            .select_from(GoalRow)
            .where(GoalRow.person_id == person_id)
        )
        changes = s.scalar(
            select(func.count())
            .select_from(ProfileChangeRow)
            .where(ProfileChangeRow.person_id == person_id)
        )
        return bool(goals or changes)


# -- login and rate limiting -------------------------------------------------------


def _keys(email: str, address: str) -> tuple[str, str]:
    return f"email:{email.strip().lower()}", f"addr:{address}"


def limited(store: Store, email: str, address: str) -> bool:
    """Whether the e-mail or the address has used up its failures."""
    since = now() - WINDOW
    with Session(store.engine) as s:
        for key in _keys(email, address):
            count = s.scalar(
                select(func.count())
                .select_from(LoginAttemptRow)
                .where(LoginAttemptRow.key == key, LoginAttemptRow.at > since)
            )
            if (count or 0) >= MAX_FAILURES:
                return True
    return False


def log_in(
    store: Store, email: str, password: str, address: str
) -> tuple[str, LoginSession]:
    """Check the password and open a session; returns the cookie token and session.

    Raises:
        RateLimited: too many recent failures for this e-mail or address.
        InputError: wrong e-mail or password (one message for both, so the page
            does not tell which e-mails have accounts).
    """
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    if limited(store, email, address):
        raise RateLimited(
            _(
                "too many failed logins: wait 15 minutes and try again "
                "(or reset your password with the command line)"
            )
        )
    cleaned = email.strip().lower()
    with Session(store.engine) as s:
        row = s.scalar(select(AccountRow).where(AccountRow.email == cleaned))
        hashed = row.password_hash if row is not None else None
    hasher = PasswordHasher()
    ok = False
    try:
        if hashed is None:
            # Same work for an unknown e-mail, so timing does not tell either.
            hasher.hash(password)
        else:
            ok = hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or row is None:
        with _writing(store) as s:
            at = now()
            for key in _keys(email, address):
                s.add(LoginAttemptRow(key=key, at=at))
            if row is not None:  # the owner sees it; the visitor is told nothing
                audit.record(s, audit.Kind.LOGIN_FAILED, row.person_id, ip=address)
        raise InputError(_("wrong e-mail or password"), where="password")
    return open_session(store, row.id, address=address)


def open_session(
    store: Store, account_id: int, *, address: str | None = None
) -> tuple[str, LoginSession]:
    token = secrets.token_urlsafe(32)
    created = now()
    with _writing(store) as s:
        row = SessionRow(
            id=token_id(token),
            account_id=account_id,
            csrf=secrets.token_urlsafe(32),
            created_at=created,
            expires_at=created + dt.timedelta(days=SESSION_DAYS),
            revoked_at=None,
        )
        s.add(row)
        # Old failures of this account's e-mail stop counting once it logs in.
        account = s.get(AccountRow, account_id)
        assert account is not None
        s.execute(
            delete(LoginAttemptRow).where(
                LoginAttemptRow.key == f"email:{account.email}"
            )
        )
        person = s.get(PersonRow, account.person_id)
        assert person is not None
        audit.record(
            s, audit.Kind.LOGIN, person.id, actor_account_id=account_id, ip=address
        )
        return token, LoginSession(
            _account(account, person.name), row.csrf, row.expires_at
        )


def session_for(store: Store, token: str) -> LoginSession | None:
    """The live session of a cookie token (``None``: unknown, expired or revoked)."""
    if not token or len(token) > 200:
        return None
    with Session(store.engine) as s:
        found = s.execute(
            select(SessionRow, AccountRow, PersonRow)
            .join(AccountRow, SessionRow.account_id == AccountRow.id)
            .join(PersonRow, AccountRow.person_id == PersonRow.id)
            .where(SessionRow.id == token_id(token))
        ).first()
        if found is None:
            return None
        row, account, person = found
        if row.revoked_at is not None or row.expires_at <= now():
            return None
        return LoginSession(_account(account, person.name), row.csrf, row.expires_at)


def revoke(store: Store, token: str) -> None:
    """Log out: the session row is marked revoked (kept for the record)."""
    with _writing(store) as s:
        row = s.get(SessionRow, token_id(token))
        if row is not None and row.revoked_at is None:
            row.revoked_at = now()
            person_id = audit.person_of_account(s, row.account_id)
            if person_id is not None:
                audit.record(
                    s, audit.Kind.LOGOUT, person_id, actor_account_id=row.account_id
                )


def set_locale(store: Store, account_id: int, locale: str) -> None:
    if locale not in LOCALES:
        raise InputError(
            _("choose one of: {locales}").format(locales=", ".join(LOCALES)),
            where="locale",
        )
    with _writing(store) as s:
        row = s.get(AccountRow, account_id)
        if row is not None:
            row.locale = locale
