"""The one place that answers "may this viewer read/write this person's goal?".

Every page and API route that touches a goal asks :func:`goal_access` (or
:func:`person_access` for things that belong to the person, not a goal) and gets
either the owner to open a workspace for, or :class:`~strive.errors.NotFoundError`:
another person's object is answered 404 exactly like an id that does not exist, so
ids reveal nothing.

The decision is :func:`strive.sharing.access.decide` (the owner, and supporters
with grants on that goal, read fresh from the database on every request, so a change
or revocation counts from the next request); here it only gets the goal's owner and
grants to decide with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from strive.errors import NotFoundError
from strive.sharing.access import Viewer, decide
from strive.sharing.model import Act, Grant, Section
from strive.storage.models import GoalRow, PersonRow
from strive.storage.sharing import SharingRepo

if TYPE_CHECKING:
    from strive.storage import Store

__all__ = ["ACTS", "SECTIONS", "Allowed", "Viewer", "goal_access", "person_access"]

SECTIONS = tuple(s.value for s in Section)
ACTS = tuple(a.value for a in Act)


@dataclass(frozen=True)
class Allowed:
    """A granted request: whose data, and which goal (``None``: the person's)."""

    owner_person_id: int
    owner: str
    """The owner's person name, for ``Workspace(store, person=owner)``."""
    goal_id: int | None
    section: str
    act: str
    stamps: tuple[int, int] = (0, 0)
    """The owner's ``people`` stamps (context, effort), read with the decision and
    before any data: the key of the page cache (:mod:`strive.web.memo`)."""

    def owned_by(self, viewer: Viewer) -> bool:
        """Whether the viewer is the owner (pages hide the owner's forms otherwise)."""
        return viewer.person_id == self.owner_person_id


def _grants(session: Session, viewer: Viewer, goal_id: int) -> list[Grant]:
    """The goal's grants, read fresh on every request (a revoked grant stops
    working on the next one); a logged-out visitor has none to use."""
    if viewer.account_id is None:
        return []
    return SharingRepo(session).grants_of_goal(goal_id)


def _check(section: str, act: str) -> None:
    if section not in SECTIONS or act not in ACTS:
        raise ValueError(f"unknown section/act {section!r}/{act!r}")  # a bug in a route


def goal_access(
    store: Store, viewer: Viewer, goal_id: int, section: str, act: str
) -> Allowed:
    """Allow ``act`` on ``section`` of goal ``goal_id``, or raise NotFoundError."""
    _check(section, act)
    with Session(store.engine) as s:
        found = s.execute(
            select(
                GoalRow.person_id,
                PersonRow.name,
                PersonRow.context_stamp,
                PersonRow.effort_stamp,
            )
            .join(PersonRow, GoalRow.person_id == PersonRow.id)
            .where(GoalRow.id == goal_id)
        ).first()
        if found is None or viewer.person_id is None:
            raise NotFoundError(f"there is no goal {goal_id}")
        owner_id, owner = int(found[0]), str(found[1])
        # The owner may do anything (decide's first rule): no grants to read.
        grants = [] if viewer.person_id == owner_id else _grants(s, viewer, goal_id)
    if not decide(viewer, owner_id, goal_id, Section(section), Act(act), grants):
        raise NotFoundError(f"there is no goal {goal_id}")
    stamps = (int(found[2]), int(found[3]))
    return Allowed(owner_id, owner, goal_id, section, act, stamps)


def person_access(store: Store, viewer: Viewer, section: str, act: str) -> Allowed:
    """The viewer's own person (goal list, new goals, profile): owners only."""
    _check(section, act)
    if viewer.person_id is None:
        raise NotFoundError("sign in first")
    with Session(store.engine) as s:
        found = s.execute(
            select(
                PersonRow.name, PersonRow.context_stamp, PersonRow.effort_stamp
            ).where(PersonRow.id == viewer.person_id)
        ).first()
    if found is None:
        raise NotFoundError("sign in first")
    stamps = (int(found[1]), int(found[2]))
    return Allowed(viewer.person_id, str(found[0]), None, section, act, stamps)
