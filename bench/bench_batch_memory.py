"""Driver memory against input size: does ``run_batch`` hold anything per person?

    .venv/bin/python bench/bench_batch_memory.py --sizes 10000,100000,1000000

The per-person work runs in workers whose memory is one partition's (the work is
pure); what could grow with the input is the driver: the reader, the partitions in
flight, the duplicate-name check and the Parquet writer. This isolates it: every
configuration runs the real driver (``run_batch``: Parquet reader, partitions,
bounded flight, duplicate check, ``ParquetWriter``) on a real synthetic caseload,
with the per-partition function replaced by one that parses each row for real
(``parse_row``) and returns a real assessed result (one of 256 people assessed
before the clock, re-labelled with the row's id and line), so a million people
take minutes rather than hours. Each size runs in a fresh process; RSS is read
after every tenth of the input (with the bytes Arrow's allocator holds, and
glibc malloc's and SQLite's own figures: :func:`native_mb`) and ru_maxrss at the
end. Run it under ``MALLOC_ARENA_MAX=N`` to see what glibc's per-thread arenas add.

To split the driver's growth into its parts (docs/batch.md, fifth round):
``--pool system`` runs the child with Arrow's system allocator instead of jemalloc
(``ARROW_DEFAULT_MEMORY_POOL``), ``--reader-only`` only reads the input's partitions
(no work, no writer, no ledger), ``--decay-ms 0`` has jemalloc hand freed pages
back at once, and ``--trace`` diffs ``tracemalloc`` snapshots
(Python allocations by line) taken after the first tenth and at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_batch import _context, make_people


def native_mb() -> dict[str, float]:
    """Native memory outside Python's heap and Arrow's pool, in MB: glibc malloc's
    heaps over all arenas (``mallinfo2``: taken from the system, in use, free but
    kept, and the large blocks it mapped apart) and SQLite's own allocations
    (``sqlite3_memory_used``, the name ledger's page cache among them)."""
    import ctypes
    import ctypes.util

    class Mallinfo2(ctypes.Structure):
        _fields_ = [
            (name, ctypes.c_size_t)
            for name in [
                "arena",
                "ordblks",
                "smblks",
                "hblks",
                "hblkhd",
                "usmblks",
                "fsmblks",
                "uordblks",
                "fordblks",
                "keepcost",
            ]
        ]

    out: dict[str, float] = {}
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = Mallinfo2
        info = libc.mallinfo2()
        out.update(
            malloc_heap=info.arena / 2**20,
            malloc_in_use=info.uordblks / 2**20,
            malloc_free_kept=info.fordblks / 2**20,
            malloc_mapped=info.hblkhd / 2**20,
        )
    except (OSError, AttributeError):  # not glibc 2.33+
        pass
    name = ctypes.util.find_library("sqlite3")
    if name:
        sqlite = ctypes.CDLL(name)
        sqlite.sqlite3_memory_used.restype = ctypes.c_int64
        out["sqlite"] = sqlite.sqlite3_memory_used() / 2**20
    return {k: round(v, 1) for k, v in out.items()}


def child(args: argparse.Namespace) -> None:
    import psutil
    import pyarrow as pa

    import strive.batch.engines as engines
    from strive.batch import InputRow, run_partition
    from strive.batch.partition import RowError, parse_row
    from strive.batch.synthetic import synthetic_people
    from strive.batch.task import Partition, TaskResult, results_table

    if args.decay_ms is not None:  # jemalloc's purge delay for freed pages
        pa.jemalloc_set_decay_ms(args.decay_ms)
    context = _context(args.template)
    template = context.template
    sample = list(synthetic_people(_cohort(args.template), template.traits, 256, 3))
    real, _ = run_partition(context, [InputRow(i, r) for i, r in enumerate(sample)])

    def fake(ctx: Any, part: Partition) -> TaskResult:
        out: list[Any] = []
        errors: list[RowError] = []
        for row in part.input_rows():
            parsed = parse_row(ctx, row)
            if isinstance(parsed, RowError):
                errors.append(parsed)
                continue
            out.append(replace(real[row.line % len(real)], id=parsed[0], line=row.line))
        return TaskResult(results_table(out), errors, 0.0)

    engines.run_task = fake  # type: ignore[assignment]
    me = psutil.Process()
    marks: list[tuple[int, float, float, dict[str, float]]] = []
    step = args.size // 10
    snapshots: list[Any] = []

    def progress(done: int) -> None:
        if done >= (len(marks) + 1) * step:
            rss = round(me.memory_info().rss / 2**20, 1)
            arrow = round(pa.total_allocated_bytes() / 2**20, 1)
            marks.append((done, rss, arrow, native_mb()))
            if args.trace and len(marks) == 1:
                snapshots.append(tracemalloc.take_snapshot())

    import tracemalloc

    if args.trace:
        tracemalloc.start()
    began = time.perf_counter()
    if args.reader_only:
        from strive.batch.io import read_partitions

        done = 0
        for part in read_partitions(Path(args.input), template.traits, 256):
            part.payload()
            done += part.size
            progress(done)
        written = done
    else:
        summary = engines.run_batch(
            context, Path(args.input), Path(args.out), engine="local",
            workers=args.workers, partition_size=256, progress=progress,
        )  # fmt: skip
        written = summary.written
    top: list[str] = []
    if args.trace:
        diff = tracemalloc.take_snapshot().compare_to(snapshots[0], "lineno")
        top = [str(d) for d in diff[:8]]
        tracemalloc.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "people": written, "workers": args.workers,
        "seconds": round(time.perf_counter() - began, 1),
        "pool": pa.default_memory_pool().backend_name,
        "reader_only": args.reader_only,
        "driver_peak_mb": round(peak, 1), "marks": marks,
        "tracemalloc_growth_after_first_tenth": top,
    }))  # fmt: skip


