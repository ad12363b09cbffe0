"""run_batch: streaming in partitions, errors file, deterministic output per engine."""

from __future__ import annotations

import csv
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from batch_people import people_rows, write_csv

from strive.batch import BatchContext
from strive.batch.engines import run_batch
from strive.errors import DataImportError, InputError


def _table(path: Path) -> pa.Table:
    return pq.read_table(path)


def test_local_processes_give_the_same_file_as_one_process(
    nasa_context: BatchContext, people_csv: Callable[..., Path], tmp_path: Path
) -> None:
    source = people_csv(40)
    one = run_batch(
        nasa_context, source, tmp_path / "one.parquet", workers=1, partition_size=7
    )
    two = run_batch(
        nasa_context, source, tmp_path / "two.parquet", workers=2, partition_size=7
    )
    assert one.written == two.written == 40
    assert one.feasible == two.feasible
    a, b = _table(tmp_path / "one.parquet"), _table(tmp_path / "two.parquet")
    assert a.equals(b)
    assert a.column("id").to_pylist() == [r["name"] for r in people_rows(40)]
    # Partitions of 7 gathered into row groups of up to 8,192: one for 40 people.
    assert pq.ParquetFile(tmp_path / "one.parquet").num_row_groups == 1
    assert stat.S_IMODE(os.stat(tmp_path / "one.parquet").st_mode) == 0o600


def test_bad_rows_go_to_the_errors_file_and_the_summary(
    nasa_context: BatchContext, tmp_path: Path
) -> None:
    rows = people_rows(12)
    rows[2]["age"] = "old"
    rows[5]["scuba"] = "deep"
    rows[8]["name"] = rows[1]["name"]  # a repeated name keeps its first row
    source = write_csv(tmp_path / "people.csv", rows)
    with source.open("a", encoding="utf-8") as out:
        out.write("ragged,row\n")
    summary = run_batch(
        nasa_context,
        source,
        tmp_path / "out.parquet",
        errors=tmp_path / "errors.csv",
        partition_size=4,
    )
    assert summary.read == 13
    assert summary.written == 9
    assert summary.skipped == 4
    assert summary.reasons == {"age": 1, "scuba": 1, "name": 1, "": 1}
    with (tmp_path / "errors.csv").open(encoding="utf-8") as f:
        errors = list(csv.DictReader(f))
    # The header is line 1, so row i of the data is on line i + 2.
    assert [(e["line"], e["field"]) for e in errors] == [
        ("4", "age"),
        ("7", "scuba"),
        ("10", "name"),
        ("14", ""),
    ]
    assert "deep" in errors[1]["message"]
    assert "first on line 3" in errors[2]["message"]
    assert "skipped 4 rows" in str(summary)
    ids = _table(tmp_path / "out.parquet").column("id").to_pylist()
    assert rows[2]["name"] not in ids and ids.count(rows[1]["name"]) == 1


def test_parquet_input_gives_the_same_results_as_csv(
    nasa_context: BatchContext, people_csv: Callable[..., Path], tmp_path: Path
) -> None:
    source = people_csv(15)
    with source.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "people.parquet")
    run_batch(nasa_context, source, tmp_path / "a.parquet", partition_size=4)
    run_batch(
        nasa_context,
        tmp_path / "people.parquet",
        tmp_path / "b.parquet",
        partition_size=4,
    )
    a, b = _table(tmp_path / "a.parquet"), _table(tmp_path / "b.parquet")
    # Same people and figures; only the line column differs (CSV lines count the
    # header, Parquet rows do not).
    assert a.drop(["line"]).equals(b.drop(["line"]))
    assert [x - 1 for x in a.column("line").to_pylist()] == b.column("line").to_pylist()


def test_a_bad_header_writes_nothing(
    nasa_context: BatchContext, tmp_path: Path
) -> None:
    source = tmp_path / "people.csv"
    source.write_text("name,age,shoe_size\nana,30,40\n", encoding="utf-8")
    with pytest.raises(DataImportError, match="shoe_size") as caught:
        run_batch(
            nasa_context, source, tmp_path / "out.parquet", errors=tmp_path / "e.csv"
        )
    assert caught.value.where == f"{source}:1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]


def test_engine_and_worker_options_are_checked(
    nasa_context: BatchContext, people_csv: Callable[..., Path], tmp_path: Path
) -> None:
    source = people_csv(2)
    with pytest.raises(InputError, match="unknown engine"):
        run_batch(nasa_context, source, tmp_path / "o.parquet", engine="spark")
    with pytest.raises(InputError, match="at least 1 worker"):
        run_batch(nasa_context, source, tmp_path / "o.parquet", workers=0)
    assert not (tmp_path / "o.parquet").exists()
