"""Your data is yours, on the command line: ``strive account delete``, ``strive
backup``, ``strive restore`` and ``strive audit``.

Each opens the database of ``--db`` / ``$STRIVE_DB`` itself (a backup or restore
must not go through a :class:`~strive.workspace.Workspace`, which would create the
person ``me``); see docs/data-ownership.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def _db(ctx: typer.Context) -> str | Path:
    from strive.storage.paths import default_db_location

    obj = ctx.find_root().obj or {}
    found: str | Path | None = obj.get("db")
    return found if found is not None else default_db_location()


def register(app: typer.Typer, account_app: typer.Typer) -> None:
    account_app.command("delete")(delete)
    app.command("backup")(backup)
    app.command("restore")(restore)
    app.command("audit")(audit)


def delete(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The e-mail of the account to delete.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Do not ask for confirmation.")
    ] = False,
) -> None:
    """Delete a web login and every row its person owns (cannot be undone)."""
    from strive.cli.output import console
    from strive.i18n import _
    from strive.storage import Store
    from strive.storage.ownership import delete_account_by_email

    if not yes:
        typer.confirm(
            _(
                "Delete the account {email} and all of its data? This cannot be undone"
            ).format(email=email),
            abort=True,
        )
    with Store.open(_db(ctx)) as store:
        done = delete_account_by_email(store, email)
    total = sum(done.rows.values())
    console.print(
        _("Deleted the account {email} (person {person!r}): {n} rows.").format(
            email=done.email, person=done.person, n=total
        ),
        markup=False,
        highlight=False,
    )


def backup(
    ctx: typer.Context,
    dest: Annotated[Path, typer.Argument(help="A new file to write (0600).")],
) -> None:
    """Copy the whole database to a file, safely while 'strive serve' runs."""
    from strive.cli.output import console
    from strive.i18n import _
    from strive.storage.backup import backup as run

    done = run(_db(ctx), dest)
    console.print(
        _("Backed up {db} ({n} rows) to {file}").format(
            db=done.database, n=done.rows, file=done.file
        ),
        markup=False,
        highlight=False,
    )


def restore(
    ctx: typer.Context,
    src: Annotated[Path, typer.Argument(help="A file written by 'strive backup'.")],
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a database that already holds data."),
    ] = False,
) -> None:
    """Load a backup into an empty database (or replace everything with --force)."""
    from strive.cli.output import console
    from strive.i18n import _
    from strive.storage.backup import restore as run

    done = run(_db(ctx), src, force=force)
    console.print(
        _("Restored {file} into {db} ({n} rows)").format(
            file=done.file, db=done.database, n=done.rows
        ),
        markup=False,
        highlight=False,
    )


def audit(
    ctx: typer.Context,
    person: Annotated[
        str, typer.Option("--person", help="Whose activity (the CLI's is 'me').")
    ] = "me",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Logins, failed logins, invitations, grant changes and exports, newest first."""
    from sqlalchemy import select

    from strive.cli.output import console, print_json, table
    from strive.i18n import _
    from strive.storage import Store
    from strive.storage import audit as trail
    from strive.storage.models import PersonRow

    with Store.open(_db(ctx)) as store, store.unit("accounts") as uow:
        pid = uow.session.scalar(select(PersonRow.id).where(PersonRow.name == person))
        events = [] if pid is None else trail.events(uow.session, pid)
    if as_json:
        print_json({"person": person, "events": [e.to_json() for e in events]})
        return
    if not events:
        console.print(_("No activity recorded yet."))
        return
    out = table(
        _("Activity"), _("When (UTC)"), _("What"), _("By"), _("Details"), _("Address")
    )
    for e in events:
        by = (
            _("you")
            if e.by_owner
            else _("no login")
            if e.by_owner is None
            else (_("a supporter"))
        )
        detail = ", ".join(f"{k}={v}" for k, v in sorted(e.detail.items()))
        out.add_row(e.at.strftime("%Y-%m-%d %H:%M:%S"), e.kind, by, detail, e.ip or "")
    console.print(out)
