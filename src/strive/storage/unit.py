"""The unit of work: one transaction, bound to one person, returning core records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import event, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from strive.attempts import Attempt
from strive.corrections import ChangeKind, Correction, RecordKind
from strive.effort import EffortEntry
from strive.errors import (
    ConflictError,
    DataImportError,
    InputError,
    NotFoundError,
    StateError,
)
from strive.evidence import Evidence
from strive.goal import Goal, GoalStatus
from strive.i18n import _
from strive.profile import Change, Profile
from strive.storage import records as rec
from strive.storage.models import (
    AttemptRow,
    CohortImportRow,
    CorrectionRow,
    CustomTraitRow,
    EffortRow,
    EvidenceRow,
    GoalRow,
    PersonRow,
    ProfileChangeRow,
    RouteRow,
    StoredTemplateRow,
    SupporterRow,
)
from strive.storage.records import CohortImport, StoredTemplate
from strive.supporters import Supporter
from strive.traits import Trait, TraitSet


class UnitOfWork:
    """Everything one command reads and writes for one person, in one transaction.

    Obtained from :meth:`strive.storage.Store.unit`; never commits by itself::

        with store.unit() as uow:
            goal = uow.add_goal(Goal("Fly to space", "nasa"))
            uow.add_attempt(goal.id, Attempt("NASA 1996", date(1996, 3, 1)))
    """

    def __init__(self, session: Session, person: str) -> None:
        _need(person, "a person's name")
        self.session = session
        self.person = person
        self.closed = False
        self._person_id: int | None = None
        self._loaded: list[Any] = []
        # The session's identity map holds rows weakly: a row read, turned into a
        # record and dropped would be read again before an update, and on
        # PostgreSQL (read committed) that second read sees another transaction's
        # commit, so the update would carry the new version and overwrite that
        # change with what this unit read first. Holding every loaded row keeps the
        # version this unit read, and the UPDATE ... WHERE version = <it> catches it.
        event.listen(session, "loaded_as_persistent", self._hold)

    # --- plumbing -----------------------------------------------------------------

    def _hold(self, _session: Session, row: Any) -> None:
        self._loaded.append(row)

    @property
    def person_id(self) -> int:
        """The person's row id (the row is created on first use)."""
        if self.closed:
            raise StateError("this unit of work has ended; start a new one")
        if self._person_id is None:
            found = self.session.scalar(
                select(PersonRow.id).where(PersonRow.name == self.person)
            )
            if found is None:
                found = self._create_person()
            self._person_id = found
        return self._person_id

    def _create_person(self) -> int:
        # Another unit may create the same person at the same moment: the loser's
        # savepoint fails on the unique name and it reads the winner's row.
        try:
            with self.session.begin_nested():
                row = PersonRow(name=self.person)
                self.session.add(row)
            person_id: int = row.id
            return person_id
        except IntegrityError:
            return self.session.scalars(
                select(PersonRow.id).where(PersonRow.name == self.person)
            ).one()

    def _goal_row(self, goal_id: int | None) -> GoalRow:
        row = None if goal_id is None else self.session.get(GoalRow, goal_id)
        if row is None or row.person_id != self.person_id:
            raise NotFoundError(_("there is no goal {id}").format(id=goal_id))
        return row

    def _flush(self) -> None:
        """Write pending changes; a row changed meanwhile by another transaction
        (its ``version`` moved on) raises ConflictError instead of being overwritten.
        """
        try:
            self.session.flush()
        except StaleDataError:
            raise conflict() from None

    @staticmethod
    def _expect(row: Any, expected_version: int | None) -> None:
        """Refuse to change a row whose version is not the one the person saw.

        Raises:
            ConflictError: ``expected_version`` is given and is not the row's.
        """
        if expected_version is not None and row.version != expected_version:
            raise conflict()

    def _add(self, row: Any) -> int:
        self.session.add(row)
        self.session.flush()
        row_id: int = row.id
        return row_id

    # --- goals ----------------------------------------------------------------------

    def add_goal(self, goal: Goal) -> Goal:
        """Store a new goal; returns it with its ``id``.

        Raises:
            InputError: the title or template is blank.
            NotFoundError: ``goal.next_goal`` names a goal that does not exist.
        """
        _need(goal.title, "a goal's title")
        _need(goal.template, "a goal's template")
        row = rec.goal_to_row(goal, GoalRow(person_id=self.person_id))
        if goal.next_goal is not None:
            row.next_goal_id = self._goal_row(goal.next_goal).id
        return replace(goal, id=self._add(row))

    def goal_version(self, goal_id: int) -> int:
        """The goal's edit counter (for a form to send back with its change)."""
        version: int = self._goal_row(goal_id).version
        return version

    def expect_goal_version(self, goal_id: int, expected_version: int) -> None:
        """Refuse early an edit of a goal that moved on since it was shown.

        Raises:
            NotFoundError: no such goal. ConflictError: not at that version.
        """
        self._expect(self._goal_row(goal_id), expected_version)

    def get_goal(self, goal_id: int) -> Goal:
        """Raises: NotFoundError: no such goal for this person."""
        return rec.goal_from_row(self._goal_row(goal_id))

    def active_goal(self) -> Goal | None:
        """The most recently added goal that is still active."""
        row = self.session.scalar(
            select(GoalRow)
            .where(
                GoalRow.person_id == self.person_id,
                GoalRow.status == str(GoalStatus.ACTIVE),
            )
            .order_by(GoalRow.id.desc())
            .limit(1)
        )
        return None if row is None else rec.goal_from_row(row)

    def list_goals(self) -> list[Goal]:
        rows = self.session.scalars(
            select(GoalRow)
            .where(GoalRow.person_id == self.person_id)
            .order_by(GoalRow.id)
        )
        return [rec.goal_from_row(r) for r in rows]

    def update_goal(self, goal: Goal, *, expected_version: int | None = None) -> None:
        """Overwrite a stored goal with ``goal`` (matched by ``goal.id``).

        Raises:
            StateError: the goal has no id (add it first).
            NotFoundError: no such goal, or ``next_goal`` does not exist.
            ConflictError: the goal is not at ``expected_version`` (when given), or
                another transaction changed it after this one read it.
        """
        if goal.id is None:
            raise StateError(f"goal {goal.title!r} has no id: add it first")
        _need(goal.title, "a goal's title")
        _need(goal.template, "a goal's template")
        row = self._goal_row(goal.id)
        self._expect(row, expected_version)
        if goal.next_goal == goal.id:
            raise StateError("a goal cannot be its own next goal")
        if goal.next_goal is not None:
            self._goal_row(goal.next_goal)
        rec.goal_to_row(goal, row).next_goal_id = goal.next_goal
        self._flush()

    # --- own templates ----------------------------------------------------------------

    def add_stored_template(self, st: StoredTemplate) -> StoredTemplate:
        """Keep a person's own template and cohort text; returns it with its ``id``.

        Raises:
            InputError: the name or the TOML text is blank.
        """
        _need(st.name, "a stored template's name")
        _need(st.toml, "a stored template's TOML")
        row = rec.stored_template_to_row(
            st, StoredTemplateRow(person_id=self.person_id)
        )
        return replace(st, id=self._add(row))

    def _stored_row(self, template_id: int) -> StoredTemplateRow:
        row = self.session.get(StoredTemplateRow, template_id)
        if row is None or row.person_id != self.person_id:
            raise NotFoundError(f"there is no stored template {template_id}")
        return row

    def update_stored_template(self, st: StoredTemplate) -> None:
        """Overwrite a stored template (matched by ``st.id``) with a new version.

        Raises:
            StateError: it has no id. NotFoundError: no such stored template.
        """
        if st.id is None:
            raise StateError(f"stored template {st.name!r} has no id: add it first")
        _need(st.toml, "a stored template's TOML")
        rec.stored_template_to_row(st, self._stored_row(st.id))
        self.session.flush()

    def goal_template(self, goal_id: int) -> StoredTemplate | None:
        """The stored own template of a goal; ``None`` for a built-in template."""
        row = self._goal_row(goal_id)
        if row.template_id is None:
            return None
        return rec.stored_template_from_row(self._stored_row(row.template_id))

    def set_goal_template(self, goal_id: int, template_id: int | None) -> None:
        """Make a goal use a stored template (``None``: its built-in template).

        Raises:
            NotFoundError: no such goal or stored template.
        """
        row = self._goal_row(goal_id)
        if template_id is not None:
            self._stored_row(template_id)
        row.template_id = template_id
        self.session.flush()

    # --- profile --------------------------------------------------------------------

    def add_change(self, change: Change) -> None:
        """Append one dated trait value to the person's profile.

        Raises:
            InputError: the trait name is blank.
            TraitValueError: the value is not a trait value.
        """
        _need(change.trait, "a trait name")
        value = rec.encode_value(change.value, f"profile value of {change.trait}")
        self._add(
            ProfileChangeRow(
                person_id=self.person_id,
                trait=change.trait,
                value=value,
                when=change.when,
                note=change.note,
            )
        )

    def profile_version(self) -> int:
        """The profile's edit counter: +1 with every profile edit."""
        version = self.session.scalar(
            select(PersonRow.version).where(PersonRow.id == self.person_id)
        )
        assert version is not None, "the person row exists"
        return version

    def touch_profile(self, expected_version: int | None = None) -> int:
        """Count one profile edit; returns the new profile version.

        Profile values are appended rows, so the edit counter lives on the person.
        The UPDATE also locks the person's row on PostgreSQL, so two profile edits
        of one person run one after the other.

        Raises:
            ConflictError: the profile is not at ``expected_version`` (when given).
        """
        stmt = update(PersonRow).where(PersonRow.id == self.person_id)
        if expected_version is not None:
            stmt = stmt.where(PersonRow.version == expected_version)
        done = self.session.execute(
            stmt.values(version=PersonRow.version + 1),
            execution_options={"synchronize_session": False},
        )
        if getattr(done, "rowcount", 1) != 1:
            raise conflict()
        return self.profile_version()

    def profile(self, traits: TraitSet | None = None) -> Profile:
        """The person's profile, changes ordered by date then insertion.

        Values of traits in ``traits`` are decoded by the trait; others keep their
        plain shape (number → float, list → frozenset).

        Raises:
            TraitValueError: a stored value no longer fits its trait.
        """
        rows = self.session.scalars(
            select(ProfileChangeRow)
            .where(ProfileChangeRow.person_id == self.person_id)
            .order_by(ProfileChangeRow.when, ProfileChangeRow.id)
        )
        return Profile(tuple(rec.change_from_row(r, traits) for r in rows))

    # --- custom traits --------------------------------------------------------------

    def add_custom_trait(self, goal_id: int, trait: Trait) -> None:
        """Add a trait the person defined (e.g. from evidence) to a goal.

        Raises:
            NotFoundError: no such goal.
            InputError: the goal already has a custom trait of that name.
        """
        goal = self._goal_row(goal_id)
        exists = self.session.scalar(
            select(CustomTraitRow.id).where(
                CustomTraitRow.goal_id == goal.id, CustomTraitRow.name == trait.name
            )
        )
        if exists is not None:
            raise InputError(
                f"goal {goal.title!r} already has a custom trait {trait.name!r}"
            )
        self._add(
            CustomTraitRow(goal_id=goal.id, name=trait.name, spec=trait.describe())
        )

    def custom_traits(self, goal_id: int) -> list[Trait]:
        goal = self._goal_row(goal_id)
        rows = self.session.scalars(
            select(CustomTraitRow)
            .where(CustomTraitRow.goal_id == goal.id)
            .order_by(CustomTraitRow.id)
        )
        return [
            rec.trait_from_json(r.spec, f"custom trait {r.name!r} of goal {goal.id}")
            for r in rows
        ]

    # --- evidence -------------------------------------------------------------------

    def add_evidence(self, goal_id: int, ev: Evidence) -> Evidence:
        goal = self._goal_row(goal_id)
        _need(ev.condition, "evidence's condition")
        return replace(ev, id=self._add(rec.evidence_row(goal.id, ev)))

    def list_evidence(self, goal_id: int) -> list[Evidence]:
        goal = self._goal_row(goal_id)
        rows = self.session.scalars(
            select(EvidenceRow)
            .where(EvidenceRow.goal_id == goal.id)
            .order_by(EvidenceRow.id)
        )
        return [rec.evidence_from_row(r) for r in rows]

    # --- routes ---------------------------------------------------------------------

    def save_route(
        self, goal_id: int, route_json: Mapping[str, Any], created: dt.date
    ) -> int:
        """Keep a planned route's JSON document; earlier ones stay as history.

        Raises:
            NotFoundError: no such goal.
            InputError: the document is not plain JSON.
        """
        goal = self._goal_row(goal_id)
        rec.check_json(route_json, "the route document")
        return self._add(
            RouteRow(goal_id=goal.id, created=created, document=dict(route_json))
        )

    def latest_route(self, goal_id: int) -> dict[str, Any] | None:
        routes = self.list_routes(goal_id)
        return routes[-1][1] if routes else None

    def list_routes(self, goal_id: int) -> list[tuple[dt.date, dict[str, Any]]]:
        """Every saved route of a goal, oldest first (by date, then saving order)."""
        goal = self._goal_row(goal_id)
        rows = self.session.scalars(
            select(RouteRow)
            .where(RouteRow.goal_id == goal.id)
            .order_by(RouteRow.created, RouteRow.id)
        )
        return [(r.created, r.document) for r in rows]

    # --- effort ---------------------------------------------------------------------

    def add_effort(self, goal_id: int, entry: EffortEntry) -> EffortEntry:
        goal = self._goal_row(goal_id)
        _need(entry.action, "the action of logged effort")
        return replace(entry, id=self._add(rec.effort_row(goal.id, entry)))

    def list_effort(self, goal_id: int) -> list[EffortEntry]:
        """The effort log, by date then logging order."""
        goal = self._goal_row(goal_id)
        rows = self.session.scalars(
            select(EffortRow)
            .where(EffortRow.goal_id == goal.id)
            .order_by(EffortRow.when, EffortRow.id)
        )
        return [rec.effort_from_row(r) for r in rows]

    # --- attempts -------------------------------------------------------------------

    def _attempt_named(self, goal_id: int, name: str) -> AttemptRow | None:
        return self.session.scalar(
            select(AttemptRow).where(
                AttemptRow.goal_id == goal_id, AttemptRow.name == name
            )
        )

    def add_attempt(self, goal_id: int, attempt: Attempt) -> Attempt:
        """Raises: NotFoundError (no goal); InputError: the name is taken."""
        goal = self._goal_row(goal_id)
        _need(attempt.name, "an attempt's name (e.g. 'NASA 2004')")
        if self._attempt_named(goal.id, attempt.name) is not None:
            raise InputError(f"attempt {attempt.name!r} already exists")
        row = rec.attempt_to_row(attempt, AttemptRow(goal_id=goal.id))
        return replace(attempt, id=self._add(row))

    def get_attempt(self, goal_id: int, name_or_id: str | int) -> Attempt:
        """An attempt by name, or by id (an int, or digits that name no attempt).

        Raises:
            NotFoundError: no such attempt for this goal.
        """
        goal = self._goal_row(goal_id)
        row = None
        if isinstance(name_or_id, str):
            row = self._attempt_named(goal.id, name_or_id)
        if row is None and str(name_or_id).isdigit():
            row = self.session.get(AttemptRow, int(name_or_id))
        if row is None or row.goal_id != goal.id:
            raise NotFoundError(
                f"goal {goal.title!r} has no attempt {name_or_id!r}",
            )
        return rec.attempt_from_row(row)

    def update_attempt(
        self, attempt: Attempt, *, expected_version: int | None = None
    ) -> None:
        """Overwrite a stored attempt (matched by ``attempt.id``).

        Raises:
            StateError: the attempt has no id.
            NotFoundError: no such attempt for this person.
            InputError: a renamed attempt would take another attempt's name.
            ConflictError: it is not at ``expected_version`` (when given), or it
                was changed by another transaction after this one read it.
        """
        if attempt.id is None:
            raise StateError(f"attempt {attempt.name!r} has no id: add it first")
        _need(attempt.name, "an attempt's name (e.g. 'NASA 2004')")
        row = self.session.get(AttemptRow, attempt.id)
        goal = None if row is None else self.session.get(GoalRow, row.goal_id)
        if row is None or goal is None or goal.person_id != self.person_id:
            raise NotFoundError(f"there is no attempt {attempt.id}")
        self._expect(row, expected_version)
        other = self._attempt_named(row.goal_id, attempt.name)
        if other is not None and other.id != row.id:
            raise InputError(f"attempt {attempt.name!r} already exists")
        rec.attempt_to_row(attempt, row)
        self._flush()

    def list_attempts(self, goal_id: int) -> list[Attempt]:
        """The attempts of a goal by date applied."""
        goal = self._goal_row(goal_id)
        rows = self.session.scalars(
            select(AttemptRow)
            .where(AttemptRow.goal_id == goal.id)
            .order_by(AttemptRow.applied, AttemptRow.id)
        )
        return [rec.attempt_from_row(r) for r in rows]

    # --- supporters -----------------------------------------------------------------

    def add_supporter(self, goal_id: int, s: Supporter) -> Supporter:
        goal = self._goal_row(goal_id)
        _need(s.name, "a supporter's name")
        return replace(s, id=self._add(rec.supporter_row(goal.id, s)))

    def list_supporters(self, goal_id: int) -> list[Supporter]:
        goal = self._goal_row(goal_id)
        rows = self.session.scalars(
            select(SupporterRow)
            .where(SupporterRow.goal_id == goal.id)
            .order_by(SupporterRow.id)
        )
        return [rec.supporter_from_row(r) for r in rows]

    # --- imported cohorts -----------------------------------------------------------

    def add_cohort_import(
        self,
        template: str,
        name: str,
        source: str,
        columns: Sequence[str],
        rows: Sequence[Mapping[str, Any]],
        imported: dt.date,
    ) -> int:
        """Keep a selected class the person imported for ``template``.

        Raises:
            DataImportError: the name is taken for this template, or a row has a
                column not in ``columns`` or is not plain JSON.
        """
        rec.check_cohort(name, columns, rows, source)
        _need(template, "the template of an imported cohort")
        taken = self.session.scalar(
            select(CohortImportRow.id).where(
                CohortImportRow.person_id == self.person_id,
                CohortImportRow.template == template,
                CohortImportRow.name == name,
            )
        )
        if taken is not None:
            raise DataImportError(
                f"a cohort named {name!r} was already imported for {template!r}; "
                "choose another name"
            )
        return self._add(
            CohortImportRow(
                person_id=self.person_id,
                template=template,
                name=name,
                source=source,
                columns=list(columns),
                rows=[dict(r) for r in rows],
                imported=imported,
            )
        )

    def cohort_imports(self, template: str | None = None) -> list[CohortImport]:
        """Imported cohorts for ``template`` (all when ``None``), oldest first."""
        query = select(CohortImportRow).where(
            CohortImportRow.person_id == self.person_id
        )
        if template is not None:
            query = query.where(CohortImportRow.template == template)
        rows = self.session.scalars(
            query.order_by(CohortImportRow.imported, CohortImportRow.id)
        )
        return [rec.cohort_import_from_row(r) for r in rows]

    # --- corrections ----------------------------------------------------------------

    def _record_row(self, goal_id: int, kind: RecordKind, record_id: int) -> Any:
        """The row of one logged record of a goal.

        Raises:
            NotFoundError: no such record for this goal.
        """
        goal = self._goal_row(goal_id)
        model = _RECORD_MODELS[kind]
        row = self.session.get(model, record_id)
        if row is None or row.goal_id != goal.id:
            what = "effort entry" if kind is RecordKind.EFFORT else str(kind)
            raise NotFoundError(
                f"goal {goal.title!r} has no {what} {record_id} "
                f"(see: strive {kind} list)"
            )
        return row

    def get_effort(self, goal_id: int, entry_id: int) -> EffortEntry:
        """Raises: NotFoundError: no such entry for this goal."""
        return rec.effort_from_row(
            self._record_row(goal_id, RecordKind.EFFORT, entry_id)
        )

    def get_evidence(self, goal_id: int, evidence_id: int) -> Evidence:
        """Raises: NotFoundError: no such evidence for this goal."""
        return rec.evidence_from_row(
            self._record_row(goal_id, RecordKind.EVIDENCE, evidence_id)
        )

    def get_supporter(self, goal_id: int, supporter_id: int) -> Supporter:
        """Raises: NotFoundError: no such supporter for this goal."""
        return rec.supporter_from_row(
            self._record_row(goal_id, RecordKind.SUPPORTER, supporter_id)
        )

    def versions(self, goal_id: int, kind: RecordKind) -> dict[int, int]:
        """Record id → version for one kind of a goal's records (for forms)."""
        goal = self._goal_row(goal_id)
        model = _RECORD_MODELS[kind]
        found = self.session.execute(
            select(model.id, model.version).where(model.goal_id == goal.id)
        )
        return {int(i): int(v) for i, v in found}

    def expect_version(
        self,
        goal_id: int,
        kind: RecordKind,
        record_id: int,
        expected_version: int | None,
    ) -> None:
        """Refuse early, before other checks, an edit of a record that moved on.

        Raises:
            NotFoundError: no such record. ConflictError: not at that version.
        """
        self._expect(self._record_row(goal_id, kind, record_id), expected_version)

    def update_record(
        self,
        goal_id: int,
        record: EffortEntry | Evidence | Supporter,
        *,
        expected_version: int | None = None,
    ) -> None:
        """Overwrite a stored effort entry, evidence or supporter (by its ``id``).

        Raises:
            StateError: the record has no id.
            NotFoundError: no such record for this goal.
            ConflictError: it is not at ``expected_version`` (when given), or it
                was changed by another transaction after this one read it.
        """
        if record.id is None:
            raise StateError("the record has no id: add it first")
        if isinstance(record, EffortEntry):
            _need(record.action, "the action of logged effort")
            row = self._record_row(goal_id, RecordKind.EFFORT, record.id)
            fresh: Any = rec.effort_row(goal_id, record)
            fields: tuple[str, ...] = ("action", "hours", "when", "note")
        elif isinstance(record, Evidence):
            _need(record.condition, "evidence's condition")
            row = self._record_row(goal_id, RecordKind.EVIDENCE, record.id)
            fresh = rec.evidence_row(goal_id, record)
            fields = ("condition", "source", "have", "of", "note", "recorded")
        else:
            _need(record.name, "a supporter's name")
            row = self._record_row(goal_id, RecordKind.SUPPORTER, record.id)
            fresh = rec.supporter_row(goal_id, record)
            fields = ("name", "role", "contribution", "shares", "since")
        self._expect(row, expected_version)
        for name in fields:
            setattr(row, name, getattr(fresh, name))
        self._flush()

    def delete_record(
        self,
        goal_id: int,
        kind: RecordKind,
        record_id: int,
        *,
        expected_version: int | None = None,
    ) -> None:
        """Delete one logged record of a goal.

        Raises:
            NotFoundError: no such record for this goal.
            ConflictError: it is not at ``expected_version`` (when given), or it
                was changed or deleted by another transaction meanwhile.
        """
        row = self._record_row(goal_id, kind, record_id)
        self._expect(row, expected_version)
        self.session.delete(row)
        self._flush()

    def add_correction(self, goal_id: int, correction: Correction) -> Correction:
        """Keep an edit or deletion as history."""
        goal = self._goal_row(goal_id)
        rec.check_json(correction.before, "a correction's record")
        if correction.after is not None:
            rec.check_json(correction.after, "a correction's record")
        row = CorrectionRow(
            goal_id=goal.id,
            kind=str(correction.kind),
            record_id=correction.record_id,
            change=str(correction.change),
            before=correction.before,
            after=correction.after,
            when=correction.when,
            note=correction.note,
        )
        return replace(correction, id=self._add(row))

    def list_corrections(self, goal_id: int) -> list[Correction]:
        """A goal's corrections, oldest first."""
        goal = self._goal_row(goal_id)
        rows = self.session.scalars(
            select(CorrectionRow)
            .where(CorrectionRow.goal_id == goal.id)
            .order_by(CorrectionRow.when, CorrectionRow.id)
        )
        return [
            Correction(
                kind=RecordKind(r.kind),
                record_id=r.record_id,
                change=ChangeKind(r.change),
                before=r.before,
                after=r.after,
                when=r.when,
                note=r.note,
                id=r.id,
            )
            for r in rows
        ]

    # --- whole-person export --------------------------------------------------------

    def is_empty(self) -> bool:
        """Whether the person has no goals, profile or imported cohorts yet."""
        pid = self.person_id
        for model in (GoalRow, ProfileChangeRow, CohortImportRow):
            count = self.session.scalar(
                select(func.count()).select_from(model).where(model.person_id == pid)
            )
            if count:
                return False
        return True

    def export_all(self) -> dict[str, Any]:
        """Everything of this person as a versioned JSON document (no database ids)."""
        from strive.storage.export import export_person

        return export_person(self)

    def import_all(self, doc: Mapping[str, Any]) -> None:
        """Load a document from :meth:`export_all` into this (empty) person.

        Raises:
            DataImportError: the document is malformed, of an unknown version, has
                duplicates, or this person already has data. Nothing is written.
        """
        from strive.storage.export import import_person

        import_person(self, doc)


_RECORD_MODELS: dict[RecordKind, Any] = {
    RecordKind.EFFORT: EffortRow,
    RecordKind.ATTEMPT: AttemptRow,
    RecordKind.EVIDENCE: EvidenceRow,
    RecordKind.SUPPORTER: SupporterRow,
}


def conflict() -> ConflictError:
    """The error for a stale edit: someone else saved first; nothing was written."""
    return ConflictError(
        _(
            "this was changed elsewhere (another tab, device or command) after you "
            "read it, so your change was not saved; reload to see the current "
            "version and make your change again"
        ),
        where="version",
    )


def _need(text: str, what: str) -> None:
    """Raises: InputError: ``text`` is empty or only spaces."""
    if not text.strip():
        raise InputError(f"{what} must not be blank")
