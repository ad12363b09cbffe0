"""``--json`` stdout is one JSON document even when HiGHS runs (issue 7, item 1).

highspy prints its banner on the C-level file descriptor 1, which ``CliRunner`` and
``capsys`` cannot see, so these tests run strive in a fresh subprocess (the banner
comes only with the first ``Highs()`` of a process) and parse its real stdout.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., object]

_FORCE_SOLVER = """
import sys
import strive.route.mckp as mckp
import strive.route.select as select

calls = []
highs = select._highs


def counted(*args, **kwargs):
    calls.append(1)
    return highs(*args, **kwargs)


# Every component goes to HiGHS: no enumeration, branch and bound or argmin.
select._ENUMERATE = 0
select._highs = counted
select._argmin_cover = lambda *a, **k: None
mckp.solve = lambda *a, **k: None
"""

_CLI = (
    _FORCE_SOLVER
    + """
from strive.cli.app import app

try:
    app(sys.argv[1:], prog_name="strive")
finally:
    print(f"highs calls: {len(calls)}", file=sys.stderr)
"""
)

_LIBRARY = (
    _FORCE_SOLVER
    + """
import datetime as dt
import json

from strive.route import plan_route
from strive.route.random_catalogue import random_case

case = random_case(3, n_actions=8, n_targets=3, limited=False)
route = plan_route(case.catalogue, case.traits, case.values, targets=case.targets,
                   limits=case.limits, start=dt.date(2026, 1, 1))
print(f"highs calls: {len(calls)}", file=sys.stderr)
print(json.dumps(route.to_json()))
"""
)


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _one_document(stdout: str) -> object:
    """The whole of stdout parses as one JSON document (nothing before or after)."""
    return json.loads(stdout)


def _highs_calls(stderr: str) -> int:
    line = [s for s in stderr.splitlines() if s.startswith("highs calls: ")][-1]
    return int(line.removeprefix("highs calls: "))


def test_library_route_prints_nothing_but_its_json() -> None:
    done = _run(_LIBRARY)
    assert done.returncode == 0, done.stderr
    assert _highs_calls(done.stderr) > 0  # the solver really ran in this process
    route = _one_document(done.stdout)
    assert isinstance(route, dict) and route["feasible"] is True
    assert "HiGHS" not in done.stdout


@pytest.fixture
def nasa_db(cli: Run, db_path: Path) -> Path:
    """A NASA goal whose route and reach both need actions (a bachelor's in another
    field matches only 2 of the selected), with effort logged and an attempt."""
    profile = (
        "us_citizen=yes age=34 degree_level=bachelor degree_field=other military=no "
        "languages=english pilot_certificate=no scuba=none"
    )
    steps = [
        [
            "goal",
            "new",
            "NASA",
            "--template",
            "nasa-astronaut",
            "--hours-per-week",
            "40",
        ],
        ["profile", "set", *profile.split()],
        ["log", "3", "private_pilot"],
        ["attempt", "add", "NASA 2026 call", "--date", "2026-01-20"],
        ["route"],
    ]
    for args in steps:
        result = cli(*args)
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return db_path


@pytest.mark.parametrize("command", ["route", "gap", "review", "progress"])
def test_json_commands_with_the_solver_engaged(nasa_db: Path, command: str) -> None:
    done = _run(_CLI, "--db", str(nasa_db), "--today", "2026-01-15", command, "--json")
    assert done.returncode == 0, done.stderr
    document = _one_document(done.stdout)
    assert isinstance(document, dict)
    print(command, _highs_calls(done.stderr))
    if command in ("route", "gap", "review"):
        assert _highs_calls(done.stderr) > 0


def test_route_json_through_the_console_script(nasa_db: Path) -> None:
    """The installed ``strive`` entry point, unpatched, as a user's script runs it."""
    strive = Path(sys.executable).parent / "strive"
    done = subprocess.run(
        [str(strive), "--db", str(nasa_db), "--today", "2026-01-15", "route", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    route = _one_document(done.stdout)
    assert isinstance(route, dict) and route["actions"]
