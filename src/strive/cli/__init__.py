"""The ``strive`` command line: Typer + Rich, formatting only.

Every command calls one method of :class:`strive.workspace.Workspace` (or a template
function) and formats what it returns; nothing is computed here.
"""

from __future__ import annotations

from strive.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
