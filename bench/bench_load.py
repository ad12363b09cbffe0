"""Load benchmark of the web app with locust, against a plain FastAPI "hello" ceiling.

Run by hand (not a test; the figures and the command go in docs/web.md):

    .venv/bin/pip install -e '.[dev,bench]'
    .venv/bin/python bench/bench_load.py                       # both configurations
    .venv/bin/python bench/bench_load.py --duration 300 --config sqlite

For each configuration — ``sqlite`` (one uvicorn worker over a SQLite file) and
``postgres`` (two workers over a throwaway PostgreSQL cluster, started as in
tests/storage/conftest.py and removed afterwards) — the driver:

1. starts the strive app under uvicorn on a free port of 127.0.0.1;
2. signs up ``--users`` accounts through the API, each with a NASA-template goal and
   a profile (argon2 sign-ups stay outside the measured window);
3. runs locust headless: ``--users`` simulated people, 1-2 s between clicks, a mix of
   dashboard 4 : gap page 3 : route page 2 : log effort (form POST) 1;
4. starts the "hello" app with the same worker count and runs the same number of
   users with the same pauses against it: the ceiling of loopback HTTP here.

Printed: requests/s, p50/p95/p99 (ms) and failures per page, and the load average
(``os.getloadavg``) before and after each run, since the machine may be shared.
Everything binds 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PROFILE = {
    "us_citizen": "yes",
    "age": "34",
    "degree_level": "master",
    "degree_field": "stem",
    "experience_years": "6",
    "jet_pic_hours": "0",
    "military": "no",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def postgres(folder: Path) -> Iterator[str]:
    """A throwaway cluster (the recipe of tests/storage/conftest.py)."""
    pg = max(Path("/usr/lib/postgresql").glob("*/bin"))
    data, port = folder / "pg", free_port()
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_pg:
        shutil.chown(folder, "postgres")
    quiet = {"check": True, "stdout": subprocess.DEVNULL}
    initdb = [*as_pg, str(pg / "initdb"), "-D", str(data), "-U", "test"]
    initdb += ["--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"]
    subprocess.run(initdb, **quiet)  # type: ignore[arg-type]
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    ctl = [*as_pg, str(pg / "pg_ctl"), "-D", str(data), "-w"]
    subprocess.run([*ctl, "-l", str(folder / "log"), "-o", options, "start"], **quiet)  # type: ignore[arg-type]
    try:
        yield f"postgresql+psycopg://test@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*ctl, "-m", "immediate", "stop"], **quiet)  # type: ignore[arg-type]


@contextmanager
def serve(
    factory: str, workers: int, env: dict[str, str], folder: Path
) -> Iterator[str]:
    """The app under uvicorn on a free loopback port; its log in ``folder``."""
    port = free_port()
    command = [str(BIN / "python"), "-m", "uvicorn", "--factory", factory]
    command += ["--app-dir", str(BENCH), "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    log = open(folder / "server.log", "a", encoding="utf-8")  # noqa: SIM115
    process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(url + "/", timeout=2).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                raise RuntimeError(f"{factory} exited with {process.returncode}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def sign_up(url: str, users: int, run: str) -> list[dict[str, object]]:
    """``users`` accounts, each with a NASA goal and a profile, logged in."""
    from strive.templates import load_template

    actions = [a.name for a in load_template("nasa-astronaut").catalogue][:5]
    accounts: list[dict[str, object]] = []
    for i in range(users):
        with httpx.Client(base_url=url, timeout=60) as client:
            email = f"load{i}-{run}@example.org"
            body = {"email": email, "password": f"walk-the-moon-{i}-{run}"}
            r = client.post("/api/account", json={**body, "display_name": f"U{i}"})
            r.raise_for_status()
            csrf = r.json()["csrf"]
            headers = {"x-csrf-token": csrf}
            goal = {"title": "Astronaut", "template": "nasa-astronaut"}
            r = client.post("/api/goals", json=goal, headers=headers)
            r.raise_for_status()
            goal_id = r.json()["id"]
            r = client.post(
                f"/api/goals/{goal_id}/profile",
                json={"values": PROFILE},
                headers=headers,
            )
            r.raise_for_status()
            (cookie,) = client.cookies.jar
            accounts.append(
                {
                    "goal": goal_id,
                    "csrf": csrf,
                    "cookie": cookie.name,
                    "token": cookie.value,
                    "actions": actions,
                }
            )
    return accounts


def locust(
    url: str, user: str, users: int, duration: int, folder: Path, env: dict[str, str]
) -> dict[str, object]:
    prefix = folder / f"locust-{user}-{free_port()}"
    command = [str(BIN / "locust"), "-f", str(BENCH / "load_users.py"), user]
    command += ["--headless", "--host", url, "-u", str(users)]
    command += ["-r", str(max(users // 5, 1)), "-t", f"{duration}s"]
    command += ["--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"]
    command += ["--exit-code-on-error", "0"]
    before = os.getloadavg()
    with open(f"{prefix}.log", "w", encoding="utf-8") as log:
        subprocess.run(command, env=env, check=True, stdout=log, stderr=log)
    after = os.getloadavg()
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {"rows": rows, "load_before": before, "load_after": after}


def show(title: str, result: dict[str, object]) -> None:
    sys.stdout.flush()
    before, after = result["load_before"], result["load_after"]
    print(f"\n{title}  (load average before {before[0]:.2f}, after {after[0]:.2f})")  # type: ignore[index]
    print(
        f"| {'page':<12} | {'requests':>8} | {'req/s':>6} | {'p50':>5} | "
        f"{'p95':>5} | {'p99':>5} | {'max':>6} | {'errors':>6} |"
    )
    print("|" + "|".join("-" * w for w in (14, 10, 8, 7, 7, 7, 8, 8)) + "|")
    for row in result["rows"]:  # type: ignore[attr-defined]
        print(
            f"| {row['Name']:<12} | {row['Request Count']:>8} | "
            f"{float(row['Requests/s']):>6.1f} | {row['50%']:>5} | {row['95%']:>5} | "
            f"{row['99%']:>5} | {float(row['Max Response Time']):>6.0f} | "
            f"{row['Failure Count']:>6} |"
        )


def run_config(name: str, opts: argparse.Namespace, folder: Path) -> None:
    workers = 1 if name == "sqlite" else 2
    env = dict(os.environ)
    with contextmanager(_database)(name, folder) as db:
        from strive.storage import Store

        Store.open(db).engine.dispose()  # migrate once, before the workers start
        env["STRIVE_BENCH_DB"] = db
        with serve("load_apps:strive_app", workers, env, folder) as url:
            accounts = sign_up(url, opts.users, f"{name}{int(time.time())}")
            path = folder / f"accounts-{name}.json"
            path.write_text(json.dumps(accounts), encoding="utf-8")
            env["STRIVE_BENCH_ACCOUNTS"] = str(path)
            result = locust(url, "StriveUser", opts.users, opts.duration, folder, env)
            show(f"strive, {name}, {workers} worker(s), {opts.duration} s", result)
    with serve("load_apps:hello_app", workers, env, folder) as url:
        result = locust(url, "HelloUser", opts.users, opts.duration, folder, env)
        show(f"hello ceiling, {workers} worker(s), {opts.duration} s", result)


def _database(name: str, folder: Path) -> Iterator[str]:
    if name == "sqlite":
        yield str(folder / "load.db")
        return
    cluster = folder / "cluster"
    cluster.mkdir()
    with postgres(cluster) as url:
        yield url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="Seconds per run.")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--config", choices=["sqlite", "postgres"], action="append", default=None
    )
    opts = parser.parse_args()
    print(f"{opts.users} users, {opts.duration} s per run, {os.cpu_count()} cpus")
    folder = Path(tempfile.mkdtemp(prefix="strive-bench-load-"))
    os.chmod(folder, 0o755)
    try:
        for name in opts.config or ["sqlite", "postgres"]:
            run_config(name, opts, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
