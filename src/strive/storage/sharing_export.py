"""Sharing in the whole-person export: the goal's questions and inbox go with it.

A supporter's notes, suggestions and answers on a goal are the goal owner's data
(issue 9: "a supporter's notes on your goal go with your goal"), so each exported
goal carries::

    "questions": [{"text": ..., "asked": "2026-01-15T09:00:00",
                   "attempt": "NASA 1996", "recipients": [0, 2]}],
    "inbox": [{"kind": "answer", "author": "Adela", "text": ..., "payload": {},
               "status": "open", "created": ..., "decided_at": null, "question": 0}]

``recipients`` are positions in the goal's ``supporters`` list and ``question`` a
position in ``questions`` (the document holds no database ids). Grants and
invitations are not exported: they are access to one server's logins, and an
imported document must never let anyone in; after a restore the owner invites again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from strive.sharing.model import InboxItem, ItemKind, ItemStatus, StrategicQuestion
from strive.storage.sharing import SharingRepo

if TYPE_CHECKING:
    from strive.storage.unit import UnitOfWork


def _moment(when: dt.datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def export_goal(uow: UnitOfWork, goal_id: int) -> dict[str, Any]:
    """The ``questions`` and ``inbox`` fields of one exported goal."""
    repo = SharingRepo(uow.session)
    supporters = {s.id: i for i, s in enumerate(uow.list_supporters(goal_id))}
    attempts = {a.id: a.name for a in uow.list_attempts(goal_id)}
    questions = repo.questions(goal_id)
    position = {q.id: i for i, q in enumerate(questions)}
    return {
        "questions": [
            {
                "text": q.text,
                "asked": _moment(q.asked),
                "attempt": attempts.get(q.attempt_id),
                "recipients": sorted(
                    supporters[r] for r in q.recipients if r in supporters
                ),
            }
            for q in questions
        ],
        "inbox": [
            {
                "kind": str(i.kind),
                "author": i.author,
                "text": i.text,
                "payload": dict(i.payload),
                "status": str(i.status),
                "created": _moment(i.created),
                "decided_at": _moment(i.decided_at),
                "question": position.get(i.question_id),
            }
            for i in repo.items(goal_id)
        ],
    }


@dataclass
class SharingPlan:
    """A goal's questions and inbox read from a document, checked, not yet written."""

    questions: list[tuple[StrategicQuestion, str | None, list[int]]] = field(
        default_factory=list
    )
    items: list[tuple[InboxItem, int | None]] = field(default_factory=list)


def read_goal(g: Mapping[str, Any], at: str) -> SharingPlan:
    """Read and check ``questions`` and ``inbox`` of the goal at JSON path ``at``.

    Raises:
        DataImportError: naming the JSON path and field.
    """
    from strive.storage import export as ex

    supporters = len(ex._get(g, "supporters", at, []) or [])
    attempts = {
        a.get("name")
        for a in ex._get(g, "attempts", at, []) or []
        if isinstance(a, dict)
    }
    plan = SharingPlan()

    def question(q: Mapping[str, Any], where: str) -> None:
        text = ex._text(q, "text", where)
        asked = _read_moment(q, "asked", where, ex._MISSING)
        attempt = ex._optional_text(q, "attempt", where)
        if attempt is not None and attempt not in attempts:
            raise ex._fail(f"{where}.attempt", f"the goal has no attempt {attempt!r}")
        recipients = ex._get(q, "recipients", where, ex._MISSING)
        if not isinstance(recipients, list) or not all(
            isinstance(r, int) and not isinstance(r, bool) and 0 <= r < supporters
            for r in recipients
        ):
            raise ex._fail(
                f"{where}.recipients",
                f"expected positions in the goal's supporters (0 to {supporters - 1})",
            )
        made = ex._build(
            where,
            lambda: StrategicQuestion(
                goal_id=1,
                recipients=frozenset(r + 1 for r in recipients),
                asked=asked,
                text=text,
            ),
        )
        plan.questions.append((made, attempt, list(recipients)))

    ex._items(g, "questions", at, question)

    def item(i: Mapping[str, Any], where: str) -> None:
        position = ex._int(i, "question", where, None)
        if position is not None and not 0 <= position < len(plan.questions):
            raise ex._fail(f"{where}.question", f"there is no question {position}")
        payload = dict(ex._obj(ex._get(i, "payload", where, {}), f"{where}.payload"))
        made = ex._build(
            where,
            lambda: InboxItem(
                goal_id=1,
                kind=ex._enum(ItemKind, i, "kind", where, ItemKind.COMMENT),
                author=ex._text(i, "author", where),
                text=ex._text(i, "text", where, ""),
                created=_read_moment(i, "created", where, ex._MISSING),
                payload=payload,
                status=ex._enum(ItemStatus, i, "status", where, ItemStatus.OPEN),
                decided_at=_read_moment(i, "decided_at", where, None),
                question_id=None if position is None else 1,
            ),
        )
        plan.items.append((made, position))

    ex._items(g, "inbox", at, item)
    return plan


def _read_moment(obj: Mapping[str, Any], key: str, where: str, default: Any) -> Any:
    from strive.storage import export as ex

    value = ex._get(obj, key, where, default)
    if value is None and default is None:
        return None
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if moment.tzinfo is None:
                return moment
    raise ex._fail(
        f"{where}.{key}",
        f"expected a UTC time (YYYY-MM-DDTHH:MM:SS), got {ex._short(value)}",
    )


def write_goal(
    uow: UnitOfWork,
    goal_id: int,
    plan: SharingPlan,
    supporter_ids: list[int | None],
    attempt_ids: Mapping[str, int | None],
) -> None:
    """Write a checked plan into the goal ``goal_id`` (inside the import's unit);
    the ids are those the goal's supporters and attempts got in this database."""
    repo = SharingRepo(uow.session)
    question_ids: list[int | None] = []
    for q, attempt, recipients in plan.questions:
        stored = repo.add_question(
            replace(
                q,
                goal_id=goal_id,
                attempt_id=None if attempt is None else attempt_ids[attempt],
                recipients=frozenset(
                    r for r in (supporter_ids[i] for i in recipients) if r is not None
                ),
            )
        )
        question_ids.append(stored.id)
    for item, position in plan.items:
        repo.add_item(
            replace(
                item,
                goal_id=goal_id,
                question_id=None if position is None else question_ids[position],
            )
        )
