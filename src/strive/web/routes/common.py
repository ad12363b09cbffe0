"""What every step's routes share: access to a goal through :mod:`authz`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import Request

from strive.errors import StateError
from strive.goal import Goal, GoalStatus
from strive.i18n import _
from strive.web import authz
from strive.web.authz import Allowed
from strive.web.deps import config, require_login, viewer, workspace

if TYPE_CHECKING:
    from strive.sharing.service import Circle
    from strive.workspace import Workspace


@dataclass(frozen=True)
class GoalView:
    """An allowed goal and the owner's workspace to read or change it."""

    goal: Goal
    ws: Workspace
    allowed: Allowed


def goal_view(
    request: Request, goal_id: int, section: str, act: str, *, active: bool = True
) -> GoalView:
    """The goal if the viewer may ``act`` on ``section`` (else 404).

    ``active``: the step engines work on the active goal; a paused or closed goal
    answers 409 with what to do rather than quietly switching goals.
    """
    allowed = goal_allowed(request, goal_id, section, act)
    ws = workspace(request, allowed)
    goal = ws.goal(goal_id)
    if active and goal.status is not GoalStatus.ACTIVE:
        raise StateError(
            _(
                "“{title}” is {status}: make it your active goal first (on its page)"
            ).format(title=goal.title, status=_(str(goal.status)))
        )
    return GoalView(goal, ws, allowed)


def goal_allowed(request: Request, goal_id: int, section: str, act: str) -> Allowed:
    """Allow ``act`` on ``section`` of a goal through :mod:`authz`, or 404.

    For a supporter (not the owner) the page learns which sections they may read,
    so the step pages link only to those and hide the owner's forms.
    """
    require_login(request)
    who = viewer(request)
    allowed = authz.goal_access(config(request).store, who, goal_id, section, act)
    if not allowed.owned_by(who):
        request.state.readable = circle(request).view_for(who, goal_id)
    return allowed


def circle(request: Request) -> Circle:
    """The sharing service over this app's database (one per request: cheap)."""
    from strive.sharing.service import Circle

    cfg = config(request)
    return Circle(cfg.store, today=cfg.today)


def person_ws(request: Request, section: str, act: str) -> Workspace:
    require_login(request)
    allowed = authz.person_access(config(request).store, viewer(request), section, act)
    return workspace(request, allowed)


def goal_json(goal: Goal) -> dict[str, Any]:
    """The shape of ``strive goal show --json`` (the same function)."""
    from strive.cli.goal import goal_json as shared

    return dict(shared(goal))
