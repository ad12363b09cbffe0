"""Tables and queries for sharing: invitations, grants, inbox items, questions.

The rows subclass :class:`strive.storage.models.Base` (so one metadata holds the
whole schema; migration ``0004_sharing`` creates them). :class:`SharingRepo` reads and
writes them inside a caller's unit of work and returns :mod:`strive.sharing.model`
records; it never commits and never decides access (the service asks
:func:`strive.sharing.access.decide` first).

Grants and invitations point at a ``supporters`` row (the supporter's name and role
as the owner wrote them) and cascade with it and with the goal; a grant also points
at the supporter's login and goes when that account is deleted. Inbox items keep the
author's name, so a supporter's notes stay with the goal they were written on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from strive.errors import NotFoundError
from strive.i18n import _
from strive.sharing.model import (
    Grant,
    InboxItem,
    Invitation,
    ItemKind,
    ItemStatus,
    Role,
    Section,
    StrategicQuestion,
)
from strive.storage.models import AccountRow, Base, GoalRow, PersonRow
from strive.storage.types import JSONText


def _fk(target: str, ondelete: str, *, nullable: bool = False) -> Any:
    return mapped_column(
        ForeignKey(target, ondelete=ondelete), index=True, nullable=nullable
    )


class InvitationRow(Base):
    """A single-use invitation link; ``token_hash`` is the SHA-256 of its token."""

    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    goal_id: Mapped[int] = _fk("goals.id", "CASCADE")
    supporter_id: Mapped[int] = _fk("supporters.id", "CASCADE")
    role: Mapped[str] = mapped_column(String(20))
    sections: Mapped[list[Any]] = mapped_column(JSONText)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class GrantRow(Base):
    """One supporter's access to one goal (kept, revoked, as history)."""

    __tablename__ = "grants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = _fk("goals.id", "CASCADE")
    supporter_id: Mapped[int] = _fk("supporters.id", "CASCADE")
    account_id: Mapped[int] = _fk("accounts.id", "CASCADE")
    role: Mapped[str] = mapped_column(String(20))
    sections: Mapped[list[Any]] = mapped_column(JSONText)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class QuestionRow(Base):
    """The strategic question, sent to chosen supporters after a rejection."""

    __tablename__ = "strategic_questions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = _fk("goals.id", "CASCADE")
    attempt_id: Mapped[int | None] = _fk("attempts.id", "SET NULL", nullable=True)
    text: Mapped[str] = mapped_column(Text)
    recipients: Mapped[list[Any]] = mapped_column(JSONText)
    """Ids of the ``supporters`` rows it was sent to."""
    asked_at: Mapped[dt.datetime] = mapped_column(DateTime)


class InboxItemRow(Base):
    """A suggestion, answer, comment or note waiting in (or decided from) the inbox."""

    __tablename__ = "inbox_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = _fk("goals.id", "CASCADE")
    grant_id: Mapped[int | None] = _fk("grants.id", "SET NULL", nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONText)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    question_id: Mapped[int | None] = _fk(
        "strategic_questions.id", "CASCADE", nullable=True
    )
    evidence_id: Mapped[int | None] = _fk("evidence.id", "SET NULL", nullable=True)


SHARING_TABLES = ("invitations", "grants", "strategic_questions", "inbox_items")


def _sections(raw: list[Any]) -> frozenset[Section]:
    return frozenset(Section(s) for s in raw)


def _section_list(sections: frozenset[Section]) -> list[str]:
    return sorted(str(s) for s in sections)


def grant_from_row(r: GrantRow, version: int | None = None) -> Grant:
    return Grant(
        version=version,
        goal_id=r.goal_id,
        supporter_id=r.supporter_id,
        account_id=r.account_id,
        role=Role(r.role),
        sections=_sections(r.sections),
        created=r.created_at,
        revoked_at=r.revoked_at,
        id=r.id,
    )


