"""Wall time of `strive --help`, `strive gap` and `strive route` on the NASA template.

Run by hand (not a timed test; results and the command go in docs/route.md):

    .venv/bin/python bench/bench_cli.py            # 15 runs of each, median
    .venv/bin/python bench/bench_cli.py --baseline /tmp/before/src   # vs other code

A fresh SQLite database in a temporary folder gets one NASA goal and a profile; then
each command runs in a fresh interpreter (``strive`` from this venv), the three
commands interleaved so that a neighbour's load on a shared machine falls on all of
them alike. Reported: median and min wall time per command, and the ratio of the
medians to ``--help`` (issue 10's target: gap and route at most 3x --help).

``--baseline SRC`` also runs gap and route with ``PYTHONPATH=SRC`` (e.g. the
``src`` folder of ``git archive main src``), interleaved with the others, so that
before and after are measured in the same run under the same load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STRIVE = str(Path(sys.executable).with_name("strive"))
PROFILE = [
    "us_citizen=yes",
    "age=34",
    "degree_level=master",
    "degree_field=stem",
    "experience_years=6",
    "jet_pic_hours=0",
    "military=no",
]


def run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [STRIVE, *args], env=env, check=True, stdout=subprocess.DEVNULL, timeout=120
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", metavar="SRC", help="Also run this source tree.")
    opts = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="strive-bench-cli-"))
    env = dict(os.environ, COLUMNS="100")
    env.pop("PYTHONPATH", None)
    base_env = dict(env, PYTHONPATH=opts.baseline or "")
    db = str(folder / "bench.db")
    base = ["--db", db, "--today", "2026-01-15"]
    try:
        run([*base, "goal", "new", "Astronaut", "--template", "nasa-astronaut"], env)
        run([*base, "profile", "set", *PROFILE, "--date", "2025-06-01"], env)
        commands = {
            "--help": (["--help"], env),
            "gap": ([*base, "gap", "--json"], env),
            "route": ([*base, "route", "--json"], env),
        }
        if opts.baseline:
            commands["gap (baseline)"] = ([*base, "gap", "--json"], base_env)
            commands["route (baseline)"] = ([*base, "route", "--json"], base_env)
        for args, where in commands.values():  # warm the OS file cache
            run(args, where)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(opts.runs):
            for name, (args, where) in commands.items():
                times[name].append(run(args, where))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    load = os.getloadavg()
    print(
        f"{opts.runs} runs each, interleaved; load average "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; cpus {os.cpu_count()}"
        + (f"; baseline {opts.baseline}" if opts.baseline else "")
    )
    help_median = statistics.median(times["--help"])
    print(f"{'command':<18}{'median s':>10}{'min s':>10}{'x --help':>10}")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:<18}{median:>10.3f}{min(values):>10.3f}"
            f"{median / help_median:>10.2f}"
        )


if __name__ == "__main__":
    main()
