"""The people who help: roles, sections, grants, invitations, inbox, the question.

José Hernández's teacher, father, boss and wife each changed his path; here a person
invites such helpers to one goal, each with a role and an exact list of what they see.
These are plain frozen records, validated in their constructors through
:mod:`strive.validate` like every other core record; storing them is
:mod:`strive.storage.sharing`'s job and deciding who may do what is
:mod:`strive.sharing.access`'s.

>>> grant = Grant(goal_id=1, supporter_id=2, account_id=3, role=Role.FAMILY,
...               sections=default_sections(Role.FAMILY),
...               created=dt.datetime(2026, 1, 1))
>>> Section.PROFILE in grant.sections
False
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from strive import validate as check
from strive.errors import TraitValueError
from strive.i18n import _


class Role(StrEnum):
    """What kind of helper a supporter is; the role fixes what they may write."""

    MENTOR = "mentor"
    FAMILY = "family"


class Section(StrEnum):
    """A part of a goal a supporter may be granted to read (one per page/resource)."""

    GOAL = "goal"
    PROFILE = "profile"
    GAP = "gap"
    ROUTE = "route"
    PROGRESS = "progress"
    EFFORT = "effort"
    ATTEMPTS = "attempts"
    EVIDENCE = "evidence"
    REVIEW = "review"
    SUPPORTERS = "supporters"
    NOTES = "notes"
    INBOX = "inbox"


class Act(StrEnum):
    """What a viewer wants to do to a section."""

    READ = "read"
    WRITE = "write"
    SUGGEST = "suggest"
    NOTE = "note"
    ANSWER = "answer"


ALWAYS: frozenset[Section] = frozenset({Section.GOAL})
"""Every grant shows which goal it is about (title, why, target date)."""

GRANTABLE: frozenset[Section] = frozenset(Section) - {
    Section.SUPPORTERS,
    Section.INBOX,
}
"""What an owner can give: everything but the list of the other supporters (their
names are theirs) and the inbox (the owner's desk, where suggestions land)."""

MENTOR_CHOICES: tuple[Section, ...] = (
    Section.GAP,
    Section.ROUTE,
    Section.PROGRESS,
    Section.ATTEMPTS,
    Section.EVIDENCE,
    Section.REVIEW,
)
"""The boxes an owner ticks for a mentor (the profile only when given on purpose)."""

FAMILY_DEFAULT: frozenset[Section] = frozenset(
    {Section.PROGRESS, Section.ATTEMPTS, Section.NOTES}
)
"""Family see progress and attempts at a glance and the notes; never the profile
unless it is granted."""

MENTOR_DEFAULT: frozenset[Section] = frozenset(
    {Section.GAP, Section.ROUTE, Section.PROGRESS}
)
"""A mentor's sections when the owner ticks nothing."""

INVITATION_DAYS = 7
"""An invitation link works for this many days, once."""

QUESTION = "What do those who were selected have that I don't?"
"""The strategic question José's wife asked after his rejections."""


def parse_sections(
    text: str | Iterable[str], field_name: str = "sections"
) -> frozenset[Section]:
    """Sections from ``"gap,route"`` or a list of names.

    Raises:
        TraitValueError: a name is not a grantable section.
    """
    names = text.split(",") if isinstance(text, str) else list(text)
    out: set[Section] = set()
    for raw in names:
        item = raw.strip().lower() if isinstance(raw, str) else raw
        if item == "":
            continue
        try:
            section = Section(item)
        except ValueError:
            allowed = ", ".join(sorted(s.value for s in GRANTABLE))
            raise TraitValueError(
                _("{name!r} is not a section; choose from: {allowed}").format(
                    name=item, allowed=allowed
                ),
                where=field_name,
            ) from None
        out.add(section)
    return frozenset(out)


def default_sections(
    role: Role, ticked: Iterable[Section] | None = None
) -> frozenset[Section]:
    """What a new supporter sees: the role's default, or exactly what was ticked.

    Raises:
        TraitValueError: a ticked section cannot be granted.
    """
    if ticked is None:
        chosen = MENTOR_DEFAULT if role is Role.MENTOR else FAMILY_DEFAULT
    else:
        chosen = frozenset(ticked)
    return _checked_sections(chosen | ALWAYS, "sections")


def _checked_sections(sections: Any, field_name: str) -> frozenset[Section]:
    if not isinstance(sections, frozenset) or not all(
        isinstance(s, Section) for s in sections
    ):
        raise TraitValueError(_("expected a set of sections"), where=field_name)
    refused = sorted(s.value for s in sections - GRANTABLE)
    if refused:
        raise TraitValueError(
            _("cannot be granted: {names}").format(names=", ".join(refused)),
            where=field_name,
        )
    return sections


def _naive_utc(value: Any, field_name: str) -> None:
    if not isinstance(value, dt.datetime) or value.tzinfo is not None:
        raise TraitValueError(_("expected a naive UTC timestamp"), where=field_name)


def _maybe_time(value: Any, field_name: str) -> None:
    if value is not None:
        _naive_utc(value, field_name)


def _id(value: Any, field_name: str) -> None:
    if value is not None:
        check.whole(value, field_name, low=1)


@dataclass(frozen=True)
class Grant:
    """One supporter's access to one goal: a role and exactly what they see.

    ``account_id`` is the login the supporter accepted the invitation with; a grant
    with ``revoked_at`` set gives nothing (it is kept as history).
    """

    goal_id: int
    supporter_id: int
    account_id: int
    role: Role
    sections: frozenset[Section]
    created: dt.datetime
    revoked_at: dt.datetime | None = None
    id: int | None = None
    version: int | None = field(default=None, compare=False)
    """The version of the grant's supporter record: changing or revoking the grant
    is an edit of the supporter, and a stale one is refused (docs/durability.md).
    Not part of equality: the same grant read before and after an edit."""

    def __post_init__(self) -> None:
        for name in ("goal_id", "supporter_id", "account_id", "id"):
            _id(getattr(self, name), name)
        if not isinstance(self.role, Role):
            raise TraitValueError(_("expected mentor or family"), where="role")
        _checked_sections(self.sections, "sections")
        if Section.GOAL not in self.sections:
            raise TraitValueError(_("a grant always shows its goal"), where="sections")
        _naive_utc(self.created, "created")
        _maybe_time(self.revoked_at, "revoked_at")

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "goal_id": self.goal_id,
            "supporter_id": self.supporter_id,
            "account_id": self.account_id,
            "role": str(self.role),
            "sections": sorted(str(s) for s in self.sections),
            "created": self.created.isoformat(),
            "revoked_at": None
            if self.revoked_at is None
            else self.revoked_at.isoformat(),
            "version": self.version,
        }


