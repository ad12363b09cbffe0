"""Where a task's CPU goes on a Dask worker against a local pool process.

    .venv/bin/python bench/bench_batch_probe.py --people 2048 \
        --configs local:2,dask:2 --repeat 2

Runs the same partitions (a synthetic NASA caseload) through ``run_task`` wrapped in
a probe that reads, around each task, the task thread's own rusage (user and system
CPU, minor page faults, voluntary and involuntary context switches) and, at the end
of each run, every OS thread of every worker process (``/proc/PID/task/*/stat``: so
HiGHS's, OpenBLAS's or Dask's own threads show up with their CPU), the worker's
relevant environment (OMP/OpenBLAS/MKL thread counts, ``MALLOC_TRIM_THRESHOLD_``)
and the switch interval. Configurations, in interleaved rounds, each in this process:

- ``local:N`` the engine's fork process pool; ``spawn:N`` the same pool started with
  ``spawn`` (fresh interpreters, as Dask's workers are);
- ``dask:N`` the engine's LocalCluster (nanny, ``LEAN_WORKERS``: without Dask's
  ``MALLOC_TRIM_THRESHOLD_``); ``dask-trim:N`` with it, as Dask's default;
  ``dask-nonanny:N`` without nannies.

The machine's TLB shootdown and function-call interrupts (``/proc/interrupts``,
every CPU, so other processes count too) are read around each run.

Tasks are submitted as the engine does (two per worker in flight, each result taken
as soon as it is the oldest). Prints one JSON line per run and a table of
per-person medians, with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import _context, _uptime, make_people

ENV = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "MALLOC_TRIM_THRESHOLD_",
)


def probe_task(context: Any, part: Any) -> dict[str, Any]:
    """``run_task`` with the task thread's rusage around it."""
    from strive.batch.task import run_task

    before = resource.getrusage(resource.RUSAGE_THREAD)
    wall = time.perf_counter()
    done = run_task(context, part)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_THREAD)
    return {
        "people": done.table.num_rows,
        "wall": wall,
        "thread_cpu": done.cpu,
        "utime": after.ru_utime - before.ru_utime,
        "stime": after.ru_stime - before.ru_stime,
        "minflt": after.ru_minflt - before.ru_minflt,
        "nvcsw": after.ru_nvcsw - before.ru_nvcsw,
        "nivcsw": after.ru_nivcsw - before.ru_nivcsw,
        "pid": os.getpid(),
    }


def interrupts() -> dict[str, int]:
    """TLB shootdowns and function-call IPIs so far, summed over CPUs."""
    out = {}
    for line in Path("/proc/interrupts").read_text().splitlines():
        name, _, rest = line.strip().partition(":")
        if name in ("TLB", "CAL"):
            out[name] = sum(int(x) for x in rest.split() if x.isdigit())
    return out


def threads_of(pid: int | None = None) -> dict[str, Any]:
    """Every OS thread of a process: name and CPU seconds; plus env and settings."""
    pid = pid or os.getpid()
    tick = os.sysconf("SC_CLK_TCK")
    out = []
    for tid in sorted(os.listdir(f"/proc/{pid}/task")):
        try:
            text = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        out.append((name, (int(fields[11]) + int(fields[12])) / tick))
    env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    keep = {}
    for item in env:
        key, _, value = item.decode(errors="replace").partition("=")
        if key in ENV:
            keep[key] = value
    return {
        "pid": pid,
        "threads": out,
        "env": keep,
        "switchinterval": sys.getswitchinterval(),
    }


_CTX: Any = None


def _init(context: Any) -> None:
    global _CTX
    _CTX = context


def _pooled(part: Any) -> dict[str, Any]:
    return probe_task(_CTX, part)


def _pool_threads(_: int) -> dict[str, Any]:
    time.sleep(0.3)  # so both children answer
    return threads_of()


def _windowed(submit: Any, parts: list[Any], workers: int) -> list[Any]:
    """As the engine: at most two tasks per worker in flight, each result taken
    (transferred to this process) as soon as it is the oldest, while the next
    tasks run, so a worker's event loop sends results while its task thread works."""
    from collections import deque

    flight: deque[Any] = deque()
    out = []
    for part in parts:
        flight.append(submit(part))
        if len(flight) >= 2 * workers:
            out.append(flight.popleft().result())
    while flight:
        out.append(flight.popleft().result())
    return out


