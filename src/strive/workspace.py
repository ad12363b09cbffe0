"""The library's front door: one person's goals, profile and journey in a database.

Every public method is one unit of work (one transaction) and returns plain result
objects; the CLI, the demo and (later) the web app only format them.

>>> ws = Workspace.open("journey.db")                      # doctest: +SKIP
>>> goal = ws.new_goal("Become a NASA astronaut", "nasa-astronaut")  # doctest: +SKIP
>>> ws.set_traits({"degree_level": "master", "degree_field": "stem"})  # doctest: +SKIP
>>> report = ws.gap()                                        # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from strive.attempts import Attempt, Outcome
from strive.cohort import Cohort, CohortSource, concat
from strive.conditions import Condition
from strive.corrections import ChangeKind, Correction, RecordKind, snapshot
from strive.effort import EffortEntry
from strive.errors import InputError, StateError, TemplateError
from strive.evidence import Evidence
from strive.goal import Goal, GoalStatus, Limits
from strive.profile import NOT_YET, NOT_YET_WORDS, Change, Profile, Recorded
from strive.progress import PlannedAction, Progress, compute_progress
from strive.replan import effort_logged, effort_state, gap_targets
from strive.review import (
    AttemptSummary,
    Review,
    base_rate_lines,
    changes_since,
    summarise_attempts,
)
from strive.supporters import Share, Supporter
from strive.template import Template, Window
from strive.traits import Kind, Mutability, Trait, TraitSet, Value
from strive.unknowns import RecordFirst, nothing_known, record_first

if TYPE_CHECKING:
    from strive.gap import GapReport, TraitSources
    from strive.reach import HeadlinePoint
    from strive.route import Route
    from strive.storage import Store, UnitOfWork
    from strive.storage.records import StoredTemplate


REACH_K = 3
"""Reach is the least effort to match at least this many of the selected."""


@dataclass(frozen=True)
class GoalContext:
    """Everything about one goal that the engines need, read in one transaction."""

    goal: Goal
    template: Template
    traits: TraitSet
    profile: Profile
    evidence: tuple[Evidence, ...]
    cohort: Cohort
    imported: tuple[Cohort, ...]

    def values(self, when: dt.date) -> dict[str, Value | None]:
        return self.profile.values(self.traits, when)


@dataclass(frozen=True)
class TemplateUpdate:
    """What ``strive template update`` did: the goal and its stored template."""

    goal: Goal
    stored: StoredTemplate
    changed: bool


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


class Workspace:
    """One person's strive data in one database (SQLite file or PostgreSQL URL)."""

    def __init__(
        self,
        store: Store,
        *,
        person: str = "me",
        today: dt.date | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.person = person
        self.today = today or dt.date.today()
        self.notify = notify
        """Called with a notice worth telling (e.g. a template file has changed)."""
        self._noticed: set[str] = set()

    @classmethod
    def open(
        cls,
        db: str | Path | None = None,
        *,
        person: str = "me",
        today: dt.date | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> Workspace:
        """Open (and migrate) the database; ``None`` means the default location."""
        from strive.storage import Store

        return cls(Store.open(db), person=person, today=today, notify=notify)

    @contextmanager
    def _unit(self) -> Iterator[UnitOfWork]:
        with self.store.unit(self.person) as uow:
            yield uow

    # -- goals ---------------------------------------------------------------------

    def new_goal(
        self,
        title: str,
        template: str,
        *,
        why: str = "",
        target_date: dt.date | None = None,
        limits: Limits | None = None,
        follows: int | None = None,
    ) -> Goal:
        """Set a goal judged against a template's selection.

        ``template`` is a built-in template's name or the path of your own template
        file. Your own template is validated with its cohort and stored with the
        goal, so the goal keeps working from any folder and after the file moves.
        """
        from strive.storage.records import StoredTemplate
        from strive.templates import load_template
        from strive.templates.stored import read_template_files

        if not title.strip():
            raise InputError("a goal needs a title")
        files = None
        if _is_builtin(template):
            name = load_template(template).name
        else:
            load_template(template)  # unknown names get the usual message
            files = read_template_files(template)
            name = files.name
        goal = Goal(
            title=title.strip(),
            template=name,
            why=why,
            target_date=target_date,
            limits=limits or Limits(),
            created=self.today,
        )
        with self._unit() as uow:
            current = uow.active_goal()
            if current is not None:  # at most one active goal
                uow.update_goal(current.pause(self.today))
            saved = uow.add_goal(goal)
            if files is not None:
                stored = uow.add_stored_template(
                    StoredTemplate(
                        name=files.name,
                        source_path=files.source_path,
                        digest=files.digest,
                        toml=files.toml,
                        cohort_file=files.cohort_file,
                        cohort_csv=files.cohort_csv,
                        stored=self.today,
                    )
                )
                uow.set_goal_template(_id(saved), stored.id)
            if follows is not None:
                previous = uow.get_goal(follows)
                uow.update_goal(replace(previous, next_goal=saved.id))
            return saved

    def update_template(
        self, path: str | Path | None = None, goal_id: int | None = None
    ) -> TemplateUpdate:
        """Store the new version of a goal's own template (all or nothing).

        ``path`` defaults to the file the template was first read from. The new
        version is validated with its cohort before anything is written. A goal made
        from a file before templates were stored gets its template stored now.

        Raises:
            StateError: the goal uses a built-in template, or the file is gone.
            TemplateError, DataImportError: the new version is not valid.
        """
        from strive.storage.records import StoredTemplate
        from strive.templates.stored import read_template_files

        with self._unit() as uow:
            goal = self._goal(uow, goal_id)
            stored = uow.goal_template(_id(goal))
            if stored is None and _is_builtin(goal.template):
                raise StateError(
                    f"goal {goal.id} uses the built-in template {goal.template!r}; "
                    "only your own template files are stored and updated"
                )
            source = goal.template if stored is None else stored.source_path
            if path is None and not Path(source).is_file():
                kept = (
                    "" if stored is None else "; the goal keeps using its stored copy"
                )
                raise StateError(
                    f"{source} is gone (moved or deleted){kept}. To store a new "
                    "version, give its path: strive template update PATH"
                )
            files = read_template_files(path or source)
            if stored is not None and files.digest == stored.digest:
                return TemplateUpdate(goal, stored, changed=False)
            new = StoredTemplate(
                name=files.name,
                source_path=files.source_path,
                digest=files.digest,
                toml=files.toml,
                cohort_file=files.cohort_file,
                cohort_csv=files.cohort_csv,
                stored=self.today,
                id=None if stored is None else stored.id,
            )
            if stored is None:
                new = uow.add_stored_template(new)
                uow.set_goal_template(_id(goal), new.id)
            else:
                uow.update_stored_template(new)
                if goal.template == stored.name and files.name != stored.name:
                    goal = replace(goal, template=files.name)
                    uow.update_goal(goal)
            return TemplateUpdate(goal, new, changed=True)

    def goals(self) -> list[Goal]:
        with self._unit() as uow:
            return uow.list_goals()

    def goal(self, goal_id: int | None = None) -> Goal:
        with self._unit() as uow:
            return self._goal(uow, goal_id)

    def close_goal(
        self, status: GoalStatus, reason: str, goal_id: int | None = None
    ) -> Goal:
        """Achieve or retire a goal; the history is kept."""
        with self._unit() as uow:
            goal = self._goal(uow, goal_id).close(status, reason, self.today)
            uow.update_goal(goal)
            return goal

    def use_goal(self, goal_id: int) -> Goal:
        """Make ``goal_id`` the active goal; the one active now is paused.

        Raises:
            NotFoundError: no such goal.
            StateError: the goal was achieved.
        """
        with self._unit() as uow:
            goal = uow.get_goal(goal_id)
            if goal.status is GoalStatus.ACTIVE:
                return goal
            resumed = goal.resume(self.today)
            current = uow.active_goal()
            if current is not None:
                uow.update_goal(current.pause(self.today))
            uow.update_goal(resumed)
            return resumed

    def update_limits(
        self,
        *,
        hours_per_week: float | None = None,
        money: float | None = None,
        months_away: float | None = None,
        max_parallel: int | None = None,
        clear: Sequence[str] = (),
        goal_id: int | None = None,
    ) -> Goal:
        """Change only the limits given (``clear`` removes money or months-away);
        the others keep their values. Validated as when the goal was set.

        Raises:
            InputError: ``clear`` names something that is not an optional limit.
            TraitValueError: a limit is out of range.
        """
        names = {"money": "money", "months-away": "months_away"}
        for item in clear:
            if item not in names:
                raise InputError(f"--clear takes money or months-away, not {item!r}")
        with self._unit() as uow:
            goal = self._goal(uow, goal_id)
            given = {
                "hours_per_week": hours_per_week,
                "money": money,
                "months_away": months_away,
                "max_parallel": max_parallel,
            }
            changes: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
            for item in clear:
                if names[item] in changes:
                    raise InputError(f"--clear {item} contradicts the value given")
                changes[names[item]] = None
            goal = replace(goal, limits=replace(goal.limits, **changes))
            uow.update_goal(goal)
            return goal

    def _goal(self, uow: UnitOfWork, goal_id: int | None) -> Goal:
        if goal_id is not None:
            return uow.get_goal(goal_id)
        goal = uow.active_goal()
        if goal is None:
            raise StateError(
                "no active goal: set one with "
                "'strive goal new TITLE --template nasa-astronaut'"
            )
        return goal

    # -- context ---------------------------------------------------------------------

    def context(self, goal_id: int | None = None) -> GoalContext:
        with self._unit() as uow:
            return self._context(uow, goal_id)

    def _context(self, uow: UnitOfWork, goal_id: int | None) -> GoalContext:
        from strive.templates import load_cohort, load_template
        from strive.templates.stored import load_stored

        goal = self._goal(uow, goal_id)
        stored = uow.goal_template(_id(goal))
        if stored is not None:
            template, cohort = load_stored(
                stored.toml,
                stored.cohort_file,
                stored.cohort_csv,
                f"stored template {stored.name!r} of goal {goal.id}",
            )
            self._notice_changed(goal, stored)
        else:
            try:
                template = load_template(goal.template)
            except TemplateError as exc:
                if not goal.template.endswith(".toml") and "/" not in goal.template:
                    raise
                raise TemplateError(
                    f"{exc.message}; goal {goal.id} was made from this template file "
                    "before strive kept templates with goals: run "
                    "'strive template update PATH' once to store it",
                    where=exc.where,
                ) from None
            cohort = load_cohort(template)
        for trait in uow.custom_traits(_id(goal)):
            template = template.with_trait(trait)
        imported = tuple(
            Cohort.from_json_rows(
                template.traits,
                item.rows,
                CohortSource(item.name, citation=item.source),
            )
            for item in uow.cohort_imports(goal.template)
        )
        return GoalContext(
            goal=goal,
            template=template,
            traits=template.traits,
            profile=uow.profile(template.traits),
            evidence=tuple(uow.list_evidence(_id(goal))),
            cohort=cohort,
            imported=imported,
        )

    def _notice_changed(self, goal: Goal, stored: StoredTemplate) -> None:
        """Tell (once) that the template file on disk differs from the stored one."""
        from strive.templates.stored import disk_digest

        key = f"{stored.source_path}\0{stored.digest}"
        if self.notify is None or key in self._noticed:
            return
        self._noticed.add(key)  # the file is read once per workspace, not per call
        now = disk_digest(stored.source_path)
        if now is None or now == stored.digest:
            return
        self.notify(
            f"note: {stored.source_path} has changed since goal {goal.id} stored it "
            f"on {stored.stored.isoformat()}; strive keeps using the stored copy. "
            "To use the new version: strive template update"
        )

    # -- profile -----------------------------------------------------------------------

    def set_traits(
        self,
        assignments: Mapping[str, str],
        *,
        when: dt.date | None = None,
        note: str = "",
    ) -> Profile:
        """Record values typed by a person (``TRAIT=VALUE``), all or nothing."""
        when = when or self.today
        with self._unit() as uow:
            ctx = self._context(uow, None)
            profile = ctx.profile
            for name, text in assignments.items():
                trait = ctx.traits[name]
                value: Recorded | None
                if text.strip().lower() in NOT_YET_WORDS:
                    value = NOT_YET
                else:
                    value = None if text.strip() == "" else trait.parse(text)
                profile = profile.set(trait, value, when, note)
                uow.add_change(Change(name, value, when, note))
            return profile

    # -- evidence ----------------------------------------------------------------------

    def add_evidence(
        self,
        condition: str,
        *,
        source: str,
        have: int | None = None,
        of: int | None = None,
        note: str = "",
    ) -> Evidence:
        """Record what you learned about the selected. A new trait name becomes a
        custom yes/no trait of the goal."""
        with self._unit() as uow:
            ctx = self._context(uow, None)
            name = condition.strip()
            if _is_plain_name(name) and name not in ctx.traits:
                trait = Trait(
                    name,
                    Kind.BOOL,
                    mutability=Mutability.GROW_ONLY,
                    custom=True,
                    description=f"added from evidence: {source}",
                )
                uow.add_custom_trait(_id(ctx.goal), trait)
                traits = ctx.traits.with_trait(trait)
            else:
                traits = ctx.traits
            parsed = Condition.parse(name, traits)
            evidence = Evidence(
                condition=parsed.text(),
                source=source,
                have=have,
                of=of,
                note=note,
                recorded=self.today,
            )
            return uow.add_evidence(_id(ctx.goal), evidence)

    # -- cohorts -----------------------------------------------------------------------

    def import_cohort(self, path: Path, *, name: str, source: str) -> Cohort:
        """Import a newly selected class from CSV (strict; nothing written on error)."""
        from strive.template import CohortSpec
        from strive.templates import read_cohort_csv

        with self._unit() as uow:
            ctx = self._context(uow, None)
            spec = CohortSpec(file=str(path), name=name, citation=source)
            cohort = read_cohort_csv(path, ctx.traits, spec, where=str(path))
            rows = [
                {
                    **{
                        k: ctx.traits[k].to_json(v) for k, v in cohort.values(i).items()
                    },
                    "name": cohort.names[i] if cohort.names else "",
                    "year": None
                    if cohort.years[i] != cohort.years[i]
                    else float(cohort.years[i]),
                }
                for i in range(cohort.size)
            ]
            uow.add_cohort_import(
                ctx.goal.template,
                name,
                source,
                list(cohort.columns),
                rows,
                self.today,
            )
            return cohort

    # -- gap ---------------------------------------------------------------------------

    def gap(
        self,
        *,
        k: int = 5,
        years: tuple[int | None, int | None] | None = None,
        where: Sequence[str] = (),
        model: str = "logistic",
        include_imported: bool = True,
        when: dt.date | None = None,
        min_confidence: str | None = None,
    ) -> GapReport:
        """Step 2: how far you are from the people who were selected.

        ``years`` and ``where`` (conditions such as ``military`` or ``not military``)
        choose the sub-cohort; ``model`` is ``logistic`` or ``boosting`` for labelled
        templates; ``min_confidence`` (H, M or L) keeps only cells graded at least
        that in the traits whose cells carry grades.
        """
        ctx = self.context()
        return self._analyze(
            ctx,
            when or self.today,
            include_imported=include_imported,
            k=k,
            years=years,
            where=where,
            model=model,
            min_confidence=min_confidence,
        )

    def sources(
        self,
        trait: str,
        *,
        years: tuple[int | None, int | None] | None = None,
        where: Sequence[str] = (),
        min_confidence: str | None = None,
    ) -> TraitSources:
        """Who among the selected had ``trait``, and the source behind each cell."""
        from strive.gap import GapAnalyzer, trait_sources

        ctx = self.context()
        ctx.traits[trait]  # raises UnknownTraitError naming the traits
        analyzer = GapAnalyzer(
            k=0,
            years=years,
            filters=list(where),
            model=None,
            min_confidence=min_confidence,
        )
        analyzer.fit(
            concat([ctx.cohort, *ctx.imported]),
            template=ctx.template,
            traits=ctx.traits,
        )
        return trait_sources(analyzer.selected_, trait)

    def _analyze(
        self,
        ctx: GoalContext,
        when: dt.date,
        *,
        include_imported: bool = True,
        k: int = 5,
        years: tuple[int | None, int | None] | None = None,
        where: Sequence[str] = (),
        model: str = "logistic",
        reach_k: int = REACH_K,
        min_confidence: str | None = None,
    ) -> GapReport:
        """Fit the gap engine on the (sub-)cohort, compare, and add the reach."""
        from strive.gap import GapAnalyzer
        from strive.reach import compute_reach

        cohort = concat([ctx.cohort, *ctx.imported]) if include_imported else ctx.cohort
        analyzer = GapAnalyzer(
            k=k,
            years=years,
            filters=list(where),
            model=model,
            min_confidence=min_confidence,
        )
        analyzer.fit(
            cohort, template=ctx.template, evidence=ctx.evidence, traits=ctx.traits
        )
        values = ctx.values(when)
        report = analyzer.compare(values)
        reach = compute_reach(
            ctx.template,
            ctx.traits,
            values,
            analyzer.cohort_,
            k=reach_k,
            limits=ctx.goal.limits,
            start=when,
            deadline=ctx.goal.target_date,
        )
        headline = reach.headline()
        if nothing_known(ctx.traits, values):
            # Every comparison would be skipped: that is missing knowledge, not a
            # match with everyone (coverage) or zero hours of work (reach).
            why = "unknown (nothing about you is recorded yet)"
            return replace(
                report,
                headline=replace(report.headline, value=None, text=why),
                reach=replace(headline, value=None, text=why),
            )
        return replace(report, reach=headline)

    def record_first(self, limit: int = 5) -> list[RecordFirst]:
        """The unknown values of yours that matter most, best first, with the
        command that records each (see :mod:`strive.unknowns`)."""
        ctx = self.context()
        cohort = concat([ctx.cohort, *ctx.imported])
        if cohort.labelled:
            cohort = cohort.only_selected()
        known = {
            name: (int(column.known_mask().sum()), cohort.size)
            for name, column in cohort.columns.items()
        }
        return record_first(
            ctx.traits,
            ctx.values(self.today),
            ctx.template.requirements,
            known,
            limit=limit,
        )

    def history(
        self,
        *,
        years: tuple[int | None, int | None] | None = None,
        where: Sequence[str] = (),
        reach_k: int = REACH_K,
    ) -> list[HeadlinePoint]:
        """Coverage and reach on every date your profile changed: the gap over time."""
        from strive.gap import GapAnalyzer
        from strive.reach import headline_history

        ctx = self.context()
        analyzer = GapAnalyzer(years=years, filters=list(where), model=None)
        analyzer.fit(
            concat([ctx.cohort, *ctx.imported]),
            template=ctx.template,
            evidence=ctx.evidence,
            traits=ctx.traits,
        )
        points = headline_history(
            ctx.profile,
            ctx.template,
            ctx.traits,
            analyzer.cohort_,
            k=reach_k,
            limits=ctx.goal.limits,
            deadline=ctx.goal.target_date,
        )
        # A date on which nothing comparable was known has no reach (not 0 h).
        return [
            replace(p, coverage=None, reach=None)
            if nothing_known(ctx.traits, ctx.values(p.when))
            else p
            for p in points
        ]

    # -- route -------------------------------------------------------------------------

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
        """
        from strive.route import CostWeights, OpenItem, plan_route

        with self._unit() as uow:
            ctx = self._context(uow, None)
            report = gap or self._gap_for(ctx)
            entries = uow.list_effort(_id(ctx.goal))
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
            }
            values = ctx.values(self.today)
            catalogue = ctx.template.catalogue
            hard: list[Any] = [Condition.parse(t, ctx.traits) for t in targets]
            hard.extend(models)  # fitted-model targets (strive.route.models)
            if probability is not None:
                hard.append(self._model_target(ctx, values, probability, margin))

            def fits(targets: list[Condition]) -> bool:
                probe = plan_route(
                    catalogue,
                    ctx.traits,
                    values,
                    targets=[*hard, *targets],
                    alternatives=False,
                    explain_infeasible=False,
                    **common,
                )
                return probe.feasible

            kept: list[Condition] = []
            skipped: list[Condition] = []
            if fits([]):
                for condition in gap_targets(report.they_have_you_dont, ctx.traits):
                    if len(kept) >= top:
                        break
                    (kept if fits([*kept, condition]) else skipped).append(condition)
            route = plan_route(
                catalogue, ctx.traits, values, targets=[*hard, *kept], **common
            )
            if skipped:
                route = replace(
                    route,
                    open_items=(
                        *route.open_items,
                        *(
                            OpenItem(
                                "gap",
                                c.text(),
                                f"{c.text()}: no route within your limits closes "
                                "this gap with the catalogue's actions",
                            )
                            for c in skipped
                        ),
                    ),
                )
            if save:
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

    def _gap_for(self, ctx: GoalContext) -> GapReport:
        return self._analyze(ctx, self.today)

    # -- prepare -----------------------------------------------------------------------

    def log(
        self, hours: float, action: str, *, when: dt.date | None = None, note: str = ""
    ) -> EffortEntry:
        """Step 4: log hours against an action of the current route (or catalogue)."""
        with self._unit() as uow:
            ctx = self._context(uow, None)
            entry = EffortEntry(action, hours, when or self.today, note)
            self._check_effort(ctx, entry)
            return uow.add_effort(_id(ctx.goal), entry)

    def _check_effort(self, ctx: GoalContext, entry: EffortEntry) -> None:
        """The checks of a logged entry, the same when it is added or edited.

        Raises:
            UnknownActionError: the action is not in the template's catalogue.
            InputError: the date is in the future.
        """
        ctx.template.catalogue[entry.action]  # unknown action: clear error
        if entry.when > self.today:
            raise InputError(f"cannot log effort in the future ({entry.when})")

    def progress(self, window_weeks: int = 8) -> Progress:
        with self._unit() as uow:
            goal = self._goal(uow, None)
            route = uow.latest_route(_id(goal))
            if route is None:
                raise StateError("no route yet: run 'strive route' first")
            plan = [PlannedAction.from_json(a) for a in route["actions"]]
            return compute_progress(
                plan, uow.list_effort(_id(goal)), self.today, window_weeks
            )

    # -- persevere ---------------------------------------------------------------------

    def add_attempt(self, name: str, applied: dt.date | None = None) -> Attempt:
        with self._unit() as uow:
            goal = self._goal(uow, None)
            return uow.add_attempt(_id(goal), Attempt(name, applied or self.today))

    def record_result(
        self,
        name: str,
        outcome: Outcome,
        *,
        when: dt.date | None = None,
        feedback: str = "",
    ) -> Attempt:
        with self._unit() as uow:
            goal = self._goal(uow, None)
            attempt = uow.get_attempt(_id(goal), name)
            updated = attempt.with_result(outcome, when or self.today, feedback)
            uow.update_attempt(updated)
            return updated

    def attempts(self) -> AttemptSummary:
        with self._unit() as uow:
            goal = self._goal(uow, None)
            return summarise_attempts(uow.list_attempts(_id(goal)))

    def review(
        self,
        *,
        k: int = 5,
        years: tuple[int | None, int | None] | None = None,
        windows: Sequence[Window] | None = None,
    ) -> Review:
        """After a rejection: what changed, what the selected still have, new route.

        Before any application there is nothing to compare with, so the review covers
        the whole profile (``since`` is ``None``) rather than refusing: the question
        "what do the selected have that I don't" is worth asking before applying too.
        """
        from strive.gap import compare_classes

        ctx = self.context()
        summary = self.attempts()
        since = summary.last.applied if summary.last is not None else None
        changed = changes_since(ctx.profile, ctx.traits, since, self.today)
        values = ctx.values(self.today)
        report = self._analyze(ctx, self.today, k=k, years=years)
        new_class = (
            compare_classes(ctx.imported[-1], ctx.cohort, values, traits=ctx.traits)
            if ctx.imported
            else None
        )
        route = self.plan(gap=report, windows=windows)
        return Review(
            attempts=summary,
            changed=tuple(changed),
            since=since,
            gap=report,
            route=route,
            new_class=new_class,
            base_rates=tuple(base_rate_lines(ctx.template.base_rates)),
            corrections=tuple(self.corrections()),
        )

    # -- supporters --------------------------------------------------------------------

    def add_supporter(self, supporter: Supporter) -> Supporter:
        with self._unit() as uow:
            goal = self._goal(uow, None)
            return uow.add_supporter(_id(goal), supporter)

    def supporters(self) -> list[Supporter]:
        with self._unit() as uow:
            goal = self._goal(uow, None)
            return uow.list_supporters(_id(goal))

    # -- corrections -------------------------------------------------------------------

    def effort_log(self) -> list[EffortEntry]:
        """The active goal's effort entries with their ids, by date."""
        with self._unit() as uow:
            return uow.list_effort(_id(self._goal(uow, None)))

    def edit_effort(
        self,
        entry_id: int,
        *,
        hours: float | None = None,
        action: str | None = None,
        when: dt.date | None = None,
        note: str | None = None,
    ) -> Correction:
        """Change the fields given of one effort entry (checked as when logged).

        Raises:
            NotFoundError: no such entry; plus the errors of :meth:`log`.
        """
        with self._unit() as uow:
            ctx = self._context(uow, None)
            before = uow.get_effort(_id(ctx.goal), entry_id)
            after = _given(before, action=action, hours=hours, when=when, note=note)
            self._check_effort(ctx, after)
            uow.update_record(_id(ctx.goal), after)
            return self._correct(uow, ctx.goal, RecordKind.EFFORT, before, after)

    def delete_effort(self, entry_id: int) -> Correction:
        """Delete one effort entry, keeping it as a correction."""
        return self._delete(RecordKind.EFFORT, entry_id)

    def edit_attempt(
        self,
        ref: str,
        *,
        name: str | None = None,
        applied: dt.date | None = None,
        outcome: Outcome | None = None,
        decided: dt.date | None = None,
        feedback: str | None = None,
    ) -> Correction:
        """Change the fields given of an attempt (by name or id).

        Raises:
            NotFoundError: no such attempt.
            InputError: the new name is taken or blank.
            StateError: the result would come before applying.
        """
        with self._unit() as uow:
            goal = self._goal(uow, None)
            before = uow.get_attempt(_id(goal), ref)
            outcome = before.outcome if outcome is None else outcome
            if decided is None and outcome is not before.outcome:
                decided = before.decided or self.today
            after = _given(
                before,
                name=None if name is None else name.strip(),
                applied=applied,
                outcome=outcome,
                decided=decided,
                feedback=feedback,
            )
            if outcome is Outcome.PENDING:
                after = replace(after, decided=None)
            if after.decided is not None and after.decided < after.applied:
                raise StateError(
                    f"a result on {after.decided} would come before applying on "
                    f"{after.applied}"
                )
            uow.update_attempt(after)
            return self._correct(uow, goal, RecordKind.ATTEMPT, before, after)

    def delete_attempt(self, ref: str) -> Correction:
        """Delete an attempt (by name or id), keeping it as a correction."""
        with self._unit() as uow:
            goal = self._goal(uow, None)
            attempt = uow.get_attempt(_id(goal), ref)
            assert attempt.id is not None
            uow.delete_record(_id(goal), RecordKind.ATTEMPT, attempt.id)
            return self._correct(uow, goal, RecordKind.ATTEMPT, attempt, None)

    def edit_evidence(
        self,
        evidence_id: int,
        *,
        source: str | None = None,
        have: int | None = None,
        of: int | None = None,
        note: str | None = None,
        counts: bool = True,
    ) -> Correction:
        """Change the fields given of one piece of evidence (``counts=False``
        removes the counts: a qualitative finding).

        Raises:
            NotFoundError: no such evidence; TraitValueError: invalid counts.
        """
        with self._unit() as uow:
            goal = self._goal(uow, None)
            before = uow.get_evidence(_id(goal), evidence_id)
            after = _given(before, source=source, have=have, of=of, note=note)
            if not counts:
                after = replace(after, have=None, of=None)
            uow.update_record(_id(goal), after)
            return self._correct(uow, goal, RecordKind.EVIDENCE, before, after)

    def delete_evidence(self, evidence_id: int) -> Correction:
        return self._delete(RecordKind.EVIDENCE, evidence_id)

    def edit_supporter(
        self,
        supporter_id: int,
        *,
        name: str | None = None,
        role: str | None = None,
        contribution: str | None = None,
        shares: Share | None = None,
    ) -> Correction:
        """Change the fields given of one supporter."""
        with self._unit() as uow:
            goal = self._goal(uow, None)
            before = uow.get_supporter(_id(goal), supporter_id)
            after = _given(
                before, name=name, role=role, contribution=contribution, shares=shares
            )
            uow.update_record(_id(goal), after)
            return self._correct(uow, goal, RecordKind.SUPPORTER, before, after)

    def delete_supporter(self, supporter_id: int) -> Correction:
        return self._delete(RecordKind.SUPPORTER, supporter_id)

    def corrections(self) -> list[Correction]:
        """The active goal's edits and deletions, oldest first."""
        with self._unit() as uow:
            return uow.list_corrections(_id(self._goal(uow, None)))

    def _delete(self, kind: RecordKind, record_id: int) -> Correction:
        with self._unit() as uow:
            goal = self._goal(uow, None)
            getter = {
                RecordKind.EFFORT: uow.get_effort,
                RecordKind.EVIDENCE: uow.get_evidence,
                RecordKind.SUPPORTER: uow.get_supporter,
            }[kind]
            record = getter(_id(goal), record_id)
            uow.delete_record(_id(goal), kind, record_id)
            return self._correct(uow, goal, kind, record, None)

    def _correct(
        self, uow: UnitOfWork, goal: Goal, kind: RecordKind, before: Any, after: Any
    ) -> Correction:
        """Keep the edit or deletion just made, in the same transaction."""
        assert before.id is not None
        return uow.add_correction(
            _id(goal),
            Correction(
                kind=kind,
                record_id=before.id,
                change=ChangeKind.DELETE if after is None else ChangeKind.EDIT,
                before=snapshot(before),
                after=None if after is None else snapshot(after),
                when=self.today,
            ),
        )

    # -- export / import ---------------------------------------------------------------

    def export(self) -> dict[str, Any]:
        with self._unit() as uow:
            return uow.export_all()

    def import_(self, document: Any) -> None:
        """Load an export document, all or nothing (checked whole before writing)."""
        with self._unit() as uow:
            uow.import_all(document)


R = TypeVar("R")


def _given(before: R, **fields: Any) -> R:
    """``before`` with the fields a person gave (``None`` = keep), validated again by
    the record's own checks, so an edit is held to the same rules as adding."""
    return replace(before, **{k: v for k, v in fields.items() if v is not None})  # type: ignore[type-var]


def _id(goal: Goal) -> int:
    assert goal.id is not None, "stored goals have ids"
    return goal.id


def _is_plain_name(text: str) -> bool:
    return text.replace("_", "a").isalnum() and text[:1].isalpha() and text.islower()


def _is_builtin(name: str) -> bool:
    from strive.templates import builtin_names

    return name in builtin_names()