def _cohort(name: str) -> Any:
    from strive.templates import load_cohort, load_template

    return load_cohort(load_template(name))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--template", default="nasa-astronaut")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--pool", choices=("jemalloc", "system"), default="jemalloc",
        help="Arrow's allocator in the child (ARROW_DEFAULT_MEMORY_POOL).",
    )  # fmt: skip
    parser.add_argument(
        "--decay-ms", type=int, default=None,
        help="jemalloc's decay time for freed pages (0: hand them back at once).",
    )  # fmt: skip
    parser.add_argument(
        "--reader-only",
        action="store_true",
        help="Only read the partitions (no work, writer or ledger).",
    )
    parser.add_argument(
        "--trace",
        action="store_true",
        help="tracemalloc growth from the first tenth to the end.",
    )
    parser.add_argument(
        "--keep-input", type=Path,
        help="Keep the synthetic inputs in this folder and reuse them next time.",
    )  # fmt: skip
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load {load}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = args.keep_input or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            source = folder / f"people-{args.template}-{size}.parquet"
            if not source.exists():  # --keep-input: built once, reused
                make_people(args.template, size, source)
            done = subprocess.run(
                [sys.executable, __file__, "--child", "--size", str(size),
                 "--input", str(source), "--out", str(Path(tmp) / "out.parquet"),
                 "--template", args.template, "--workers", str(args.workers),
                 *(["--reader-only"] if args.reader_only else []),
                 *([f"--decay-ms={args.decay_ms}"] if args.decay_ms is not None
                   else []),
                 *(["--trace"] if args.trace else [])],
                capture_output=True, text=True, check=True,
                env={**os.environ, "ARROW_DEFAULT_MEMORY_POOL": args.pool},
            )  # fmt: skip
            print(done.stdout.strip(), flush=True)
            if not args.keep_input:
                source.unlink()


if __name__ == "__main__":
    main()