def run_local(context: Any, parts: list[Any], workers: int, method: str) -> Any:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_init,
        initargs=(context,),
    ) as pool:
        list(pool.map(_pool_threads, range(workers)))  # start and warm the children
        warm = list(pool.map(_pooled, parts[:workers]))  # imports, first solves
        began = time.perf_counter()
        tasks = _windowed(lambda p: pool.submit(_pooled, p), parts[workers:], workers)
        wall = time.perf_counter() - began
        procs = {t["pid"]: t for t in pool.map(_pool_threads, range(4 * workers))}
    del warm
    return tasks, wall, list(procs.values())


def run_dask(context: Any, parts: list[Any], workers: int, variant: str) -> Any:
    import dask
    import distributed

    from strive.batch.engines import LEAN_SCHEDULER, LEAN_WORKERS

    settings: dict[str, Any] = {**LEAN_WORKERS, **LEAN_SCHEDULER}
    if variant == "trim":  # Dask's default environment for its workers
        settings.pop("distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_")
    kwargs: dict[str, Any] = {}
    if variant == "nonanny":
        kwargs["worker_class"] = distributed.Worker
    from contextlib import nullcontext

    from strive.batch.engines import _without_trim

    with dask.config.set(settings), nullcontext() if variant else _without_trim():
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            **kwargs,
        )
        client = distributed.Client(cluster)
    try:
        shared = client.scatter(context, broadcast=True, hash=False)
        warm = client.gather(
            [client.submit(probe_task, shared, p, pure=False) for p in parts[:workers]]
        )
        began = time.perf_counter()
        tasks = _windowed(
            lambda p: client.submit(probe_task, shared, p, pure=False),
            parts[workers:],
            workers,
        )
        wall = time.perf_counter() - began
        procs = list(client.run(threads_of).values())
        del warm
    finally:
        client.close()
        cluster.close()
    return tasks, wall, procs


def summarise(
    name: str, tasks: list[dict[str, Any]], wall: float, procs: Any
) -> dict[str, Any]:
    people = sum(t["people"] for t in tasks)
    per = {
        k: round(sum(t[k] for t in tasks) / people * 1000, 3)
        for k in ("thread_cpu", "utime", "stime")
    }
    per.update(
        {
            k: round(sum(t[k] for t in tasks) / people, 2)
            for k in ("minflt", "nvcsw", "nivcsw")
        }
    )
    return {
        "config": name,
        "people": people,
        "wall_s": round(wall, 2),
        "per_s": round(people / wall, 1),
        "per_person": per,
        "procs": [
            {
                "env": p["env"],
                "switch": p["switchinterval"],
                "n_threads": len(p["threads"]),
                "busy_threads": [
                    (n, round(c, 2)) for n, c in p["threads"] if c >= 0.05
                ],
            }
            for p in procs
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2048)
    parser.add_argument("--partition", type=int, default=128)
    parser.add_argument("--template", default="nasa-astronaut")
    parser.add_argument("--configs", default="local:2,dask:2")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from strive.batch.io import read_partitions

    context = _context(args.template)
    print(f"# load {_uptime()} at start", flush=True)
    results: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "people.parquet"
        make_people(args.template, args.people, source)
        parts = [
            p.payload()
            for p in read_partitions(source, context.template.traits, args.partition)
        ]
        for round_ in range(args.repeat):
            for config in args.configs.split(","):
                kind, workers_text = config.split(":")
                workers = int(workers_text)
                before = _uptime()
                irq = interrupts()
                if kind in ("local", "spawn"):
                    method = "fork" if kind == "local" else "spawn"
                    tasks, wall, procs = run_local(context, parts, workers, method)
                else:
                    variant = kind.partition("-")[2]
                    tasks, wall, procs = run_dask(context, parts, workers, variant)
                row = summarise(config, tasks, wall, procs)
                people = row["people"]
                row["per_person"].update(
                    {
                        k: round((v - irq[k]) / people, 2)
                        for k, v in interrupts().items()
                    }
                )
                row.update(round=round_, load=f"{before}→{_uptime()}")
                results.setdefault(config, []).append(row)
                print(json.dumps(row), flush=True)
    print(
        "\n| config | runs | task thread CPU ms/person | user | system "
        "| minor faults/person | invol. switches/person | TLB shootdowns/person "
        "| people/s | load |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for config, rows in results.items():

        def med(key: str, rows: list[dict[str, Any]] = rows) -> float:
            return round(statistics.median(r["per_person"][key] for r in rows), 3)

        print(
            f"| {config} | {len(rows)} | {med('thread_cpu')} | {med('utime')} "
            f"| {med('stime')} | {med('minflt')} | {med('nivcsw')} | {med('TLB')} "
            f"| {statistics.median(r['per_s'] for r in rows)} "
            f"| {'; '.join(r['load'] for r in rows)} |"
        )


if __name__ == "__main__":
    main()
