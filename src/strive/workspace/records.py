"""Corrections, export and import: the records a person can fix or carry away.

An edit or deletion of a logged record is kept as a :class:`Correction` in the same
transaction, so the history of what was changed is never lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strive.corrections import ChangeKind, Correction, RecordKind, snapshot
from strive.goal import Goal
from strive.workspace._base import WorkspaceBase, _id

if TYPE_CHECKING:
    from strive.storage import UnitOfWork


class RecordsMixin(WorkspaceBase):
    """Corrections history, export and import."""

    def corrections(self) -> list[Correction]:
        """The active goal's edits and deletions, oldest first."""
        with self._unit() as uow:
            return uow.list_corrections(_id(self._goal(uow, None)))

    def versions(self, kind: RecordKind) -> dict[int, int]:
        """Record id → version of the active goal's records of one kind: what a
        form sends back so that a stale edit is refused, not applied."""
        with self._unit(read=True) as uow:
            return uow.versions(_id(self._goal(uow, None)), kind)

    def _delete(
        self, kind: RecordKind, record_id: int, expected_version: int | None = None
    ) -> Correction:
        with self._unit() as uow:
            goal = self._goal(uow, None)
            getter = {
                RecordKind.EFFORT: uow.get_effort,
                RecordKind.EVIDENCE: uow.get_evidence,
                RecordKind.SUPPORTER: uow.get_supporter,
            }[kind]
            record = getter(_id(goal), record_id)
            uow.delete_record(
                _id(goal), kind, record_id, expected_version=expected_version
            )
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
