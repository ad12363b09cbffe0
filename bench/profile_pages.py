"""cProfile of one signed-up person's pages, in process (run by hand).

    .venv/bin/python bench/profile_pages.py              # top functions per page
    .venv/bin/python bench/profile_pages.py --page route --top 40

Signs up one account over a fresh SQLite file (as bench/bench_load.py does), warms
each page once (imports, first-use caches), then profiles ``--repeat`` requests of
each page with cProfile and prints the median wall time and the top functions by
cumulative time: where a slow page spends its time.

    .venv/bin/python bench/profile_pages.py --time           # no cProfile: timings
    .venv/bin/python bench/profile_pages.py --time --cold    # every request a miss

``--time`` measures without cProfile (its overhead roughly doubles a handler) and
prints the median wall time and the median CPU time of the process per request
(CPU time is what a loaded machine disturbs least). The app keeps computed results
between requests (strive.web.memo); ``--cold`` empties that cache before every
request, so each one computes as after a change of the person's data.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import fastapi.routing
from fastapi.testclient import TestClient

from strive.web.app import create_app

PROFILER = cProfile.Profile()


PROFILING = True


async def _profiled(func: Any, *args: Any, **kwargs: Any) -> Any:
    """FastAPI runs sync handlers in a thread pool, out of cProfile's sight (it
    profiles one thread): run them in the event loop's thread, under the profiler."""
    if not PROFILING:
        return func(*args, **kwargs)
    PROFILER.enable()
    try:
        return func(*args, **kwargs)
    finally:
        PROFILER.disable()


fastapi.routing.run_in_threadpool = _profiled  # type: ignore[assignment]

PROFILE = {
    "us_citizen": "yes",
    "age": "34",
    "degree_level": "master",
    "degree_field": "stem",
    "experience_years": "6",
    "jet_pic_hours": "0",
    "military": "no",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", choices=["dashboard", "gap", "route", "effort"])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--time", action="store_true", help="no cProfile")
    parser.add_argument("--cold", action="store_true", help="empty the cache first")
    opts = parser.parse_args()
    global PROFILING
    PROFILING = not opts.time
    folder = Path(tempfile.mkdtemp(prefix="strive-profile-"))
    app = create_app(folder / "p.db")
    client = TestClient(app, base_url="http://127.0.0.1")
    r = client.post(
        "/api/account",
        json={
            "email": "p@example.org",
            "password": "walk-the-moon-9",
            "display_name": "P",
        },
    )
    csrf = r.json()["csrf"]
    h = {"x-csrf-token": csrf}
    goal = client.post("/api/goals", json={"title": "A"}, headers=h).json()["id"]
    client.post(f"/api/goals/{goal}/profile", json={"values": PROFILE}, headers=h)
    pages = {
        "dashboard": lambda: client.get("/"),
        "gap": lambda: client.get(f"/goals/{goal}/gap"),
        "route": lambda: client.get(f"/goals/{goal}/route"),
        "effort": lambda: client.post(
            f"/goals/{goal}/effort",
            data={"csrf": csrf, "hours": "1", "action": "private_pilot"},
            follow_redirects=False,
        ),
    }
    for name, call in pages.items():
        if opts.page and name != opts.page:
            continue
        assert call().status_code in (200, 303), name
        times, cpu = [], []
        PROFILER.clear()
        for _ in range(opts.repeat):
            if opts.cold:
                app.state.memo.clear()
            start, start_cpu = time.perf_counter(), time.process_time()
            call()
            cpu.append(time.process_time() - start_cpu)
            times.append(time.perf_counter() - start)
        print(
            f"\n== {name}: median {statistics.median(times) * 1000:.1f} ms, "
            f"CPU {statistics.median(cpu) * 1000:.1f} ms"
        )
        if opts.time:
            continue
        PROFILER.create_stats()
        if not PROFILER.stats:  # type: ignore[attr-defined]
            print("   (an async handler: not profiled here)")
            continue
        stats = pstats.Stats(PROFILER)
        stats.sort_stats("cumulative").print_stats(
            r"strive|sqlalchemy/orm/session|matplotlib/figure", opts.top
        )


if __name__ == "__main__":
    main()
