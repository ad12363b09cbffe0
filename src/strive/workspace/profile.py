"""Profile and evidence: what a person has, and what they learned about the selected.

Values are typed as ``TRAIT=VALUE`` and validated by the trait; evidence may name a
new trait, which becomes a custom yes/no trait of the goal; imported classes extend
the cohort.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from strive.cohort import Cohort, concat
from strive.conditions import Condition
from strive.corrections import Correction, RecordKind
from strive.evidence import Evidence
from strive.profile import NOT_YET, NOT_YET_WORDS, Change, Profile, Recorded
from strive.traits import Kind, Mutability, Trait
from strive.unknowns import RecordFirst, record_first
from strive.workspace._base import GoalContext, _given, _id, _is_plain_name
from strive.workspace.records import RecordsMixin


class ProfileMixin(RecordsMixin):
    """Recording the person's values, evidence and new cohorts."""

    def set_traits(
        self,
        assignments: Mapping[str, str],
        *,
        when: dt.date | None = None,
        note: str = "",
        expected_version: int | None = None,
    ) -> Profile:
        """Record values typed by a person (``TRAIT=VALUE``), all or nothing.

        ``expected_version``: the profile version the person saw (a form's); when
        the profile changed since, ConflictError and nothing is written.
        """
        when = when or self.today
        with self._unit() as uow:
            uow.touch_profile(expected_version)
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

    def profile_version(self) -> int:
        """The profile's edit counter (see :meth:`set_traits`)."""
        with self._unit(read=True) as uow:
            return uow.profile_version()

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
            rows = cohort.to_json_rows()  # with each cell's _src and _conf
            uow.add_cohort_import(
                ctx.goal.template,
                name,
                source,
                list(cohort.columns),
                rows,
                self.today,
            )
            return cohort

    def record_first(
        self, limit: int = 5, *, ctx: GoalContext | None = None
    ) -> list[RecordFirst]:
        """The unknown values of yours that matter most, best first, with the
        command that records each (see :mod:`strive.unknowns`).

        ``ctx``: the goal's context when the caller has already read it (a page
        that also shows the gap or the route reads it once)."""
        ctx = ctx or self.context()
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

    def edit_evidence(
        self,
        evidence_id: int,
        *,
        source: str | None = None,
        have: int | None = None,
        of: int | None = None,
        note: str | None = None,
        counts: bool = True,
        expected_version: int | None = None,
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
            uow.update_record(_id(goal), after, expected_version=expected_version)
            return self._correct(uow, goal, RecordKind.EVIDENCE, before, after)

    def delete_evidence(
        self, evidence_id: int, *, expected_version: int | None = None
    ) -> Correction:
        return self._delete(RecordKind.EVIDENCE, evidence_id, expected_version)
