"""The people who help: teachers, family, mentors, recorded with what they share."""

from __future__ import annotations

from strive.corrections import Correction, RecordKind
from strive.supporters import Share, Supporter
from strive.workspace._base import _given, _id
from strive.workspace.records import RecordsMixin


class SupportersMixin(RecordsMixin):
    """Recording and correcting supporters."""

    def add_supporter(self, supporter: Supporter) -> Supporter:
        with self._unit() as uow:
            goal = self._goal(uow, None)
            return uow.add_supporter(_id(goal), supporter)

    def supporters(self) -> list[Supporter]:
        with self._unit() as uow:
            goal = self._goal(uow, None)
            return uow.list_supporters(_id(goal))

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
