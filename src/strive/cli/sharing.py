"""``strive supporter invite/grants/see/revoke/ask`` and ``strive inbox``.

Formatting only: each command calls one method of
:class:`strive.sharing.service.Circle` as the local person (the CLI user owns their
goals; no login is needed on the command line).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from strive.cli.app import workspace
from strive.cli.base import StriveTyper
from strive.cli.output import console, day, line, print_json, table
from strive.i18n import _
from strive.sharing.model import (
    ItemStatus,
    Role,
    grants_json,
    inbox_json,
    parse_sections,
)

if TYPE_CHECKING:
    from strive.sharing.access import Viewer
    from strive.sharing.service import Circle

inbox_app = StriveTyper()

_Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
_Goal = Annotated[
    int | None, typer.Option("--goal", help="Goal id (default: the active goal).")
]


def register(app: typer.Typer, supporter_app: typer.Typer) -> None:
    supporter_app.command("invite")(invite)
    supporter_app.command("grants")(grants)
    supporter_app.command("see")(see)
    supporter_app.command("revoke")(revoke)
    supporter_app.command("ask")(ask)
    app.add_typer(inbox_app, name="inbox", help="What your supporters sent you.")


_IfVersion = Annotated[
    int | None,
    typer.Option(
        "--if-version",
        help="Only if the grant is still at this version (grants --json): "
        "refuses (exit 7) when it changed since you looked.",
    ),
]


def _circle(ctx: typer.Context, goal: int | None) -> tuple[Circle, Viewer, int]:
    from strive.sharing.service import Circle

    ws = workspace(ctx)
    circle = Circle(ws.store, today=ws.today)
    goal_id = goal if goal is not None else ws.goal().id
    assert goal_id is not None
    return circle, circle.local_viewer(ws.person), goal_id


def invite(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Who you invite.")],
    role: Annotated[Role, typer.Option("--role", help="mentor or family.")],
    see: Annotated[
        str | None,
        typer.Option(
            "--see",
            help="What they see, e.g. gap,route (default: mentor gap,route,progress; "
            "family progress,attempts,notes).",
        ),
    ] = None,
    goal: _Goal = None,
) -> None:
    """Invite a supporter: prints a one-time link that works for 7 days."""
    circle, me, goal_id = _circle(ctx, goal)
    sections = None if see is None else parse_sections(see, "--see")
    invitation, token = circle.invite(me, goal_id, role, name, sections=sections)
    shown = ", ".join(sorted(str(s) for s in invitation.sections))
    console.print(
        line(
            _("Invitation for {name} ({role}), sees: {sections}.").format(
                name=name, role=role, sections=shown
            )
        )
    )
    console.print(
        line(
            _("Send them this link (shown once, single use, until {day}):").format(
                day=day(invitation.expires.date())
            )
        )
    )
    console.print(line((f"/invite/{token}", "bold")))


def grants(ctx: typer.Context, goal: _Goal = None, as_json: _Json = False) -> None:
    """Who sees what of a goal (revoked grants are kept as history)."""
    circle, me, goal_id = _circle(ctx, goal)
    found = circle.grants(me, goal_id)
    if as_json:
        print_json(grants_json(found))
        return
    if not found:
        console.print(
            _("No one has accepted an invitation yet: strive supporter invite")
        )
        return
    names = circle.supporter_names(me, goal_id)
    out = table(_("Grants"), "id", _("supporter"), _("role"), _("sees"), _("status"))
    for g in found:
        status = _("active") if g.active else _("revoked")
        out.add_row(
            str(g.id),
            names.get(g.supporter_id, "?"),
            str(g.role),
            ", ".join(sorted(str(s) for s in g.sections)),
            status,
        )
    console.print(out)


def see(
    ctx: typer.Context,
    grant_id: Annotated[
        int, typer.Argument(help="The grant id (strive supporter grants).")
    ],
    sections: Annotated[str, typer.Option("--see", help="Exactly what they see now.")],
    if_version: _IfVersion = None,
) -> None:
    """Change what a supporter sees, from their next request."""
    circle, me, _goal = _circle(ctx, None)
    changed = circle.change_grant(
        me,
        grant_id,
        parse_sections(sections, "--see"),
        expected_version=if_version,
    )
    shown = ", ".join(sorted(str(s) for s in changed.sections))
    console.print(
        line(_("Grant {id} now sees: {sections}.").format(id=grant_id, sections=shown))
    )


def revoke(
    ctx: typer.Context,
    grant_id: Annotated[
        int, typer.Argument(help="The grant id (strive supporter grants).")
    ],
    if_version: _IfVersion = None,
) -> None:
    """Revoke a supporter's access, from their next request."""
    circle, me, _goal = _circle(ctx, None)
    circle.revoke(me, grant_id, expected_version=if_version)
    console.print(
        line(_("Grant {id} revoked; they see nothing now.").format(id=grant_id))
    )


