"""The Dask engine on a real LocalCluster: same output as local, even when a worker
process is killed in the middle of the run (its partitions are retried)."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from strive.batch import BatchContext
from strive.batch.engines import run_batch


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")  # a failure under CI=true
    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=":0",
    ) as local:
        yield local


def test_the_context_reaches_each_worker_once_not_once_per_task(
    cluster: Any,
    nasa_context: BatchContext,
    people_csv: Callable[..., Path],
    tmp_path: Path,
) -> None:
    import distributed
    from counting_context import CountingContext, loads

    summary = run_batch(
        CountingContext.of(replace(nasa_context, reach=False)),
        people_csv(24, seed=3),
        tmp_path / "dask.parquet",
        engine="dask",
        scheduler=cluster.scheduler_address,
        partition_size=3,  # 8 tasks over 2 workers
    )
    assert summary.written == 24
    with distributed.Client(cluster.scheduler_address) as client:
        per_worker = client.run(loads)
    assert sorted(per_worker.values()) == [1, 1]


def test_a_killed_worker_leaves_the_output_complete_and_identical(
    cluster: Any,
    nasa_context: BatchContext,
    people_csv: Callable[..., Path],
    tmp_path: Path,
) -> None:
    import distributed

    source = people_csv(48, seed=5)
    run_batch(
        nasa_context, source, tmp_path / "local.parquet", workers=1, partition_size=4
    )

    address = cluster.scheduler_address
    with distributed.Client(address) as client:
        before = client.run(os.getpid)
    assert len(before) == 2
    victim = sorted(before.items())[0][1]
    killed: list[int] = []

    def kill_once(done: int) -> None:
        # After the first partition is back, others are running on both workers.
        if not killed:
            os.kill(victim, signal.SIGKILL)
            killed.append(done)

    summary = run_batch(
        nasa_context,
        source,
        tmp_path / "dask.parquet",
        engine="dask",
        workers=2,
        scheduler=address,
        partition_size=4,
        progress=kill_once,
    )
    assert killed == [4]
    assert summary.written == 48
    with distributed.Client(address) as client:
        client.wait_for_workers(2, timeout=180)  # a restart imports everything again
        after = set(client.run(os.getpid).values())
    assert victim not in after  # the worker really died (the nanny restarted it)
    local = pq.read_table(tmp_path / "local.parquet")
    remote = pq.read_table(tmp_path / "dask.parquet")
    assert remote.num_rows == 48
    assert remote.equals(local)


def test_a_local_cluster_started_by_the_run_matches_local(
    nasa_context: BatchContext, people_csv: Callable[..., Path], tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    source = people_csv(10, seed=9)
    run_batch(
        nasa_context, source, tmp_path / "local.parquet", workers=1, partition_size=3
    )
    run_batch(
        nasa_context,
        source,
        tmp_path / "dask.parquet",
        engine="dask",
        workers=1,
        partition_size=3,
    )
    assert pq.read_table(tmp_path / "dask.parquet").equals(
        pq.read_table(tmp_path / "local.parquet")
    )


def test_the_engines_workers_allocate_as_local_processes(
    nasa_context: BatchContext, people_csv: Callable[..., Path], tmp_path: Path
) -> None:
    """Dask starts workers with MALLOC_TRIM_THRESHOLD_ (and copies it into the
    starting process's environment, as the module's cluster above has done here),
    which turns glibc's adaptive mmap threshold off: every large allocation of a
    task was mapped and unmapped again. The engine's own LocalCluster leaves it
    out; OMP/OpenBLAS stay at one thread per worker."""
    psutil = pytest.importorskip("psutil")
    os.environ["MALLOC_TRIM_THRESHOLD_"] = "65536"  # as a Dask cluster leaves it
    seen: dict[int, dict[str, str]] = {}
    # Not the module's cluster above: only the processes this run starts.
    others = {p.pid for p in psutil.Process().children(recursive=True)}

    def look(_done: int) -> None:
        for child in psutil.Process().children(recursive=True):
            if child.pid in others:
                continue
            try:
                env = child.environ()
            except psutil.Error:
                continue  # a process that just exited
            if "spawn_main" in " ".join(child.cmdline()):  # a worker process
                seen[child.pid] = env

    try:
        run_batch(
            replace(nasa_context, reach=False),
            people_csv(6, seed=5),
            tmp_path / "dask.parquet",
            engine="dask",
            workers=2,
            partition_size=2,
            progress=look,
        )
        assert os.environ["MALLOC_TRIM_THRESHOLD_"] == "65536"  # put back
    finally:
        os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    assert len(seen) >= 2, seen  # both workers looked at
    for env in seen.values():
        assert "MALLOC_TRIM_THRESHOLD_" not in env
        assert env.get("OMP_NUM_THREADS") == "1"


def test_the_engines_scheduler_keeps_no_long_history_of_tasks() -> None:
    """A task carries its partition's rows, and the scheduler's low-level log keeps
    each recent transition with its task: at Dask's default (1,000 entries) the
    driver held up to ~1,000 partitions. The engine's cluster keeps a short log."""
    distributed = pytest.importorskip("distributed")
    from strive.batch.engines import LEAN_SCHEDULER, local_cluster

    keep = LEAN_SCHEDULER["distributed.admin.low-level-log-length"]
    cluster = local_cluster(1)
    try:
        with distributed.Client(cluster) as client:
            for i in range(3 * keep):
                client.submit(len, bytes(50_000), key=f"t-{i}", pure=False).result()
        log = cluster.scheduler.transition_log
        assert log.maxlen == keep
        assert 0 < len(log) <= keep
    finally:
        cluster.close()
