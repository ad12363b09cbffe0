"""The sharing records on their own: parsing what an owner typed, refusing a broken
record with the field named, and the JSON shapes the CLI and the API print.

Written against the mutation run of docs/testing.md ("Mutation testing"): these paths
were reached only by the CLI and web tests, which the mutation run leaves out, so no
change to them was noticed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from strive.errors import InputError
from strive.sharing.access import Viewer, readable
from strive.sharing.model import (
    GRANTABLE,
    Grant,
    InboxItem,
    Invitation,
    ItemKind,
    ItemStatus,
    Role,
    Section,
    StrategicQuestion,
    grants_json,
    inbox_json,
    parse_sections,
    questions_json,
    token_hash,
)

T0 = dt.datetime(2026, 1, 1, 9, 30)
T1 = dt.datetime(2026, 1, 8, 9, 30)
HASH = token_hash("a-token")


# --- what an owner types after --see or in the sections box --------------------------


def test_sections_parse_from_typed_text_in_any_case_and_spacing() -> None:
    assert parse_sections("gap,route") == {Section.GAP, Section.ROUTE}
    assert parse_sections(" GAP , Route ,,") == {Section.GAP, Section.ROUTE}
    assert parse_sections(["progress", " Notes "]) == {Section.PROGRESS, Section.NOTES}
    assert parse_sections("gap,,route") == {Section.GAP, Section.ROUTE}
    assert parse_sections("") == frozenset()
    assert parse_sections([]) == frozenset()


def test_an_unknown_section_is_refused_naming_it_the_field_and_the_choices() -> None:
    with pytest.raises(InputError) as caught:
        parse_sections("gap,Salary", "--see")
    err = caught.value
    assert err.where == "--see"
    choices = ", ".join(sorted(s.value for s in GRANTABLE))
    assert err.message == f"'salary' is not a section; choose from: {choices}"
    # the list offered is what can be granted: not the other supporters, not the inbox
    assert "supporters" not in choices and "inbox" not in choices
    assert "profile" in choices and "goal" in choices
    # a JSON list may hold anything: a number is refused as input, never a crash
    with pytest.raises(InputError) as number:
        parse_sections(["gap", 3], "sections")  # type: ignore[list-item]
    assert number.value.message.startswith("3 is not a section; choose from: ")
    with pytest.raises(InputError) as default_field:
        parse_sections(["nope"])
    assert default_field.value.where == "sections"


# --- who may read what: the owner sees everything ------------------------------------


def test_readable_owner_everything_supporter_exactly_the_grant_stranger_nothing() -> (
    None
):
    grant = Grant(10, 5, 7, Role.MENTOR, frozenset({Section.GOAL, Section.GAP}), T0)
    assert readable(Viewer(1, 1), 1, 10, [grant]) == frozenset(Section)
    assert readable(Viewer(None, 1), 1, 10, []) == frozenset(Section)
    assert readable(Viewer(7, 3), 1, 10, [grant]) == {Section.GOAL, Section.GAP}
    assert readable(Viewer(7, 3), 1, 11, [grant]) == frozenset()
    assert readable(Viewer(8, 4), 1, 10, [grant]) == frozenset()


# --- the strategic question ----------------------------------------------------------


def test_a_question_needs_recipients_named_by_id() -> None:
    recipients: Any
    for recipients in (frozenset(), {3}, [3]):
        with pytest.raises(InputError) as caught:
            StrategicQuestion(10, recipients, T0)
        assert caught.value.where == "recipients"
        assert caught.value.message == "choose at least one supporter"
    with pytest.raises(InputError) as zero:
        StrategicQuestion(10, frozenset({0}), T0)
    assert zero.value.where == "recipients"


@pytest.mark.parametrize("field", ["goal_id", "attempt_id", "id"])
def test_a_question_refuses_a_bad_id_naming_the_field(field: str) -> None:
    ids: dict[str, Any] = {"goal_id": 10, "attempt_id": 2, "id": 4}
    ids[field] = 0
    with pytest.raises(InputError) as caught:
        StrategicQuestion(
            ids["goal_id"],
            frozenset({3}),
            T0,
            attempt_id=ids["attempt_id"],
            id=ids["id"],
        )
    assert caught.value.where == field


def test_an_invitation_is_usable_once_and_until_it_expires() -> None:
    invitation = Invitation(10, 5, Role.FAMILY, frozenset({Section.GOAL}), HASH, T0, T1)
    assert invitation.usable(T0)
    assert invitation.usable(T1 - dt.timedelta(seconds=1))
    assert not invitation.usable(T1)  # the service's rule too: expired at `expires`
    used = Invitation(10, 5, Role.FAMILY, frozenset({Section.GOAL}), HASH, T0, T1, T0)
    assert not used.usable(T0)


# --- the JSON documents (one shape for `--json` and the API) -------------------------


def test_grant_json() -> None:
    sections = frozenset({Section.GOAL, Section.ROUTE, Section.GAP})
    grant = Grant(10, 5, 7, Role.MENTOR, sections, T0, id=3, version=2)
    revoked = Grant(10, 6, 8, Role.FAMILY, frozenset({Section.GOAL}), T0, T1, id=4)
    assert grants_json([grant, revoked]) == {
        "grants": [
            {
                "id": 3,
                "goal_id": 10,
                "supporter_id": 5,
                "account_id": 7,
                "role": "mentor",
                "sections": ["gap", "goal", "route"],
                "created": "2026-01-01T09:30:00",
                "revoked_at": None,
                "version": 2,
            },
            {
                "id": 4,
                "goal_id": 10,
                "supporter_id": 6,
                "account_id": 8,
                "role": "family",
                "sections": ["goal"],
                "created": "2026-01-01T09:30:00",
                "revoked_at": "2026-01-08T09:30:00",
                "version": None,
            },
        ]
    }
    assert grants_json([]) == {"grants": []}


def test_invitation_json_never_holds_the_token() -> None:
    sections = frozenset({Section.GOAL, Section.NOTES})
    open_ = Invitation(10, 5, Role.FAMILY, sections, HASH, T0, T1, id=9)
    used = Invitation(10, 5, Role.MENTOR, sections, HASH, T0, T1, used_at=T1, id=9)
    assert open_.to_json() == {
        "id": 9,
        "goal_id": 10,
        "supporter_id": 5,
        "role": "family",
        "sections": ["goal", "notes"],
        "created": "2026-01-01T09:30:00",
        "expires": "2026-01-08T09:30:00",
        "used_at": None,
    }
    assert used.to_json()["used_at"] == "2026-01-08T09:30:00"
    assert used.to_json()["role"] == "mentor"


def test_inbox_json() -> None:
    suggestion = InboxItem(
        10, ItemKind.EVIDENCE, "Miss Young", "You flew this", T0, grant_id=3,
        payload={"condition": "pilot", "have": 2, "of": 3},
        status=ItemStatus.ACCEPTED, decided_at=T1, evidence_id=6, id=1,
    )  # fmt: skip
    answer = InboxItem(
        10, ItemKind.ANSWER, "Adela", "They are pilots.", T0, grant_id=4,
        question_id=2, id=2,
    )  # fmt: skip
    assert inbox_json([suggestion, answer]) == {
        "inbox": [
            {
                "id": 1,
                "goal_id": 10,
                "kind": "evidence",
                "author": "Miss Young",
                "text": "You flew this",
                "payload": {"condition": "pilot", "have": 2, "of": 3},
                "status": "accepted",
                "created": "2026-01-01T09:30:00",
                "decided_at": "2026-01-08T09:30:00",
                "question_id": None,
                "evidence_id": 6,
            },
            {
                "id": 2,
                "goal_id": 10,
                "kind": "answer",
                "author": "Adela",
                "text": "They are pilots.",
                "payload": {},
                "status": "open",
                "created": "2026-01-01T09:30:00",
                "decided_at": None,
                "question_id": 2,
                "evidence_id": None,
            },
        ]
    }
    assert inbox_json([]) == {"inbox": []}


def test_questions_json() -> None:
    asked = StrategicQuestion(10, frozenset({7, 3}), T0, attempt_id=2, id=5)
    assert questions_json([asked]) == {
        "questions": [
            {
                "id": 5,
                "goal_id": 10,
                "attempt_id": 2,
                "text": "What do those who were selected have that I don't?",
                "recipients": [3, 7],
                "asked": "2026-01-01T09:30:00",
            }
        ]
    }
    assert questions_json([]) == {"questions": []}
