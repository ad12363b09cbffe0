"""Run :func:`strive.batch.partition.run_partition` over a file, locally or on Dask.

The driver reads the input one partition at a time, keeps a bounded number of
partitions in flight (twice the workers), and writes results in input order as they
come back, so memory stays flat however many people there are and the output is the
same byte for byte whatever the engine. The shared context goes to each worker once:
a process pool's initializer, or ``client.scatter(..., broadcast=True)`` on Dask.
Dask is imported only when ``engine="dask"``.
"""

from __future__ import annotations

import os
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strive.batch.context import BatchContext
from strive.batch.io import (
    ErrorWriter,
    NameLedger,
    ResultWriter,
    goal_metadata,
    read_partitions,
)
from strive.batch.partition import RowError, run_partition
from strive.batch.task import Partition, TaskResult, run_task
from strive.errors import InputError
from strive.i18n import _, ngettext

ENGINES = ("local", "dask")

LEAN_WORKERS: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    # Unset (Dask's documented way: None) in the workers' environment: see below.
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}
"""Dask settings for the LocalCluster the engine starts itself.

Dask starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536``, so that they hand
freed memory back to the system. Setting any such variable also turns off glibc's
adaptive mmap threshold, and the task runs in a thread of its own (a malloc arena
of its own): every large allocation of a partition (NumPy arrays, Arrow buffers)
was mapped and unmapped again, 20-41 minor page faults per person against 0.3-5.6
in a local pool process (bench/bench_batch_probe.py, docs/batch.md, fifth round).
Without it the workers allocate as local processes do; their memory is one
partition's either way. (Dask also copies the variable into the starting process's
own environment, which spawned workers inherit, so the engine removes it from there
while its cluster starts: :func:`_without_trim`.)

A worker process runs the task in one thread and its event loop in another, and
both need the GIL: the statistical profiler samples every 10 ms, the event-loop
health tick fires every 20 ms, the memory monitor every 100 ms and the system
monitor every 500 ms. Sampled less often, more of the CPU goes to the partitions
(bench/bench_batch.py, docs/batch.md). A cluster of your own keeps its settings.

What is left ticks per second, not per person (heartbeats every 0.5 s, which the
scheduler fixes for small clusters; the client's scheduler-info poll): about 12 ms
of CPU a second in the driver and 5 in each worker (bench/bench_dask_overhead.py,
docs/batch.md, seventh round). The workers are spawned, Dask's default: forked ones
start in a tenth of the time, but the nanny would fork the driver from its event
loop while other threads run, and again mid-run to replace a killed worker; set
``DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD=fork`` to accept that.
"""

SHORT_LOGS: dict[str, Any] = {"distributed.admin.low-level-log-length": 16}
"""Dask's recent-message logs, held short in the driver for the whole run.

Every task carries its partition's rows, and Dask keeps the last
``distributed.admin.low-level-log-length`` (1,000) messages of each batched
stream, among them the client's stream to the scheduler (each ``update-graph``
message with its pickled task, the rows included), the scheduler's streams to the
workers (each ``compute-task`` with its rows) and the scheduler's own transition
log (each task with its run spec). The client always lives in the driver, and a
LocalCluster's scheduler does too: at 1,000 entries each log held up to 1,000
partitions, so the driver grew by about 0.3-0.6 KB per person for the first
~250,000 people (docs/batch.md, eighth and ninth rounds). A stream takes its
length when it opens, and streams open during the run (the client's at connect,
the scheduler's to a worker the nanny restarts), so the setting stays in force
from the client's start to its close (:func:`_dask`); 16 entries are enough to
debug a stuck task. A smaller value of your own is kept."""

LEAN_SCHEDULER: dict[str, Any] = {
    "distributed.scheduler.work-stealing": False,
    **SHORT_LOGS,
}
"""And for the scheduler of that LocalCluster: the driver keeps at most two tasks per
worker in flight, so there is nothing worth stealing, and the stealing extension
would otherwise wake every 100 ms to look; and its logs are short
(:data:`SHORT_LOGS`) from its start."""

Outcome = tuple[Partition, TaskResult]


