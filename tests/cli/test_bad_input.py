"""The bad-input contract, case by case from the corpus in ``tests/corpus``.

Each case of ``tests/corpus/manifest.toml`` runs one ``strive`` command on a copy of
a database that already holds a realistic journey (a goal, a profile, evidence, an
imported class, a route, logged effort, attempts, a supporter). For every case:

* the exit code is the one the manifest gives (never 0);
* the output names the place (file and line, JSON path, option or field), and
  shows nothing listed under ``absent`` (e.g. another file's content);
* no traceback is printed and no exception escapes;
* a message from strive is one line;
* every table of the database is identical before and after, row for row.

The journey is built once per module and backend (``module_db``: a SQLite file, or a
PostgreSQL database); each case runs on its own copy (SQLite's backup API, or
``CREATE DATABASE ... TEMPLATE``). A case whose ``db`` names a file path of its own
(a folder, a text file) is about SQLite paths and runs on SQLite only.

A case's input is a file of the corpus (``file``), text written for it
(``content``), a sparse file of ``sparse_bytes`` (huge, yet nothing written), or the
corpus's valid export ``files/export/base.json`` with a
``patch`` applied (so the case shows the one thing that is wrong). Arguments may use
``{file}`` (the input), ``{tmp}`` (a fresh folder), ``{corpus}`` (the corpus folder),
``{repeat:TEXT:N}`` (TEXT written N times, for overlong values) and ``{surrogate}``
(a lone surrogate, which TOML cannot hold). A patched value ``"$raw:TEXT"`` is written
into the JSON as TEXT itself (``1e999``, a 30-digit integer: what TOML cannot hold).
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import copy_database
from typer.testing import CliRunner

from strive.cli import app
from strive.storage import Store

CORPUS = Path(__file__).parent.parent / "corpus"
FILES = CORPUS / "files"
CASES: list[dict[str, Any]] = tomllib.loads(
    (CORPUS / "manifest.toml").read_text("utf-8")
)["case"]
TODAY = "2026-01-15"

Run = Callable[..., Any]


def _run(db: Path | str, *args: str) -> Any:
    return CliRunner().invoke(app, ["--db", str(db), "--today", TODAY, *args])


def _ok(db: Path | str, *args: str) -> None:
    result = _run(db, *args)
    assert result.exit_code == 0, (args, result.output)


@pytest.fixture(scope="module")
def journey(module_db: Path | str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A database with every kind of record, built through the CLI."""
    db = module_db
    folder = tmp_path_factory.mktemp("journey")
    new_class = folder / "class.csv"
    new_class.write_text(
        "name,year,degree_level,degree_field,pilot_certificate\n"
        "A,2025,doctorate,stem,yes\nB,2025,master,stem,yes\n"
    )
    steps = [
        ["goal", "new", "Become a NASA astronaut", "--template", "nasa-astronaut",
         "--by", "2032-01-01", "--hours-per-week", "12", "--money", "5000"],
        ["profile", "set", "us_citizen=yes", "age=30", "degree_level=master",
         "degree_field=stem", "experience_years=3", "languages=english,spanish",
         "--date", "2025-01-01", "--note", "where I start"],
        ["evidence", "add", "pilot_certificate", "--source", "astronaut bios",
         "--have", "9", "--of", "11"],
        ["evidence", "add", "knows_russian", "--source", "a talk"],
        ["cohort", "import", str(new_class), "--name", "class of 2025",
         "--source", "nasa.gov"],
        ["route"],
        ["log", "3", "private_pilot", "--date", "2026-01-10", "--note", "lesson"],
        ["attempt", "add", "NASA 2024 call", "--date", "2024-03-10"],
        ["attempt", "result", "NASA 2024 call", "rejected", "--date", "2025-09-22",
         "--feedback", "more flight hours"],
        ["supporter", "add", "Dad", "--role", "father", "--contribution", "recipe"],
    ]  # fmt: skip
    for step in steps:
        _ok(db, *step)
    return db


