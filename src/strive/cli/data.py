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
) -> None:
    """Everything you recorded, as one JSON document (lossless; the file is 0600)."""
    from strive.storage.paths import check_output, write_private

    if file is not None:
        check_output(file, "export to")
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
) -> None:
    """Load an export into this database (all or nothing)."""
    from strive.storage.export import read_export_file

    doc = read_export_file(file)
    workspace(ctx).import_(doc)
    console.print(f"Imported {file}.")


def demo(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--keep", help="Keep the demo database at this path."),
    ] = None,
    pause: Annotated[
        float, typer.Option("--pause", help="Seconds to pause between steps.")
    ] = 0.0,
) -> None:
    """Replay José Hernández's journey, step by step, on a throwaway database."""
    from strive.cli.demo import run_demo

    run_demo(console, db_path=db, pause=pause)
