"""The one decision: may this viewer do this act to this section of that goal?

Every page, API route and service method asks :func:`decide`, so the whole policy is
the two tables below and can be tested as a table:

- the **owner** (the viewer's person owns the goal) may do everything;
- a **supporter** with an active grant on *that* goal may READ exactly the granted
  sections, and do what their role allows (:data:`ROLE_ACTS`), whatever they read;
- everyone else (another goal's supporter, a stranger with an account, a revoked
  supporter, someone logged out) may do nothing.

ANSWER is allowed to every supporter of the goal here; which question was sent to
whom is a fact about the question, checked by the service
(:meth:`strive.sharing.service.Circle.answer`).

>>> mentor = Viewer(account_id=7, person_id=3)
>>> decide(mentor, 1, 10, Section.GAP, Act.READ, [])
False
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from strive.sharing.model import Act, Grant, Role, Section

__all__ = [
    "ROLE_ACTS",
    "Act",
    "Grant",
    "Role",
    "Section",
    "Viewer",
    "allowed",
    "decide",
    "readable",
]


@dataclass(frozen=True)
class Viewer:
    """Who is asking: a login (``account_id``) and the person it owns.

    A web visitor who is not logged in is ``Viewer(None, None)``. The local CLI user
    is ``Viewer(None, person_id)``: the person, with no login.
    """

    account_id: int | None
    person_id: int | None


ROLE_ACTS: dict[Role, frozenset[tuple[Section, Act]]] = {
    Role.MENTOR: frozenset(
        {
            (Section.EVIDENCE, Act.SUGGEST),  # suggest evidence
            (Section.ROUTE, Act.SUGGEST),  # suggest an action
            (Section.NOTES, Act.NOTE),  # comment
            (Section.REVIEW, Act.ANSWER),  # answer the strategic question
        }
    ),
    Role.FAMILY: frozenset(
        {
            (Section.NOTES, Act.NOTE),  # encouragement
            (Section.REVIEW, Act.ANSWER),
        }
    ),
}
"""What each role may write, beyond reading its granted sections. A supporter never
has WRITE: their words go to the owner's inbox and notes, not into the goal."""


def _active(viewer: Viewer, goal_id: int, grants: Iterable[Grant]) -> list[Grant]:
    if viewer.account_id is None:
        return []
    return [
        g
        for g in grants
        if g.goal_id == goal_id and g.account_id == viewer.account_id and g.active
    ]


def decide(
    viewer: Viewer,
    owner_person_id: int,
    goal_id: int,
    section: Section,
    act: Act,
    grants: Sequence[Grant],
) -> bool:
    """Whether ``viewer`` may ``act`` on ``section`` of goal ``goal_id``.

    ``grants`` may hold any grants (of any goal or account); only the viewer's active
    grants on this goal count.
    """
    if viewer.person_id is not None and viewer.person_id == owner_person_id:
        return True
    for grant in _active(viewer, goal_id, grants):
        if act is Act.READ and section in grant.sections:
            return True
        if (section, act) in ROLE_ACTS[grant.role]:
            return True
    return False


def readable(
    viewer: Viewer, owner_person_id: int, goal_id: int, grants: Sequence[Grant]
) -> frozenset[Section]:
    """Every section ``viewer`` may read on the goal (what a page may show)."""
    return frozenset(
        s
        for s in Section
        if decide(viewer, owner_person_id, goal_id, s, Act.READ, grants)
    )


def allowed(
    viewer: Viewer, owner_person_id: int, goal_id: int, grants: Sequence[Grant]
) -> frozenset[tuple[Section, Act]]:
    """Every (section, act) ``viewer`` may do on the goal (for menus and tests)."""
    return frozenset(
        (s, a)
        for s in Section
        for a in Act
        if decide(viewer, owner_person_id, goal_id, s, a, grants)
    )
