"""Step 3, create a route: the cheapest plan within the person's limits, and batches.

Requirements are hard targets; gaps are added in rank order while a route still fits,
and the ones that do not are reported as open items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from strive.cohort import concat
from strive.conditions import Condition
from strive.errors import InputError, StateError
from strive.replan import effort_logged, effort_state, route_with_gaps
from strive.template import Window
from strive.traits import Value
from strive.workspace._base import GoalContext, _id
from strive.workspace.gap import GapMixin

if TYPE_CHECKING:
    from strive.gap import GapReport
    from strive.route import Route


@dataclass(frozen=True)
class BatchSummary:
    people: int
    feasible: int
    out: Path
    targets: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"Planned {self.people} routes ({self.feasible} feasible) into {self.out}"
        )


class RouteMixin(GapMixin):
    """Planning routes for the person (or a caseload)."""

    def plan(
        self,
        *,
        top: int = 5,
        weights: Any | None = None,
        save: bool = True,
        gap: GapReport | None = None,
        windows: Sequence[Window] | None = None,
        probability: float | None = None,
        margin: float = 0.0,
        targets: Sequence[str] = (),
        models: Sequence[Any] = (),
        ctx: GoalContext | None = None,
    ) -> Route:
        """Step 3: the cheapest route closing every requirement and the top gaps.

        ``targets`` are conditions of your own choosing that the route must meet
        (e.g. ``languages has russian``). On a labelled template, ``probability``
        makes the route also reach that probability (plus ``margin``) under the
        template's logistic model, exactly.

        ``windows`` replaces the template's application windows (e.g. when replaying
        a journey from years the template has no windows for).

        Requirements are hard. Gaps are taken in their rank order and kept when a
        route still fits the person's limits with them; the ones that do not fit are
        reported as open items, never silently dropped.

        ``ctx``: the active goal's context when the caller has already read it (the
        web app keeps it between requests while the data is unchanged); the effort
        entries are read here either way.
        """
        from strive.route import CostWeights

        # Read in one short transaction and plan outside it: planning takes tens of
        # milliseconds (seconds on a loaded machine), and on SQLite a transaction
        # open that long holds every other request of the server.
        with self._context_unit() as uow:
            ctx = ctx or self._context(uow, None)
            entries = uow.list_effort(_id(ctx.goal))
        report = gap or self._gaps_for(ctx)
        done, started = effort_state(entries, ctx.template.catalogue)
        common: dict[str, Any] = {
            "requirements": ctx.template.requirements,
            "limits": ctx.goal.limits,
            "start": self.today,
            "deadline": ctx.goal.target_date,
            "weights": weights or CostWeights(),
            "windows": ctx.template.windows if windows is None else windows,
            "done": done,
            "in_progress": started,
            "logged": effort_logged(entries),
            "continuous": ctx.template.continuous,
        }
        values = ctx.values(self.today)
        catalogue = ctx.template.catalogue
        hard: list[Any] = [Condition.parse(t, ctx.traits) for t in targets]
        hard.extend(models)  # fitted-model targets (strive.route.models)
        if probability is not None:
            hard.append(self._model_target(ctx, values, probability, margin))

        route = route_with_gaps(
            catalogue,
            ctx.traits,
            values,
            report.they_have_you_dont,
            hard=hard,
            top=top,
            **common,
        )
        if save:
            with self._context_unit(read=False) as uow:
                uow.save_route(_id(ctx.goal), route.to_json(), self.today)
        return route

    def _model_target(
        self,
        ctx: GoalContext,
        values: Mapping[str, Value | None],
        probability: float,
        margin: float,
    ) -> Any:
        """The labelled model's probability as an exact linear route target."""
        from strive.gap import SelectionModel

        if ctx.template.mode != "labelled":
            raise StateError(
                f"{ctx.template.name} is comparison-only (no data on people who were "
                "not selected), so there is no model probability to aim at"
            )
        if not 0 < probability + margin < 1:
            raise InputError("the probability (plus margin) must be between 0 and 1")
        cohort = concat([ctx.cohort, *ctx.imported])
        model = SelectionModel("logistic").fit(cohort, ctx.traits.comparable())
        missing = model.unknown_required(values)
        if missing:
            raise StateError(
                "a probability target needs your values for every model input; "
                f"record: {', '.join(missing)} (strive profile set TRAIT=VALUE)"
            )
        return model.linear_target(probability, margin)

    def plan_batch(
        self,
        people: Path,
        out: Path,
        *,
        targets: Sequence[str] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> BatchSummary:
        """Plan a route for every person in a CSV (a counsellor's caseload).

        The CSV has a ``name`` column and trait columns in the cohort CSV format; the
        active goal gives the template, limits and deadline. Every requirement must be
        met, plus the given target conditions. Routes go to a Parquet file.
        """
        from strive.route import plan_batch, write_parquet
        from strive.template import CohortSpec
        from strive.templates import read_cohort_csv

        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise StateError(
                "batch routes are written as Parquet: pip install 'strive[batch]'"
            ) from None
        ctx = self.context()
        spec = CohortSpec(file=str(people), name="people", year_column="year")
        table = read_cohort_csv(people, ctx.traits, spec, where=str(people))
        conditions = [Condition.parse(t, ctx.traits) for t in targets]
        names = list(table.names) or [str(i + 1) for i in range(table.size)]
        rows = [table.values(i) for i in range(table.size)]
        routes = plan_batch(
            rows,
            catalogue=ctx.template.catalogue,
            traits=ctx.traits,
            requirements=ctx.template.requirements,
            targets=conditions,
            limits=ctx.goal.limits,
            start=self.today,
            deadline=ctx.goal.target_date,
            windows=ctx.template.windows,
            progress=None
            if progress is None
            else lambda done: progress(done, len(rows)),
        )
        counted: list[bool] = []

        def tally() -> Iterator[Route]:
            for route in routes:
                counted.append(route.feasible)
                yield route

        from strive.storage.paths import tighten, write_private

        write_private(out, b"", "--out")  # created 0600 before pyarrow fills it
        written = write_parquet(tally(), str(out), ids=names)
        tighten(out)
        return BatchSummary(
            people=written, feasible=sum(counted), out=out, targets=tuple(targets)
        )
