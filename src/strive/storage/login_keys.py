"""The keys of the ``login_attempts`` table, in one place.

Failed password checks are rows keyed by *e-mail + client address* and by *client
address* (docs/security.md). The web login, the account-deletion password check
and the account deletion (which removes every row holding the e-mail) must agree
on the format, so they all build keys here: a key built one way and read another
is a limit that never fires.

Also the lock that makes "count, then record a try" atomic across server workers
(:func:`lock_address`).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

LEGACY_EMAIL_PREFIX = "email:"
"""Keys of an older strive (failures per e-mail alone); only ever deleted."""


def normal_email(email: str) -> str:
    return email.strip().lower()


def pair_key(email: str, address: str) -> str:
    """``pair:EMAIL|ADDRESS``: one e-mail tried from one client address."""
    return f"pair:{normal_email(email)}|{address}"


def pair_prefix(email: str) -> str:
    """The start of every pair key of ``email`` (any address)."""
    return f"pair:{normal_email(email)}|"


def addr_key(address: str) -> str:
    """``addr:ADDRESS``: any e-mail tried from one client address."""
    return f"addr:{address}"


def legacy_email_key(email: str) -> str:
    return f"{LEGACY_EMAIL_PREFIX}{normal_email(email)}"


def lock_address(session: Session, address: str) -> None:
    """Hold, until the transaction ends, the right to count and record tries of
    ``address`` (every key of an address contains it, so one lock covers both
    limits).

    On PostgreSQL a transaction-scoped advisory lock on the key's hash: a second
    worker or thread checking the same address waits here until the first has
    recorded its try. On SQLite the writing unit already began ``BEGIN
    IMMEDIATE`` (one writer at a time), so there is nothing more to take.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": addr_key(address)},
        )
