"""Batch throughput: local processes against a Dask LocalCluster, on 2 shared cores.

    .venv/bin/python bench/bench_batch.py --people 10000,100000 \
        --template nasa-astronaut,graduate-admissions \
        --configs local:1,local:2,dask:1,dask:2 --repeat 1
    .venv/bin/python bench/bench_batch.py --people 2000 --configs local:1,dask:1

It prints, before starting, how much CPU the chosen sizes and configurations need
(about 11 ms per person on NASA, twice that on the labelled template), and at the end
one Markdown table (medians over --repeat interleaved rounds).

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


class Sampler:
    """RSS of this process and of every process it started (pool children, or the
    LocalCluster's nannies and workers), read from /proc through psutil after each
    partition: the run's whole footprint, and how it moves as people go by."""

    def __init__(self, total: int) -> None:
        import psutil

        self.me = psutil.Process()
        self.total = total
        self.peak_driver = 0.0
        self.peak_all = 0.0
        self.marks: list[tuple[int, float, float]] = []
        self.next_mark = total // 10

    def __call__(self, done: int) -> None:
        import psutil

        driver = self.me.memory_info().rss / 2**20
        rest = 0.0
        for proc in self.me.children(recursive=True):
            try:
                rest += proc.memory_info().rss / 2**20
            except psutil.Error:
                continue  # a child that just exited
        self.peak_driver = max(self.peak_driver, driver)
        self.peak_all = max(self.peak_all, driver + rest)
        if done >= self.next_mark:
            self.marks.append((done, round(driver, 1), round(driver + rest, 1)))
            self.next_mark += self.total // 10


def child(args: argparse.Namespace) -> None:
    """One configuration, in this fresh process; prints one JSON line."""
    import pyarrow.parquet as pq

    from strive.batch.engines import LEAN_SCHEDULER, LEAN_WORKERS, run_batch

    context = _context(args.template)
    out = Path(args.out)
    extra: dict[str, Any] = {}
    sampler = Sampler(pq.ParquetFile(args.input).metadata.num_rows)
    if args.engine == "dask":
        import dask
        import distributed

        began = time.perf_counter()
        # As the engine's own LocalCluster (profiler and periodic monitors turned
        # down); --profile: Dask's defaults.
        lean = {**LEAN_WORKERS, **LEAN_SCHEDULER}
        with dask.config.set({} if args.profile else lean):
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
            progress=sampler,
        )
        seconds = time.perf_counter() - began
        cpu = _cpu() - cpu
        extra["driver_cpu_ms_per_person"] = round(cpu / summary.written * 1000, 2)
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
            progress=sampler,
        )
        seconds = time.perf_counter() - began
        # The pool has exited, so its processes' CPU is in RUSAGE_CHILDREN.
        cpu = _cpu() - cpu
        if args.workers > 1:  # with 1 process the work runs in the driver
            extra["driver_cpu_ms_per_person"] = round(cpu / summary.written * 1000, 2)
        cpu += _cpu(resource.RUSAGE_CHILDREN)
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
                # CPU inside the tasks' work (run_task's thread time), so what the
                # engine around it costs is the difference, whatever the load.
                "task_cpu_ms_per_person": round(
                    summary.extra["task_cpu_seconds"] / summary.written * 1000, 2
                ),
                "driver_peak_mb": round(_maxrss_mb(), 1),
                "sampled_driver_peak_mb": round(sampler.peak_driver, 1),
                "sampled_total_peak_mb": round(sampler.peak_all, 1),
                "marks": sampler.marks,
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


MS_PER_PERSON = {"nasa-astronaut": 8.0, "graduate-admissions": 22.5}
"""Work CPU ms per person (reach on, no offers) for the start-up estimate: NASA from
the quiet fourth round (7.6-8.2); admissions 2.81 times NASA, as measured in one run
of the fifth round (26.15 against 9.30 ms, 400 people each, docs/batch.md); other
templates are assumed to cost what admissions does."""

