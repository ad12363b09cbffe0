"""The audit trail: who did what to a person's data and access, and when.

Every grant, grant change, revocation, invitation, login, failed login, logout and
data export writes one ``audit_events`` row, in the same transaction as the action
where the action has one (:func:`record` takes the caller's session and only adds
the row). The owner of an event is the person whose data or login it concerns; only
that person sees it (``/settings/activity``, ``GET /api/account/audit``, ``strive
audit``).

Why these columns:

- ``owner_person_id`` cascades with the person: deleting an account deletes its
  trail. No tombstone is kept (it would be personal data about someone who asked to
  be forgotten, readable by nobody); docs/data-ownership.md says so.
- ``actor_account_id`` is set to NULL when the actor's account is deleted: the
  owner's record stays, the link to the departed login goes.
- ``detail`` holds names as the owner wrote them (a supporter's name, a goal's
  title) and never another account's e-mail, so the trail leaks nothing about who
  has an account. A failed login on an e-mail with no account writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from strive.storage.models import Base
from strive.storage.types import JSONText


class Kind(StrEnum):
    """What happened (stored as text; new kinds need no migration)."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    PASSWORD_CHANGED = "password_changed"
    INVITATION_CREATED = "invitation_created"
    INVITATION_ACCEPTED = "invitation_accepted"
    GRANT_CHANGED = "grant_changed"
    GRANT_REVOKED = "grant_revoked"
    EXPORT = "export"


class AuditEventRow(Base):
    """One event in a person's trail (see the module doc)."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    """Naive UTC, like every timestamp in these tables."""
    actor_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True, nullable=True
    )
    owner_person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONText)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)


@dataclass(frozen=True)
class AuditEvent:
    """An event as the owner reads it."""

    id: int
    at: dt.datetime
    kind: str
    by_owner: bool | None
    """True: the owner's own login did it; False: another account (a supporter);
    None: no login (the command line, or an actor whose account was deleted)."""
    detail: dict[str, Any]
    ip: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat() + "Z",
            "kind": self.kind,
            "by_owner": self.by_owner,
            "detail": self.detail,
            "ip": self.ip,
        }


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def record(
    session: Session,
    kind: Kind,
    owner_person_id: int,
    *,
    actor_account_id: int | None = None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Add one event to ``owner_person_id``'s trail inside the caller's transaction
    (it commits or rolls back with the action it records)."""
    session.add(
        AuditEventRow(
            at=at or _now(),
            actor_account_id=actor_account_id,
            owner_person_id=owner_person_id,
            kind=str(kind),
            detail=dict(detail or {}),
            ip=ip[:64] if ip else None,
        )
    )


def person_of_account(session: Session, account_id: int) -> int | None:
    from strive.storage.models import AccountRow

    found = session.scalar(
        select(AccountRow.person_id).where(AccountRow.id == account_id)
    )
    return None if found is None else int(found)


def events(session: Session, person_id: int, *, limit: int = 500) -> list[AuditEvent]:
    """The person's trail, newest first (at most ``limit`` events)."""
    from strive.storage.models import AccountRow

    own = set(
        session.scalars(select(AccountRow.id).where(AccountRow.person_id == person_id))
    )
    rows = session.scalars(
        select(AuditEventRow)
        .where(AuditEventRow.owner_person_id == person_id)
        .order_by(AuditEventRow.at.desc(), AuditEventRow.id.desc())
        .limit(limit)
    )
    return [
        AuditEvent(
            id=r.id,
            at=r.at,
            kind=r.kind,
            by_owner=None if r.actor_account_id is None else r.actor_account_id in own,
            detail=dict(r.detail),
            ip=r.ip,
        )
        for r in rows
    ]
