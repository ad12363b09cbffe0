"""What every step's routes share: access to a goal through :mod:`authz`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import Request

from strive.errors import StateError
from strive.goal import Goal, GoalStatus
from strive.i18n import _
from strive.web import authz
from strive.web.deps import config, require_login, viewer, workspace

if TYPE_CHECKING:
    from strive.workspace import Workspace


class NotActiveGoal(StateError):
    """A step page of a goal that is not the active one: 409, with a way back.

    The step engines (profile, gap, route, progress, attempts, review) work on the
    person's *active* goal. Serving another goal's step page would show (or change)
    the active goal's data under the wrong title, so it answers 409 and points at
    the goal's own page, which stays readable (as do ``/history`` and
    ``GET /api/goals/{id}``) and offers "Make this my active goal" when paused.
    """

    def __init__(self, goal: Goal) -> None:
        super().__init__(
            _(
                "“{title}” is {status}: make it your active goal first (on its page)"
            ).format(title=goal.title, status=_(str(goal.status)))
        )
        self.goal_id = goal.id


@dataclass(frozen=True)
class GoalView:
    """An allowed goal and the owner's workspace to read or change it."""

    goal: Goal
    ws: Workspace
    allowed: authz.Allowed


def goal_view(
    request: Request, goal_id: int, section: str, act: str, *, active: bool = True
) -> GoalView:
    """The goal if the viewer may ``act`` on ``section`` (else 404).

    ``active``: the step engines work on the active goal; any other goal (paused,
    closed, or an older row still marked active) answers 409
    (:class:`NotActiveGoal`) rather than quietly showing the active goal's data.
    """
    require_login(request)
    allowed = authz.goal_access(
        config(request).store, viewer(request), goal_id, section, act
    )
    ws = workspace(request, allowed)
    goal = ws.goal(goal_id)
    if active and (goal.status is not GoalStatus.ACTIVE or _active_id(ws) != goal.id):
        raise NotActiveGoal(goal)
    return GoalView(goal, ws, allowed)


def _active_id(ws: Workspace) -> int | None:
    """The id of the goal the workspace's step engines work on (``None``: none)."""
    try:
        return ws.goal().id
    except StateError:
        return None


def person_ws(request: Request, section: str, act: str) -> Workspace:
    require_login(request)
    allowed = authz.person_access(config(request).store, viewer(request), section, act)
    return workspace(request, allowed)


def goal_json(goal: Goal) -> dict[str, Any]:
    """The shape of ``strive goal show --json`` (the same function)."""
    from strive.cli.goal import goal_json as shared

    return dict(shared(goal))