def new_token() -> str:
    """A random invitation token (given once; only its hash is stored)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The SHA-256 hex of a token: what the database keeps."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Invitation:
    """A single-use, expiring link to become a supporter of one goal.

    The token itself is shown to the owner once (``/invite/TOKEN``); only its SHA-256
    is kept, so a copy of the database cannot be used to accept an invitation.
    """

    goal_id: int
    supporter_id: int
    role: Role
    sections: frozenset[Section]
    token_hash: str
    created: dt.datetime
    expires: dt.datetime
    used_at: dt.datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        for name in ("goal_id", "supporter_id", "id"):
            _id(getattr(self, name), name)
        if not isinstance(self.role, Role):
            raise TraitValueError(_("expected mentor or family"), where="role")
        _checked_sections(self.sections, "sections")
        if len(self.token_hash) != 64 or any(
            c not in "0123456789abcdef" for c in self.token_hash
        ):
            raise TraitValueError(
                _("expected a SHA-256 hex digest"), where="token_hash"
            )
        _naive_utc(self.created, "created")
        _naive_utc(self.expires, "expires")
        _maybe_time(self.used_at, "used_at")
        if self.expires <= self.created:
            raise TraitValueError(_("must be after it was created"), where="expires")

    def usable(self, now: dt.datetime) -> bool:
        return self.used_at is None and now < self.expires

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "goal_id": self.goal_id,
            "supporter_id": self.supporter_id,
            "role": str(self.role),
            "sections": sorted(str(s) for s in self.sections),
            "created": self.created.isoformat(),
            "expires": self.expires.isoformat(),
            "used_at": None if self.used_at is None else self.used_at.isoformat(),
        }


class ItemKind(StrEnum):
    """What landed in the owner's inbox."""

    EVIDENCE = "evidence"
    """A suggested piece of evidence (a condition, maybe with counts)."""
    ACTION = "action"
    """A suggested action for the route."""
    ANSWER = "answer"
    """An answer to the strategic question."""
    COMMENT = "comment"
    """A mentor's comment."""
    ENCOURAGEMENT = "encouragement"
    """A note of encouragement."""


NOTE_KINDS = frozenset({ItemKind.COMMENT, ItemKind.ENCOURAGEMENT})
"""The kinds shown as the goal's notes (the NOTES section)."""


class ItemStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"


