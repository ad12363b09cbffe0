"""Batch throughput: local processes against a Dask LocalCluster, on 2 shared cores.

    .venv/bin/python bench/bench_batch.py --people 10000
    .venv/bin/python bench/bench_batch.py --people 2000 --template graduate-admissions
    .venv/bin/python bench/bench_batch.py --people 2000 --memory 10000  # RSS vs size

Builds a synthetic caseload from the template's shipped cohort
(:mod:`strive.batch.synthetic`) as a Parquet file, then runs ``run_batch`` on it with
``--engine local`` at 1 and 2 processes and Dask LocalCluster at 1 and 2 worker
processes, each configuration in a fresh Python process so peak memory (ru_maxrss)
belongs to it alone. The Dask cluster is started, and its workers import what a
partition needs, before the clock starts (as a standing cluster would have done);
both times are reported apart. CPU per person adds the driver's CPU and every
worker's (pool children, or each Dask worker's process time) over the run, so it
shows overhead even when other people's processes share the cores. Also times the
three stages per person (gap, reach, route) in-process on a sample.

Results are printed as a Markdown table for docs/batch.md. Other developers share
the 2 cores: say so next to any figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

START = dt.date(2026, 12, 1)


def _context(template_name: str) -> Any:
    from strive.batch import build_context
    from strive.goal import Limits
    from strive.templates import load_cohort, load_template

    template = load_template(template_name)
    return build_context(template, load_cohort(template), limits=Limits(), start=START)


def make_people(template_name: str, n: int, path: Path, seed: int = 1) -> None:
    """A synthetic caseload as Parquet, written 5,000 rows at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from strive.batch.synthetic import synthetic_people
    from strive.templates import load_cohort, load_template

    template = load_template(template_name)
    rows = synthetic_people(load_cohort(template), template.traits, n, seed)
    writer = None
    chunk: list[dict[str, str]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == 5000:
            table = pa.Table.from_pylist(chunk)
            writer = writer or pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
            chunk = []
    if chunk:
        table = pa.Table.from_pylist(chunk)
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
    assert writer is not None
    writer.close()


def _cpu(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def _warm() -> None:
    """Import what a partition needs (a fresh worker process has nothing loaded)."""
    import highspy  # noqa: F401
    import sklearn.linear_model  # noqa: F401

    import strive.batch.person
    import strive.reach
    import strive.route.api  # noqa: F401


def child(args: argparse.Namespace) -> None:
    """One configuration, in this fresh process; prints one JSON line."""
    from strive.batch.engines import run_batch

    context = _context(args.template)
    out = Path(args.out)
    extra: dict[str, Any] = {}
    if args.engine == "dask":
        import dask
        import distributed

        began = time.perf_counter()
        # As the engine's own LocalCluster: the workers' profiler off (--profile on).
        with dask.config.set({"distributed.worker.profile.enabled": args.profile}):
            cluster = distributed.LocalCluster(
                n_workers=args.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
            )
        extra["cluster_start_s"] = round(time.perf_counter() - began, 2)
        began = time.perf_counter()
        with distributed.Client(cluster.scheduler_address) as client:
            client.run(_warm)  # what a standing cluster's workers have done already
        extra["warm_up_s"] = round(time.perf_counter() - began, 2)
        with distributed.Client(cluster.scheduler_address) as client:
            worker_cpu = sum(client.run(time.process_time).values())
        cpu = _cpu()
        began = time.perf_counter()
        summary = run_batch(
            context,
            Path(args.input),
            out,
            engine="dask",
            workers=args.workers,
            scheduler=cluster.scheduler_address,
            partition_size=args.partition,
        )
        seconds = time.perf_counter() - began
        cpu = _cpu() - cpu
        with distributed.Client(cluster.scheduler_address) as client:
            worker_rss = client.run(_maxrss_mb)
            cpu += sum(client.run(time.process_time).values()) - worker_cpu
        extra["worker_peak_mb"] = round(max(worker_rss.values()), 1)
        cluster.close()
    else:
        cpu = _cpu()
        began = time.perf_counter()
        summary = run_batch(
            context,
            Path(args.input),
            out,
            engine="local",
            workers=args.workers,
            partition_size=args.partition,
        )
        seconds = time.perf_counter() - began
        # The pool has exited, so its processes' CPU is in RUSAGE_CHILDREN.
        cpu = _cpu() - cpu + _cpu(resource.RUSAGE_CHILDREN)
        extra["worker_peak_mb"] = round(
            _maxrss_mb(resource.RUSAGE_CHILDREN) if args.workers > 1 else _maxrss_mb(),
            1,
        )
    print(
        json.dumps(
            {
                "engine": args.engine,
                "workers": args.workers,
                "people": summary.written,
                "seconds": round(seconds, 2),
                "per_s": round(summary.written / seconds, 1),
                "cpu_ms_per_person": round(cpu / summary.written * 1000, 2),
                "driver_peak_mb": round(_maxrss_mb(), 1),
                **extra,
            }
        )
    )


def run_config(
    engine: str,
    workers: int,
    source: Path,
    out: Path,
    template: str,
    partition: int,
    profile: bool = False,
) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", "--engine", engine,
         "--workers", str(workers), "--input", str(source), "--out", str(out),
         "--template", template, "--partition", str(partition),
         *(["--profile"] if profile else [])],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def stages(template_name: str, n: int = 200) -> dict[str, float]:
    """Mean ms per person for gap, reach and route, in this process."""
    from strive.batch.partition import InputRow, parse_row
    from strive.batch.person import _route
    from strive.batch.synthetic import synthetic_people
    from strive.reach import compute_reach
    from strive.templates import load_cohort

    context = _context(template_name)
    template = context.template
    people = list(
        synthetic_people(load_cohort(template), template.traits, n + 5, seed=2)
    )
    totals = {"gap": 0.0, "reach": 0.0, "route": 0.0}
    for i, row in enumerate(people):
        parsed = parse_row(context, InputRow(i, row))
        assert isinstance(parsed, tuple)
        values = parsed[1]
        a = time.perf_counter()
        report = context.analyzer.compare(values)
        b = time.perf_counter()
        compute_reach(
            template, template.traits, values, context.analyzer.cohort_,
            k=3, limits=context.limits, start=START,
        )  # fmt: skip
        c = time.perf_counter()
        _route(context, values, report.they_have_you_dont)
        d = time.perf_counter()
        if i >= 5:  # the first few pay for imports and caches
            totals["gap"] += b - a
            totals["reach"] += c - b
            totals["route"] += d - c
    return {k: round(v / n * 1000, 2) for k, v in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--template", default="nasa-astronaut")
    parser.add_argument("--partition", type=int, default=256)
    parser.add_argument(
        "--memory", type=int, default=0,
        help="Also run local 1 process at this larger size (peak RSS vs size).",
    )  # fmt: skip
    parser.add_argument(
        "--configs", default="local:1,local:2,dask:1,dask:2",
        help="engine:workers, comma-separated",
    )  # fmt: skip
    parser.add_argument(
        "--profile", action="store_true",
        help="Leave the Dask workers' statistical profiler on (Dask's default).",
    )  # fmt: skip
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    print(
        f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()} "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.2f} at start; template {args.template}"
    )
    print("stage ms per person (mean of 200, in-process):", stages(args.template))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "people.parquet"
        make_people(args.template, args.people, source)
        rows = []
        outputs = []
        for config in args.configs.split(","):
            engine, workers = config.split(":")
            out = folder / f"{engine}-{workers}.parquet"
            result = run_config(
                engine, int(workers), source, out, args.template, args.partition,
                args.profile,
            )  # fmt: skip
            result["load"] = round(os.getloadavg()[0], 2)
            rows.append(result)
            outputs.append(out)
            print(json.dumps(result), flush=True)
        import pyarrow.parquet as pq

        first = pq.read_table(outputs[0])
        same = all(pq.read_table(o).equals(first) for o in outputs[1:])
        print(f"outputs identical across configurations: {same}")
        base = {r["engine"]: r for r in rows if r["workers"] == 1}
        print()
        print(
            "| engine | workers | people | s | people/s | efficiency | CPU ms/person "
            "| driver peak MB | worker peak MB | load (1 min) |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            one = base.get(r["engine"])
            eff = f"{r['per_s'] / (one['per_s'] * r['workers']):.2f}" if one else "-"
            print(
                f"| {r['engine']} | {r['workers']} | {r['people']:,} | {r['seconds']} "
                f"| {r['per_s']} | {eff} | {r['cpu_ms_per_person']} "
                f"| {r['driver_peak_mb']} "
                f"| {r['worker_peak_mb']} | {r['load']} |"
            )
        local = {r["workers"]: r for r in rows if r["engine"] == "local"}
        for r in rows:
            if r["engine"] == "dask" and r["workers"] in local:
                loc = local[r["workers"]]["per_s"]
                cpu_local = local[r["workers"]]["cpu_ms_per_person"]
                more = (r["cpu_ms_per_person"] - cpu_local) / cpu_local * 100
                print(
                    f"Dask overhead at {r['workers']} worker(s): "
                    f"{(loc - r['per_s']) / loc * 100:.1f}% slower than local in "
                    f"people/s, {more:.1f}% "
                    f"more CPU per person (cluster start-up "
                    f"{r.get('cluster_start_s')} s and worker imports "
                    f"{r.get('warm_up_s')} s, not timed)"
                )
        if args.memory:
            big = folder / "big.parquet"
            make_people(args.template, args.memory, big)
            result = run_config(
                "local", 1, big, folder / "big-out.parquet", args.template,
                args.partition,
            )  # fmt: skip
            print(
                f"memory: local 1 process, {args.people:,} people: "
                f"{local[1]['driver_peak_mb'] if 1 in local else '?'} MB peak; "
                f"{args.memory:,} people: {result['driver_peak_mb']} MB peak "
                f"({result['per_s']} people/s)"
            )


if __name__ == "__main__":
    main()