def dump(db: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (the tables found in the database itself): on SQLite in
    storage order, on PostgreSQL sorted (its storage order moves on any update).
    The database's own driver, without SQLAlchemy's reflection: this runs twice
    per case."""
    if isinstance(db, Path):
        with sqlite3.connect(db) as conn:
            names = conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            ).fetchall()
            found = {
                t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()
                for (t,) in names
            }
        conn.close()
        return found
    import psycopg

    from strive.storage.store import to_url

    dsn = to_url(db).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(dsn) as pg:
        names = pg.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "ORDER BY tablename"
        ).fetchall()
        return {
            t: sorted(pg.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)  # type: ignore[arg-type]
            for (t,) in names
        }


# --- building a case's inputs -----------------------------------------------------

_REPEAT = re.compile(r"\{repeat:(.*?):(\d+)\}")


def _expand(text: str, places: dict[str, str]) -> str:
    text = _REPEAT.sub(lambda m: m[1] * int(m[2]), text)
    text = text.replace("{surrogate}", "\udcff")
    for key, value in places.items():
        text = text.replace("{" + key + "}", value)
    return text


def _value(raw: Any) -> Any:
    if isinstance(raw, str):
        return _expand(raw, {})
    if isinstance(raw, list):
        return [_value(v) for v in raw]
    if isinstance(raw, dict):
        return {k: _value(v) for k, v in raw.items()}
    return raw


def _walk(doc: Any, path: str) -> tuple[Any, Any]:
    *parents, last = path.split(".")
    node = doc
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    return node, int(last) if last.isdigit() else last


def _patched(patch: list[list[Any]]) -> Any:
    """The corpus's valid export with each operation applied in turn."""
    doc: Any = json.loads((FILES / "export" / "base.json").read_text("utf-8"))
    for op, *rest in patch:
        if op == "replace":
            doc = _value(rest[0])
            continue
        node, key = _walk(doc, rest[0])
        if op == "set":
            node[key] = _value(rest[1])
        elif op == "null":
            node[key] = None
        elif op == "del":
            del node[key]
        elif op == "append":
            node[key].append(_value(rest[1]))
        elif op == "copy":  # append a copy of this list item, with changes
            item = copy.deepcopy(node[key])
            item.update(_value(rest[1]) if len(rest) > 1 else {})
            node.append(item)
        else:
            raise AssertionError(f"unknown patch operation {op!r}")
    return doc


def _prepare(case: dict[str, Any], tmp: Path) -> dict[str, str]:
    places = {"tmp": str(tmp), "corpus": str(CORPUS)}
    name = case.get("write_as", "input")
    if "file" in case:
        places["file"] = str(FILES / case["file"])
    elif "content" in case:
        target = tmp / name
        target.write_bytes(_expand(case["content"], {}).encode("utf-8"))
        places["file"] = str(target)
    elif "sparse_bytes" in case:  # a huge file, without writing its bytes
        target = tmp / name
        with target.open("wb") as out:
            out.truncate(case["sparse_bytes"])
        places["file"] = str(target)
    elif "patch" in case:
        target = tmp / (name if "write_as" in case else "export.json")
        text = json.dumps(_patched(case["patch"]))
        text = re.sub(r'"\$raw:([^"]*)"', lambda m: m[1], text)
        target.write_text(text, "utf-8")
        places["file"] = str(target)
    for extra, content in case.get("also", {}).items():
        (tmp / extra).write_text(_expand(content, places), "utf-8")
    return places


# --- the test ----------------------------------------------------------------------


def test_the_corpus_is_large_and_covers_every_class() -> None:
    classes = {c["class"] for c in CASES}
    assert classes == {"json", "cohort", "template", "batch", "cli", "path"}
    assert len(CASES) >= 150
    assert len({c["id"] for c in CASES}) == len(CASES), "case ids are unique"


def test_the_base_export_is_valid(tmp_path: Path) -> None:
    """Patched cases fail for their patch alone: the base imports and round-trips."""
    doc = _patched([])
    with Store.open(tmp_path / "fresh.db") as store:
        with store.unit() as uow:
            uow.import_all(doc)
        with store.unit() as uow:
            assert uow.export_all() == doc


def _param(case: dict[str, Any]) -> Any:
    marks = []
    if "db" in case:
        reason = "the case's --db is a file path of its own, not the journey"
        marks.append(pytest.mark.sqlite_only(reason=reason))
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_input(
    case: dict[str, Any],
    journey: Path | str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    db = copy_database(request, journey, tmp_path / "strive.db")
    work = tmp_path / "work"
    work.mkdir()
    places = _prepare(case, work)
    before = dump(db)
    args = [_expand(a, places) for a in case.get("args", ["import", "{file}"])]
    target = _expand(case["db"], places) if "db" in case else str(db)
    root = ["--db", target]
    today = case.get("today", TODAY)
    result = CliRunner().invoke(app, [*root, "--today", today, *args])
    output = result.output
    assert result.exit_code == case.get("exit", 2), output
    assert isinstance(result.exception, SystemExit | None), repr(result.exception)
    assert "Traceback" not in output
    flat = " ".join(output.split())
    for place in case["names"]:
        assert _expand(place, places) in flat, f"{place!r} not named in: {output}"
    for secret in case.get("absent", []):  # e.g. nothing of another file leaks
        assert secret not in output, output
    if output.startswith("error:"):
        assert len(output.strip().splitlines()) == 1, output
    assert dump(db) == before, "a table changed"


# --- states the corpus's journey does not have ---------------------------------------


def test_no_goal_yet_says_what_to_do(cli: Run) -> None:
    result = cli("gap")
    assert result.exit_code != 0
    assert "strive goal new" in result.output


def test_no_route_yet_says_what_to_do(cli: Run) -> None:
    assert cli("goal", "new", "Fly", "--template", "nasa-astronaut").exit_code == 0
    result = cli("progress")
    assert result.exit_code != 0 and "no route yet" in result.output


def test_good_cohort_import_then_duplicate(cli: Run, tmp_path: Path) -> None:
    assert cli("goal", "new", "Fly", "--template", "nasa-astronaut").exit_code == 0
    path = tmp_path / "class.csv"
    path.write_text(
        "name,year,degree_level,military\nA,2025,master,yes\nB,2025,doctorate,no\n"
    )
    args = ("cohort", "import", str(path), "--name", "2025 class", "--source", "NASA")
    assert cli(*args).exit_code == 0
    shown = json.loads(cli("cohort", "show", "--json").output)
    assert shown["classes"]["2025"] == 2
    again = cli(*args)
    assert again.exit_code != 0 and "already imported" in again.output
