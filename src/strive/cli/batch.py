"""``strive batch`` and ``strive caseload``: a counsellor's whole caseload.

Formatting only: the work is :func:`strive.batch.engines.assess_file` and
:func:`strive.batch.io.read_caseload`. Progress goes to stderr, so ``--json`` keeps
stdout to one document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer

from strive.cli.output import (
    console,
    err_console,
    hours,
    number,
    parse_date,
    pct,
    print_json,
    table,
)
from strive.goal import Limits
from strive.i18n import _, ngettext


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
    app.command("caseload")(caseload)


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """A SIGTERM (``kill``, a batch scheduler's time limit, a container stopping)
    unwinds like Ctrl-C: the staged ``.part`` files are removed and nothing is left
    beside ``--out``, instead of the process dying where it stands."""
    import signal

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def batch(
    ctx: typer.Context,
    people: Annotated[
        Path,
        typer.Argument(
            help="People to assess: a .csv, .csv.gz or .parquet file with a name "
            "column, an optional year column and one column per trait (the cohort "
            "CSV format; Parquet may also use typed columns and lists for sets)."
        ),
    ],
    goal: Annotated[
        str,
        typer.Option("--goal", help="Built-in template name or path to a .toml."),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="The results Parquet file (one row a person).")
    ],
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors", help="Write skipped rows (line, field, why) to a CSV."
        ),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="local (processes) or dask.")
    ] = "local",
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="Processes (local), or LocalCluster workers (dask without "
            "--scheduler). Default: every core.",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="With --engine dask: the scheduler's address."
        ),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Everyone's target date (YYYY-MM-DD).")
    ] = None,
    hours_per_week: Annotated[
        float, typer.Option("--hours-per-week", help="Hours a week each can give.")
    ] = 10.0,
    money: Annotated[
        float | None, typer.Option("--money", help="Most money each can spend (US$).")
    ] = None,
    months_away: Annotated[
        float | None,
        typer.Option("--months-away", help="Most months away from home."),
    ] = None,
    max_parallel: Annotated[
        int, typer.Option("--max-parallel", help="Most actions in progress at once.")
    ] = 2,
    top: Annotated[
        int, typer.Option("--top", help="Each route also closes this many top gaps.")
    ] = 5,
    no_reach: Annotated[
        bool,
        typer.Option("--no-reach", help="Skip reach (a second plan per person)."),
    ] = False,
    partition: Annotated[
        int, typer.Option("--partition", help="People per partition (task).")
    ] = 256,
    offers: Annotated[
        int,
        typer.Option(
            "--offers",
            help="Re-plan everyone as if each of this many actions were offered "
            "(the actions in the most routes of the first --pilot people); one "
            "plan per person each. 0: none.",
        ),
    ] = 3,
    offer: Annotated[
        list[str] | None,
        typer.Option(
            "--offer", help="An action to re-plan everyone with (instead of --offers)."
        ),
    ] = None,
    pilot: Annotated[
        int, typer.Option("--pilot", help="People the --offers choice is made on.")
    ] = 256,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as one JSON document.")
    ] = False,
) -> None:
    """Gap and route for everyone in a file, on local processes or a Dask cluster."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from strive.batch.engines import assess_file
    from strive.batch.io import count_people
    from strive.storage.paths import check_output

    check_output(out, "--out")
    if errors is not None:
        check_output(errors, "--errors")
    root = ctx.find_root().obj or {}
    start: dt.date = root.get("today") or dt.date.today()
    limits = Limits(hours_per_week, money, months_away, max_parallel)
    total = count_people(people) if people.is_file() else None
    with (
        _stop_on_sigterm(),
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=err_console,
        ) as bar,
    ):
        task = bar.add_task(_("Assessing people"), total=total, rate="")
        began = dt.datetime.now()

        def tick(done: int) -> None:
            seconds = (dt.datetime.now() - began).total_seconds()
            rate = (
                _("{rate} people/s").format(rate=number(done / seconds, 1))
                if seconds > 0
                else ""
            )
            bar.update(task, completed=done, rate=rate)

        summary = assess_file(
            goal,
            people,
            out,
            limits=limits,
            start=start,
            deadline=parse_date(by, "--by"),
            top=top,
            reach=not no_reach,
            errors=errors,
            engine=engine,
            workers=workers,
            scheduler=scheduler,
            partition_size=partition,
            progress=tick,
            offers=offers,
            offer=tuple(offer or ()),
            pilot=pilot,
        )
    if as_json:
        print_json(summary.to_json())
        return
    console.print(str(summary))


