"""One synthetic caseload, end to end: people from a shipped cohort, ``strive batch``,
then ``strive caseload``'s top lines.

    .venv/bin/python bench/caseload_synthetic.py --people 20000 \
        --template nasa-astronaut --workers 2 --offers 3 --top 5

Builds ``--people`` synthetic people from the template's shipped cohort
(:mod:`strive.batch.synthetic`, ``--seed``: the selected, set back at random) as a
Parquet file in a temporary folder, runs the real commands on it (``strive --today
2026-12-01 batch ... --hours-per-week 10`` and ``strive caseload ... --top``) and
prints both commands, their wall and CPU seconds, the load average before and
after, the batch summary and the report's text. Nothing is kept (``--keep DIR``
keeps the people file, results and report). On a quiet 2-core machine NASA costs
about 8 CPU ms per person plus about 2 ms per offer (docs/batch.md), so 20,000
people with 3 offers take about 3 minutes with 2 workers.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import _uptime, make_people

TODAY = "2026-12-01"


def _run(args: list[str]) -> str:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = _uptime()
    began = time.perf_counter()
    env = {**os.environ, "COLUMNS": "120"}  # the report's tables on one line each
    done = subprocess.run(args, capture_output=True, text=True, check=False, env=env)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    shown = " ".join(a if " " not in a else repr(a) for a in args)
    print(f"$ {shown}\n# {wall:.1f} s wall, {cpu:.1f} CPU-s (this command and its "
          f"workers), load {load} -> {_uptime()}", flush=True)  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--template", default="nasa-astronaut")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", default="local", choices=("local", "dask"))
    parser.add_argument("--offers", type=int, default=3)
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="Keep the files in this folder.")
    args = parser.parse_args()
    strive = str(Path(sys.executable).with_name("strive"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        people = folder / "people.parquet"
        results = folder / "results.parquet"
        began = time.perf_counter()
        make_people(args.template, args.people, people, seed=args.seed)
        took = time.perf_counter() - began
        print(f"# {args.people:,} synthetic people from {args.template}'s cohort, "
              f"seed {args.seed}: {took:.1f} s", flush=True)  # fmt: skip
        out = _run([
            strive, "--today", TODAY, "batch", str(people), "--goal", args.template,
            "--out", str(results), "--errors", str(folder / "errors.csv"),
            "--hours-per-week", "10", "--engine", args.engine,
            "--workers", str(args.workers), "--offers", str(args.offers),
        ])  # fmt: skip
        print(out.strip(), flush=True)
        report = _run([
            strive, "caseload", str(results), "--top", str(args.top),
            "--html", str(folder / "report.html"),
        ])  # fmt: skip
        print(report.rstrip(), flush=True)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for name in ("people.parquet", "results.parquet", "report.html"):
                shutil.copy(folder / name, args.keep / name)
            os.chmod(args.keep / "results.parquet", 0o600)


if __name__ == "__main__":
    main()
