"""Route planner benchmarks (run by hand; results go in docs/route.md).

.venv/bin/python bench/bench_route.py brute     # equal cost to brute force
.venv/bin/python bench/bench_route.py scaling   # 25..1000 actions, new vs old path
    [--people 60] [--sizes 25,50,100,200,1000]
.venv/bin/python bench/bench_route.py scaling --baseline-src DIR [--rounds 3]
    # this src against another tree's src (e.g. main's, from git archive):
    # two worker processes asked in turn for the same plan
.venv/bin/python bench/bench_route.py nasa      # batch per-person CPU, new vs old
    [--people 300] [--rounds 3] [--template nasa-astronaut] [--against batch]
.venv/bin/python bench/bench_route.py batch     # NASA template, people/s
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from strive.conditions import Condition
from strive.goal import Limits
from strive.route import CostWeights, plan_batch, plan_route
from strive.route.random_catalogue import (
    random_case,
    random_catalogue,
    random_traits,
    scaling_person,
)
from strive.route.select import Problem

# The independent brute force the tests use (its own cost, effects and conditions).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "route"))
import cases as cases_module
import oracle

START = dt.date(2026, 1, 1)
SIZES = (25, 50, 100, 200, 1000)


def brute(cases: int = 500) -> None:
    equal = feasible = 0
    for seed in range(cases):
        case = random_case(seed, n_actions=random.Random(seed).randint(2, 10))
        best = oracle.brute_force(
            case.traits,
            list(case.catalogue),
            case.values,
            case.targets,
            case.limits,
            CostWeights(),
        )
        route = plan_route(
            case.catalogue,
            case.traits,
            case.values,
            targets=case.targets,
            limits=case.limits,
            start=START,
            alternatives=False,
            explain_infeasible=False,
        )
        if best is None:
            equal += not route.feasible
            continue
        feasible += 1
        equal += (
            route.feasible and route.optimal and abs(route.totals.cost - best[0]) < 1e-6
        )
    print(f"brute force: {equal}/{cases} equal ({feasible} feasible cases)")
    built = 0
    for seed in range(cases):
        case_ = cases_module.feasible_case(seed, n_free=seed % 5)
        expected = oracle.brute_force(
            cases_module.TRAITS,
            list(case_.catalogue),
            case_.values,
            case_.targets,
            case_.limits,
            CostWeights(),
            case_.linear,
        )
        route = plan_route(
            case_.catalogue,
            cases_module.TRAITS,
            case_.values,
            targets=[*case_.targets, *case_.linear],
            limits=case_.limits,
            start=START,
            alternatives=False,
            explain_infeasible=False,
        )
        built += (
            expected is not None
            and route.optimal
            and abs(route.totals.cost - expected[0]) < 1e-6
        )
    print(f"feasible by construction (chains, debt, binding limits): {built}/{cases}")


def _arm(new: bool) -> None:
    """The new path (exact reductions before HiGHS: ``Problem.reduce``) or the old
    one, main's path as of the third round (clipped covering rows, enumeration up
    to 9 columns, a light HiGHS presolve on larger plain models)."""
    Problem.tighten = True
    Problem.reduce = new


def _tighten_arm(new: bool) -> None:
    """``nasa --against tighten``: clipped covering rows on and off."""
    Problem.tighten = new
    Problem.reduce = new


def _plan_scaling(catalogue: Any, traits: Any, values: Any, targets: Any) -> Any:
    """One scaling plan, the same call in both of the scaling modes."""
    return plan_route(
        catalogue,
        traits,
        values,
        targets=targets,
        limits=Limits(hours_per_week=20, max_parallel=3),
        start=START,
        alternatives=False,
        explain_infeasible=False,
    )


def scaling(people: int = 60, sizes: tuple[int, ...] = SIZES) -> None:
    """Each person is planned by the new and the old path, alternately (same run,
    same load); costs must agree to 1e-6 (an exception otherwise)."""
    print(f"load average: {_load()}  ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)")
    print(
        "| actions | targets | median ms | median CPU ms | old median ms | "
        "old median CPU ms | CPU old/new | p99 ms | HiGHS used | feasible | "
        "optimal | cuts |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        n_targets = n // 5
        rng = random.Random(n)
        traits = random_traits(n_numbers=n // 10, n_levels=n // 10, n_bools=n // 10)
        catalogue = random_catalogue(rng, traits, n, p_group=0.05)
        wall: dict[bool, list[float]] = {True: [], False: []}
        cpu: dict[bool, list[float]] = {True: [], False: []}
        solver = optimal = feasible = cuts = 0
        for k in range(people):
            values, targets = scaling_person(rng, traits, n_targets)
            costs = {}
            for new in (k % 2 == 0, k % 2 != 0):
                _arm(new)
                t0, c0 = time.perf_counter(), time.process_time()
                route = _plan_scaling(catalogue, traits, values, targets)
                wall[new].append(time.perf_counter() - t0)
                cpu[new].append(time.process_time() - c0)
                costs[new] = (route.feasible, route.optimal, route.totals.cost)
                if new:
                    optimal += route.optimal
                    feasible += route.feasible
                    cuts += route.extra.get("cuts", 0)
                    solver += bool(route.extra.get("solver"))
            same = costs[True][:2] == costs[False][:2] and (
                not costs[True][0] or abs(costs[True][2] - costs[False][2]) < 1e-6
            )
            if not same:
                raise AssertionError(f"{n} actions, person {k}: {costs}")
        _arm(True)
        times = sorted(wall[True])
        p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
        new_cpu, old_cpu = statistics.median(cpu[True]), statistics.median(cpu[False])
        print(
            f"| {n} | {n_targets} | {statistics.median(wall[True]) * 1e3:.1f} | "
            f"{new_cpu * 1e3:.2f} | {statistics.median(wall[False]) * 1e3:.1f} | "
            f"{old_cpu * 1e3:.2f} | {old_cpu / new_cpu:.2f} | {p99 * 1e3:.1f} | "
            f"{solver}/{people} | {feasible}/{people} | {optimal}/{people} | {cuts} |"
        )
    print(f"load average: {_load()}")


def _scaling_people(
    n: int, people: int
) -> tuple[Any, Any, list[tuple[dict[str, Any], list[Condition]]]]:
    rng = random.Random(n)
    traits = random_traits(n_numbers=n // 10, n_levels=n // 10, n_bools=n // 10)
    catalogue = random_catalogue(rng, traits, n, p_group=0.05)
    return (
        traits,
        catalogue,
        [scaling_person(rng, traits, n // 5) for _ in range(people)],
    )


def scaling_arm(cpu: int | None = None) -> None:
    """One arm of ``scaling --baseline-src``: a worker that plans with whatever
    ``strive`` this process imports (the shipped path). It reads ``size person``
    lines on stdin and answers each with one JSON line: CPU and wall seconds,
    feasible, optimal, cost, finish date, whether HiGHS was used."""
    import strive

    if cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})
    print(json.dumps({"src": str(Path(strive.__file__).parent.parent)}), flush=True)
    made: dict[int, Any] = {}
    for line in sys.stdin:
        n, k = (int(v) for v in line.split())
        if n not in made:
            made[n] = _scaling_people(n, k + 1)
        traits, catalogue, persons = made[n]
        while len(persons) <= k:  # more people than first asked for: rebuild
            made[n] = _scaling_people(n, 2 * len(persons))
            traits, catalogue, persons = made[n]
        values, targets = persons[k]
        t0, c0 = time.perf_counter(), time.process_time()
        route = _plan_scaling(catalogue, traits, values, targets)
        cpu, wall = time.process_time() - c0, time.perf_counter() - t0
        end = max((s.end for s in route.steps), default=START)
        answer = [
            cpu,
            wall,
            route.feasible,
            route.optimal,
            route.totals.cost,
            end.isoformat(),
            bool(route.extra.get("solver")),
        ]
        print(json.dumps(answer), flush=True)


def _median_of_min(plans: list[list[Any]], people: int, field: int) -> float:
    """Median over people of each one's fastest plan (ms); ``plans`` holds the
    rounds one after another, people in the same order in each."""
    best = [
        min(plans[j][field] for j in range(k, len(plans), people))
        for k in range(people)
    ]
    return statistics.median(best) * 1e3


def scaling_against(
    baseline: Path, people: int, sizes: tuple[int, ...], rounds: int, cpu: int = 0
) -> None:
    """This checkout's ``src`` (new) against ``baseline`` (old, e.g. main's ``src``
    from ``git archive``): two worker processes, one per tree, asked in turn for
    the same plan (new first for even people, old first for odd ones), so load
    bursts hit both arms alike; each person is planned ``rounds`` times by each
    (the first pass over a size is an untimed warm-up). The same feasibility,
    optimality, cost and finish date for every person, or an exception. Times:
    the median over people of each person's fastest plan."""
    own = Path(__file__).resolve().parent.parent / "src"
    workers = {}
    for new, src in ((True, own), (False, baseline)):
        # The same hash seed (set orders) and the same core for both workers:
        # two unpinned workers each read 0.75-1.08 against the other on
        # identical code, as each sat on a core with different other load.
        env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")
        proc = subprocess.Popen(
            [sys.executable, __file__, "scaling-arm", "--cpu", str(cpu)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        hello = json.loads(proc.stdout.readline())
        if Path(hello["src"]).resolve() != src.resolve():
            raise AssertionError(f"imported {hello['src']}, not {src}")
        workers[new] = proc

    def ask(new: bool, n: int, k: int) -> list[Any]:
        proc = workers[new]
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(f"{n} {k}\n")
        proc.stdin.flush()
        answer: list[Any] = json.loads(proc.stdout.readline())
        return answer

    print(f"load average: {_load()}  ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)")
    print(f"new: {own}  old: {baseline}  rounds: {rounds}  both on CPU {cpu}")
    print(
        "| actions | new median CPU ms | old median CPU ms | old/new | "
        "new median ms | old median ms | HiGHS used | feasible | optimal |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    try:
        for n in sizes:
            runs: dict[bool, list[list[Any]]] = {True: [], False: []}
            for r in range(rounds + 1):
                for k in range(people):
                    for new in (k % 2 == 0, k % 2 != 0):
                        answer = ask(new, n, k)
                        if r:
                            runs[new].append(answer)
            for j, (a, b) in enumerate(zip(runs[True], runs[False], strict=True)):
                same = a[2:4] == b[2:4] and (
                    not a[2] or (abs(a[4] - b[4]) < 1e-6 and a[5] == b[5])
                )
                if not same:
                    raise AssertionError(f"{n} actions, plan {j}: {a[2:]} != {b[2:]}")
            cpu = {k: _median_of_min(v, people, 0) for k, v in runs.items()}
            wall = {k: _median_of_min(v, people, 1) for k, v in runs.items()}
            first = runs[True][:people]
            counts = " | ".join(
                f"{sum(r[i] for r in first)}/{people}" for i in (6, 2, 3)
            )
            print(
                f"| {n} | {cpu[True]:.2f} | {cpu[False]:.2f} | "
                f"{cpu[False] / cpu[True]:.2f} | {wall[True]:.1f} | "
                f"{wall[False]:.1f} | {counts} |",
                flush=True,
            )
    finally:
        for proc in workers.values():
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait()
    print(f"load average: {_load()}")


def _batch_arm(new: bool) -> None:
    """issue 12's batch-fast shortcuts in the look-alike index (the rest is the
    context's ``fast`` flag); the selection as shipped in both."""
    import strive.gap.lookalikes as lookalikes

    lookalikes._FAST = new
    Problem.tighten = True  # the selection as shipped (``Problem.reduce`` default)


def nasa(
    people: int = 300,
    rounds: int = 3,
    template_name: str = "nasa-astronaut",
    against: str = "batch",
) -> None:
    """CPU per person of ``strive batch``'s per-person work (gap, reach, route),
    new path against old, alternating rounds in one process (new, old, old, new,
    ...: no side always first); every person's result must be the same on both.

    ``against="batch"``: the per-person shortcuts of issue 12's batch-fast work
    (``BatchContext.fast`` and the look-alike index's direct lookups) on and off;
    every output row (every column of ``PersonResult.to_row()``) must be equal.
    ``against="tighten"``: the selection's clipped covering rows
    (``Problem.tighten``) on and off; cost, feasibility, optimality and finish
    must be equal.
    """
    from dataclasses import replace

    from strive.batch import build_context
    from strive.batch.partition import InputRow, parse_row
    from strive.batch.person import assess
    from strive.batch.synthetic import synthetic_people
    from strive.templates import load_cohort, load_template

    print(f"load average: {_load()}  ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)")
    template = load_template(template_name)
    cohort = load_cohort(template)
    context = build_context(
        template, cohort, limits=Limits(), start=dt.date(2026, 12, 1)
    )
    old_context = replace(context, fast=False)
    arm = _batch_arm if against == "batch" else _tighten_arm
    rows = []
    for i, cells in enumerate(synthetic_people(cohort, template.traits, people, 2)):
        parsed = parse_row(context, InputRow(i, cells))
        assert isinstance(parsed, tuple)
        rows.append(parsed[1])
    for new in (True, False):  # imports and caches, both paths
        arm(new)
        for values in rows[:20]:
            assess(context if new or against != "batch" else old_context, values)
    cpu: dict[bool, list[float]] = {True: [], False: []}
    results: dict[bool, list[object]] = {}
    for k in range(2 * rounds):
        new = k % 4 in (0, 3)
        arm(new)
        ctx = context if new or against != "batch" else old_context
        c0 = time.process_time()
        out = [assess(ctx, values) for values in rows]
        cpu[new].append(time.process_time() - c0)
        results[new] = [
            r.to_row()
            if against == "batch"
            else (r.cost, r.feasible, r.optimal, r.finish)
            for r in out
        ]
    arm(True)
    for i, (a, b) in enumerate(zip(results[True], results[False], strict=True)):
        if a != b:
            raise AssertionError(f"person {i}: new and old paths disagree\n{a}\n{b}")
    new_ms = statistics.median(cpu[True]) / people * 1e3
    old_ms = statistics.median(cpu[False]) / people * 1e3
    same = (
        "every output row identical"
        if against == "batch"
        else "same cost, feasibility, optimality and finish for everyone"
    )
    print(
        f"{template_name} ({against}), {people} people x {rounds} rounds per path: "
        f"new {new_ms:.2f} ms CPU/person, old {old_ms:.2f} ms CPU/person (medians "
        f"of rounds; old/new {old_ms / new_ms:.2f}); per round new "
        f"{' '.join(f'{c / people * 1e3:.2f}' for c in cpu[True])}, old "
        f"{' '.join(f'{c / people * 1e3:.2f}' for c in cpu[False])}; {same}"
    )
    print(f"load average: {_load()}")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def batch(n: int = 4000) -> None:
    from strive.templates import load_template

    nasa = load_template("nasa-astronaut")
    rng = random.Random(7)
    people = []
    for _ in range(n):
        people.append(
            {
                "us_citizen": True,
                "age": float(rng.randint(25, 45)),
                "degree_level": rng.choice(["bachelor", "master", "doctorate"]),
                "degree_field": rng.choice(["stem", "medicine", "other"]),
                "phd_years": float(rng.randint(0, 2)),
                "experience_years": float(rng.randint(0, 10)),
                "jet_pic_hours": float(rng.choice([0, 0, 300, 1200])),
                "military": rng.random() < 0.2,
                "pilot_certificate": rng.random() < 0.3,
                "scuba": rng.choice(["none", "open_water", "advanced"]),
                "languages": rng.sample(["english", "spanish", "russian"], 2),
                "passes_physical": None,
            }
        )
    targets = [
        Condition.parse(t, nasa.traits)
        for t in ("pilot_certificate", "scuba>=open_water", "languages>=3")
    ]
    for workers in (1, 2):
        t0 = time.perf_counter()
        routes = list(
            plan_batch(
                people,
                catalogue=nasa.catalogue,
                traits=nasa.traits,
                requirements=nasa.requirements,
                targets=targets,
                limits=Limits(months_away=1),
                start=START,
                deadline=dt.date(2030, 1, 1),
                workers=workers,
            )
        )
        elapsed = time.perf_counter() - t0
        feasible = sum(r.feasible for r in routes)
        optimal = sum(r.optimal for r in routes)
        print(
            f"batch NASA, {workers} worker(s): {n / elapsed:,.0f} people/s "
            f"({feasible} feasible, {optimal} optimal of {n})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "what", choices=("brute", "scaling", "scaling-arm", "batch", "nasa")
    )
    parser.add_argument(
        "--people", type=int, help="scaling: per size (60); nasa: people (300)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        help="nasa: rounds per path (3); scaling --baseline-src: plans each (3)",
    )
    parser.add_argument(
        "--cpu", type=int, help="scaling --baseline-src: the core both workers use (0)"
    )
    parser.add_argument(
        "--baseline-src",
        type=Path,
        help="scaling: compare this src with another tree's src (subprocesses)",
    )
    parser.add_argument(
        "--template",
        default="nasa-astronaut",
        help="nasa: template (nasa-astronaut, graduate-admissions, ...)",
    )
    parser.add_argument(
        "--against",
        choices=("batch", "tighten"),
        default="batch",
        help="nasa: the old path: batch-fast's shortcuts off (batch) or the "
        "selection's clipped covering rows off (tighten)",
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="scaling: catalogue sizes (targets = size / 5)",
    )
    args = parser.parse_args()
    if args.what == "scaling":
        sizes = tuple(int(s) for s in args.sizes.split(","))
        if args.baseline_src is not None:
            scaling_against(
                args.baseline_src,
                args.people or 60,
                sizes,
                args.rounds or 3,
                args.cpu or 0,
            )
        else:
            scaling(args.people or 60, sizes)
    elif args.what == "scaling-arm":
        scaling_arm(args.cpu)
    elif args.what == "nasa":
        nasa(args.people or 300, args.rounds or 3, args.template, args.against)
    else:
        {"brute": brute, "batch": batch}[args.what]()


if __name__ == "__main__":
    main()
