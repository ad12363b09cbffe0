"""Your data is yours: delete an account with everything it owns; export and import
a whole database.

Deleting an account removes, in one transaction, the account and the person it
owns: goals (and everything a goal owns through its foreign keys: evidence, effort,
attempts, routes, custom traits, supporters, corrections, invitations and grants the
owner issued, strategic questions, inbox items — so a supporter's notes on the goal
go with the goal), profile changes, imported cohorts, stored templates, sessions,
the failed-login rows keyed by its e-mail, the audit trail it owns and the grants it
held on other people's goals.

What it wrote on *other* people's goals stays theirs: an inbox item (comment,
suggestion, answer, note) a deleted supporter left on someone else's goal is kept,
with the link to the deleted grant set to NULL; its author is the name the goal's
owner gave that supporter, which is the owner's record, not the deleted account's.
Likewise audit events in other people's trails keep the event and lose the actor.

The whole-database export is the per-person document (:mod:`strive.storage.export`)
with every person in it, in name order; importing it into an empty database writes
everyone in one transaction, all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from strive.errors import DataImportError, NotFoundError
from strive.storage import login_keys

if TYPE_CHECKING:
    from strive.storage import Store


@dataclass(frozen=True)
class Deleted:
    """What a deletion removed: the e-mail and person, and the rows per table."""

    email: str
    person: str
    rows: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "deleted": True,
            "email": self.email,
            "person": self.person,
            "rows": dict(sorted(self.rows.items())),
        }


def account_by_email(session: Session, email: str) -> int | None:
    from strive.storage.models import AccountRow

    found = session.scalar(
        select(AccountRow.id).where(AccountRow.email == email.strip().lower())
    )
    return None if found is None else int(found)


def _counts(session: Session) -> dict[str, int]:
    from strive.storage.models import Base

    return {
        name: int(session.scalar(select(func.count()).select_from(table)) or 0)
        for name, table in Base.metadata.tables.items()
    }


def delete_account(session: Session, account_id: int) -> Deleted:
    """Delete the account ``account_id`` and every row it owns (see the module doc),
    inside the caller's transaction.

    Raises:
        NotFoundError: there is no such account.
    """
    from strive.storage.models import (
        AccountRow,
        GoalRow,
        LoginAttemptRow,
        PersonRow,
    )

    account = session.get(AccountRow, account_id)
    if account is None:
        raise NotFoundError(f"there is no account {account_id}")
    person = session.get(PersonRow, account.person_id)
    assert person is not None  # accounts.person_id is a NOT NULL foreign key
    email, name, person_id = account.email, person.name, person.id
    before = _counts(session)
    # Goals point at each other (next goal) and at stored templates (RESTRICT):
    # unlink them first so the cascade order cannot matter on either database.
    session.execute(
        update(GoalRow)
        .where(GoalRow.person_id == person_id)
        .values(next_goal_id=None, template_id=None)
    )
    session.execute(delete(GoalRow).where(GoalRow.person_id == person_id))
    session.execute(
        # Keys that hold the e-mail: the old ``email:`` form and ``pair:EMAIL|ADDRESS``.
        delete(LoginAttemptRow).where(
            (LoginAttemptRow.key == login_keys.legacy_email_key(email))
            | LoginAttemptRow.key.startswith(
                login_keys.pair_prefix(email), autoescape=True
            )
        )
    )
    session.execute(delete(AccountRow).where(AccountRow.id == account_id))
    session.execute(delete(PersonRow).where(PersonRow.id == person_id))
    session.flush()
    session.expunge_all()
    after = _counts(session)
    removed = {t: before[t] - after[t] for t in before if before[t] != after[t]}
    return Deleted(email, name, removed)


def delete_account_by_email(store: Store, email: str) -> Deleted:
    """Delete the account with this e-mail (one transaction).

    Raises:
        NotFoundError: no account has this e-mail.
    """
    with store.unit("accounts") as uow:
        account_id = account_by_email(uow.session, email)
        if account_id is None:
            raise NotFoundError(f"there is no account {email.strip().lower()!r}")
        return delete_account(uow.session, account_id)


# --- whole database ---------------------------------------------------------------


def export_database(store: Store) -> dict[str, Any]:
    """Every person's data as one export document (people in name order).

    Logins, sessions, grants, invitations and the audit trail are not in it, as in
    the per-person export: they are access to one server, not a person's journey.
    """
    from strive.storage.export import VERSION, export_person
    from strive.storage.models import PersonRow
    from strive.storage.unit import UnitOfWork

    with store.unit("accounts") as uow:
        names = list(
            uow.session.scalars(select(PersonRow.name).order_by(PersonRow.name))
        )
        people = [export_person(UnitOfWork(uow.session, n))["people"][0] for n in names]
    return {"strive_export": VERSION, "people": people}


def import_database(store: Store, doc: Any) -> int:
    """Write every person of ``doc`` into an empty database, all or nothing;
    returns how many people were written.

    Raises:
        DataImportError: the document is bad (naming the JSON path), or the
            database already holds people.
    """
    from strive.storage.export import import_person
    from strive.storage.models import PersonRow
    from strive.storage.unit import UnitOfWork

    if not isinstance(doc, dict) or not isinstance(doc.get("people"), list):
        raise DataImportError(
            "expected an export document with a list of people", where="people"
        )
    names = [p.get("name") if isinstance(p, dict) else None for p in doc["people"]]
    for i, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            raise DataImportError("missing or empty name", where=f"people[{i}].name")
    if len(set(names)) != len(names):
        raise DataImportError("two people have the same name", where="people")
    with store.unit("accounts") as uow:
        existing = uow.session.scalar(select(func.count()).select_from(PersonRow))
        if existing:
            raise DataImportError(
                f"the database already holds {existing} people; a whole-database "
                "import needs an empty one"
            )
        for name in names:
            assert isinstance(name, str)
            single = {**doc, "people": [p for p in doc["people"] if p["name"] == name]}
            try:
                import_person(UnitOfWork(uow.session, name), single)
            except DataImportError as exc:
                index = names.index(name)
                where = (exc.where or "").replace("people[0]", f"people[{index}]", 1)
                raise DataImportError(exc.message, where=where or None) from None
    return len(names)
