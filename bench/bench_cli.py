"""Wall time of `strive --help`, `strive gap` and `strive route` on the NASA template.

Run by hand (not a timed test; results and the command go in docs/route.md):

    .venv/bin/python bench/bench_cli.py            # 15 runs of each, median
    .venv/bin/python bench/bench_cli.py --baseline /tmp/before/src   # vs other code

A fresh SQLite database in a temporary folder gets one NASA goal and a profile; then
each command runs in a fresh interpreter (``strive`` from this venv), the three
commands interleaved so that a neighbour's load on a shared machine falls on all of
them alike. Reported per command: median and min wall time, the median CPU time
(user + system of the child: what the command itself costs, whatever the load of
the neighbours), and the ratios of the medians to ``--help`` (issue 10's target: gap
and route at most 3x --help).

strive's own modules are compiled to bytecode first, as ``pip install`` does for an
installed strive (an editable install under ``PYTHONDONTWRITEBYTECODE=1`` would
otherwise compile every imported module on every run, which is not what a person
running strive pays); ``--no-bytecode`` measures that case instead.

``--baseline SRC`` also runs gap and route with ``PYTHONPATH=SRC`` (e.g. the
``src`` folder of ``git archive main src``), interleaved with the others, so that
before and after are measured in the same run under the same load.
``--baseline-strive PATH`` does the same with another installation's ``strive``
(e.g. main installed in its own venv, with the dependency versions it pins).
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
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


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run(
    args: list[str], env: dict[str, str], strive: str = STRIVE
) -> tuple[float, float]:
    """Wall and CPU seconds of one command in a fresh interpreter."""
    cpu = _cpu()
    start = time.perf_counter()
    subprocess.run(
        [strive, *args], env=env, check=True, stdout=subprocess.DEVNULL, timeout=120
    )
    return time.perf_counter() - start, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", metavar="SRC", help="Also run this source tree.")
    parser.add_argument(
        "--baseline-strive", metavar="PATH", help="Also run this strive executable."
    )
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="Compile strive's modules from source on every run (no .pyc).",
    )
    opts = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="strive-bench-cli-"))
    env = dict(os.environ, COLUMNS="100")
    env.pop("PYTHONPATH", None)
    if opts.no_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = str(folder / "no-pycache")  # stays empty
    else:
        import strive

        for tree in [Path(strive.__file__).parent, opts.baseline]:
            if tree is not None:
                compileall.compile_dir(str(tree), quiet=1)
    base_env = dict(env, PYTHONPATH=opts.baseline or "")
    db = str(folder / "bench.db")
    base = ["--db", db, "--today", "2026-01-15"]
    try:
        run([*base, "goal", "new", "Astronaut", "--template", "nasa-astronaut"], env)
        run([*base, "profile", "set", *PROFILE, "--date", "2025-06-01"], env)
        commands = {
            "--help": (["--help"], env, STRIVE),
            "gap": ([*base, "gap", "--json"], env, STRIVE),
            "route": ([*base, "route", "--json"], env, STRIVE),
        }
        if opts.baseline:
            for name in ("gap", "route"):
                commands[f"{name} (baseline)"] = (
                    [*base, name, "--json"],
                    base_env,
                    STRIVE,
                )
        if opts.baseline_strive:
            other = opts.baseline_strive
            commands["--help (other)"] = (["--help"], env, other)
            for name in ("gap", "route"):
                commands[f"{name} (other)"] = ([*base, name, "--json"], env, other)
        for args, where, exe in commands.values():  # warm the OS file cache
            run(args, where, exe)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(opts.runs):
            for name, (args, where, exe) in commands.items():
                wall, cpu = run(args, where, exe)
                times[name].append(wall)
                cpus[name].append(cpu)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    load = os.getloadavg()
    print(
        f"{opts.runs} runs each, interleaved; load average "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; cpus {os.cpu_count()}"
        + (f"; baseline {opts.baseline}" if opts.baseline else "")
        + (f"; other {opts.baseline_strive}" if opts.baseline_strive else "")
        + ("; no bytecode" if opts.no_bytecode else "; bytecode compiled")
    )
    print('(an "(other)" row\'s ratios are to "--help (other)")')
    print(
        f"{'command':<18}{'median s':>10}{'min s':>10}{'x --help':>10}"
        f"{'cpu s':>10}{'cpu x':>10}"
    )
    for name, values in times.items():
        helped = "--help (other)" if name.endswith("(other)") else "--help"
        help_wall = statistics.median(times[helped])
        help_cpu = statistics.median(cpus[helped])
        wall = statistics.median(values)
        cpu = statistics.median(cpus[name])
        print(
            f"{name:<18}{wall:>10.3f}{min(values):>10.3f}{wall / help_wall:>10.2f}"
            f"{cpu:>10.3f}{cpu / help_cpu:>10.2f}"
        )


if __name__ == "__main__":
    main()
