"""``strive effort``: the effort log with ids, and its corrections."""

from __future__ import annotations

from typing import Annotated

import typer

from strive.cli.app import workspace
from strive.cli.base import StriveTyper
from strive.cli.output import console, day, hours, parse_date, print_json, table
from strive.cli.people import show_correction
from strive.effort import effort_json
from strive.i18n import _

app = StriveTyper()

_Id = Annotated[int, typer.Argument(help="The entry's id (see: strive effort list).")]


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every effort entry of the active goal, with its id."""
    ws = workspace(ctx)
    if as_json:
        from strive.corrections import RecordKind

        # The versions before the entries, so an edit committed between the two
        # reads makes the version stale (refused), never pairs old values with the
        # new version (see strive.web.routes.progress.effort_json).
        versions = ws.versions(RecordKind.EFFORT)
        doc = effort_json(ws.effort_log())
        for item in doc["effort"]:
            item["version"] = versions.get(item["id"])
        print_json(doc)
        return
    entries = ws.effort_log()
    if not entries:
        console.print(_("No effort logged yet: strive log HOURS ACTION"))
        return
    out = table(_("Effort log"), "id", "date", "action", "hours", "note")
    for e in entries:
        out.add_row(str(e.id), day(e.when), e.action, hours(e.hours), e.note)
    console.print(out)


@app.command("edit")
def edit(
    ctx: typer.Context,
    entry_id: _Id,
    hours_: Annotated[
        float | None, typer.Option("--hours", help="The right number of hours.")
    ] = None,
    action: Annotated[
        str | None, typer.Option("--action", help="The right action.")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="The right date (YYYY-MM-DD).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A new note.")] = None,
    if_version: Annotated[
        int | None,
        typer.Option(
            "--if-version",
            help="Only if it is still at this version (from --json): refuses "
            "(exit 7) when it changed since you looked.",
        ),
    ] = None,
) -> None:
    """Correct an effort entry (only the fields given change)."""
    c = workspace(ctx).edit_effort(
        entry_id,
        hours=hours_,
        action=action,
        when=parse_date(date),
        note=note,
        expected_version=if_version,
    )
    show_correction(c)


@app.command("delete")
def delete(
    ctx: typer.Context,
    entry_id: _Id,
    if_version: Annotated[
        int | None,
        typer.Option(
            "--if-version",
            help="Only if it is still at this version (from --json): refuses "
            "(exit 7) when it changed since you looked.",
        ),
    ] = None,
) -> None:
    """Delete an effort entry (kept as a correction in the history)."""
    ws = workspace(ctx)
    show_correction(ws.delete_effort(entry_id, expected_version=if_version))
