"""A task's payload and result: Parquet rows travel as Arrow and become rows on the
worker; results come back as one Arrow table equal to the rows run_partition gives."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from batch_people import people_rows

from strive.batch import BatchContext, InputRow, run_partition
from strive.batch.engines import run_batch
from strive.batch.io import read_partitions, result_schema
from strive.batch.task import Partition, run_task


def test_parquet_partitions_carry_arrow_batches_numbered_across_partitions(
    nasa_context: BatchContext, tmp_path: Path
) -> None:
    rows = people_rows(10, seed=4)
    path = tmp_path / "people.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    parts = list(read_partitions(path, nasa_context.template.traits, 4))
    assert [p.size for p in parts] == [4, 4, 2]
    assert all(p.batch is not None and p.rows == [] for p in parts)
    read = [row for p in parts for row in p.input_rows()]
    assert [r.line for r in read] == list(range(1, 11))
    assert [dict(r.cells) for r in read] == rows


def test_a_task_returns_run_partition_results_as_one_table(
    nasa_context: BatchContext,
) -> None:
    context = replace(nasa_context, reach=False)
    rows = people_rows(6, seed=8)
    rows[3]["age"] = "old"
    part = Partition(0, rows=[InputRow(i + 2, r) for i, r in enumerate(rows)])
    done = run_task(context, part.payload())
    results, errors = run_partition(context, part.rows)
    assert done.table.schema == result_schema()
    assert done.table.to_pylist() == [r.to_row() for r in results]
    assert done.table.num_rows == 5
    assert done.errors == errors and [e.line for e in errors] == [5]
    assert done.cpu > 0


def test_a_name_repeated_in_a_later_parquet_partition_is_skipped_with_its_row(
    nasa_context: BatchContext, tmp_path: Path
) -> None:
    rows = people_rows(9, seed=6)
    rows[7]["name"] = rows[1]["name"]
    path = tmp_path / "people.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    summary = run_batch(
        replace(nasa_context, reach=False),
        path,
        tmp_path / "out.parquet",
        errors=tmp_path / "errors.csv",
        partition_size=3,
    )
    assert (summary.read, summary.written, summary.skipped) == (9, 8, 1)
    with (tmp_path / "errors.csv").open(encoding="utf-8") as f:
        (error,) = list(csv.DictReader(f))
    assert (error["line"], error["field"]) == ("8", "name")
    assert "first on line 2" in error["message"]
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.column("line").to_pylist() == [1, 2, 3, 4, 5, 6, 7, 9]
    assert summary.to_json()["task_cpu_seconds"] > 0
