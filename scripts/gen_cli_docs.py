"""Write docs/cli.md from the CLI's own --help (run after changing a command).

    .venv/bin/python scripts/gen_cli_docs.py

tests/test_docs.py fails when docs/cli.md is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from strive.cli import app

OUT = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def command_paths() -> list[list[str]]:
    """Every command as its words, e.g. ['goal', 'new'], in help order."""
    root = typer.main.get_command(app)
    paths: list[list[str]] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        if sub:
            paths.extend([name, child] for child in sub)
        else:
            paths.append([name])
    return paths


def help_text(words: list[str]) -> str:
    result = CliRunner().invoke(
        app, [*words, "--help"], prog_name="strive", env={"COLUMNS": "88"}
    )
    if result.exit_code != 0:
        raise SystemExit(f"strive {' '.join(words)} --help failed: {result.output}")
    return result.output.rstrip() + "\n"


def render() -> str:
    parts = [
        "# Command reference\n\n",
        "Generated from `--help` by `scripts/gen_cli_docs.py`; do not edit.\n\n",
        "```\n",
        help_text([]),
        "```\n",
    ]
    for words in command_paths():
        parts += [f"\n## strive {' '.join(words)}\n\n```\n", help_text(words), "```\n"]
    return "".join(parts)


if __name__ == "__main__":
    OUT.write_text(render(), "utf-8")
    sys.stdout.write(f"wrote {OUT}\n")
