"""Dask's overhead against local processes, measured so that noise cannot pass for it.

    .venv/bin/python bench/bench_dask_overhead.py   # about 13 min on a quiet machine
    .venv/bin/python bench/bench_dask_overhead.py --workers 2 --pairs local/dask \\
        --sessions 1 --rounds 4 --people 512        # a quick look

Why a bench of its own: on this VM the CPU time of the same work varies by ±20 %
between processes and between repetitions inside one process, so one or two runs
per configuration (bench/bench_batch.py) cannot resolve a 15 % difference. Here each
pair of engines (A/B) is started once per *session* and kept alive; both engines
run the *same* partitions (``--people`` synthetic NASA people) in short rounds, in
A B B A order, so drift over time falls equally on both; each round gives one
paired ratio B/A. Several sessions (fresh pools and clusters) sample the
process-to-process variation too. The pair ``local/local`` (two separate pools, an
A/A test) shows the noise floor: its ratios should be 1, and their spread is what
any B/A difference must exceed.

Engines, each submitted to as the engine does (``strive.batch.engines``: the
context shipped once, at most two partitions per worker in flight, each result
taken as soon as it is the oldest):

- ``local``: the engine's fork process pool (a pool of 1 at 1 worker, so both
  sides ship partitions to another process);
- ``dask``: the engine's own LocalCluster (:func:`strive.batch.engines.local_cluster`);
- ``dask-fork`` / ``dask-forkserver``: the same with Dask's workers started by
  fork / forkserver instead of spawn; ``dask-defaults``: Dask's default worker and
  scheduler settings (profiler every 10 ms, 20 ms tick, malloc trim, stealing).

Per round and engine it reads CPU seconds (user + system, psutil) of the driver
(which also hosts the LocalCluster's scheduler and nannies; the threads the *other*
engine of the pair started are left out) and of the engine's worker processes,
the task threads' own CPU (``run_task``), and wall time. Reported per pair and
worker count: the median paired ratio, its quartiles and a bootstrap
95 % interval of the median, for CPU per person over all processes, over the
workers only, inside the tasks, and wall. Also, once per session, the fixed costs a
run pays before its first result (starting the pool or cluster, the first task
with the workers' imports, scattering the context) amortised over 10,000 and
100,000 people at the measured rate; and the CPU an idle standing cluster burns.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import platform
import random
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import _context, _uptime, make_people

DASK_DEFAULTS: dict[str, Any] = {
    "distributed.worker.profile.enabled": True,
    "distributed.admin.tick.interval": "20ms",
    "distributed.admin.system-monitor.interval": "500ms",
    "distributed.admin.system-monitor.gil.enabled": True,
    "distributed.worker.memory.monitor-interval": "100ms",
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": 65536,
    "distributed.scheduler.work-stealing": True,
}
"""Dask 2026.8's own values of what the engine's LEAN_WORKERS/LEAN_SCHEDULER change."""

VARIANTS: dict[str, dict[str, Any]] = {
    "dask": {},
    "dask-fork": {"distributed.worker.multiprocessing-method": "fork"},
    "dask-forkserver": {"distributed.worker.multiprocessing-method": "forkserver"},
    "dask-spawn": {"distributed.worker.multiprocessing-method": "spawn"},
    "dask-defaults": DASK_DEFAULTS,
}

MS_PER_PERSON = 11.0
"""Work CPU ms per NASA person for the duration estimate (sixth round, quiet)."""


def _cpu(pid: int | None = None) -> float:
    import psutil

    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


class Engine:
    """One engine, alive across rounds: ``submit(part)`` returns a future."""

    name: str
    workers: int
    started_s: float
    ship_s: float = 0.0

    def submit(self, part: Any) -> Any:
        raise NotImplementedError

    def pids(self) -> list[int]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class Pool(Engine):
    def __init__(self, context: Any, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from strive.batch import engines

        began = time.perf_counter()
        self.name, self.workers = "local", workers
        self.pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=engines._init,
            initargs=(context,),
        )
        # The children start (and receive the context) with the first submission.
        self.pool.submit(os.getpid).result()
        self._submit: Callable[..., Any] = lambda p: self.pool.submit(
            engines._pooled, p
        )
        self.started_s = time.perf_counter() - began

    def submit(self, part: Any) -> Any:
        return self._submit(part)

    def pids(self) -> list[int]:
        return list(self.pool._processes)  # type: ignore[attr-defined]

    def close(self) -> None:
        self.pool.shutdown()


class Dask(Engine):
    def __init__(self, context: Any, workers: int, variant: str) -> None:
        import distributed

        from strive.batch.engines import local_cluster
        from strive.batch.task import run_task

        began = time.perf_counter()
        self.name, self.workers = variant, workers
        self.cluster = local_cluster(workers, VARIANTS[variant])
        self.client = distributed.Client(self.cluster)
        self.started_s = time.perf_counter() - began
        began = time.perf_counter()
        self.shared = self.client.scatter(context, broadcast=True, hash=False)
        self.ship_s = time.perf_counter() - began
        self._run_task = run_task
        self._n = 0

    def submit(self, part: Any) -> Any:
        self._n += 1
        future = self.client.submit(
            self._run_task,
            self.shared,
            part,
            key=f"bench-{self.name}-{self._n}",
            retries=3,
            pure=False,
        )
        return future

    def pids(self) -> list[int]:
        return list(self.client.run(os.getpid).values())

    def close(self) -> None:
        self.client.close()
        self.cluster.close()


def start(kind: str, context: Any, workers: int) -> Engine:
    return Pool(context, workers) if kind == "local" else Dask(context, workers, kind)


def _threads() -> dict[int, float]:
    """CPU seconds of each of this process's threads."""
    import psutil

    return {t.id: t.user_time + t.system_time for t in psutil.Process().threads()}


