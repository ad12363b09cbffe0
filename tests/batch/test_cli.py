"""``strive batch`` and ``strive caseload`` through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from html import escape as html_escape
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from batch_people import TODAY, people_rows, write_csv
from typer.testing import CliRunner

from strive.batch import BatchContext
from strive.batch.engines import run_batch
from strive.batch.io import GOAL_KEY, goal_metadata, recorded_goal
from strive.cli import app
from strive.templates import load_template


def _strive(*args: str) -> subprocess.CompletedProcess[str]:
    """In a process of its own, so stdout is exactly what the user's pipe gets."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from strive.cli import main; main()",
            "--today",
            TODAY,
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_batch_then_caseload(people_csv: Callable[..., Path], tmp_path: Path) -> None:
    source = people_csv(12)
    width = source.read_text(encoding="utf-8").splitlines()[0].count(",")
    with source.open("a", encoding="utf-8") as f:
        f.write("ana" + ",x" * width + "\n")  # a bad row (values of the wrong type)
    out, errors = tmp_path / "r.parquet", tmp_path / "errors.csv"
    done = _strive(
        "batch", str(source), "--goal", "nasa-astronaut", "--out", str(out),
        "--errors", str(errors), "--workers", "2", "--partition", "5", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["written"] == 12 and summary["skipped"] == 1
    assert summary["read"] == 13 and summary["workers"] == 2
    assert "people/s" in done.stderr  # the progress bar, on stderr
    assert pq.read_table(out).num_rows == 12
    assert errors.read_text(encoding="utf-8").count("\n") == 2

    html = tmp_path / "report.html"
    done = _strive("caseload", str(out), "--html", str(html), "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["n"] == 12
    assert sum(s["people"] for s in doc["steps"]) == 12
    page = html.read_text(encoding="utf-8")
    assert page.count("<svg") == 6  # 5 charts and the offers' chart
    offers = summary["offers"]
    assert len(offers) == 3  # --offers defaults to 3
    assert sorted(o["action"] for o in doc["offers"]) == sorted(offers)
    moved = [o["moved"] for o in doc["offers"]]
    assert moved == sorted(moved, reverse=True)  # most people moved first
    assert all(o["n"] == 12 for o in doc["offers"])

    text = CliRunner().invoke(app, ["caseload", str(out)])
    assert text.exit_code == 0, text.output
    assert "12 people" in text.output
    assert "Most common gaps" in text.output
    assert "If offered" in text.output

    # The batch recorded its goal, so the report (run without --goal) names each
    # action as the template does and labels the gaps; the JSON keeps the ids.
    assert pq.read_schema(out).metadata[GOAL_KEY.encode()] == b"nasa-astronaut"
    assert doc["goal"] == {"name": "nasa-astronaut", "from": "results_file"}
    template = load_template("nasa-astronaut")
    titles = {a.name: a.title for a in template.catalogue}
    lines = [*doc["top_actions"], *doc["offers"]]
    assert doc["top_actions"] and all(a["label"] == titles[a["action"]] for a in lines)
    assert any(a["label"] != a["action"] for a in lines)
    assert all(g["label"] != g["name"] for g in doc["top_gaps"])
    flat = " ".join(text.output.split())
    for a in lines:  # a table cell may wrap a label, never break its words
        assert all(word in flat for word in a["label"].split())
        assert "_" not in a["action"] or a["action"] not in text.output
    assert "Labels from the template nasa-astronaut (recorded in the results" in flat
    assert all(html_escape(a["label"]) in page for a in lines)


def _caseload(*args: str) -> dict[str, Any]:
    """``strive caseload --json`` in its own process: stdout is one JSON document."""
    done = _strive("caseload", *args, "--json")
    assert done.returncode == 0, done.stderr
    doc: dict[str, Any] = json.loads(done.stdout)
    return doc


def _titles(name: str) -> dict[str, str]:
    return {a.name: a.title for a in load_template(name).catalogue}


def test_a_results_file_without_a_recorded_goal_still_reports(
    nasa_context: BatchContext, tmp_path: Path
) -> None:
    """A results file from before batches recorded their goal (``run_batch`` with no
    metadata writes one like it): actions by id, gaps as written, and the report
    says why and what to do; ``--goal`` labels it."""
    source = write_csv(tmp_path / "p.csv", people_rows(12, seed=5))
    out = tmp_path / "old.parquet"
    run_batch(nasa_context, source, out, partition_size=6)
    assert GOAL_KEY.encode() not in (pq.read_schema(out).metadata or {})
    assert recorded_goal(out) is None
    doc = _caseload(str(out))
    assert doc["goal"] is None
    assert doc["top_actions"] and doc["top_gaps"]
    assert all(a["label"] == a["action"] for a in doc["top_actions"])
    assert all(g["label"] == g["name"] for g in doc["top_gaps"])
    assert "does not record one" in doc["notes"][0]
    assert "--goal TEMPLATE" in doc["notes"][0]
    text = CliRunner().invoke(app, ["caseload", str(out)])
    assert text.exit_code == 0, text.output
    assert "does not record one" in " ".join(text.output.split())

    given = _caseload(str(out), "--goal", "nasa-astronaut")
    assert given["goal"] == {"name": "nasa-astronaut", "from": "option"}
    titles = _titles("nasa-astronaut")
    assert [a["label"] for a in given["top_actions"]] == [
        titles[a["action"]] for a in doc["top_actions"]
    ]
    assert "(--goal)" in given["notes"][0]


def test_goal_wins_over_the_record_and_an_unloadable_record_is_said(
    nasa_context: BatchContext, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "p.csv", people_rows(12, seed=5))
    other = tmp_path / "other.parquet"
    run_batch(nasa_context, source, other, metadata={GOAL_KEY: "graduate-admissions"})
    recorded = _caseload(str(other))
    assert recorded["goal"] == {"name": "graduate-admissions", "from": "results_file"}
    # Not one of that template's actions: shown by its id.
    assert all(a["label"] == a["action"] for a in recorded["top_actions"])
    given = _caseload(str(other), "--goal", "nasa-astronaut")
    assert given["goal"] == {"name": "nasa-astronaut", "from": "option"}
    titles = _titles("nasa-astronaut")
    assert all(a["label"] == titles[a["action"]] for a in given["top_actions"])

    gone = tmp_path / "gone.parquet"
    moved = str(tmp_path / "moved" / "mine.toml")
    run_batch(nasa_context, source, gone, metadata={GOAL_KEY: moved})
    doc = _caseload(str(gone))
    assert doc["goal"]["name"] == moved and doc["goal"]["from"] == "results_file"
    assert "no such template file" in doc["goal"]["problem"]
    assert "cannot be loaded" in doc["notes"][0] and moved in doc["notes"][0]
    assert all(a["label"] == a["action"] for a in doc["top_actions"])


def test_a_toml_goal_is_recorded_by_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import strive

    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(
        Path(strive.__file__).parent / "templates" / "nasa-astronaut.toml",
        folder / "mine.toml",
    )
    monkeypatch.chdir(tmp_path)
    relative = str(Path("mine") / "mine.toml")
    kept = goal_metadata(relative, load_template(relative).name)[GOAL_KEY]
    assert kept == str(folder.resolve() / "mine.toml")
    assert goal_metadata("nasa-astronaut", "nasa-astronaut") == {
        GOAL_KEY: "nasa-astronaut"
    }


def test_bad_input_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text("name,age,shoe_size\nana,30,40\n", encoding="utf-8")
    out = tmp_path / "r.parquet"
    runner = CliRunner()
    result = runner.invoke(
        app, ["batch", str(source), "--goal", "nasa-astronaut", "--out", str(out)]
    )
    assert result.exit_code != 0
    assert f"{source}:1" in result.output and "shoe_size" in result.output
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]
    result = runner.invoke(
        app, ["batch", str(tmp_path / "missing.csv"), "--goal", "nasa-astronaut",
              "--out", str(out)]
    )  # fmt: skip
    assert result.exit_code != 0 and "no such file" in result.output
    result = runner.invoke(app, ["caseload", str(source)])
    assert result.exit_code != 0 and "Parquet" in result.output
    result = runner.invoke(
        app, ["batch", str(source), "--goal", "no-such-template", "--out", str(out)]
    )
    assert result.exit_code != 0
    assert not out.exists()


def test_the_cli_imports_no_batch_library_until_asked() -> None:
    code = (
        "import sys, strive.cli, strive.batch; "
        "print([m for m in ('dask', 'distributed', 'pyarrow', 'matplotlib') "
        "if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_sigterm_leaves_no_partial_files(
    people_csv: Callable[..., Path], tmp_path: Path
) -> None:
    """A stopped run (``kill``, a scheduler's time limit) cleans up like Ctrl-C."""
    import signal
    import time

    source = people_csv(400)
    out = tmp_path / "out" / "r.parquet"
    out.parent.mkdir()
    run = subprocess.Popen(
        [
            sys.executable, "-c", "from strive.cli import main; main()",
            "--today", TODAY, "batch", str(source), "--goal", "nasa-astronaut",
            "--out", str(out), "--errors", str(out.parent / "e.csv"),
            "--workers", "1", "--partition", "5",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while not list(out.parent.glob(".*.part")):
            assert run.poll() is None, run.communicate()
            assert time.monotonic() < deadline, "no staged file appeared"
            time.sleep(0.05)
        run.send_signal(signal.SIGTERM)
        _, stderr = run.communicate(timeout=120)
    finally:
        run.kill()
    assert run.returncode != 0, stderr
    assert list(out.parent.iterdir()) == []  # no .part, no output, no errors file
