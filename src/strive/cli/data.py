"""``strive export`` / ``strive import`` (lossless JSON) and ``strive demo``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from strive.cli.app import workspace
from strive.cli.output import console, print_json


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)
    app.command("demo")(demo)


def export(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="Write here (default: standard output).")
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Accepted for symmetry: the export is always JSON."
        ),
    ] = False,
    everyone: Annotated[
        bool, typer.Option("--all", help="Every person in the database, not only you.")
    ] = False,
) -> None:
    """Everything you recorded, as one JSON document (lossless; the file is 0600)."""
    from strive.storage.paths import check_output, write_private

    if file is not None:
        check_output(file, "export to")
    if everyone:
        from strive.storage.ownership import export_database

        doc = export_database(workspace(ctx).store)
    else:
        doc = workspace(ctx).export()
    if file is None:
        print_json(doc)
        return
    text = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    write_private(file, text.encode("utf-8"), "export to")
    console.print(f"Exported to {file}")


def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A file written by 'strive export'.")],
    everyone: Annotated[
        bool,
        typer.Option("--all", help="Every person in the file, into an empty database."),
    ] = False,
) -> None:
    """Load an export into this database (all or nothing)."""
    from strive.storage.export import read_export_file

    doc = read_export_file(file)
    if everyone:
        from strive.storage.ownership import import_database

        import_database(workspace(ctx).store, doc)
    else:
        workspace(ctx).import_(doc)
    console.print(f"Imported {file}.")


def demo(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--keep",
            metavar="<path|url>",
            help="Keep the demo database at this path (or SQLAlchemy URL of an "
            "empty database).",
        ),
    ] = None,
    pause: Annotated[
        float, typer.Option("--pause", help="Seconds to pause between steps.")
    ] = 0.0,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the story: en (English) or es (Spanish); default: "
            "strive's own --lang / STRIVE_LANG.",
        ),
    ] = None,
) -> None:
    """Replay José Hernández's journey, step by step, on a throwaway database."""
    from strive.cli.demo import run_demo
    from strive.i18n import LOCALES

    if lang is None:
        lang = str((ctx.find_root().obj or {}).get("lang", "en"))
    if lang not in LOCALES:
        raise typer.BadParameter(
            f"{lang!r} is not a language strive speaks; use {' or '.join(LOCALES)}",
            param_hint="'--lang'",
        )
    run_demo(console, db_path=db, pause=pause, lang=lang)
