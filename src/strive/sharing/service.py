"""The front door for sharing: one public method, one unit of work, one decision.

:class:`Circle` is to supporters what :class:`~strive.workspace.Workspace` is to one
person's journey: the CLI and the web call it and only format what it returns. Every
method takes the :class:`~strive.sharing.access.Viewer` asking, reads the goal's
grants fresh from the database (so a change or revocation counts from the next
request), and asks :func:`~strive.sharing.access.decide` before reading or writing.
A refusal is a :class:`~strive.errors.NotFoundError` worded exactly like a missing
goal, so an id from someone else's account tells nothing (the web answers 404).

>>> circle = Circle(Store.open("journey.db"))                       # doctest: +SKIP
>>> me = circle.local_viewer()                                      # doctest: +SKIP
>>> invitation, token = circle.invite(me, goal_id, Role.MENTOR, "Miss Young",
...                                   sections={Section.GAP})       # doctest: +SKIP
>>> circle.accept(token, account_id=2)                              # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from strive.attempts import Outcome
from strive.errors import InputError, NotFoundError, StateError
from strive.evidence import Evidence
from strive.i18n import _
from strive.sharing.access import Viewer, decide, readable
from strive.sharing.model import (
    INVITATION_DAYS,
    NOTE_KINDS,
    Act,
    Grant,
    InboxItem,
    Invitation,
    ItemKind,
    ItemStatus,
    Role,
    Section,
    StrategicQuestion,
    default_sections,
    new_token,
    token_hash,
)
from strive.supporters import Share, Supporter

if TYPE_CHECKING:
    from strive.goal import Goal
    from strive.storage import Store
    from strive.storage.sharing import InvitationRow, SharingRepo


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Owner:
    """Whose goal it is: the person's row id and name (``Workspace(person=name)``)."""

    person_id: int
    name: str


@dataclass(frozen=True)
class Accepted:
    """What accepting an inbox item did: the item, and the evidence it became."""

    item: InboxItem
    evidence: Evidence | None


@dataclass(frozen=True)
class InvitationView:
    """An invitation as its link's page shows it: for whom, to which goal."""

    invitation: Invitation
    goal_title: str
    supporter_name: str


def _usable(repo: SharingRepo, token: str, now: dt.datetime) -> InvitationRow:
    """The invitation a token opens, if it can still be used.

    Raises:
        NotFoundError: no invitation has this token.
        StateError: it was used, or has expired.
    """
    row = repo.invitation_by_hash(token_hash(token.strip()))
    if row is None:
        raise NotFoundError(
            _(
                "this invitation link is not valid: check that it was copied "
                "whole, or ask for a new one"
            )
        )
    if row.used_at is not None:
        raise StateError(_("this invitation was already used; ask for a new one"))
    if now >= row.expires_at:
        raise StateError(
            _("this invitation expired on {day}; ask for a new one").format(
                day=row.expires_at.date().isoformat()
            )
        )
    return row


def _audit(
    repo: SharingRepo,
    kind: str,
    owner_person_id: int | None,
    actor: int | None,
    grant: Grant | Invitation,
) -> None:
    """One event in the goal owner's audit trail, in the action's transaction."""
    from strive.storage import audit
    from strive.storage.models import SupporterRow

    if owner_person_id is None:
        found = repo.goal_owner(grant.goal_id)
        if found is None:
            return
        owner_person_id = found[0]
    supporter = repo.session.get(SupporterRow, grant.supporter_id)
    audit.record(
        repo.session,
        audit.Kind(kind),
        owner_person_id,
        actor_account_id=actor,
        detail={
            "goal_id": grant.goal_id,
            "supporter": None if supporter is None else supporter.name,
            "role": str(grant.role),
            "sections": sorted(str(s) for s in grant.sections),
        },
    )


