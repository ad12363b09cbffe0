"""Sharing rows on both backends: they cascade with what they belong to."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select

from strive.goal import Goal
from strive.sharing.model import Grant, InboxItem, ItemKind, Role, Section
from strive.storage import Store
from strive.storage.models import AccountRow, SupporterRow
from strive.storage.sharing import GrantRow, InboxItemRow, SharingRepo
from strive.supporters import Supporter

T0 = dt.datetime(2026, 1, 15, 9, 0, 0, 123456)


def _setup(store: Store) -> tuple[int, int, int]:
    with store.unit("jose") as uow:
        goal = uow.add_goal(Goal("Fly", "nasa-astronaut"))
        supporter = uow.add_supporter(goal.id or 0, Supporter("Dad", "family"))
    with store.unit("dad") as uow:
        account = AccountRow(
            email="dad@example.org",
            password_hash="x",
            person_id=uow.person_id,
            locale="es",
            created_at=T0,
        )
        uow.session.add(account)
        uow.session.flush()
        repo = SharingRepo(uow.session)
        grant = repo.add_grant(
            Grant(
                goal.id or 0,
                supporter.id or 0,
                account.id,
                Role.FAMILY,
                frozenset({Section.GOAL, Section.NOTES}),
                T0,
            )
        )
        repo.add_item(
            InboxItem(
                goal.id or 0,
                ItemKind.ENCOURAGEMENT,
                "Dad",
                "¡Ánimo!",
                T0,
                grant_id=grant.id,
            )
        )
        return goal.id or 0, supporter.id or 0, account.id


def test_grants_round_trip_and_go_with_the_login_notes_stay(store: Store) -> None:
    goal_id, _supporter_id, account_id = _setup(store)
    with store.unit() as uow:
        (grant,) = SharingRepo(uow.session).grants_of_goal(goal_id)
        assert grant.created == T0  # microseconds kept on both backends
        assert grant.sections == {Section.GOAL, Section.NOTES}
        uow.session.execute(delete(AccountRow).where(AccountRow.id == account_id))
    with store.unit() as uow:
        assert uow.session.scalar(select(func.count()).select_from(GrantRow)) == 0
        (item,) = SharingRepo(uow.session).items(goal_id)
        assert (item.text, item.author, item.grant_id) == ("¡Ánimo!", "Dad", None)


def test_removing_the_supporter_removes_the_grant(store: Store) -> None:
    goal_id, supporter_id, _ = _setup(store)
    with store.unit() as uow:
        uow.session.execute(delete(SupporterRow).where(SupporterRow.id == supporter_id))
    with store.unit() as uow:
        assert SharingRepo(uow.session).grants_of_goal(goal_id) == []
        assert uow.session.scalar(select(func.count()).select_from(InboxItemRow)) == 1
