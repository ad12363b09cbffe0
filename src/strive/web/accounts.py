"""Accounts, server-side sessions and login rate limiting, over the ``accounts``,
``sessions`` and ``login_attempts`` tables.

Why these choices (see docs/web.md):

- Passwords are hashed with argon2id (argon2-cffi's ``PasswordHasher`` defaults).
- The session cookie holds a random 32-byte token; the database keeps only its
  SHA-256, so a copy of the database cannot log anyone in. Sessions last a fixed
  :data:`SESSION_DAYS` from login (no sliding: a stolen cookie dies on schedule), and
  logout marks the row revoked, effective on the next request.
- Failed logins are rows in the database (every server worker sees the same
  count), keyed by *e-mail + client address* and by *client address*, never by the
  e-mail alone: a stranger can slow down guesses from their own address, never lock
  the owner out from theirs. After :data:`FREE_FAILURES` failures of one e-mail from
  one address, each further try waits ``BACKOFF * 2**(n - FREE_FAILURES)`` after
  the last failure, capped at :data:`BACKOFF_CAP`; one address may fail
  :data:`ADDRESS_FAILURES` times per :data:`WINDOW` whatever the e-mails
  (docs/security.md).
- A password change revokes every other session of the account and rotates the
  current one; logging in always opens a new session (a new cookie token).

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
from strive.storage import audit, login_keys
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
FREE_FAILURES = 5
"""Failures of one e-mail from one address before the back-off starts."""
BACKOFF = dt.timedelta(seconds=30)
BACKOFF_CAP = dt.timedelta(minutes=15)
ADDRESS_FAILURES = 100
"""Failures from one address (any e-mails) per :data:`WINDOW` before it waits."""
WINDOW = dt.timedelta(hours=1)
PENDING = dt.timedelta(minutes=5)
"""How long a password-checked session waits for the two-factor code."""


class RateLimited(StriveError):
    """Too many failed logins for this e-mail or this address: try again later."""

    exit_code = 7

    def __init__(self, message: str, *, retry_after: int = 0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SecondFactorNeeded(StriveError):
    """The password was right and the account uses two-factor login: the code is
    asked next. ``token`` is the cookie of the waiting (``totp``) session."""

    def __init__(self, token: str) -> None:
        super().__init__(_("enter the code from your authenticator app"))
        self.token = token


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


def check_password(password: str, *, email: str = "", name: str = "") -> str:
    """The one password rule set (:mod:`strive.web.passwords`)."""
    from strive.web.passwords import check_password as rules

    return rules(password, email=email, name=name)


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
    name = check_name(display_name)
    check_password(password, email=email, name=name)
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
    check_password(password, email=email, name=person)
    hashed = _hash(password)
    with _writing(store) as s:
        person_id = s.scalar(select(PersonRow.id).where(PersonRow.name == person))
        if person_id is None:
            raise InputError(
                _("there is no person {person!r} in this database").format(
                    person=person
                )
            )
        if s.scalar(select(AccountRow.id).where(AccountRow.person_id == person_id)):
            raise InputError(
                _("person {person!r} already has an account").format(person=person)
            )
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


def retry_after(store: Store, email: str, address: str) -> int:
    """Seconds this client must wait before trying ``email`` again (0: go ahead).

    Only failures from *this* address count, so no one can lock an account's owner
    out from another address; and the wait is capped, so even a shared address is
    free again :data:`BACKOFF_CAP` after the last failure.
    """
    with Session(store.engine) as s:
        return _wait(s, email, address, now())


def _wait(s: Session, email: str, address: str, at: dt.datetime) -> int:
    since = at - WINDOW
    pair = list(
        s.scalars(
            select(LoginAttemptRow.at).where(
                LoginAttemptRow.key == login_keys.pair_key(email, address),
                LoginAttemptRow.at > since,
            )
        )
    )
    by_address = list(
        s.scalars(
            select(LoginAttemptRow.at)
            .where(
                LoginAttemptRow.key == login_keys.addr_key(address),
                LoginAttemptRow.at > since,
            )
            .order_by(LoginAttemptRow.at)
        )
    )
    wait = dt.timedelta(0)
    if len(pair) >= FREE_FAILURES:
        # (the exponent is bounded first: 2**n of a timedelta overflows at ~n=45)
        doublings = min(len(pair) - FREE_FAILURES, 20)
        backoff = min(BACKOFF * 2**doublings, BACKOFF_CAP)
        wait = max(wait, max(pair) + backoff - at)
    if len(by_address) >= ADDRESS_FAILURES:
        # Free again when enough of the window's failures have aged out.
        oldest = by_address[len(by_address) - ADDRESS_FAILURES]
        wait = max(wait, oldest + WINDOW - at)
    return max(0, int(wait.total_seconds() + 0.999))


def limited(store: Store, email: str, address: str) -> bool:
    """Whether this client must wait before trying ``email`` again."""
    return retry_after(store, email, address) > 0


def _limited_error(wait: int) -> RateLimited:
    minutes = max(1, (wait + 59) // 60)
    return RateLimited(
        _(
            "too many failed logins from here: wait {minutes} min and try again "
            "(other devices are not affected)"
        ).format(minutes=minutes),
        retry_after=wait,
    )


@dataclass(frozen=True)
class Try:
    """A password (or code) check this client may make: its rows are already
    counted as a failure; :func:`forget_failures` or :func:`release` takes them
    back when the check succeeds."""

    email: str
    address: str
    ids: tuple[int, ...]


def reserve_try(store: Store, email: str, address: str) -> Try:
    """Count one try of ``email`` from ``address`` *before* checking it, atomically.

    Counting the failures and then recording one after the (slow, argon2) check
    would let N simultaneous wrong passwords all pass the count: the limit would be
    exceeded by N. Here the count and the insert of this try's rows happen in one
    transaction that holds the address's lock (:func:`login_keys.lock_address`:
    an advisory lock on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so the checks
    let through never exceed the limit, whatever the number of workers.

    Raises:
        RateLimited: this client must wait; nothing is recorded (a refused try
            does not extend the wait).
    """
    with _writing(store) as s:
        login_keys.lock_address(s, address)
        at = now()
        wait = _wait(s, email, address, at)
        if wait:
            raise _limited_error(wait)
        rows = [
            LoginAttemptRow(key=login_keys.pair_key(email, address), at=at),
            LoginAttemptRow(key=login_keys.addr_key(address), at=at),
        ]
        s.add_all(rows)
        s.flush()
        return Try(email, address, tuple(r.id for r in rows))


def release(store: Store, tried: Try) -> None:
    """The check succeeded but is not a login yet (the code is asked next): the
    try is not a failure."""
    with _writing(store) as s:
        s.execute(delete(LoginAttemptRow).where(LoginAttemptRow.id.in_(tried.ids)))


def record_failure(store: Store, tried: Try) -> None:
    """The check failed: its rows stay counted; the owner sees it in the audit."""
    with _writing(store) as s:
        owner = s.scalar(
            select(AccountRow.person_id).where(
                AccountRow.email == login_keys.normal_email(tried.email)
            )
        )
        if owner is not None:  # the owner sees it; the visitor is told nothing
            audit.record(s, audit.Kind.LOGIN_FAILED, owner, ip=tried.address)


def forget_failures(store: Store, tried: Try) -> None:
    """A successful login: this try and the failures of that e-mail from that
    address are forgotten (the address's other failures still count)."""
    with _writing(store) as s:
        s.execute(
            delete(LoginAttemptRow).where(
                (LoginAttemptRow.key == login_keys.pair_key(tried.email, tried.address))
                | LoginAttemptRow.id.in_(tried.ids)
            )
        )


def _verify(hashed: str | None, password: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = PasswordHasher()
    try:
        if hashed is None:
            # Same work for an unknown e-mail, so timing does not tell either.
            hasher.hash(password)
            return False
        return bool(hasher.verify(hashed, password))
    except (VerificationError, InvalidHashError):
        return False


def log_in(
    store: Store, email: str, password: str, address: str, code: str | None = None
) -> tuple[str, LoginSession]:
    """Check the password (and the two-factor code) and open a new session.

    Returns the new cookie token and session (a login never reuses a session).

    Raises:
        RateLimited: this client must wait (:func:`retry_after`).
        InputError: wrong e-mail or password (one message for both, so the page
            does not tell which e-mails have accounts), or a wrong code.
        SecondFactorNeeded: the account uses two-factor login and ``code`` is
            ``None``; its ``token`` is a waiting session for :func:`finish_login`.
    """
    from strive.web import twofactor

    tried = reserve_try(store, email, address)
    cleaned = login_keys.normal_email(email)
    with Session(store.engine) as s:
        row = s.scalar(select(AccountRow).where(AccountRow.email == cleaned))
        hashed = row.password_hash if row is not None else None
        totp = row is not None and row.totp_enabled_at is not None
    if not _verify(hashed, password) or row is None:
        record_failure(store, tried)
        raise InputError(_("wrong e-mail or password"), where="password")
    if totp:
        if code is None:
            release(store, tried)
            token, _pending = open_session(store, row.id, stage="totp")
            raise SecondFactorNeeded(token)
        if not twofactor.use_code(store, row.id, code):
            record_failure(store, tried)
            raise InputError(_("wrong or already used code"), where="code")
    forget_failures(store, tried)
    return open_session(store, row.id, address=address)


def finish_login(
    store: Store, token: str, code: str, address: str
) -> tuple[str, LoginSession]:
    """The second step: a waiting session's code; returns a *new* full session.

    Raises:
        InputError: the waiting session is unknown or expired (log in again), or
            the code is wrong (counted like a wrong password).
        RateLimited: as :func:`log_in`.
    """
    from strive.web import twofactor

    waiting = _waiting(store, token)
    if waiting is None:
        raise InputError(_("this login has expired: log in again"), where="code")
    account_id, email = waiting
    tried = reserve_try(store, email, address)
    if not twofactor.use_code(store, account_id, code):
        record_failure(store, tried)
        raise InputError(_("wrong or already used code"), where="code")
    revoke(store, token)
    forget_failures(store, tried)
    return open_session(store, account_id, address=address)


def _waiting(store: Store, token: str) -> tuple[int, str] | None:
    if not token or len(token) > 200:
        return None
    with Session(store.engine) as s:
        found = s.execute(
            select(SessionRow, AccountRow.email)
            .join(AccountRow, SessionRow.account_id == AccountRow.id)
            .where(SessionRow.id == token_id(token))
        ).first()
        if found is None:
            return None
        row, email = found
        if row.stage != "totp" or row.revoked_at is not None or row.expires_at <= now():
            return None
        return row.account_id, str(email)


def is_waiting(store: Store, token: str) -> bool:
    """Whether ``token`` is a password-checked session waiting for its code."""
    return _waiting(store, token) is not None


def open_session(
    store: Store, account_id: int, *, stage: str = "full", address: str | None = None
) -> tuple[str, LoginSession]:
    """A new session (a new random token) for the account."""
    token = secrets.token_urlsafe(32)
    created = now()
    life = dt.timedelta(days=SESSION_DAYS) if stage == "full" else PENDING
    with _writing(store) as s:
        row = SessionRow(
            id=token_id(token),
            account_id=account_id,
            csrf=secrets.token_urlsafe(32),
            created_at=created,
            expires_at=created + life,
            revoked_at=None,
            stage=stage,
        )
        s.add(row)
        account = s.get(AccountRow, account_id)
        assert account is not None
        person = s.get(PersonRow, account.person_id)
        assert person is not None
        if stage == "full":  # a session waiting for its code is not a login yet
            audit.record(
                s, audit.Kind.LOGIN, person.id, actor_account_id=account_id, ip=address
            )
        return token, LoginSession(
            _account(account, person.name), row.csrf, row.expires_at
        )


def session_for(store: Store, token: str) -> LoginSession | None:
    """The live session of a cookie token (``None``: unknown, expired, revoked or
    still waiting for its two-factor code)."""
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
        if row.revoked_at is not None or row.expires_at <= now() or row.stage != "full":
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


def revoke_all(store: Store, account_id: int) -> int:
    """Revoke every live session of the account; returns how many."""
    at = now()
    with _writing(store) as s:
        rows = s.scalars(
            select(SessionRow).where(
                SessionRow.account_id == account_id, SessionRow.revoked_at.is_(None)
            )
        ).all()
        for row in rows:
            row.revoked_at = at
        return len(rows)


def check_current_password(store: Store, account_id: int, password: str) -> None:
    """InputError (field ``current``) unless ``password`` is the account's."""
    with Session(store.engine) as s:
        row = s.get(AccountRow, account_id)
        hashed = row.password_hash if row is not None else None
    if not _verify(hashed, password):
        raise InputError(_("this is not your current password"), where="current")


def change_password(
    store: Store, account_id: int, current: str, new: str
) -> tuple[str, LoginSession]:
    """Set a new password: every session of the account is revoked (other devices
    are logged out) and a new one is opened for the caller (a new cookie).

    Raises:
        InputError: ``current`` is wrong (field ``current``) or ``new`` breaks the
            rules (field ``password``); nothing is changed.
    """
    check_current_password(store, account_id, current)
    with Session(store.engine) as s:
        row = s.get(AccountRow, account_id)
        assert row is not None
        person = s.get(PersonRow, row.person_id)
        email, name = row.email, person.name if person is not None else ""
    check_password(new, email=email, name=name)
    hashed = _hash(new)
    at = now()
    with _writing(store) as s:
        account = s.get(AccountRow, account_id)
        assert account is not None
        account.password_hash = hashed
        for session in s.scalars(
            select(SessionRow).where(
                SessionRow.account_id == account_id, SessionRow.revoked_at.is_(None)
            )
        ):
            session.revoked_at = at
        audit.record(
            s,
            audit.Kind.PASSWORD_CHANGED,
            account.person_id,
            actor_account_id=account_id,
        )
    return open_session(store, account_id)


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