@dataclass(frozen=True)
class BatchSummary:
    """What a batch run did: people read, written, skipped and why, and how fast."""

    read: int
    written: int
    skipped: int
    reasons: dict[str, int]
    """Skipped rows per field at fault (``""``: the row as a whole)."""
    feasible: int
    seconds: float
    engine: str
    workers: int
    out: Path
    errors: Path | None
    offers: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.extra,
            "read": self.read,
            "written": self.written,
            "skipped": self.skipped,
            "skipped_by_field": dict(sorted(self.reasons.items())),
            "feasible": self.feasible,
            "seconds": round(self.seconds, 3),
            "people_per_second": round(self.written / self.seconds, 2)
            if self.seconds > 0
            else None,
            "engine": self.engine,
            "workers": self.workers,
            "out": str(self.out),
            "errors": None if self.errors is None else str(self.errors),
            "offers": list(self.offers),
        }

    def __str__(self) -> str:
        text = ngettext(
            "Assessed {n} person ({f} with a feasible route) into {out}",
            "Assessed {n} people ({f} with a feasible route) into {out}",
            self.written,
        ).format(n=self.written, f=self.feasible, out=self.out)
        if self.skipped:
            why = ", ".join(
                _("{n} in column {name}").format(n=n, name=name)
                if name
                else _("{n} malformed").format(n=n)
                for name, n in sorted(self.reasons.items())
            )
            where = (
                _("see {path}").format(path=self.errors)
                if self.errors
                else _("use --errors FILE to list them")
            )
            text += "; " + ngettext(
                "skipped {n} row ({why}; {where})",
                "skipped {n} rows ({why}; {where})",
                self.skipped,
            ).format(n=self.skipped, why=why, where=where)
        return text + "."


def run_batch(
    context: BatchContext,
    source: Path,
    out: Path,
    *,
    errors: Path | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    partition_size: int = 256,
    progress: Callable[[int], None] | None = None,
    metadata: Mapping[str, str] | None = None,
) -> BatchSummary:
    """Assess everyone in ``source`` (CSV, CSV.gz or Parquet) into ``out`` (Parquet).

    Rows that fail validation go to ``errors`` (CSV) and are counted in the summary;
    a repeated name is skipped after its first row. ``progress`` receives the number
    of rows done after each partition. ``workers`` defaults to every core (local
    processes, or the processes of a LocalCluster when Dask has no ``scheduler``).
    ``metadata`` goes into the results file's schema (the goal: ``assess_file``).

    Raises:
        InputError: an unknown engine or a bad worker count.
        DataImportError: the file cannot be read or its header is wrong (nothing is
            written).
    """
    if engine not in ENGINES:
        raise InputError(
            _("unknown engine {engine!r}; choose one of: {choices}").format(
                engine=engine, choices=", ".join(ENGINES)
            ),
            where="--engine",
        )
    if workers is None:
        workers = os.cpu_count() or 1
    if workers < 1:
        raise InputError(_("needs at least 1 worker"), where="--workers")
    if partition_size < 1:
        raise InputError(_("needs at least 1 row per partition"), where="--partition")
    began = time.perf_counter()
    partitions = read_partitions(source, context.template.traits, partition_size)
    first = next(partitions, None)  # a bad header fails here, before any output
    stream = _chain(first, partitions)
    reasons: Counter[str] = Counter()
    read = skipped = feasible = 0
    task_cpu = 0.0
    ok = False
    # Each staged file is created inside the try, so a stop (Ctrl-C, SIGTERM) that
    # lands between two of them still removes the first.
    results: ResultWriter | None = None
    problems: ErrorWriter | None = None
    seen: NameLedger | None = None
    # Closed in the finally, so a failure here stops the engine (and its Dask
    # cluster and settings) at once rather than when the generator is collected.
    outcomes: Generator[Outcome, None, None] | None = None
    try:
        results = ResultWriter(out, metadata)
        if errors is not None:
            problems = ErrorWriter(errors, str(source))
        seen = NameLedger(out)
        outcomes = _outcomes(context, stream, engine, workers, scheduler)
        for part, done in outcomes:
            table = done.table
            bad = [*part.errors, *done.errors]
            ids = table.column("id").to_pylist()
            lines = table.column("line").to_pylist()
            repeated = seen.first_lines(list(zip(ids, lines, strict=True)))
            for position, earlier in repeated.items():
                bad.append(
                    RowError(
                        lines[position],
                        "name",
                        f"duplicate name {ids[position]!r} (first on line {earlier})",
                        ids[position],
                    )
                )
            if repeated:
                table = table.take(
                    [i for i in range(table.num_rows) if i not in repeated]
                )
            bad.sort(key=lambda e: e.line)
            results.write_table(table)
            if problems is not None:
                problems.write(bad)
            reasons.update(e.field for e in bad)
            read += part.size
            skipped += len(bad)
            feasible += table.column("feasible").to_pylist().count(True)
            task_cpu += done.cpu
            if progress is not None:
                progress(read)
        ok = True
    finally:
        if outcomes is not None:
            outcomes.close()
        if results is not None:
            results.close(commit=ok)
        if seen is not None:
            seen.close()
        if problems is not None:
            problems.close(commit=ok)
    return BatchSummary(
        read=read,
        written=results.rows,
        skipped=skipped,
        reasons=dict(reasons),
        feasible=feasible,
        seconds=time.perf_counter() - began,
        engine=engine,
        workers=workers,
        out=out,
        errors=errors,
        offers=context.offers,
        extra={"task_cpu_seconds": round(task_cpu, 3)},
    )