def caseload(
    results: Annotated[
        Path, typer.Argument(help="A results file written by strive batch.")
    ],
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write a self-contained HTML report."),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", help="How many gaps and actions to list.")
    ] = 10,
    goal: Annotated[
        str | None,
        typer.Option(
            "--goal",
            help="The batch's template (name or .toml path): gaps are shown by "
            "its trait labels and actions by their names. Default: the template "
            "the results file records (strive batch records it).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as one JSON document.")
    ] = False,
) -> None:
    """Where a whole caseload stands: coverage, reach, gaps, actions, steps."""
    from strive.batch.io import read_caseload
    from strive.storage.paths import check_output, write_private

    if html is not None:
        check_output(html, "--html")
    report = read_caseload(results, top=top, goal=_labels(results, goal))
    if html is not None:
        from strive.batch.caseload_html import render_html

        write_private(
            html, render_html(report, title=str(results)).encode("utf-8"), "--html"
        )
    if as_json:
        print_json(report.to_json())
        return
    n = report.n
    console.print(
        ngettext(
            "{n} person; {f} with a feasible route.",
            "{n} people; {f} with a feasible route.",
            n,
        ).format(n=n, f=report.feasible)
    )
    for dist, title in ((report.coverage, _("Coverage")), (report.reach, _("Reach"))):
        if dist.quartiles is None:
            console.print(f"{title}: " + _("unknown for everyone (n={n})").format(n=n))
            continue
        q = dist.quartiles
        show = pct if dist.unit == "share" else hours
        console.print(
            f"{title}: "
            + _("median {m}, quartiles {a}-{b} (known for {k} of {n})").format(
                m=show(q[1]), a=show(q[0]), b=show(q[2]), k=dist.known, n=n
            )
        )
    gaps = table(_("Most common gaps"), _("gap"), _("people"), _("share"))
    for g in report.gaps:
        gaps.add_row(g.label or g.name, f"{g.people} / {g.n}", pct(g.share))
    console.print(gaps)
    acts = table(
        _("Actions in the most routes"),
        _("action"),
        _("people"),
        _("money (median)"),
        _("hours in routes (median)"),
        _("if offered: routes shortened"),
    )
    for a in report.actions:
        o = report.offer(a.action)
        acts.add_row(
            a.label or a.action,
            f"{a.people} / {a.n}",
            a.money_text(),
            hours(a.hours_median),
            _("not re-planned")
            if o is None
            else f"{o.earlier} / {o.n}, {o.days_text()}",
        )
    console.print(acts)
    if report.offers:
        moved = table(
            _("If offered (each person re-planned)"),
            _("action"),
            _("people moved"),
            _("finish earlier"),
            _("unblocked"),
            _("effort saved (median)"),
        )
        for o in report.offers:
            moved.add_row(
                o.label or o.action,
                f"{o.moved} / {o.n}",
                f"{o.earlier}: {o.days_text()}",
                str(o.unblocked),
                "-" if o.hours_median is None else hours(o.hours_median),
            )
        console.print(moved)
    steps = table(_("People by step"), _("step"), _("people"), _("share"))
    for s in report.steps:
        steps.add_row(s.label, f"{s.people} / {s.n}", pct(s.share))
    console.print(steps)
    for note in report.notes:
        console.print(note)
    if html is not None:
        console.print(_("Report written to {path}").format(path=html))


def _labels(results: Path, goal: str | None) -> Any:
    """The :class:`strive.batch.caseload.Goal` to label the report by: ``--goal``
    (a template that cannot be loaded is an error), else the template the results
    file records (one that cannot be loaded any more is said in the report), else
    None (a file from before batches recorded it)."""
    from strive.batch.caseload import Goal
    from strive.batch.io import recorded_goal
    from strive.errors import TemplateError
    from strive.templates import load_template

    if goal is not None:
        return Goal.of(load_template(goal), goal, "option")
    recorded = recorded_goal(results)
    if recorded is None:
        return None
    try:
        return Goal.of(load_template(recorded), recorded, "results_file")
    except TemplateError as exc:
        return Goal(recorded, "results_file", problem=str(exc))