class Circle:
    """The people around each goal: invitations, grants, inbox, the question.

    ``now`` gives naive UTC timestamps (tests pass a clock); ``today`` is the date
    evidence is recorded on, as in :class:`~strive.workspace.Workspace`.
    """

    def __init__(
        self,
        store: Store,
        *,
        now: Callable[[], dt.datetime] | None = None,
        today: dt.date | None = None,
        invitation_days: int = INVITATION_DAYS,
    ) -> None:
        self.store = store
        self.now = now or _utcnow
        self.today = today
        self.invitation_days = invitation_days

    @contextmanager
    def _repo(self, *, read: bool = False) -> Iterator[SharingRepo]:
        """``read=True`` for what only reads: on SQLite it does not queue behind
        every writer for the write lock (``Store.unit``)."""
        from strive.storage.sharing import SharingRepo

        with self.store.unit(read=read) as uow:
            yield SharingRepo(uow.session)

    # --- who is asking -------------------------------------------------------------

    def local_viewer(self, person: str = "me") -> Viewer:
        """The CLI's person, without a login (owns their goals, nothing more)."""
        with self._repo() as repo:
            return Viewer(account_id=None, person_id=repo.person_id(person))

    def account_viewer(self, account_id: int | None) -> Viewer:
        """A logged-in account (``None``: logged out) and the person it owns."""
        if account_id is None:
            return Viewer(None, None)
        with self._repo() as repo:
            return Viewer(account_id, repo.account_person(account_id))

    # --- the gate ------------------------------------------------------------------

    def _gate(
        self,
        repo: SharingRepo,
        viewer: Viewer,
        goal_id: int,
        section: Section,
        act: Act,
    ) -> tuple[Owner, list[Grant]]:
        found = repo.goal_owner(goal_id)
        grants = repo.grants_of_goal(goal_id) if found is not None else []
        if found is None or not decide(viewer, found[0], goal_id, section, act, grants):
            raise NotFoundError(_("there is no goal {id}").format(id=goal_id))
        return Owner(*found), grants

    def authorize(
        self, viewer: Viewer, goal_id: int, section: Section, act: Act = Act.READ
    ) -> Owner:
        """Whose goal it is, if ``viewer`` may ``act`` on ``section``; for pages and
        API routes that then open ``Workspace(store, person=owner.name)``.

        Raises:
            NotFoundError: no such goal, or not allowed (the same message).
        """
        with self._repo(read=True) as repo:
            return self._gate(repo, viewer, goal_id, section, act)[0]

    def view_for(self, viewer: Viewer, goal_id: int) -> frozenset[Section]:
        """The sections ``viewer`` may read on the goal (empty: show a 404)."""
        with self._repo(read=True) as repo:
            found = repo.goal_owner(goal_id)
            if found is None:
                return frozenset()
            return readable(viewer, found[0], goal_id, repo.grants_of_goal(goal_id))

    def goal(self, viewer: Viewer, goal_id: int) -> Goal:
        """The goal itself (title, why, target), for its owner and its supporters.

        Raises:
            NotFoundError: no such goal, or not allowed.
        """
        from strive.storage.unit import UnitOfWork

        with self._repo(read=True) as repo:
            owner, _grants = self._gate(repo, viewer, goal_id, Section.GOAL, Act.READ)
            return UnitOfWork(repo.session, owner.name).get_goal(goal_id)

    def shared_with(self, viewer: Viewer) -> list[Grant]:
        """The viewer's active grants: the goals they help with."""
        if viewer.account_id is None:
            return []
        with self._repo(read=True) as repo:
            return [g for g in repo.grants_of_account(viewer.account_id) if g.active]

    # --- invitations and grants (the owner) ----------------------------------------

    def invite(
        self,
        viewer: Viewer,
        goal_id: int,
        role: Role,
        name: str,
        *,
        sections: Iterable[Section] | None = None,
        contribution: str = "",
    ) -> tuple[Invitation, str]:
        """Invite a supporter; returns the invitation and its token (shown once).

        ``sections`` are the boxes the owner ticked; ``None`` gives the role's
        default (:func:`~strive.sharing.model.default_sections`). The supporter is
        added to the goal's supporters at once; the grant exists when they accept.

        Raises:
            NotFoundError: no such goal, or not the owner.
            TraitValueError: a blank or too long name, a section that cannot be
                granted.
        """
        from strive.storage.unit import UnitOfWork

        chosen = default_sections(Role(role), sections)
        now = self.now()
        with self._repo() as repo:
            owner, _grants = self._gate(
                repo, viewer, goal_id, Section.SUPPORTERS, Act.WRITE
            )
            share = Share.EVERYTHING if Section.PROFILE in chosen else Share.PROGRESS
            supporter = UnitOfWork(repo.session, owner.name).add_supporter(
                goal_id,
                Supporter(
                    name,
                    str(role),
                    contribution,
                    shares=share,
                    since=self.today or now.date(),
                ),
            )
            assert supporter.id is not None
            token = new_token()
            invitation = repo.add_invitation(
                Invitation(
                    goal_id=goal_id,
                    supporter_id=supporter.id,
                    role=Role(role),
                    sections=chosen,
                    token_hash=token_hash(token),
                    created=now,
                    expires=now + dt.timedelta(days=self.invitation_days),
                )
            )
            _audit(
                repo,
                "invitation_created",
                owner.person_id,
                viewer.account_id,
                invitation,
            )
            return invitation, token

    def accept(self, token: str, account_id: int) -> Grant:
        """Accept an invitation with a login: single use, before it expires.

        Raises:
            NotFoundError: the token matches no invitation, or the account does
                not exist.
            StateError: the invitation was used or has expired, the account owns
                the goal, or already supports it.
        """
        now = self.now()
        with self._repo() as repo:
            row = _usable(repo, token, now)
            person = repo.account_person(account_id)
            if person is None:
                raise NotFoundError(_("there is no account {id}").format(id=account_id))
            owner = repo.goal_owner(row.goal_id)
            if owner is not None and owner[0] == person:
                raise StateError(
                    _("this is your own goal; send the link to your supporter")
                )
            for grant in repo.grants_of_goal(row.goal_id):
                if grant.account_id == account_id and grant.active:
                    raise StateError(
                        _(
                            "you already support this goal; "
                            "the owner can change what you see"
                        )
                    )
            row.used_at = now
            grant = repo.add_grant(
                Grant(
                    goal_id=row.goal_id,
                    supporter_id=row.supporter_id,
                    account_id=account_id,
                    role=Role(row.role),
                    sections=frozenset(Section(s) for s in row.sections),
                    created=now,
                )
            )
            if owner is not None:
                _audit(repo, "invitation_accepted", owner[0], account_id, grant)
            return grant

    def preview(self, token: str) -> InvitationView:
        """What an invitation offers, for the page a link opens (before login).

        Raises:
            NotFoundError, StateError: as :meth:`accept` (wrong, used, expired).
        """
        from strive.storage.models import GoalRow, SupporterRow
        from strive.storage.sharing import invitation_from_row

        with self._repo() as repo:
            row = _usable(repo, token, self.now())
            goal = repo.session.get(GoalRow, row.goal_id)
            supporter = repo.session.get(SupporterRow, row.supporter_id)
            assert goal is not None and supporter is not None  # they cascade
            return InvitationView(invitation_from_row(row), goal.title, supporter.name)

    def grants(self, viewer: Viewer, goal_id: int) -> list[Grant]:
        """Every grant of a goal, revoked ones too (history), oldest first.

        Raises:
            NotFoundError: no such goal, or not the owner.
        """
        with self._repo() as repo:
            return self._gate(repo, viewer, goal_id, Section.SUPPORTERS, Act.READ)[1]

    def supporter_names(self, viewer: Viewer, goal_id: int) -> dict[int, str]:
        """Supporter id → name for a goal (to label its grants), owner only.

        Raises:
            NotFoundError: no such goal, or not the owner.
        """
        from strive.storage.unit import UnitOfWork

        with self._repo() as repo:
            owner, _grants = self._gate(
                repo, viewer, goal_id, Section.SUPPORTERS, Act.READ
            )
            people = UnitOfWork(repo.session, owner.name).list_supporters(goal_id)
            return {s.id: s.name for s in people if s.id is not None}

    def _owned_grant(self, repo: SharingRepo, viewer: Viewer, grant_id: int) -> Grant:
        from strive.storage.sharing import grant_from_row

        missing = NotFoundError(_("there is no grant {id}").format(id=grant_id))
        try:
            grant = grant_from_row(repo.grant_row(grant_id))
        except NotFoundError:
            raise missing from None
        try:
            self._gate(repo, viewer, grant.goal_id, Section.SUPPORTERS, Act.WRITE)
        except NotFoundError:
            raise missing from None
        return grant

    def change_grant(
        self,
        viewer: Viewer,
        grant_id: int,
        sections: Iterable[Section],
        *,
        expected_version: int | None = None,
    ) -> Grant:
        """Give a supporter exactly ``sections`` (plus the goal itself) from now on.

        Raises:
            NotFoundError: no such grant, or not the owner.
            StateError: the grant was revoked (invite them again).
            TraitValueError: a section that cannot be granted.
            ConflictError: the grant (its supporter) is not at
                ``expected_version`` (when given); nothing is written.
        """
        with self._repo() as repo:
            grant = self._owned_grant(repo, viewer, grant_id)
            version = repo.touch_supporter(grant.supporter_id, expected_version)
            if not grant.active:
                raise StateError(
                    _("grant {id} was revoked; invite them again").format(id=grant_id)
                )
            changed = replace(
                grant,
                sections=default_sections(grant.role, sections),
                version=version,
            )
            repo.set_sections(repo.grant_row(grant_id), changed.sections)
            _audit(repo, "grant_changed", None, viewer.account_id, changed)
            return changed

    def revoke(
        self, viewer: Viewer, grant_id: int, *, expected_version: int | None = None
    ) -> Grant:
        """End a grant now (kept as history); revoking twice changes nothing.

        Raises:
            NotFoundError: no such grant, or not the owner.
            ConflictError: the grant (its supporter) is not at
                ``expected_version`` (when given); nothing is written.
        """
        with self._repo() as repo:
            grant = self._owned_grant(repo, viewer, grant_id)
            if not grant.active:
                # nothing to write; a stale version is still refused
                repo.expect_supporter(grant.supporter_id, expected_version)
                return grant
            version = repo.touch_supporter(grant.supporter_id, expected_version)
            row = repo.grant_row(grant_id)
            row.revoked_at = self.now()
            repo.session.flush()
            _audit(repo, "grant_revoked", None, viewer.account_id, grant)
            return replace(grant, revoked_at=row.revoked_at, version=version)

    # --- what supporters send ------------------------------------------------------

    def _send(
        self,
        viewer: Viewer,
        goal_id: int,
        section: Section,
        act: Act,
        make: Callable[[Grant, str], InboxItem],
    ) -> InboxItem:
        from strive.storage.models import SupporterRow

        with self._repo() as repo:
            _owner, grants = self._gate(repo, viewer, goal_id, section, act)
            mine = [g for g in grants if g.account_id == viewer.account_id and g.active]
            if not mine:
                raise StateError(
                    _("only a supporter sends this; as the owner, add it yourself")
                )
            supporter = repo.session.get(SupporterRow, mine[0].supporter_id)
            assert supporter is not None  # the grant cascades with its supporter
            return repo.add_item(make(mine[0], supporter.name))

    def suggest_evidence(
        self,
        viewer: Viewer,
        goal_id: int,
        condition: str,
        *,
        have: int | None = None,
        of: int | None = None,
        note: str = "",
    ) -> InboxItem:
        """A mentor suggests evidence; it waits in the owner's inbox.

        Raises:
            NotFoundError: not allowed. TraitValueError/InputError: bad counts or
            text (checked as :class:`~strive.evidence.Evidence` checks them).
        """
        Evidence(condition, "supporter", have, of, note)  # same checks, early
        return self._send(
            viewer,
            goal_id,
            Section.EVIDENCE,
            Act.SUGGEST,
            lambda grant, name: InboxItem(
                goal_id=goal_id,
                kind=ItemKind.EVIDENCE,
                author=name,
                text=note,
                created=self.now(),
                grant_id=grant.id,
                payload={"condition": condition.strip(), "have": have, "of": of},
            ),
        )

    def suggest_action(
        self, viewer: Viewer, goal_id: int, action: str, *, note: str = ""
    ) -> InboxItem:
        """A mentor suggests an action for the route (e.g. ``private_pilot``)."""
        return self._send(
            viewer,
            goal_id,
            Section.ROUTE,
            Act.SUGGEST,
            lambda grant, name: InboxItem(
                goal_id=goal_id,
                kind=ItemKind.ACTION,
                author=name,
                text=note,
                created=self.now(),
                grant_id=grant.id,
                payload={"action": action.strip()},
            ),
        )

    def comment(self, viewer: Viewer, goal_id: int, text: str) -> InboxItem:
        """A supporter's comment on the goal (shown in its notes)."""
        return self._note(viewer, goal_id, text, ItemKind.COMMENT)

    def note(self, viewer: Viewer, goal_id: int, text: str) -> InboxItem:
        """A note of encouragement (shown in the goal's notes)."""
        return self._note(viewer, goal_id, text, ItemKind.ENCOURAGEMENT)

    def _note(
        self, viewer: Viewer, goal_id: int, text: str, kind: ItemKind
    ) -> InboxItem:
        return self._send(
            viewer,
            goal_id,
            Section.NOTES,
            Act.NOTE,
            lambda grant, name: InboxItem(
                goal_id=goal_id,
                kind=kind,
                author=name,
                text=text,
                created=self.now(),
                grant_id=grant.id,
            ),
        )

    # --- the owner's inbox ---------------------------------------------------------

    def inbox(
        self, viewer: Viewer, goal_id: int, *, status: ItemStatus | None = None
    ) -> list[InboxItem]:
        """Everything supporters sent to this goal, oldest first (owner only)."""
        with self._repo() as repo:
            self._gate(repo, viewer, goal_id, Section.INBOX, Act.READ)
            items = repo.items(goal_id)
        return [i for i in items if status is None or i.status is status]

    def notes(self, viewer: Viewer, goal_id: int) -> list[InboxItem]:
        """The comments and encouragement left on a goal, for whoever may read
        its notes."""
        with self._repo() as repo:
            self._gate(repo, viewer, goal_id, Section.NOTES, Act.READ)
            return repo.items(goal_id, NOTE_KINDS)

    def _open_item(
        self, repo: SharingRepo, viewer: Viewer, item_id: int
    ) -> tuple[InboxItem, Owner]:
        from strive.storage.sharing import item_from_row

        missing = NotFoundError(_("there is no inbox item {id}").format(id=item_id))
        try:
            item = item_from_row(repo.item_row(item_id))
            owner, _grants = self._gate(
                repo, viewer, item.goal_id, Section.INBOX, Act.WRITE
            )
        except NotFoundError:
            raise missing from None
        if item.status is not ItemStatus.OPEN:
            raise StateError(
                _("inbox item {id} was already {status}").format(
                    id=item_id, status=item.status
                )
            )
        return item, owner

    def accept_item(
        self, viewer: Viewer, item_id: int, *, condition: str | None = None
    ) -> Accepted:
        """Accept an inbox item. Suggested evidence (or an answer, given the
        ``condition`` it shows) becomes an evidence record through
        :meth:`Workspace.add_evidence`, with the supporter as its source.

        Evidence goes to the owner's *active* goal (the Workspace's path), so the
        item must belong to it. The evidence is written, then the item marked, in
        two units; if the second fails the item stays open beside the evidence.

        Raises:
            NotFoundError: no such item, or not the owner.
            StateError: the item was already decided, or its goal is not active.
            InputError: the condition does not fit the goal's traits.
        """
        from strive.storage.sharing import GrantRow
        from strive.workspace import Workspace

        with self._repo() as repo:
            item, owner = self._open_item(repo, viewer, item_id)
            grant = (
                None
                if item.grant_id is None
                else repo.session.get(GrantRow, item.grant_id)
            )
            role = None if grant is None else grant.role
        wanted = condition
        if wanted is None and item.kind is ItemKind.EVIDENCE:
            wanted = str(item.payload["condition"])
        evidence = None
        if wanted is not None:
            if item.kind not in (ItemKind.EVIDENCE, ItemKind.ANSWER):
                raise InputError(
                    _("only suggested evidence or an answer can become evidence")
                )
            ws = Workspace(self.store, person=owner.name, today=self.today)
            if ws.goal().id != item.goal_id:
                raise StateError(
                    _(
                        "goal {id} is not your active goal; switch to it "
                        "('strive goal use {id}') to accept its evidence"
                    ).format(id=item.goal_id)
                )
            source = item.author if role is None else f"{item.author} ({role})"
            evidence = ws.add_evidence(
                wanted,
                source=source,
                have=item.payload.get("have"),
                of=item.payload.get("of"),
                note=item.text,
            )
        with self._repo() as repo:
            self._open_item(repo, viewer, item_id)
            row = repo.item_row(item_id)
            row.status = str(ItemStatus.ACCEPTED)
            row.decided_at = self.now()
            row.evidence_id = None if evidence is None else evidence.id
            repo.session.flush()
            from strive.storage.sharing import item_from_row

            return Accepted(item_from_row(row), evidence)

    def decline_item(self, viewer: Viewer, item_id: int) -> InboxItem:
        """Decline an inbox item (kept, marked declined).

        Raises:
            NotFoundError: no such item, or not the owner.
            StateError: already decided.
        """
        from strive.storage.sharing import item_from_row

        with self._repo() as repo:
            self._open_item(repo, viewer, item_id)
            row = repo.item_row(item_id)
            row.status = str(ItemStatus.DECLINED)
            row.decided_at = self.now()
            repo.session.flush()
            return item_from_row(row)

    # --- the strategic question ----------------------------------------------------

    def ask_strategic_question(
        self,
        viewer: Viewer,
        goal_id: int,
        attempt: str | int | None,
        supporter_ids: Iterable[int],
    ) -> StrategicQuestion:
        """Send "What do those who were selected have that I don't?" to chosen
        supporters, after ``attempt`` (a rejection) or before any.

        Raises:
            NotFoundError: no such goal or attempt, or not the owner.
            StateError: the attempt was not rejected.
            InputError: no supporters chosen, or one without an active grant (they
                could not log in to answer).
        """
        from strive.storage.unit import UnitOfWork

        chosen = frozenset(supporter_ids)
        if not chosen:
            raise InputError(_("choose at least one supporter to ask"))
        with self._repo() as repo:
            owner, grants = self._gate(repo, viewer, goal_id, Section.REVIEW, Act.WRITE)
            attempt_id = None
            if attempt is not None:
                found = UnitOfWork(repo.session, owner.name).get_attempt(
                    goal_id, attempt
                )
                if found.outcome is not Outcome.REJECTED:
                    raise StateError(
                        _("attempt {name!r} was not rejected").format(name=found.name)
                    )
                attempt_id = found.id
            reachable = {g.supporter_id for g in grants if g.active}
            missing = sorted(chosen - reachable)
            if missing:
                raise InputError(
                    _(
                        "supporter {ids} has no active invitation to this goal; "
                        "invite them first"
                    ).format(ids=", ".join(str(i) for i in missing)),
                    where="supporters",
                )
            return repo.add_question(
                StrategicQuestion(
                    goal_id=goal_id,
                    recipients=chosen,
                    asked=self.now(),
                    attempt_id=attempt_id,
                    text=_("What do those who were selected have that I don't?"),
                )
            )

    def questions(self, viewer: Viewer, goal_id: int) -> list[StrategicQuestion]:
        """The owner sees every question; a supporter those sent to them."""
        with self._repo() as repo:
            owner, grants = self._gate(repo, viewer, goal_id, Section.GOAL, Act.READ)
            every = repo.questions(goal_id)
            if viewer.person_id == owner.person_id:
                return every
            mine = {
                g.supporter_id
                for g in grants
                if g.account_id == viewer.account_id and g.active
            }
            return [q for q in every if q.recipients & mine]

    def answer(self, viewer: Viewer, question_id: int, text: str) -> InboxItem:
        """A supporter answers a question sent to them; it lands in the inbox.

        Raises:
            NotFoundError: no such question, or not sent to this viewer.
        """
        from strive.storage.models import SupporterRow

        missing = NotFoundError(_("there is no question {id}").format(id=question_id))
        with self._repo() as repo:
            try:
                question = repo.question(question_id)
                _owner, grants = self._gate(
                    repo, viewer, question.goal_id, Section.REVIEW, Act.ANSWER
                )
            except NotFoundError:
                raise missing from None
            mine = [
                g
                for g in grants
                if g.account_id == viewer.account_id
                and g.active
                and g.supporter_id in question.recipients
            ]
            if not mine:
                raise missing
            supporter = repo.session.get(SupporterRow, mine[0].supporter_id)
            assert supporter is not None
            return repo.add_item(
                InboxItem(
                    goal_id=question.goal_id,
                    kind=ItemKind.ANSWER,
                    author=supporter.name,
                    text=text,
                    created=self.now(),
                    grant_id=mine[0].id,
                    question_id=question_id,
                )
            )