_PAYLOAD_KEYS: Mapping[ItemKind, frozenset[str]] = {
    ItemKind.EVIDENCE: frozenset({"condition", "have", "of"}),
    ItemKind.ACTION: frozenset({"action"}),
    ItemKind.ANSWER: frozenset(),
    ItemKind.COMMENT: frozenset(),
    ItemKind.ENCOURAGEMENT: frozenset(),
}


@dataclass(frozen=True)
class InboxItem:
    """Something a supporter sent to the owner of a goal.

    ``text`` is the supporter's words; ``payload`` holds the structured part of a
    suggestion (``condition``/``have``/``of`` for evidence, ``action`` for an action).
    ``author`` is the supporter's name when it was sent, so the item keeps its source
    even if the supporter is later removed.
    """

    goal_id: int
    kind: ItemKind
    author: str
    text: str
    created: dt.datetime
    grant_id: int | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)
    status: ItemStatus = ItemStatus.OPEN
    decided_at: dt.datetime | None = None
    question_id: int | None = None
    evidence_id: int | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        for name in ("goal_id", "grant_id", "question_id", "evidence_id", "id"):
            _id(getattr(self, name), name)
        if not isinstance(self.kind, ItemKind):
            raise TraitValueError(_("unknown kind of item"), where="kind")
        if not isinstance(self.status, ItemStatus):
            raise TraitValueError(_("unknown status"), where="status")
        check.name(self.author, "author")
        check.note(self.text, "text")
        _naive_utc(self.created, "created")
        _maybe_time(self.decided_at, "decided_at")
        unknown = set(self.payload) - _PAYLOAD_KEYS[self.kind]
        if unknown:
            raise TraitValueError(
                _("unexpected fields: {names}").format(
                    names=", ".join(sorted(unknown))
                ),
                where="payload",
            )
        if self.kind is ItemKind.EVIDENCE:
            check.name(self.payload.get("condition"), "condition", limit=check.TEXT_MAX)
            for key in ("have", "of"):
                if self.payload.get(key) is not None:
                    check.whole(self.payload[key], key)
        elif self.kind is ItemKind.ACTION:
            check.name(self.payload.get("action"), "action")
        elif not self.text.strip():
            raise TraitValueError(_("must not be blank"), where="text")
        if (self.kind is ItemKind.ANSWER) != (self.question_id is not None):
            raise TraitValueError(
                _("an answer belongs to a question, and only an answer does"),
                where="question_id",
            )
        if (self.status is ItemStatus.OPEN) != (self.decided_at is None):
            raise TraitValueError(
                _("an open item has no decision time; a decided one has"),
                where="decided_at",
            )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "goal_id": self.goal_id,
            "kind": str(self.kind),
            "author": self.author,
            "text": self.text,
            "payload": dict(self.payload),
            "status": str(self.status),
            "created": self.created.isoformat(),
            "decided_at": None
            if self.decided_at is None
            else self.decided_at.isoformat(),
            "question_id": self.question_id,
            "evidence_id": self.evidence_id,
        }


@dataclass(frozen=True)
class StrategicQuestion:
    """ "What do those who were selected have that I don't?", sent after a rejection
    to the supporters the owner chose (only they may answer)."""

    goal_id: int
    recipients: frozenset[int]
    """Ids of the supporters (``supporters`` rows) it was sent to."""
    asked: dt.datetime
    attempt_id: int | None = None
    text: str = QUESTION
    id: int | None = None

    def __post_init__(self) -> None:
        for name in ("goal_id", "attempt_id", "id"):
            _id(getattr(self, name), name)
        if not isinstance(self.recipients, frozenset) or not self.recipients:
            raise TraitValueError(
                _("choose at least one supporter"), where="recipients"
            )
        for supporter in self.recipients:
            check.whole(supporter, "recipients", low=1)
        check.name(self.text, "text", limit=check.TEXT_MAX)
        _naive_utc(self.asked, "asked")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "goal_id": self.goal_id,
            "attempt_id": self.attempt_id,
            "text": self.text,
            "recipients": sorted(self.recipients),
            "asked": self.asked.isoformat(),
        }


def grants_json(grants: Iterable[Grant]) -> dict[str, Any]:
    """``{"grants": [...]}``: ``strive supporter grants --json`` and the API."""
    return {"grants": [g.to_json() for g in grants]}


def inbox_json(items: Iterable[InboxItem]) -> dict[str, Any]:
    """``{"inbox": [...]}``: ``strive inbox list --json`` and the API."""
    return {"inbox": [i.to_json() for i in items]}


def questions_json(questions: Iterable[StrategicQuestion]) -> dict[str, Any]:
    """``{"questions": [...]}``: the strategic questions of a goal."""
    return {"questions": [q.to_json() for q in questions]}
