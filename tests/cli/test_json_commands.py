"""Every ``--json`` command prints one JSON document on stdout and nothing else.

The commands are enumerated from the Typer app, so a new ``--json`` command without a
row in ``ARGS`` fails here. Each runs in its own process (highspy's banner goes to the
C-level file descriptor 1 on the first ``Highs()`` of a process, which ``CliRunner``
cannot see), with every solver shortcut turned off so HiGHS really runs where the
command plans anything.

The journey is built once per backend (``module_db``); the commands that read no
database (templates, batch files) run on SQLite only (``one_backend``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]

_CLI = """
import sys
import strive.route.mckp as mckp
import strive.route.select as select

select._ENUMERATE = 0
select._argmin_cover = lambda *a, **k: None
mckp.solve = lambda *a, **k: None

from strive.cli.app import app

app(sys.argv[1:], prog_name="strive")
"""

ARGS: dict[str, list[str]] = {
    "gap": [],
    "route": [],
    "progress": [],
    "review": [],
    "goal list": [],
    "goal show": [],
    "profile show": [],
    "profile history": [],
    "cohort show": [],
    "evidence list": [],
    "evidence from-bios": [
        str(Path(__file__).parent / "bios" / "ada_quill.txt"),
        str(Path(__file__).parent / "bios" / "dmitri_sol.txt"),
    ],
    "attempt list": [],
    "supporter list": [],
    "supporter grants": [],
    "inbox list": [],
    "effort list": [],
    "export": [],
    "audit": [],
    "template list": [],
    "template show": ["nasa-astronaut"],
    "template validate": ["nasa-astronaut"],
    "batch": [
        "{dir}/people.csv",
        "--goal",
        "nasa-astronaut",
        "--out",
        "{dir}/b.parquet",
    ],
    "caseload": ["{dir}/results.parquet"],
}
"""Extra arguments each ``--json`` command needs on the journey below (``{dir}``: the
journey's folder, which also holds a people file and a batch results file)."""

NO_DATABASE = {
    "template list",
    "template show",
    "template validate",
    "batch",
    "caseload",
}
"""The commands that open no database (they read templates and files only)."""


def _json_commands() -> Iterator[str]:
    import typer.main

    from strive.cli.app import app

    def walk(command: Any, path: list[str]) -> Iterator[str]:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                yield from walk(sub, [*path, name])
        elif any("--json" in getattr(p, "opts", ()) for p in command.params):
            yield " ".join(path)

    yield from walk(typer.main.get_command(app), [])


def test_every_json_command_has_a_row() -> None:
    assert sorted(_json_commands()) == sorted(ARGS)


@pytest.fixture(scope="module")
def journey(
    module_db: Path | str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path | str, Path]:
    """A NASA journey whose route and reach need the solver, with a record of
    every kind (effort, attempt, evidence, supporter); returns the database and the
    folder of its files."""
    from typer.testing import CliRunner

    from strive.cli.app import app

    db = module_db
    folder = tmp_path_factory.mktemp("json")
    profile = (
        "us_citizen=yes age=34 degree_level=bachelor degree_field=other military=no "
        "languages=english pilot_certificate=no scuba=none"
    )
    steps = [
        ["goal", "new", "NASA [/x]", "--template", "nasa-astronaut"],
        ["profile", "set", *profile.split()],
        ["evidence", "add", "pilot_certificate", "--have", "8", "--of", "11",
         "--source", "bios [b]"],
        ["supporter", "add", "Miss Young", "--role", "teacher"],
        ["route"],
        ["log", "3", "private_pilot", "--note", "ground [/] school"],
        ["attempt", "add", "NASA 2026 call", "--date", "2026-01-20"],
    ]  # fmt: skip
    runner = CliRunner()
    for args in steps:
        result = runner.invoke(app, ["--db", str(db), "--today", "2026-01-15", *args])
        assert result.exit_code == 0, (args, result.output)
    people = folder / "people.csv"
    people.write_text("name,age,degree_level\nana,30,bachelor\n", encoding="utf-8")
    batch = ["batch", str(people), "--goal", "nasa-astronaut", "--out",
             str(folder / "results.parquet")]  # fmt: skip
    result = runner.invoke(app, ["--today", "2026-01-15", *batch])
    assert result.exit_code == 0, result.output
    return db, folder


def _param(command: str) -> Any:
    reason = "opens no database: the same run on either backend"
    marks = [pytest.mark.one_backend(reason=reason)] if command in NO_DATABASE else []
    return pytest.param(command, id=command, marks=marks)


@pytest.mark.parametrize("command", [_param(c) for c in sorted(ARGS)])
def test_json_stdout_is_one_document(
    journey: tuple[Path | str, Path], command: str
) -> None:
    db, folder = journey
    done = subprocess.run(
        [sys.executable, "-c", _CLI, "--db", str(db), "--today", "2026-01-15",
         *command.split(), *(a.format(dir=folder) for a in ARGS[command]),
         "--json"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)  # the whole of stdout, nothing around it
    assert isinstance(document, dict | list)
