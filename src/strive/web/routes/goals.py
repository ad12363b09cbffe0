"""Step 1, define: the dashboard, goals from templates, the history and next goal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from strive.errors import InputError
from strive.goal import Goal, GoalStatus, Limits
from strive.i18n import _
from strive.web import authz
from strive.web.deps import MAX_ID, config, login, require_login, viewer, workspace
from strive.web.forms import date, errors_of, number, posted, text, whole
from strive.web.render import render
from strive.web.routes.common import (
    context_of,
    goal_json,
    goal_view,
    memo,
    person_ws,
)

if TYPE_CHECKING:
    from strive.template import Template

router = APIRouter(tags=["goals"])

GOAL_FIELDS = (
    "title",
    "template",
    "why",
    "target_date",
    "hours_per_week",
    "money",
    "months_away",
    "max_parallel",
)


def templates() -> list[str]:
    """Built-in templates only: a web form must never name a file on the server."""
    from strive.templates import builtin_names

    return builtin_names()


def choices() -> list[Template]:
    """The built-in templates for the new-goal picker: each shows its title in the
    page's language (:attr:`Template.heading`, read as the page renders) and sends
    its id (``name``)."""
    from strive.templates import load_template

    return [load_template(name) for name in templates()]


def _check_template(name: str) -> str:
    if name not in templates():
        raise InputError(
            _("choose one of: {names}").format(names=", ".join(templates())),
            where="template",
        )
    return name


def _active(goals: list[Goal]) -> Goal | None:
    return next((g for g in goals if g.status is GoalStatus.ACTIVE), None)


# -- pages -------------------------------------------------------------------------


@router.get("/", include_in_schema=False)
def dashboard(request: Request) -> Response:
    if login(request) is None:
        return render(request, "welcome.html")
    goals = list(_goals(request))
    active = _active(goals)
    ended = [g for g in goals if g.status in (GoalStatus.ACHIEVED, GoalStatus.RETIRED)]
    from strive.web.routes.supporting import supporting_json

    return render(
        request,
        "dashboard.html",
        {
            "goals": goals,
            "active": active,
            "ended": ended,
            "supporting": supporting_json(request)["supporting"],
        },
    )


def _goals(request: Request) -> tuple[Goal, ...]:
    """The viewer's goals, kept between requests while the goal rows are unchanged
    (every goal write changes the person's context stamp, :mod:`strive.web.memo`)."""
    require_login(request)
    allowed = authz.person_access(
        config(request).store, viewer(request), "goal", "read"
    )
    ws = workspace(request, allowed)

    def read() -> tuple[Goal, ...]:
        with ws.store.unit(ws.person, read=True) as uow:
            return tuple(uow.list_goals())

    key = ("goals", allowed.owner_person_id, allowed.stamps[0])
    return memo(request).get(key, read)


@router.get("/goals/new", include_in_schema=False)
def new_goal_page(request: Request) -> Response:
    person_ws(request, "goal", "write")
    follows = request.query_params.get("follows", "")
    return render(
        request,
        "goal_new.html",
        {
            "choices": choices(),
            "form": {
                "template": "nasa-astronaut",
                "hours_per_week": "10",
                "max_parallel": "2",
                "follows": follows,
            },
        },
    )


def _limits(form: Any) -> Limits:
    """Empty boxes take the CLI's defaults; a typed 0 is checked, not defaulted."""
    hours = number(form, "hours_per_week")
    parallel = whole(form, "max_parallel")
    return Limits(
        hours_per_week=10.0 if hours is None else hours,
        money=number(form, "money"),
        months_away=number(form, "months_away"),
        max_parallel=2 if parallel is None else parallel,
    )


@router.post("/goals", include_in_schema=False)
async def create_goal(request: Request) -> Response:
    return await posted(request, _create_goal)


def _create_goal(request: Request, form: Any) -> Response:
    ws = person_ws(request, "goal", "write")
    values = {f: text(form, f) for f in (*GOAL_FIELDS, "follows")}
    try:
        follows = whole(form, "follows")
        if follows is not None:
            ws.goal(follows)  # another person's id: NotFound, like any
        goal = ws.new_goal(
            text(form, "title"),
            _check_template(text(form, "template")),
            why=text(form, "why"),
            target_date=date(form, "target_date"),
            limits=_limits(form),
            follows=follows,
        )
    except InputError as exc:
        return render(
            request,
            "goal_new.html",
            {
                "choices": choices(),
                "form": values,
                "errors": errors_of(exc, GOAL_FIELDS),
            },
            status=400,
        )
    return RedirectResponse(f"/goals/{goal.id}", status_code=303)


@router.get("/goals/{goal_id}", include_in_schema=False)
def goal_page(request: Request, goal_id: int) -> Response:
    view = goal_view(request, goal_id, "goal", "read", active=False)
    # The version first, then the goal shown (read committed: see
    # strive.web.routes.progress.effort_json); the close and use forms send it.
    version = view.ws.goal_version(goal_id)
    return render(
        request,
        "goal.html",
        {
            "goal": view.ws.goal(goal_id),
            "version": version,
            "template": context_of(view).template,
        },
    )


@router.post("/goals/{goal_id}/use", include_in_schema=False)
async def use_goal(request: Request, goal_id: int) -> Response:
    return await posted(request, _use_goal, goal_id)


def _use_goal(request: Request, goal_id: int, form: Any) -> Response:
    view = goal_view(request, goal_id, "goal", "write", active=False)
    view.ws.use_goal(goal_id, expected_version=whole(form, "version"))
    return RedirectResponse(f"/goals/{goal_id}", status_code=303)


@router.post("/goals/{goal_id}/close", include_in_schema=False)
async def close_goal(request: Request, goal_id: int) -> Response:
    return await posted(request, _close_goal, goal_id)


def _close_goal(request: Request, goal_id: int, form: Any) -> Response:
    view = goal_view(request, goal_id, "goal", "write", active=False)
    try:
        status = GoalStatus(text(form, "status"))
        if status not in (GoalStatus.ACHIEVED, GoalStatus.RETIRED):
            raise ValueError(status)
    except ValueError:
        exc = InputError(_("choose achieved or retired"), where="status")
        return render(
            request,
            "goal.html",
            {
                "goal": view.goal,
                "version": view.ws.goal_version(goal_id),
                "template": context_of(view).template,
                "errors": errors_of(exc, ("status",)),
            },
            status=400,
        )
    view.ws.close_goal(
        status,
        text(form, "reason"),
        goal_id,
        expected_version=whole(form, "version"),
    )
    return RedirectResponse("/history", status_code=303)


@router.get("/history", include_in_schema=False)
def history(request: Request) -> Response:
    ws = person_ws(request, "goal", "read")
    goals = ws.goals()
    return render(
        request, "history.html", {"goals": goals, "by_id": {g.id: g for g in goals}}
    )


# -- API ---------------------------------------------------------------------------


class NewGoal(BaseModel):
    title: str = Field(max_length=500)
    template: str = "nasa-astronaut"
    why: str = ""
    target_date: str | None = None
    hours_per_week: float = 10.0
    money: float | None = None
    months_away: float | None = None
    max_parallel: int = 2
    follows: int | None = Field(default=None, ge=1, le=MAX_ID)


@router.get("/api/goals")
def api_goals(request: Request) -> dict[str, Any]:
    """Your goals (``strive goal list --json``)."""
    ws = person_ws(request, "goal", "read")
    return {"goals": [goal_json(g) for g in ws.goals()]}


@router.post("/api/goals", status_code=201)
def api_new_goal(body: NewGoal, request: Request) -> dict[str, Any]:
    """Set a goal from a built-in template; the active goal is paused."""
    import datetime as dt

    ws = person_ws(request, "goal", "write")
    try:
        target = dt.date.fromisoformat(body.target_date) if body.target_date else None
    except ValueError:
        raise InputError(_("enter a date as YYYY-MM-DD"), where="target_date") from None
    if body.follows is not None:
        ws.goal(body.follows)
    goal = ws.new_goal(
        body.title,
        _check_template(body.template),
        why=body.why,
        target_date=target,
        limits=Limits(
            body.hours_per_week, body.money, body.months_away, body.max_parallel
        ),
        follows=body.follows,
    )
    return goal_json(goal)


@router.get("/api/goals/{goal_id}")
def api_goal(request: Request, goal_id: int) -> dict[str, Any]:
    """One goal (``strive goal show --json``), with its ``version``."""
    view = goal_view(request, goal_id, "goal", "read", active=False)
    version = view.ws.goal_version(goal_id)  # before the goal: see effort_json
    return {**goal_json(view.ws.goal(goal_id)), "version": version}


@router.post("/api/goals/{goal_id}/use")
def api_use_goal(
    request: Request, goal_id: int, version: int | None = None
) -> dict[str, Any]:
    """Make this the active goal (the active one is paused); ``?version=`` the
    goal's version you read: a stale one answers 409 and nothing is written."""
    view = goal_view(request, goal_id, "goal", "write", active=False)
    return goal_json(view.ws.use_goal(goal_id, expected_version=version))


@router.get("/api/templates")
def api_templates() -> dict[str, Any]:
    """The built-in templates a goal can be set from."""
    return {"templates": templates()}
