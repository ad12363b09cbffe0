"""What every step's routes share: access to a goal through :mod:`authz`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from fastapi import Request

from strive.errors import StateError
from strive.goal import Goal, GoalStatus
from strive.i18n import _
from strive.web import authz
from strive.web.authz import Allowed
from strive.web.deps import config, require_login, viewer, workspace

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

    from strive.sharing.service import Circle
    from strive.web.memo import Memo
    from strive.workspace import GoalContext, Workspace

T = TypeVar("T")


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
    allowed: Allowed
    memo: Memo


def goal_view(
    request: Request, goal_id: int, section: str, act: str, *, active: bool = True
) -> GoalView:
    """The goal if the viewer may ``act`` on ``section`` (else 404).

    ``active``: the step engines work on the active goal; any other goal (paused,
    closed, or an older row still marked active) answers 409
    (:class:`NotActiveGoal`) rather than quietly showing the active goal's data.
    """
    allowed = goal_allowed(request, goal_id, section, act)
    ws = workspace(request, allowed)
    # The goal and which goal is active change only with a goal row, which changes
    # the context stamp: kept between requests (one read unit when it is not).
    key = page_key("goal", goal_id, allowed)
    goal, active_id = memo(request).get(key, lambda: _goal_and_active(ws, goal_id))
    if active and (goal.status is not GoalStatus.ACTIVE or active_id != goal.id):
        raise NotActiveGoal(goal)
    return GoalView(goal, ws, allowed, memo(request))


def _goal_and_active(ws: Workspace, goal_id: int) -> tuple[Goal, int | None]:
    """The goal, and the id of the goal the step engines work on (``None``: none),
    read in one read-only unit."""
    with ws.store.unit(ws.person, read=True) as uow:
        goal = uow.get_goal(goal_id)
        found = uow.active_goal()
        return goal, None if found is None else found.id


def memo(request: Request) -> Memo:
    """This app's result cache (:mod:`strive.web.memo`)."""
    found: Memo = request.app.state.memo
    return found


def page_key(
    kind: str,
    goal_id: int | None,
    allowed: Allowed,
    *,
    effort: bool = False,
    today: dt.date | None = None,
    locale: str | None = None,
) -> tuple[Hashable, ...]:
    """The page cache's key for ``kind`` computed from one goal's data.

    Always the goal, its owner and the owner's context stamp (every goal input but
    effort entries): what any kept result depends on. Then only what this result
    depends on, so it is not computed again for nothing: ``effort``, the effort
    stamp (the route, progress); ``today`` and ``locale``, when the result holds
    dates or words (the goal row and the context hold neither, and are kept across
    days and languages)."""
    key: tuple[Hashable, ...] = (kind, goal_id, allowed.owner_person_id)
    key += allowed.stamps if effort else allowed.stamps[:1]
    if today is not None:
        key += (today,)
    if locale is not None:
        key += (locale,)
    return key


def cached(view: GoalView, kind: str, compute: Callable[[], T], *, effort: bool) -> T:
    """``compute()`` for the viewed goal, kept while its data is unchanged.

    The key (:func:`page_key`): the goal, its owner, the context stamp (and the
    effort stamp when the result depends on effort entries, e.g. the route), today
    and the language.
    """
    from strive.i18n import current_locale

    key = page_key(
        kind,
        view.goal.id,
        view.allowed,
        effort=effort,
        today=view.ws.today,
        locale=current_locale(),
    )
    return view.memo.get(key, compute)


def context_of(view: GoalView) -> GoalContext:
    """The viewed goal's context (template, cohort, profile, evidence), kept while
    the context stamp is unchanged (it does not depend on today or effort)."""
    key = page_key("context", view.goal.id, view.allowed)
    return view.memo.get(key, lambda: view.ws.context(view.goal.id))


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
