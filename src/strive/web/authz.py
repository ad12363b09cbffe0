"""The one place that answers "may this viewer read/write this person's goal?".

Every page and API route that touches a goal asks :func:`goal_access` (or
:func:`person_access` for things that belong to the person, not a goal) and gets
either the owner to open a workspace for, or :class:`~strive.errors.NotFoundError`:
another person's object is answered 404 exactly like an id that does not exist, so
ids reveal nothing.

Today only the owner may do anything. The decision itself is
:func:`strive.sharing.access.decide` when the sharing lane's module is installed
(mentors and family with grants); until then :func:`_owner_only` with the same
signature. Either way the route code does not change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from strive.errors import NotFoundError
from strive.storage.models import GoalRow, PersonRow

if TYPE_CHECKING:
    from strive.storage import Store

SECTIONS = (
    "goal",
    "profile",
    "gap",
    "route",
    "progress",
    "effort",
    "attempts",
    "evidence",
    "review",
    "supporters",
    "notes",
    "inbox",
)
ACTS = ("read", "write", "suggest", "note", "answer")


@dataclass(frozen=True)
class Viewer:
    """Who asks: a logged-in account and its person, or an anonymous visitor."""

    account_id: int | None
    person_id: int | None


@dataclass(frozen=True)
class Allowed:
    """A granted request: whose data, and which goal (``None``: the person's)."""

    owner_person_id: int
    owner: str
    """The owner's person name, for ``Workspace(store, person=owner)``."""
    goal_id: int | None
    section: str
    act: str


Decide = Callable[[Viewer, int, int, str, str, Sequence[Any]], bool]


def _owner_only(
    viewer: Viewer,
    owner_person_id: int,
    goal_id: int,
    section: str,
    act: str,
    grants: Sequence[Any],
) -> bool:
    return viewer.person_id is not None and viewer.person_id == owner_person_id


def _decider() -> Decide:
    """The sharing lane's ``decide`` when present, else owner-only."""
    import importlib

    try:
        access: Any = importlib.import_module("strive.sharing.access")
    except ImportError:
        return _owner_only

    def decide(
        viewer: Viewer,
        owner_person_id: int,
        goal_id: int,
        section: str,
        act: str,
        grants: Sequence[Any],
    ) -> bool:
        theirs = access.Viewer(viewer.account_id, viewer.person_id)
        return bool(
            access.decide(
                theirs,
                owner_person_id,
                goal_id,
                access.Section(section),
                access.Act(act),
                grants,
            )
        )

    return decide


def _grants(store: Store, viewer: Viewer, goal_id: int) -> Sequence[Any]:
    """The goal's grants (read fresh on every request, so a revoked grant stops
    working on the next one); none while the sharing tables are not installed."""
    import importlib

    if viewer.account_id is None:
        return ()
    try:
        repo: Any = importlib.import_module("strive.storage.sharing")
    except ImportError:
        return ()
    with Session(store.engine) as s:
        return tuple(repo.SharingRepo(s).grants_of_goal(goal_id))


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
            select(GoalRow.person_id, PersonRow.name)
            .join(PersonRow, GoalRow.person_id == PersonRow.id)
            .where(GoalRow.id == goal_id)
        ).first()
    if found is None or viewer.person_id is None:
        raise NotFoundError(f"there is no goal {goal_id}")
    owner_id, owner = int(found[0]), str(found[1])
    grants = _grants(store, viewer, goal_id)
    if not _decider()(viewer, owner_id, goal_id, section, act, grants):
        raise NotFoundError(f"there is no goal {goal_id}")
    return Allowed(owner_id, owner, goal_id, section, act)


def person_access(store: Store, viewer: Viewer, section: str, act: str) -> Allowed:
    """The viewer's own person (goal list, new goals, profile): owners only."""
    _check(section, act)
    if viewer.person_id is None:
        raise NotFoundError("sign in first")
    with Session(store.engine) as s:
        name = s.scalar(select(PersonRow.name).where(PersonRow.id == viewer.person_id))
    if name is None:
        raise NotFoundError("sign in first")
    return Allowed(viewer.person_id, name, None, section, act)
