"""What the Dask driver holds as a batch run goes on, in a minute or two.

    .venv/bin/python bench/bench_batch_driver.py --people 100000
    .venv/bin/python bench/bench_batch_driver.py --people 100000 --dask-logs

Runs ``strive batch``'s Dask engine (its own LocalCluster, ``--workers`` processes)
over a synthetic NASA caseload (Parquet, as bench/bench_batch.py builds it) with
the real partitions, payloads and result tables, but each task reuses its worker's
first real result with the partition's names and lines put in: the driver's work
per task is the real one, the workers' is almost nothing, so 100,000 people take
a minute or two rather than ten. At each tenth of the people it prints the driver's
RSS, its count of Python objects, the bytes Arrow holds, and every container of
the scheduler, its task groups, prefixes, spans, computations, streams and
workers' states, and of the client, that changed in size since the last mark.

``--real-tasks`` runs the real tasks (about 5 ms of CPU a person on NASA).
``--dask-logs`` gives the driver Dask's own log lengths (1,000 messages a stream),
as before the ninth round (docs/batch.md): the client's stream to the scheduler
then grows by a message per task, each with its partition's rows.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))


def cheap_task(context: Any, part: Any) -> Any:
    """The worker's first real result, cut to the partition's size, with its names
    and lines: a result table of the real size without the planning."""
    import pyarrow as pa

    import strive.batch.task as home

    cache = home.__dict__.setdefault("_bench_first_table", {})
    if "table" not in cache:
        cache["table"] = home.run_task(context, part).table
    table = cache["table"]
    n = part.batch.num_rows
    table = pa.concat_tables([table] * -(-n // table.num_rows)).slice(0, n)
    table = table.set_column(0, "id", part.batch.column("name").cast(pa.string()))
    lines = pa.array(range(part.first_line, part.first_line + n), pa.int64())
    table = table.set_column(1, "line", lines)
    return home.TaskResult(table.combine_chunks(), [], 0.0)


def sizes(obj: Any, prefix: str, out: dict[str, int]) -> None:
    """The length of every container attribute of ``obj`` (slots or not)."""
    try:
        items = list(vars(obj).items())
    except TypeError:
        names = [n for c in type(obj).__mro__ for n in getattr(c, "__slots__", ())]
        items = [(n, getattr(obj, n, None)) for n in names]
    for name, value in items:
        if isinstance(value, str | bytes):
            continue
        try:
            out[f"{prefix}.{name}"] = len(value)
        except TypeError:
            continue


def state(cluster: Any, client: Any) -> dict[str, int]:
    """Sizes of the scheduler's and client's state, named by where they live."""
    out: dict[str, int] = {}
    scheduler = cluster.scheduler
    sizes(scheduler, "scheduler", out)
    for name, extension in scheduler.extensions.items():
        sizes(extension, f"extension[{name}]", out)
    for name, topic in scheduler._broker._topics.items():
        sizes(topic, f"events[{name}]", out)
    for group in scheduler.task_groups.values():
        sizes(group, f"group[{group.name}]", out)
    for prefix in scheduler.task_prefixes.values():
        sizes(prefix, f"prefix[{prefix.name}]", out)
    for i, computation in enumerate(scheduler.computations):
        sizes(computation, f"computation[{i}]", out)
    for address, stream in scheduler.stream_comms.items():
        sizes(stream, f"stream[to {address}]", out)
    for name, stream in scheduler.client_comms.items():
        sizes(stream, f"stream[to {name}]", out)
    for worker in scheduler.workers.values():
        sizes(worker, f"worker[{worker.address}]", out)
    spans = scheduler.extensions.get("spans")
    for span in [] if spans is None else spans.spans.values():
        sizes(span, f"span[{span.id[:8]}]", out)
        if span._metadata:
            out[f"span[{span.id[:8]}].collections"] = len(span._metadata["collections"])
    sizes(client, "client", out)
    sizes(client.scheduler_comm, "stream[client to scheduler]", out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--partition", type=int, default=256)
    parser.add_argument(
        "--dask-logs", action="store_true", help="Dask's own log lengths (1,000)"
    )
    parser.add_argument(
        "--real-tasks", action="store_true", help="plan every person (as strive batch)"
    )
    args = parser.parse_args()

    import distributed
    import psutil
    import pyarrow as pa
    from bench_batch import _context, make_people

    import strive.batch.engines as engines

    if args.dask_logs:
        engines.SHORT_LOGS = {"distributed.admin.low-level-log-length": 1000}
    held: dict[str, Any] = {}
    start_cluster = engines.local_cluster
    start_client = distributed.Client

    def cluster(workers: int, settings: dict[str, Any] | None = None) -> Any:
        held["cluster"] = start_cluster(workers, settings)
        return held["cluster"]

    def client(*args: Any, **kwargs: Any) -> Any:
        held["client"] = start_client(*args, **kwargs)
        return held["client"]

    engines.local_cluster = cluster
    distributed.Client = client
    if not args.real_tasks:
        engines.run_task = cheap_task

    me = psutil.Process()
    step = args.people // 10
    marks = {"next": step}
    last: dict[str, int] = {}
    began = time.perf_counter()

    def mark(done: int) -> None:
        nonlocal last
        if done < marks["next"]:
            return
        marks["next"] += step
        gc.collect()
        row = {
            "people": done,
            "s": round(time.perf_counter() - began, 1),
            "driver_mb": round(me.memory_info().rss / 2**20, 1),
            "objects": len(gc.get_objects()),
            "arrow_mb": round(pa.total_allocated_bytes() / 2**20, 2),
        }
        print(json.dumps(row), flush=True)
        now = state(held["cluster"], held["client"])
        grown = {k: [last[k], v] for k, v in now.items() if k in last and last[k] != v}
        if last:
            print("    changed:", json.dumps(grown), flush=True)
        last = now

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "people.parquet"
        make_people("nasa-astronaut", args.people, source)
        uptime = " ".join(f"{x:.2f}" for x in psutil.getloadavg())
        print(f"# load average {uptime}; logs: {engines.SHORT_LOGS}", flush=True)
        summary = engines.run_batch(
            _context("nasa-astronaut"),
            source,
            Path(folder) / "out.parquet",
            engine="dask",
            workers=args.workers,
            partition_size=args.partition,
            progress=mark,
        )
    print(f"# {summary.written} people in {summary.seconds:.1f} s")


if __name__ == "__main__":
    main()
