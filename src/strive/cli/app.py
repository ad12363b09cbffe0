"""The root Typer app: global options, error handling, and the command groups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from strive.cli.base import StriveTyper

if TYPE_CHECKING:
    from strive.workspace import Workspace


app = StriveTyper(
    help=(
        "Reach a hard goal with José Hernández's recipe: define the goal, measure the "
        "gap against the people who were selected, plan the cheapest route, prepare, "
        "and persevere strategically."
    ),
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="STRIVE_DB",
            help="Database file or SQLAlchemy URL (default: your data directory).",
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            envvar="STRIVE_TODAY",
            help="Pretend today is this date (YYYY-MM-DD), e.g. to replay a journey.",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            envvar="STRIVE_LANG",
            help="Language of the output: en (English, the default) or es (Spanish). "
            "--json output is the same in every language.",
        ),
    ] = None,
) -> None:
    from strive.cli.output import parse_date, parse_lang

    chosen = parse_lang(ctx, lang)
    ctx.obj = {"db": db, "today": parse_date(today, "--today"), "lang": chosen}
    if chosen != "en":
        # The whole command speaks the language, core messages included (they are
        # translated where they are made); reset when the command ends, so an
        # in-process caller (a test's CliRunner) gets English back. A --json
        # command runs in English whatever this says (strive.cli.base).
        from strive.i18n import use_locale

        ctx.with_resource(use_locale(chosen))


def _notice(text: str) -> None:
    """A notice from the library: stderr, literally (stdout may be --json)."""
    from strive.cli.output import err_console

    err_console.print(text, markup=False, highlight=False, soft_wrap=True)


def workspace(ctx: typer.Context) -> Workspace:
    """The workspace for this invocation (opened once, migrated to the latest)."""
    from strive.workspace import Workspace

    root = ctx.find_root()
    obj = root.obj or {}
    if "workspace" not in obj:
        opened = Workspace.open(obj.get("db"), today=obj.get("today"), notify=_notice)
        # Closed when the command ends: a PostgreSQL connection left to the garbage
        # collector stays open on the server (and warns) when strive runs in-process.
        root.call_on_close(opened.close)
        obj["workspace"] = opened
        root.obj = obj
    ws: Workspace = obj["workspace"]
    return ws


@app.command()
def init(ctx: typer.Context) -> None:
    """Create (or upgrade) the database and say where it lives."""
    from strive.cli.output import console

    ws = workspace(ctx)
    console.print(f"Database ready: {ws.store.location}")
    console.print(
        'Next: strive goal new "Become a NASA astronaut" --template nasa-astronaut'
    )


def _register() -> None:
    from strive.cli import (
        account,
        batch,
        bios,
        data,
        effort,
        goal,
        journey,
        ownership,
        people,
        profile,
        serve,
        sharing,
        templates,
    )

    app.add_typer(goal.app, name="goal", help="Step 1: define, achieve, retire goals.")
    app.add_typer(profile.app, name="profile", help="Your trait values and history.")
    app.add_typer(
        people.cohort_app, name="cohort", help="The people who were selected."
    )
    app.add_typer(
        people.evidence_app, name="evidence", help="What you learned about them."
    )
    bios.register(people.evidence_app)
    app.add_typer(people.attempt_app, name="attempt", help="Step 5: your applications.")
    app.add_typer(
        people.supporter_app, name="supporter", help="The people who help you."
    )
    app.add_typer(
        effort.app, name="effort", help="Step 4: your effort log and its corrections."
    )
    app.add_typer(templates.app, name="template", help="Selections described as data.")
    sharing.register(app, people.supporter_app)
    app.add_typer(account.app, name="account", help="Logins for the web app.")
    ownership.register(app, account.app)
    journey.register(app)
    data.register(app)
    serve.register(app)
    batch.register(app)


_register()