SETUP_S = 15.0
"""Per configuration: a fresh process, the gap engine's fit, a LocalCluster's start
and its workers' imports (5-10 s on a quiet machine) and the output check."""


def estimate(
    sizes: list[int],
    templates: list[str],
    configs: list[tuple[str, int, int]],
    cores: int,
    ms: float | None = None,
) -> tuple[float, float]:
    """CPU seconds of work, and wall seconds on idle cores, for one round: each
    configuration's work spread over min(workers, cores) cores (Dask at 2 workers
    measured up to 1.4 times the CPU of local processes: counted), plus set-up and
    the synthetic input (about 0.1 ms per person to build)."""
    cpu = wall = 0.0
    for template in templates:
        per = (ms or MS_PER_PERSON.get(template, 22.5)) / 1000
        for n in sizes:
            wall += n * 0.0001
            for engine, workers, _size in configs:
                work = n * per * (1.4 if engine == "dask" and workers > 1 else 1.0)
                cpu += work
                wall += work / min(workers, cores) + SETUP_S
    return cpu, wall


def _median(values: list[float]) -> float:
    import statistics

    return round(statistics.median(values), 2)


def _uptime() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _configs(text: str, default_partition: int) -> list[tuple[str, int, int]]:
    out = []
    for config in text.split(","):
        engine, workers, *size = config.split(":")
        out.append((engine, int(workers), int(size[0]) if size else default_partition))
    return out


