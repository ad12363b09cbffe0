"""The driver's bounded state: the name ledger and the row-group writer."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from batch_people import people_rows

from strive.batch import BatchContext, InputRow, run_partition
from strive.batch.io import NameLedger, ResultWriter


def test_the_ledger_finds_repeats_within_and_across_partitions(tmp_path: Path) -> None:
    ledger = NameLedger(tmp_path / "out.parquet")
    files = set(tmp_path.iterdir())
    assert len(files) == 1 and oct(next(iter(files)).stat().st_mode)[-3:] == "600"
    assert ledger.first_lines([("ana", 2), ("bo", 3), ("ana", 4)]) == {2: 2}
    assert ledger.first_lines([("cy", 5), ("bo", 6), ("cy", 7), ("ana", 8)]) == {
        1: 3,
        2: 5,
        3: 2,
    }
    many = [(f"p{i}", 100 + i) for i in range(1200)]  # more than one IN (...) chunk
    assert ledger.first_lines(many) == {}
    assert ledger.first_lines([("p1199", 9), ("p0", 10), ("dee", 11)]) == {
        0: 1299,
        1: 100,
    }
    ledger.close()
    assert list(tmp_path.iterdir()) == []  # nothing left behind


def test_row_groups_gather_partitions_and_hold_at_most_one_group(
    nasa_context: BatchContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ResultWriter, "ROW_GROUP", 10)
    results, _ = run_partition(
        replace(nasa_context, reach=False),
        [InputRow(i, r) for i, r in enumerate(people_rows(7))],
    )
    writer = ResultWriter(tmp_path / "out.parquet")
    pending = []
    for _ in range(5):  # 5 partitions of 7 people
        writer.write(results)
        pending.append(writer._pending_rows)
    writer.close(commit=True)
    assert pending == [7, 0, 7, 0, 7]  # flushed once 10 rows are waiting
    assert max(pending) < ResultWriter.ROW_GROUP + len(results)
    file = pq.ParquetFile(tmp_path / "out.parquet")
    sizes = [file.metadata.row_group(i).num_rows for i in range(file.num_row_groups)]
    assert sizes == [14, 14, 7]
    route = file.schema_arrow.names.index("route")
    assert file.metadata.row_group(0).column(route).statistics is None
    assert file.metadata.row_group(0).column(0).statistics is not None
