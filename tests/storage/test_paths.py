"""Private by default: a person's files are 0600 and strive's folders 0700.

Every test runs under umask 022, the usual default that made files world-readable.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from strive.errors import InputError, StorageError
from strive.storage import Store
from strive.storage.paths import check_output, write_private

Run = Callable[..., Any]


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_folders_are_private(tmp_path: Path) -> None:
    existing = tmp_path / "home"
    existing.mkdir(mode=0o755)
    path = existing / "new" / "deeper" / "strive.db"
    # an open connection keeps -wal and -shm in place
    with Store.open(path) as store, store.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        wal = path.with_name("strive.db-wal")
        shm = path.with_name("strive.db-shm")
        assert wal.exists() and shm.exists()
        assert (mode(path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
    assert mode(existing / "new") == 0o700
    assert mode(existing / "new" / "deeper") == 0o700
    assert mode(existing) == 0o755  # a folder that existed is left alone


def test_a_database_that_cannot_be_created_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match=r"a-file: is not a folder"):
        Store.open(blocker / "strive.db")
    with pytest.raises(StorageError, match=r"strive.db: is a folder"):
        (tmp_path / "strive.db").mkdir()
        Store.open(tmp_path / "strive.db")


def test_write_private_tightens_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "old.json"
    out.write_text("{}")
    out.chmod(0o644)
    write_private(out, b"[]")
    assert mode(out) == 0o600 and out.read_bytes() == b"[]"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing/x.ics", "does not exist"),
        ("a-file/x.ics", "does not exist"),
        ("folder", "is a folder"),
    ],
)
def test_check_output_refuses_what_cannot_be_written(
    tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "folder").mkdir()
    with pytest.raises(InputError, match=message):
        check_output(tmp_path / name, "--ical")


def test_check_output_accepts_a_new_file_and_creates_nothing(tmp_path: Path) -> None:
    check_output(tmp_path / "x.ics", "--ical")
    assert not (tmp_path / "x.ics").exists()


# --- through the CLI ------------------------------------------------------------------


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def goal(cli: Run) -> None:
    ok(cli("goal", "new", "Fly", "--template", "nasa-astronaut"))
    ok(cli("profile", "set", "us_citizen=yes", "age=30", "degree_level=master",
           "degree_field=stem", "experience_years=3"))  # fmt: skip


@pytest.mark.usefixtures("goal")
def test_exports_calendars_and_batches_are_private(cli: Run, tmp_path: Path) -> None:
    export = tmp_path / "me.json"
    ok(cli("export", str(export)))
    assert mode(export) == 0o600
    assert json.loads(export.read_text())["strive_export"] == 1
    calendar = tmp_path / "route.ics"
    ok(cli("route", "--ical", str(calendar)))
    assert mode(calendar) == 0o600 and calendar.read_bytes().startswith(b"BEGIN")
    people = tmp_path / "people.csv"
    people.write_text("name,degree_level\nana,master\n")
    routes = tmp_path / "routes.parquet"
    ok(cli("route", "--batch", str(people), "--out", str(routes)))
    assert mode(routes) == 0o600 and routes.stat().st_size > 0


@pytest.mark.usefixtures("goal")
@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["route", "--ical", "{tmp}/missing/x.ics"], "--ical"),
        (["route", "--ical", "{tmp}"], "--ical"),
        (["export", "{tmp}/missing/me.json"], "export to"),
        (
            ["route", "--batch", "{tmp}/people.csv", "--out", "{tmp}/missing/r.pq"],
            "--out",
        ),
    ],
)
def test_unwritable_outputs_are_refused_before_anything_is_saved(
    cli: Run, tmp_path: Path, db_path: Path, args: list[str], option: str
) -> None:
    (tmp_path / "people.csv").write_text("name,degree_level\nana,master\n")
    result = cli(*[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2, result.output
    assert f"error: {option} {tmp_path}" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "missing").exists()
    with Store.open(db_path) as store, store.unit() as uow:
        assert uow.list_routes(1) == []  # the route was not saved