def run_round(
    engine: Engine, parts: list[Any], pids: list[int], others: set[int]
) -> dict[str, float]:
    """All ``parts`` through ``engine``, windowed as the engine does; CPU and wall.

    The driver's CPU leaves out ``others``: the threads the other engine of the
    pair started in this process (a LocalCluster's scheduler and nannies run here,
    and tick while the pool works)."""
    people = sum(p.size for p in parts)
    threads = _threads()
    workers = sum(_cpu(pid) for pid in pids)
    began = time.perf_counter()
    flight: deque[Any] = deque()
    task = 0.0
    for part in parts:
        flight.append(engine.submit(part))
        if len(flight) >= 2 * engine.workers:
            done = flight.popleft()
            task += done.result().cpu
            if hasattr(done, "release"):
                done.release()
    while flight:
        done = flight.popleft()
        task += done.result().cpu
        if hasattr(done, "release"):
            done.release()
    wall = time.perf_counter() - began
    workers = sum(_cpu(pid) for pid in pids) - workers
    driver = sum(
        cpu - threads.get(tid, 0.0)
        for tid, cpu in _threads().items()
        if tid not in others
    )
    return {
        "wall": wall / people * 1000,
        "all": (driver + workers) / people * 1000,
        "workers": workers / people * 1000,
        "task": task / people * 1000,
        "driver": driver / people * 1000,
    }


def _bootstrap(ratios: list[float], draws: int = 2000) -> tuple[float, float]:
    """95 % interval of the median of ``ratios`` (percentile bootstrap, seed 1)."""
    rng = random.Random(1)
    medians = sorted(
        statistics.median(rng.choices(ratios, k=len(ratios))) for _ in range(draws)
    )
    return medians[int(0.025 * draws)], medians[int(0.975 * draws) - 1]


def _spread(ratios: list[float]) -> str:
    """Median change and quartiles, and the bootstrap interval, as signed percents."""

    def pct(x: float) -> str:
        return f"{(x - 1) * 100:+.1f}"

    if len(ratios) < 2:
        return pct(ratios[0]) if ratios else "-"
    q1, _q2, q3 = statistics.quantiles(ratios, n=4)
    lo, hi = _bootstrap(ratios)
    return (
        f"{pct(statistics.median(ratios))} % (IQR {pct(q1)}..{pct(q3)}; "
        f"95 % CI {pct(lo)}..{pct(hi)})"
    )


def idle_cost(engines: list[Engine], seconds: float = 5.0) -> dict[str, float]:
    """CPU ms per second that the driver and each engine's idle workers burn."""
    pids = {e.name: e.pids() for e in engines}
    before = {k: sum(_cpu(p) for p in v) for k, v in pids.items()}
    driver = _cpu()
    time.sleep(seconds)
    out = {"driver": round((_cpu() - driver) / seconds * 1000, 1)}
    for k, v in pids.items():
        out[k] = round((sum(_cpu(p) for p in v) - before[k]) / seconds * 1000, 1)
    return out