def choose_offers(
    context: BatchContext, source: Path, count: int, pilot: int = 256
) -> tuple[str, ...]:
    """The ``count`` catalogued actions in the most routes of the file's first
    ``pilot`` people.

    The batch re-plans everyone once per offered action, so the candidates must
    be known before it starts: they are taken from a pilot, the first ``pilot``
    rows of the input (routes planned without reach or offers, in the driver),
    most common first and ties by name, so the choice depends on the file alone,
    never on the engine or the worker count.

    Raises:
        DataImportError: the file cannot be read or its header is wrong.
    """
    from collections import Counter
    from dataclasses import replace

    if count < 1 or pilot < 1:
        return ()
    first = next(read_partitions(source, context.template.traits, pilot), None)
    if first is None:
        return ()
    results, _errors = run_partition(
        replace(context, reach=False, offers=()), first.input_rows()
    )
    # Only catalogued actions: a [[continuous]] action raises a number by any
    # amount (the CGPA, a test score), not a course to teach everyone.
    catalogue = context.template.catalogue
    counts = Counter(a for r in results for a in set(r.actions) if a in catalogue)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(name for name, _n in ranked[:count])


def _chain(first: Partition | None, rest: Iterator[Partition]) -> Iterator[Partition]:
    if first is None:
        return
    yield first
    yield from rest


def _outcomes(
    context: BatchContext,
    partitions: Iterator[Partition],
    engine: str,
    workers: int,
    scheduler: str | None,
) -> Generator[Outcome, None, None]:
    if engine == "dask":
        yield from _dask(context, partitions, workers, scheduler)
    elif workers == 1:
        for part in partitions:
            yield part, run_task(context, part)
    else:
        yield from _processes(context, partitions, workers)


# -- local processes ------------------------------------------------------------------

_CONTEXT: BatchContext | None = None


def _init(context: BatchContext) -> None:
    global _CONTEXT
    _CONTEXT = context


def _pooled(part: Partition) -> TaskResult:
    assert _CONTEXT is not None, "the pool's initializer sets the context"
    return run_task(_CONTEXT, part)


def _processes(
    context: BatchContext, partitions: Iterator[Partition], workers: int
) -> Iterator[Outcome]:
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_init,
        initargs=(context,),
    ) as pool:
        flight: deque[tuple[Partition, Future[Any]]] = deque()
        for part in partitions:
            flight.append((part, pool.submit(_pooled, part.payload())))
            if len(flight) >= 2 * workers:
                head, future = flight.popleft()
                yield head, future.result()
        while flight:
            head, future = flight.popleft()
            yield head, future.result()


# -- Dask -----------------------------------------------------------------------------


TRIM = "MALLOC_TRIM_THRESHOLD_"


@contextmanager
def _without_trim() -> Iterator[None]:
    """``MALLOC_TRIM_THRESHOLD_`` out of this process's environment while the
    LocalCluster spawns its workers (see :data:`LEAN_WORKERS`), then put back."""
    saved = os.environ.pop(TRIM, None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ[TRIM] = saved


def local_cluster(workers: int, settings: dict[str, Any] | None = None) -> Any:
    """The LocalCluster the engine starts when Dask has no ``--scheduler``:
    ``workers`` single-threaded worker processes (each under a nanny, which
    restarts it if it dies) with :data:`LEAN_WORKERS` and :data:`LEAN_SCHEDULER`;
    ``settings`` overrides them (bench/bench_dask_overhead.py compares variants)."""
    import dask
    import distributed

    LocalCluster: Any = distributed.LocalCluster
    config = {**LEAN_WORKERS, **LEAN_SCHEDULER, **_short_logs(), **(settings or {})}
    with dask.config.set(config), _without_trim():
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        )


