"""``strive batch`` and ``strive caseload`` through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
from batch_people import TODAY
from typer.testing import CliRunner

from strive.cli import app


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