def session(
    pair: tuple[str, str],
    workers: int,
    context: Any,
    parts: list[Any],
    rounds: int,
) -> dict[str, Any]:
    """Start both engines, warm them, then ``rounds`` paired rounds in ABBA order."""
    engines: list[Engine] = []
    fixed: dict[str, dict[str, float]] = {}
    try:
        tids: dict[str, set[int]] = {}
        for i, kind in enumerate(pair):
            known = set(_threads())
            engine = start(kind, context, workers)
            # Distinct names when a pair is an A/A test.
            engine.name = f"{kind}#{i}" if pair[0] == pair[1] else kind
            engines.append(engine)
            began = time.perf_counter()
            futures = [engine.submit(p) for p in parts[:workers]]
            for f in futures:
                f.result()
            fixed[engine.name] = {
                "start_s": round(engine.started_s, 2),
                "ship_context_s": round(engine.ship_s, 2),
                "first_task_s": round(time.perf_counter() - began, 2),
            }
            tids[engine.name] = set(_threads()) - known
        a, b = engines
        pids = {e.name: e.pids() for e in engines}
        rows = []
        for r in range(rounds):
            order = (a, b) if r % 4 in (0, 3) else (b, a)
            row: dict[str, Any] = {"round": r}
            for engine in order:
                other = b if engine is a else a
                row[engine.name] = run_round(
                    engine, parts, pids[engine.name], tids[other.name]
                )
            rows.append(row)
        idle = idle_cost(engines)
        return {
            "pair": f"{a.name}/{b.name}",
            "workers": workers,
            "fixed": fixed,
            "idle_cpu_ms_per_s": idle,
            "rounds": rows,
        }
    finally:
        for engine in engines:
            engine.close()


def estimate(args: argparse.Namespace, n_pairs: int, worker_counts: list[int]) -> float:
    """Wall seconds on idle cores: the work plus about 12 s to start each pair."""
    cores = os.cpu_count() or 1
    seconds = 0.0
    for w in worker_counts:
        work = (args.rounds + 1) * 2 * args.people * MS_PER_PERSON / 1000
        seconds += n_pairs * args.sessions * (work / min(w, cores) + 12)
    return seconds + 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1024, help="People per round.")
    parser.add_argument("--partition", type=int, default=256)
    parser.add_argument(
        "--rounds", type=int, default=4, help="Paired rounds per session."
    )
    parser.add_argument(
        "--sessions", type=int, default=2,
        help="Fresh engines per pair and worker count (process-to-process noise).",
    )  # fmt: skip
    parser.add_argument(
        "--workers", default="1,2", help="Worker counts, comma-separated."
    )
    parser.add_argument(
        "--pairs", default="local/dask,local/local",
        help=f"A/B pairs, comma-separated; engines: local, {', '.join(VARIANTS)}.",
    )  # fmt: skip
    parser.add_argument("--template", default="nasa-astronaut")
    parser.add_argument("--json", type=Path, help="Also write every round here.")
    parser.add_argument(
        "--from-log", type=Path,
        help="Only print the report of the sessions in this bench output (a run "
        "stopped early prints what it finished).",
    )  # fmt: skip
    args = parser.parse_args()
    if args.from_log:
        lines = args.from_log.read_text().splitlines()
        done = [json.loads(x) for x in lines if x.startswith('{"pair"')]
        report(done, args, 0)
        return
    pairs = [tuple(p.split("/")) for p in args.pairs.split(",")]
    for pair in pairs:
        if len(pair) != 2 or any(k != "local" and k not in VARIANTS for k in pair):
            parser.error(f"bad pair {'/'.join(pair)!r}")
    worker_counts = [int(w) for w in args.workers.split(",")]
    from strive.batch.io import read_partitions

    print(
        f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()} "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, load average "
        f"{_uptime()} at start; {args.template}, {args.people:,} people per round "
        f"in partitions of {args.partition}, {args.rounds} rounds x {args.sessions} "
        f"sessions, workers {args.workers}, pairs {args.pairs}; about "
        f"{estimate(args, len(pairs), worker_counts) / 60:.0f} min on idle cores "
        f"(at {MS_PER_PERSON} CPU ms per person)",
        flush=True,
    )
    context = _context(args.template)
    context_bytes = len(pickle.dumps(context))
    sessions: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "people.parquet"
        make_people(args.template, args.people, source)
        parts = [
            p.payload()
            for p in read_partitions(source, context.template.traits, args.partition)
        ]
    for workers in worker_counts:
        for pair in pairs:
            for s in range(args.sessions):
                before = _uptime()
                result = session(pair, workers, context, parts, args.rounds)  # type: ignore[arg-type]
                result.update(session=s, load=f"{before}→{_uptime()}")
                sessions.append(result)
                print(json.dumps(result), flush=True)
    if args.json:
        args.json.write_text(json.dumps(sessions, indent=1))
    report(sessions, args, context_bytes)