def _dask(
    context: BatchContext,
    partitions: Iterator[Partition],
    workers: int,
    scheduler: str | None,
) -> Iterator[Outcome]:
    """Partitions as Dask tasks: pure, keyed by run and index, retried on failure.

    With ``scheduler`` the run joins that cluster; otherwise a LocalCluster of
    ``workers`` single-threaded processes is started and closed with the run.
    """
    try:
        import distributed
    except ImportError:
        raise InputError(
            "the Dask engine needs dask.distributed: pip install 'strive[cluster]'",
            where="--engine dask",
        ) from None
    import dask

    with dask.config.set(_short_logs()):
        yield from _dask_run(distributed, context, partitions, workers, scheduler)


def _short_logs() -> dict[str, Any]:
    """:data:`SHORT_LOGS`, or the configuration's own values where smaller."""
    import dask

    return {
        key: min(value, dask.config.get(key, value))
        for key, value in SHORT_LOGS.items()
    }


def _dask_run(
    distributed: Any,
    context: BatchContext,
    partitions: Iterator[Partition],
    workers: int,
    scheduler: str | None,
) -> Iterator[Outcome]:
    """:func:`_dask`'s run, inside its configuration."""
    Client: Any = distributed.Client
    cluster: Any = None
    client: Any
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise InputError(
                f"cannot reach the Dask scheduler: {exc}",
                where=f"--scheduler {scheduler}",
            ) from None
    else:
        cluster = local_cluster(workers)
        client = Client(cluster)
    try:
        shared = client.scatter(context, broadcast=True, hash=False)
        run = uuid.uuid4().hex[:12]
        window = 2 * max(workers, len(client.scheduler_info().get("workers", {})))
        flight: deque[tuple[Partition, Any]] = deque()
        for part in partitions:
            future = client.submit(
                run_task,
                shared,
                part.payload(),
                key=f"strive-batch-{run}-{part.index}",
                retries=3,
                pure=False,
            )
            flight.append((part, future))
            if len(flight) >= window:
                head, done = flight.popleft()
                yield head, done.result()
                done.release()
        while flight:
            head, done = flight.popleft()
            yield head, done.result()
            done.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def assess_file(
    template: str,
    source: Path,
    out: Path,
    *,
    limits: Any,
    start: Any,
    deadline: Any = None,
    top: int = 5,
    reach: bool = True,
    errors: Path | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    partition_size: int = 256,
    progress: Callable[[int], None] | None = None,
    offers: int = 3,
    offer: tuple[str, ...] = (),
    pilot: int = 256,
) -> BatchSummary:
    """``strive batch``: load the template (name or ``.toml`` path) and its cohort,
    fit the gap engine once, and run :func:`run_batch`.

    Everyone is also re-planned once per offered action (``offer``, or else the
    ``offers`` actions in the most routes of a ``pilot``: :func:`choose_offers`).

    Raises:
        TemplateError: the template cannot be loaded.
        DataImportError: the cohort or the people file cannot be read.
        InputError: a bad count, or an offered action not in the catalogue.
    """
    from dataclasses import replace

    from strive.batch.context import build_context
    from strive.templates import load_cohort, load_template

    if offers < 0:
        raise InputError(_("cannot offer fewer than 0 actions"), where="--offers")
    if pilot < 1:
        raise InputError(_("the pilot needs at least 1 person"), where="--pilot")
    loaded = load_template(template)
    for name in offer:
        if name not in loaded.catalogue:
            raise InputError(
                _("{name!r} is not an action of {goal}'s catalogue").format(
                    name=name, goal=loaded.name
                ),
                where="--offer",
            )
    context = build_context(
        loaded,
        load_cohort(loaded),
        limits=limits,
        start=start,
        deadline=deadline,
        top=top,
        reach=reach,
        source=str(source),
    )
    chosen = tuple(dict.fromkeys(offer)) or choose_offers(
        context, source, offers, pilot
    )
    context = replace(context, offers=chosen)
    return run_batch(
        context,
        source,
        out,
        errors=errors,
        engine=engine,
        workers=workers,
        scheduler=scheduler,
        partition_size=partition_size,
        progress=progress,
        metadata=goal_metadata(template, loaded.name),
    )