def _table(
    runs: dict[tuple[str, int, str, int, int], list[dict[str, Any]]],
) -> list[str]:
    """One markdown row per (template, people, engine, workers, partition): medians.

    Efficiency at N workers is against the same engine at 1 worker: from wall time
    (people/s over N times the 1-worker rate) and from CPU time (CPU per person at
    1 worker over CPU per person at N: whether more workers add work). Engine CPU is
    the share of all CPU that was not spent inside the tasks' work.
    """
    keys = ("seconds", "per_s", "cpu_ms_per_person", "task_cpu_ms_per_person",
            "driver_peak_mb", "worker_peak_mb", "sampled_total_peak_mb")  # fmt: skip
    med = {
        key: {k: _median([r[k] for r in rs]) for k in keys} for key, rs in runs.items()
    }
    lines = [
        "| template | people | engine | workers | partition | s | people/s "
        "| efficiency (wall) | efficiency (CPU) | CPU ms/person | work CPU ms/person "
        "| engine CPU % | driver peak MB | worker peak MB | all processes MB | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key, m in med.items():
        template, people, engine, workers, size = key
        one = med.get((template, people, engine, 1, size))
        wall = f"{m['per_s'] / (one['per_s'] * workers):.2f}" if one else "-"
        cpu = f"{one['cpu_ms_per_person'] / m['cpu_ms_per_person']:.2f}" if one else "-"
        share = (1 - m["task_cpu_ms_per_person"] / m["cpu_ms_per_person"]) * 100
        loads = ", ".join(f"{r['load_before']}→{r['load_after']}" for r in runs[key])
        lines.append(
            f"| {template} | {people:,} | {engine} | {workers} | {size} "
            f"| {m['seconds']} | {m['per_s']} | {wall} | {cpu} "
            f"| {m['cpu_ms_per_person']} | {m['task_cpu_ms_per_person']} "
            f"| {share:.1f} | {m['driver_peak_mb']} | {m['worker_peak_mb']} "
            f"| {m['sampled_total_peak_mb']} | {loads} |"
        )
    lines.append("")
    for key, m in med.items():
        template, people, engine, workers, size = key
        loc = med.get((template, people, "local", workers, size))
        if engine != "dask" or loc is None:
            continue
        slower = (loc["per_s"] / m["per_s"] - 1) * 100
        more = (m["cpu_ms_per_person"] / loc["cpu_ms_per_person"] - 1) * 100
        engine_ms = m["cpu_ms_per_person"] - m["task_cpu_ms_per_person"]
        local_ms = loc["cpu_ms_per_person"] - loc["task_cpu_ms_per_person"]
        lines.append(
            f"- {template}, {people:,} people, {workers} worker(s): Dask against "
            f"local processes: CPU per person {more:+.1f}%, wall time per person "
            f"{slower:+.1f}%; CPU outside the work {engine_ms:.2f} ms/person "
            f"against {local_ms:.2f} (medians; cluster start and worker imports "
            "are reported apart, not in the window)"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--people", default="10000,100000",
        help="Caseload sizes, comma-separated (each gets every config).",
    )  # fmt: skip
    parser.add_argument(
        "--template", default="nasa-astronaut",
        help="Templates, comma-separated (e.g. nasa-astronaut,graduate-admissions).",
    )  # fmt: skip
    parser.add_argument("--partition", type=int, default=256)
    parser.add_argument(
        "--configs", default="local:1,local:2,dask:1,dask:2",
        help="engine:workers[:partition], comma-separated",
    )  # fmt: skip
    parser.add_argument(
        "--repeat", type=int, default=1,
        help="Rounds over --configs, interleaved (medians are reported).",
    )  # fmt: skip
    parser.add_argument(
        "--profile", action="store_true",
        help="Dask's default worker settings (profiler and monitors on).",
    )  # fmt: skip
    parser.add_argument("--stages", action="store_true", help="Time gap/reach/route.")
    parser.add_argument(
        "--ms-per-person", type=float, default=None,
        help="CPU ms per person assumed for the time estimate printed at start "
        "(default: per template, from the quiet runs in docs/batch.md).",
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

    sizes = [int(n) for n in args.people.split(",")]
    templates = args.template.split(",")
    configs = _configs(args.configs, args.partition)
    cores = os.cpu_count() or 1
    cpu_s, wall_s = estimate(sizes, templates, configs, cores, args.ms_per_person)
    cpu_s *= args.repeat
    wall_s *= args.repeat
    print(
        f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()} "
        f"{cores} cores, Python {platform.python_version()}, "
        f"load average {_uptime()} at start; templates {', '.join(templates)}; "
        f"people {', '.join(f'{n:,}' for n in sizes)}; configs {args.configs}; "
        f"repeat {args.repeat}; about {cpu_s:,.0f} CPU-s of work, so about "
        f"{wall_s / 60:.0f} min on {cores} idle cores",
        flush=True,
    )
    import pyarrow.parquet as pq

    runs: dict[tuple[str, int, str, int, int], list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for template in templates:
            if args.stages:
                print(f"{template}: stage ms per person (mean of 200, in-process):",
                      stages(template), flush=True)  # fmt: skip
            for people in sizes:
                source = folder / f"people-{people}.parquet"
                make_people(template, people, source)
                outputs = []
                for round_ in range(args.repeat):
                    for engine, workers, size in configs:
                        out = folder / f"{engine}-{workers}-{size}-{round_}.parquet"
                        before = _uptime()
                        result = run_config(engine, workers, source, out, template,
                                            size, args.profile)  # fmt: skip
                        result.update(template=template, round=round_,
                                      partition=size, load_before=before,
                                      load_after=_uptime())  # fmt: skip
                        key = (template, people, engine, workers, size)
                        runs.setdefault(key, []).append(result)
                        outputs.append(out)
                        print(json.dumps(result), flush=True)
                first = pq.read_table(outputs[0])
                same = all(pq.read_table(o).equals(first) for o in outputs[1:])
                print(f"{template}, {people:,} people: outputs identical across "
                      f"configurations and rounds: {same}", flush=True)  # fmt: skip
                for out in outputs:
                    out.unlink()
                source.unlink()
    print(f"\nmedians of {args.repeat} interleaved round(s), load average "
          f"{_uptime()} at the end:\n")  # fmt: skip
    print("\n".join(_table(runs)))


if __name__ == "__main__":
    main()
