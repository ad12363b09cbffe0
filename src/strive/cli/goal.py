"""``strive goal``: step 1 of the recipe, and the next goal after it."""

from __future__ import annotations

from typing import Annotated

import typer

from strive.cli.app import workspace
from strive.cli.base import StriveTyper
from strive.cli.output import (
    console,
    day,
    line,
    money,
    number,
    parse_date,
    print_json,
    state,
    table,
)
from strive.goal import Goal, GoalStatus, Limits
from strive.i18n import _, current_locale, ngettext

app = StriveTyper()

_Template = Annotated[
    str,
    typer.Option(
        "--template", "-t", help="Built-in template name or path to a .toml template."
    ),
]
_Why = Annotated[str, typer.Option("--why", help="Why this goal matters to you.")]
_By = Annotated[str | None, typer.Option("--by", help="Target date (YYYY-MM-DD).")]
_Hours = Annotated[
    float, typer.Option("--hours-per-week", help="Hours a week you can give.")
]
_Money = Annotated[
    float | None, typer.Option("--money", help="Most money you can spend (US$).")
]
_Away = Annotated[
    float | None,
    typer.Option("--months-away", help="Most months you accept away from home."),
]
_Parallel = Annotated[
    int, typer.Option("--max-parallel", help="Most actions in progress at once.")
]

_IfVersion = Annotated[
    int | None,
    typer.Option(
        "--if-version",
        help="Only if the goal is still at this version (goal show --json): "
        "refuses (exit 7) when it changed since you looked.",
    ),
]


def goal_json(goal: Goal) -> dict[str, object]:
    return {
        "id": goal.id,
        "title": goal.title,
        "template": goal.template,
        "why": goal.why,
        "target_date": goal.target_date.isoformat() if goal.target_date else None,
        "status": str(goal.status),
        "status_reason": goal.status_reason,
        "status_date": goal.status_date.isoformat() if goal.status_date else None,
        "created": goal.created.isoformat() if goal.created else None,
        "next_goal": goal.next_goal,
        "limits": {
            "hours_per_week": goal.limits.hours_per_week,
            "money": goal.limits.money,
            "months_away": goal.limits.months_away,
            "max_parallel": goal.limits.max_parallel,
        },
    }


@app.command("new")
def new(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What you aim at.")],
    template: _Template = "nasa-astronaut",
    why: _Why = "",
    by: _By = None,
    hours_per_week: _Hours = 10.0,
    money: _Money = None,
    months_away: _Away = None,
    max_parallel: _Parallel = 2,
) -> None:
    """Set a new goal, judged against a real selection (a template)."""
    limits = Limits(hours_per_week, money, months_away, max_parallel)
    goal = workspace(ctx).new_goal(
        title, template, why=why, target_date=parse_date(by, "--by"), limits=limits
    )
    console.print(
        line(
            _("Goal {id}: ").format(id=goal.id),
            (goal.title, "bold"),
            f" ({goal.template})",
        )
    )
    _paused(ctx, goal)
    console.print(
        _("Next: tell strive where you stand: strive profile set TRAIT=VALUE ...")
    )


@app.command("next")
def next_goal(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="The next thing you aim at.")],
    template: _Template = "nasa-astronaut",
    why: _Why = "",
    by: _By = None,
    hours_per_week: _Hours = 10.0,
    money: _Money = None,
    months_away: _Away = None,
    max_parallel: _Parallel = 2,
) -> None:
    """Put the next goal in front of you, linked to the one you just ended."""
    ws = workspace(ctx)
    ended = [
        g for g in ws.goals() if g.status in (GoalStatus.ACHIEVED, GoalStatus.RETIRED)
    ]
    follows = ended[-1].id if ended else None
    goal = ws.new_goal(
        title,
        template,
        why=why,
        target_date=parse_date(by, "--by"),
        limits=Limits(hours_per_week, money, months_away, max_parallel),
        follows=follows,
    )
    after = _(" (after goal {id})").format(id=follows) if follows else ""
    console.print(
        line(_("Goal {id}: ").format(id=goal.id), (goal.title, "bold"), after)
    )
    _paused(ctx, goal)