def invitation_from_row(r: InvitationRow) -> Invitation:
    return Invitation(
        goal_id=r.goal_id,
        supporter_id=r.supporter_id,
        role=Role(r.role),
        sections=_sections(r.sections),
        token_hash=r.token_hash,
        created=r.created_at,
        expires=r.expires_at,
        used_at=r.used_at,
        id=r.id,
    )


def item_from_row(r: InboxItemRow) -> InboxItem:
    return InboxItem(
        goal_id=r.goal_id,
        kind=ItemKind(r.kind),
        author=r.author,
        text=r.text,
        created=r.created_at,
        grant_id=r.grant_id,
        payload=dict(r.payload),
        status=ItemStatus(r.status),
        decided_at=r.decided_at,
        question_id=r.question_id,
        evidence_id=r.evidence_id,
        id=r.id,
    )


def question_from_row(r: QuestionRow) -> StrategicQuestion:
    return StrategicQuestion(
        goal_id=r.goal_id,
        recipients=frozenset(int(i) for i in r.recipients),
        asked=r.asked_at,
        attempt_id=r.attempt_id,
        text=r.text,
        id=r.id,
    )


class SharingRepo:
    """Sharing rows inside one session (a unit of work); never commits."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _add(self, row: Any) -> int:
        self.session.add(row)
        self.session.flush()
        row_id: int = row.id
        return row_id

    # --- goals and people, whoever owns them --------------------------------------

    def goal_owner(self, goal_id: int) -> tuple[int, str] | None:
        """The owner's person id and name, or ``None`` if there is no such goal."""
        found = self.session.execute(
            select(PersonRow.id, PersonRow.name)
            .join(GoalRow, GoalRow.person_id == PersonRow.id)
            .where(GoalRow.id == goal_id)
        ).first()
        return None if found is None else (int(found[0]), str(found[1]))

    def person_id(self, name: str) -> int | None:
        found = self.session.scalar(select(PersonRow.id).where(PersonRow.name == name))
        return None if found is None else int(found)

    def account_person(self, account_id: int) -> int | None:
        found = self.session.scalar(
            select(AccountRow.person_id).where(AccountRow.id == account_id)
        )
        return None if found is None else int(found)

    # --- invitations ---------------------------------------------------------------

    def add_invitation(self, inv: Invitation) -> Invitation:
        row = InvitationRow(
            token_hash=inv.token_hash,
            goal_id=inv.goal_id,
            supporter_id=inv.supporter_id,
            role=str(inv.role),
            sections=_section_list(inv.sections),
            created_at=inv.created,
            expires_at=inv.expires,
            used_at=inv.used_at,
        )
        return replace(inv, id=self._add(row))

    def invitation_by_hash(self, digest: str) -> InvitationRow | None:
        return self.session.scalar(
            select(InvitationRow)
            .where(InvitationRow.token_hash == digest)
            .with_for_update()
        )

    # --- grants --------------------------------------------------------------------

    def add_grant(self, grant: Grant) -> Grant:
        row = GrantRow(
            goal_id=grant.goal_id,
            supporter_id=grant.supporter_id,
            account_id=grant.account_id,
            role=str(grant.role),
            sections=_section_list(grant.sections),
            created_at=grant.created,
            revoked_at=grant.revoked_at,
        )
        return replace(grant, id=self._add(row))

    def grant_row(self, grant_id: int) -> GrantRow:
        row = self.session.get(GrantRow, grant_id)
        if row is None:
            raise NotFoundError(_("there is no grant {id}").format(id=grant_id))
        return row

    def grants_of_goal(self, goal_id: int) -> list[Grant]:
        """A goal's grants, each with its supporter's version read in the same
        statement (so the version is the one of the grant read)."""
        return self._grants(GrantRow.goal_id == goal_id)

    def grants_of_account(self, account_id: int) -> list[Grant]:
        return self._grants(GrantRow.account_id == account_id)

    def _grants(self, where: Any) -> list[Grant]:
        from strive.storage.models import SupporterRow

        rows = self.session.execute(
            select(GrantRow, SupporterRow.version)
            .join(SupporterRow, SupporterRow.id == GrantRow.supporter_id)
            .where(where)
            .order_by(GrantRow.id)
        )
        return [grant_from_row(r, int(v)) for r, v in rows]

    def expect_supporter(self, supporter_id: int, expected_version: int | None) -> None:
        """Raises: ConflictError: the supporter is not at ``expected_version``."""
        from strive.storage.models import SupporterRow
        from strive.storage.unit import conflict

        version = self.session.scalar(
            select(SupporterRow.version).where(SupporterRow.id == supporter_id)
        )
        if expected_version is not None and version != expected_version:
            raise conflict()

    def touch_supporter(self, supporter_id: int, expected_version: int | None) -> int:
        """Count one edit of a supporter's grant on the supporter's version; returns
        the new version. The UPDATE also locks the row on PostgreSQL, so two grant
        edits run one after the other.

        Raises:
            ConflictError: not at ``expected_version`` (when given); the caller's
                transaction is then rolled back, nothing written.
        """
        from sqlalchemy import update

        from strive.storage.models import SupporterRow
        from strive.storage.unit import conflict

        stmt = update(SupporterRow).where(SupporterRow.id == supporter_id)
        if expected_version is not None:
            stmt = stmt.where(SupporterRow.version == expected_version)
        done = self.session.execute(
            stmt.values(version=SupporterRow.version + 1),
            execution_options={"synchronize_session": False},
        )
        if getattr(done, "rowcount", 1) != 1:
            raise conflict()
        version = self.session.scalar(
            select(SupporterRow.version).where(SupporterRow.id == supporter_id)
        )
        return int(version or 0)

    def set_sections(self, row: GrantRow, sections: frozenset[Section]) -> None:
        row.sections = _section_list(sections)
        self.session.flush()

    # --- inbox ---------------------------------------------------------------------

    def add_item(self, item: InboxItem) -> InboxItem:
        row = InboxItemRow(
            goal_id=item.goal_id,
            grant_id=item.grant_id,
            kind=str(item.kind),
            author=item.author,
            text=item.text,
            payload=dict(item.payload),
            status=str(item.status),
            created_at=item.created,
            decided_at=item.decided_at,
            question_id=item.question_id,
            evidence_id=item.evidence_id,
        )
        return replace(item, id=self._add(row))

    def item_row(self, item_id: int) -> InboxItemRow:
        row = self.session.get(InboxItemRow, item_id)
        if row is None:
            raise NotFoundError(_("there is no inbox item {id}").format(id=item_id))
        return row

    def items(
        self, goal_id: int, kinds: frozenset[ItemKind] | None = None
    ) -> list[InboxItem]:
        query = select(InboxItemRow).where(InboxItemRow.goal_id == goal_id)
        if kinds is not None:
            query = query.where(InboxItemRow.kind.in_([str(k) for k in kinds]))
        rows = self.session.scalars(query.order_by(InboxItemRow.id))
        return [item_from_row(r) for r in rows]

    # --- strategic questions -------------------------------------------------------

    def add_question(self, q: StrategicQuestion) -> StrategicQuestion:
        row = QuestionRow(
            goal_id=q.goal_id,
            attempt_id=q.attempt_id,
            text=q.text,
            recipients=sorted(q.recipients),
            asked_at=q.asked,
        )
        return replace(q, id=self._add(row))

    def question(self, question_id: int) -> StrategicQuestion:
        row = self.session.get(QuestionRow, question_id)
        if row is None:
            raise NotFoundError(_("there is no question {id}").format(id=question_id))
        return question_from_row(row)

    def questions(self, goal_id: int) -> list[StrategicQuestion]:
        rows = self.session.scalars(
            select(QuestionRow)
            .where(QuestionRow.goal_id == goal_id)
            .order_by(QuestionRow.id)
        )
        return [question_from_row(r) for r in rows]