def ask(
    ctx: typer.Context,
    to: Annotated[
        str,
        typer.Option("--to", help="Supporter ids to ask, e.g. 2,3 (supporter list)."),
    ],
    attempt: Annotated[
        str | None, typer.Option("--attempt", help="The rejected attempt it follows.")
    ] = None,
    goal: _Goal = None,
) -> None:
    """Ask chosen supporters: what do those who were selected have that I don't?"""
    from strive.errors import InputError

    circle, me, goal_id = _circle(ctx, goal)
    try:
        ids = [int(part) for part in to.split(",") if part.strip()]
    except ValueError:
        raise InputError(
            _("expected supporter ids such as 2,3"), where="--to"
        ) from None
    question = circle.ask_strategic_question(me, goal_id, attempt, ids)
    console.print(
        line(
            _("Asked {n} supporter(s): {text}").format(
                n=len(question.recipients), text=question.text
            )
        )
    )


@inbox_app.command("list")
def inbox_list(
    ctx: typer.Context,
    status: Annotated[
        ItemStatus | None, typer.Option("--status", help="Only open, accepted...")
    ] = None,
    goal: _Goal = None,
    as_json: _Json = False,
) -> None:
    """Suggestions, answers, comments and notes from your supporters."""
    circle, me, goal_id = _circle(ctx, goal)
    items = circle.inbox(me, goal_id, status=status)
    if as_json:
        print_json(inbox_json(items))
        return
    if not items:
        console.print(_("Your inbox is empty."))
        return
    out = table(_("Inbox"), "id", _("kind"), _("from"), _("what"), _("status"))
    for i in items:
        what = " ".join(str(v) for v in i.payload.values() if v is not None)
        out.add_row(
            str(i.id),
            str(i.kind),
            i.author,
            " — ".join(filter(None, [what, i.text])),
            str(i.status),
        )
    console.print(out)


@inbox_app.command("accept")
def inbox_accept(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(help="The item id (strive inbox list).")],
    condition: Annotated[
        str | None,
        typer.Option(
            "--condition", help="Turn an answer into evidence: its condition."
        ),
    ] = None,
) -> None:
    """Accept an item; suggested evidence becomes evidence with its source."""
    circle, me, _goal = _circle(ctx, None)
    done = circle.accept_item(me, item_id, condition=condition)
    if done.evidence is not None:
        ev = done.evidence
        message = _("Evidence {id} added: {condition} (source: {source}).")
        console.print(
            line(message.format(id=ev.id, condition=ev.condition, source=ev.source))
        )
    else:
        console.print(line(_("Item {id} accepted.").format(id=item_id)))


@inbox_app.command("decline")
def inbox_decline(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(help="The item id (strive inbox list).")],
) -> None:
    """Decline an item (it is kept, marked declined)."""
    circle, me, _goal = _circle(ctx, None)
    circle.decline_item(me, item_id)
    console.print(line(_("Item {id} declined.").format(id=item_id)))