def _paused(ctx: typer.Context, goal: Goal) -> None:
    """Say which goal a new one set aside (at most one goal is active)."""
    for g in workspace(ctx).goals():
        if (
            g.status is GoalStatus.PAUSED
            and g.status_date == goal.created
            and g.id != goal.id
            and g.status_reason == "another goal is active"
        ):
            console.print(
                line(
                    _(
                        "Goal {id} ({title}) is paused; switch back with: "
                        "strive goal use {id}"
                    ).format(id=g.id, title=g.title)
                )
            )


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every goal, active and ended, with its history."""
    goals = workspace(ctx).goals()
    if as_json:
        print_json({"goals": [goal_json(g) for g in goals]})
        return
    if not goals:
        console.print(
            _(
                'No goals yet. Set one: strive goal new "Become a NASA astronaut" '
                "--template nasa-astronaut"
            )
        )
        return
    out = table(_("Goals"), "#", "goal", "template", "status", "by", "next")
    for g in goals:
        out.add_row(
            str(g.id),
            g.title,
            g.template,
            state(g.status) + (f": {g.status_reason}" if g.status_reason else ""),
            day(g.target_date),
            str(g.next_goal or ""),
        )
    console.print(out)


@app.command("show")
def show(
    ctx: typer.Context,
    goal_id: Annotated[
        int | None, typer.Argument(help="Goal id (default: active).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One goal with its limits."""
    ws = workspace(ctx)
    g = ws.goal(goal_id)
    if as_json:
        assert g.id is not None
        version = ws.goal_version(g.id)  # before the goal (see `effort list`)
        print_json({**goal_json(ws.goal(g.id)), "version": version})
        return
    console.print(
        line(
            (g.title, "bold"),
            _(" (goal {id}, {status})").format(id=g.id, status=state(g.status)),
        )
    )
    if g.why:
        console.print(_("Why: {why}").format(why=g.why))
    if g.status_reason:
        console.print(f"{state(g.status).capitalize()}: {g.status_reason}")
    console.print(_("Template: {template}").format(template=g.template))
    if g.target_date:
        console.print(_("By: {date}").format(date=day(g.target_date)))
    console.print(_("Limits: {limits}").format(limits=_limits_text(g.limits)))


@app.command("use")
def use(
    ctx: typer.Context,
    goal_id: Annotated[
        int, typer.Argument(help="The goal to work on (see goal list).")
    ],
    if_version: _IfVersion = None,
) -> None:
    """Switch the active goal (the one active now is paused, its history kept)."""
    g = workspace(ctx).use_goal(goal_id, expected_version=if_version)
    console.print(line(_("Goal {id} is active: ").format(id=g.id), (g.title, "bold")))


@app.command("limits")
def limits(
    ctx: typer.Context,
    hours_per_week: Annotated[
        float | None,
        typer.Option("--hours-per-week", help="Hours a week you can give."),
    ] = None,
    money: _Money = None,
    months_away: _Away = None,
    max_parallel: Annotated[
        int | None, typer.Option("--max-parallel", help="Most actions at once.")
    ] = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear", help="Remove a limit: money or months-away (repeatable)."
        ),
    ] = None,
) -> None:
    """Change only the active goal's limits you give; the others stay as they are."""
    g = workspace(ctx).update_limits(
        hours_per_week=hours_per_week,
        money=money,
        months_away=months_away,
        max_parallel=max_parallel,
        clear=clear or [],
    )
    console.print(
        _("Limits of goal {id}: {limits}.").format(
            id=g.id, limits=_limits_text(g.limits)
        )
    )


def _limits_text(lim: Limits) -> str:
    if current_locale() == "en":  # the exact text strive always printed
        return (
            f"{lim.hours_per_week:g} h/week"
            + (f", ${lim.money:,.0f}" if lim.money is not None else ", no money limit")
            + (
                f", {lim.months_away:g} months away"
                if lim.months_away is not None
                else ", no limit on months away"
            )
            + f", {lim.max_parallel} actions at once"
        )
    parts = [_("{hours} h/week").format(hours=_g(lim.hours_per_week))]
    parts.append(money(lim.money) if lim.money is not None else _("no money limit"))
    if lim.months_away is None:
        parts.append(_("no limit on months away"))
    else:
        whole = float(lim.months_away).is_integer()
        parts.append(
            ngettext(
                "{months} month away",
                "{months} months away",
                int(lim.months_away) if whole else 2,
            ).format(months=_g(lim.months_away))
        )
    parts.append(_("{n} actions at once").format(n=lim.max_parallel))
    return ", ".join(parts)


def _g(value: float) -> str:
    """A limit as typed (``10``, ``2.5``), in the locale's separators."""
    return number(value) if float(value).is_integer() else number(value, 1)


@app.command("achieve")
def achieve(
    ctx: typer.Context,
    reason: Annotated[str, typer.Option("--reason", help="What happened.")] = "",
    if_version: _IfVersion = None,
) -> None:
    """Mark the active goal achieved (then: strive goal next ...)."""
    g = workspace(ctx).close_goal(
        GoalStatus.ACHIEVED, reason, expected_version=if_version
    )
    console.print(
        line(
            (_("Achieved:"), "bold green"),
            " " + _("{title}. Congratulations.").format(title=g.title),
        )
    )
    console.print(
        _('"You gotta keep putting goals in front of you": strive goal next TITLE')
    )


@app.command("retire")
def retire(
    ctx: typer.Context,
    reason: Annotated[str, typer.Option("--reason", help="Why you set it aside.")],
    if_version: _IfVersion = None,
) -> None:
    """Set the active goal aside, keeping its history."""
    g = workspace(ctx).close_goal(
        GoalStatus.RETIRED, reason, expected_version=if_version
    )
    console.print(
        _("Retired: {title} ({reason}). Its history is kept.").format(
            title=g.title, reason=reason
        )
    )
    console.print(_("What's next? strive goal next TITLE"))
