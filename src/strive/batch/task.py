"""What one partition's task carries to a worker and brings back.

A task takes a partition as read (a CSV's rows, or the Parquet file's Arrow record
batch, turned into rows on the worker) and returns the results as one Arrow table
in the output's schema, the skipped rows, and the CPU seconds the work took in the
task's thread. So the per-person conversions (Arrow to Python on the way in, Python
to Arrow on the way out) run on the workers, in parallel, rather than in the one
driver that every result passes through; a table crosses the wire as a few buffers
rather than thousands of pickled objects; and the CPU figure lets a run say how
much of its CPU went to the work and how much to the engine around it
(docs/batch.md, bench/bench_batch.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from strive.batch.context import BatchContext
from strive.batch.partition import InputRow, RowError, run_partition
from strive.batch.person import PersonResult
from strive.i18n import use_locale


@dataclass
class Partition:
    """Rows read together, in file order.

    ``rows`` are parsed rows (CSV); ``batch`` is an Arrow record batch of Parquet
    rows whose first row is on ``first_line`` (turned into rows by the worker);
    ``errors`` are rows the reader itself could not split.
    """

    index: int
    rows: list[InputRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    batch: Any = None
    first_line: int = 1

    @property
    def size(self) -> int:
        extra = 0 if self.batch is None else int(self.batch.num_rows)
        return len(self.rows) + len(self.errors) + extra

    def input_rows(self) -> list[InputRow]:
        """Every row to assess, in order (the batch's cells as Python values)."""
        if self.batch is None:
            return self.rows
        return [
            InputRow(self.first_line + i, cells)
            for i, cells in enumerate(self.batch.to_pylist())
        ]

    def payload(self) -> Partition:
        """What a task needs: the rows, without the reader's errors."""
        return Partition(self.index, self.rows, [], self.batch, self.first_line)


@dataclass(frozen=True)
class TaskResult:
    """A partition's results as one Arrow table (output schema), its skipped rows,
    and the task thread's CPU seconds."""

    table: Any
    errors: list[RowError]
    cpu: float


def run_task(context: BatchContext, part: Partition) -> TaskResult:
    """:func:`strive.batch.partition.run_partition` on a partition, result as Arrow.

    Pure and idempotent like ``run_partition``: a retried task returns the same.
    """
    began = time.thread_time()
    # The results file is data, the same in every language (as --json is): the
    # texts inside it (open items, the route document) and the skipped rows'
    # messages are written in English whatever language the command speaks, and
    # whichever engine runs the task (a forked process inherits the caller's
    # language, a Dask worker does not).
    with use_locale("en"):
        results, errors = run_partition(context, part.input_rows())
    table = results_table(results)
    return TaskResult(table, errors, time.thread_time() - began)


def results_table(results: list[PersonResult]) -> Any:
    """Results as an Arrow table in the output's schema."""
    import pyarrow as pa

    from strive.batch.io import result_schema

    return pa.Table.from_pylist([r.to_row() for r in results], result_schema())