def report(sessions: list[dict[str, Any]], args: argparse.Namespace, size: int) -> None:
    print(
        f"\n## Paired ratios B/A per person ({args.people:,} people per round, "
        f"rounds in A B B A order; load average {_uptime()} at the end)\n"
    )
    print(
        "| pair B/A | workers | rounds | CPU, all processes | CPU, workers "
        "| CPU, task threads | wall | per-session medians (CPU all) | load |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    groups: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for s in sessions:
        groups.setdefault((s["pair"], s["workers"]), []).append(s)
    for (pair, workers), group in groups.items():
        a, b = pair.split("/")
        ratios: dict[str, list[float]] = {
            k: [] for k in ("all", "workers", "task", "wall")
        }
        per_session = []
        for s in group:
            mine = []
            for row in s["rounds"]:
                for k in ratios:
                    ratios[k].append(row[b][k] / row[a][k])
                mine.append(row[b]["all"] / row[a]["all"])
            per_session.append(f"{(statistics.median(mine) - 1) * 100:+.1f}")
        print(
            f"| {pair} | {workers} | {len(ratios['all'])} | {_spread(ratios['all'])} "
            f"| {_spread(ratios['workers'])} | {_spread(ratios['task'])} "
            f"| {_spread(ratios['wall'])} | {', '.join(per_session)} "
            f"| {'; '.join(s['load'] for s in group)} |"
        )
    print("\n## Per person, medians over rounds (ms)\n")
    print("| engine | workers | CPU all | workers | task threads | driver | wall |")
    print("|---|---|---|---|---|---|---|")
    per_engine: dict[tuple[str, int], list[dict[str, float]]] = {}
    for s in sessions:
        for row in s["rounds"]:
            for name, m in row.items():
                if name != "round":
                    per_engine.setdefault((name, s["workers"]), []).append(m)
    for (name, workers), ms in per_engine.items():

        def med(k: str, ms: list[dict[str, float]] = ms) -> str:
            return f"{statistics.median(m[k] for m in ms):.2f}"

        print(
            f"| {name} | {workers} | {med('all')} | {med('workers')} | {med('task')} "
            f"| {med('driver')} | {med('wall')} |"
        )
    print(
        f"\n## Fixed costs per run (the context pickles to "
        f"{f'{size / 1024:.0f} KB' if size else 'unknown'}), "
        "medians over sessions, and amortised over N people at the measured wall rate\n"
    )
    print(
        "| engine | workers | start s | ship context s | first task s "
        "| total s | % of 10,000 people | % of 100,000 | idle CPU ms/s (workers) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    fixed: dict[tuple[str, int], list[dict[str, float]]] = {}
    idle: dict[tuple[str, int], list[float]] = {}
    for s in sessions:
        for name, f in s["fixed"].items():
            fixed.setdefault((name, s["workers"]), []).append(f)
        for name, ms_s in s["idle_cpu_ms_per_s"].items():
            if name != "driver":
                idle.setdefault((name, s["workers"]), []).append(ms_s)
    for (name, workers), fs in fixed.items():
        start_s = statistics.median(f["start_s"] for f in fs)
        ship = statistics.median(f["ship_context_s"] for f in fs)
        first = statistics.median(f["first_task_s"] for f in fs)
        total = start_s + ship + first
        wall_ms = statistics.median(m["wall"] for m in per_engine[(name, workers)])
        idle_ms = idle.get((name, workers), [])
        print(
            f"| {name} | {workers} | {start_s:.2f} | {ship:.2f} | {first:.2f} "
            f"| {total:.2f} | {total / (10_000 * wall_ms / 1000) * 100:.1f} "
            f"| {total / (100_000 * wall_ms / 1000) * 100:.2f} "
            f"| {statistics.median(idle_ms) if idle_ms else '-'} |"
        )
    print(
        "\nThe first task includes the workers' imports and first solves (a forked "
        "pool's children inherit the driver's imports); an A/A pair's ratios show "
        "the noise floor."
    )


if __name__ == "__main__":
    main()
