"""The sharing front door on a real SQLite file: invitations, grants, inbox."""

from __future__ import annotations

import datetime as dt

import pytest

from strive.attempts import Outcome
from strive.errors import InputError, NotFoundError, StateError, TraitValueError
from strive.sharing.access import Viewer
from strive.sharing.model import ItemKind, ItemStatus, Role, Section, token_hash
from strive.storage.sharing import InvitationRow
from strive.workspace import Workspace

from .conftest import World

TODAY = dt.date(2026, 1, 15)


def owner(world: World) -> Viewer:
    return world.circle.account_viewer(world.accounts["jose"])


def as_(world: World, name: str) -> Viewer:
    return world.circle.account_viewer(world.accounts[name])


def mentor(world: World, sections: set[Section] | None = None) -> Viewer:
    _, token = world.circle.invite(
        owner(world), world.jose_goal, Role.MENTOR, "Miss Young", sections=sections
    )
    world.circle.accept(token, world.accounts["young"])
    return as_(world, "young")


# --- invitations ----------------------------------------------------------------------


def test_invitation_stores_only_the_hash_and_works_once(world: World) -> None:
    c = world.circle
    invitation, token = c.invite(owner(world), world.jose_goal, Role.FAMILY, "Dad")
    assert invitation.expires - invitation.created == dt.timedelta(days=7)
    assert invitation.sections == {
        Section.GOAL, Section.PROGRESS, Section.ATTEMPTS, Section.NOTES
    }  # fmt: skip
    with world.store.unit() as uow:
        (row,) = uow.session.query(InvitationRow).all()
        assert row.token_hash == token_hash(token) != token
        assert token not in str(row.__dict__)
    supporters = Workspace(world.store, person="jose").supporters()
    assert [(s.name, s.role) for s in supporters] == [("Dad", "family")]
    shown = c.preview(token)
    assert (shown.goal_title, shown.supporter_name) == ("Become an astronaut", "Dad")
    assert shown.invitation == invitation
    grant = c.accept(token, world.accounts["dad"])
    assert c.supporter_names(owner(world), world.jose_goal) == {
        grant.supporter_id: "Dad"
    }
    with pytest.raises(NotFoundError):
        c.supporter_names(as_(world, "dad"), world.jose_goal)
    assert (grant.role, grant.sections) == (Role.FAMILY, invitation.sections)
    assert grant.supporter_id == supporters[0].id
    with pytest.raises(StateError, match="already used"):
        c.accept(token, world.accounts["wife"])
    with pytest.raises(StateError, match="already used"):
        c.preview(token)
    assert c.view_for(as_(world, "wife"), world.jose_goal) == frozenset()


def test_expired_wrong_and_own_tokens_are_refused(world: World) -> None:
    c = world.circle
    _, token = c.invite(owner(world), world.jose_goal, Role.FAMILY, "Wife")
    with pytest.raises(NotFoundError, match="not valid"):
        c.accept(token[:-1], world.accounts["wife"])
    with pytest.raises(StateError, match="your own goal"):
        c.accept(token, world.accounts["jose"])
    with pytest.raises(NotFoundError, match="not valid"):
        c.preview("")
    world.clock.advance(days=7)
    with pytest.raises(StateError, match="expired on 2026-01-22"):
        c.accept(token, world.accounts["wife"])
    with pytest.raises(StateError, match="expired"):
        c.preview(token)
    assert c.grants(owner(world), world.jose_goal) == []


def test_one_second_before_expiry_still_works(world: World) -> None:
    _, token = world.circle.invite(owner(world), world.jose_goal, Role.FAMILY, "Wife")
    world.clock.advance(days=7, seconds=-1)
    assert world.circle.accept(token, world.accounts["wife"]).active


def test_only_the_owner_invites_and_bad_input_writes_nothing(world: World) -> None:
    c = world.circle
    young = mentor(world, {Section.GAP})
    with pytest.raises(NotFoundError, match=f"no goal {world.jose_goal}"):
        c.invite(young, world.jose_goal, Role.MENTOR, "Someone")
    with pytest.raises(NotFoundError):
        c.invite(as_(world, "ana"), world.jose_goal, Role.FAMILY, "Someone")
    with pytest.raises(TraitValueError, match="cannot be granted: inbox"):
        c.invite(
            owner(world), world.jose_goal, Role.MENTOR, "X", sections={Section.INBOX}
        )
    with pytest.raises(TraitValueError, match="line break"):
        c.invite(owner(world), world.jose_goal, Role.FAMILY, "Two\nlines")
    names = [s.name for s in Workspace(world.store, person="jose").supporters()]
    assert names == ["Miss Young"]


def test_a_second_invitation_for_the_same_login_is_refused(world: World) -> None:
    mentor(world)
    _, again = world.circle.invite(owner(world), world.jose_goal, Role.FAMILY, "Y")
    with pytest.raises(StateError, match="already support"):
        world.circle.accept(again, world.accounts["young"])


# --- grants change and end on the next request ----------------------------------------


def test_change_and_revoke_take_effect_on_the_next_request(world: World) -> None:
    c = world.circle
    young = mentor(world, {Section.GAP})
    (grant,) = c.grants(owner(world), world.jose_goal)
    assert c.view_for(young, world.jose_goal) == {Section.GOAL, Section.GAP}
    c.change_grant(owner(world), grant.id or 0, {Section.PROGRESS, Section.PROFILE})
    assert c.view_for(young, world.jose_goal) == {
        Section.GOAL, Section.PROGRESS, Section.PROFILE
    }  # fmt: skip
    with pytest.raises(NotFoundError, match="no grant"):
        c.change_grant(young, grant.id or 0, set(Section) - {Section.INBOX})
    with pytest.raises(NotFoundError, match="no grant"):
        c.revoke(as_(world, "ana"), grant.id or 0)
    revoked = c.revoke(owner(world), grant.id or 0)
    assert revoked.revoked_at == world.clock.now
    assert c.view_for(young, world.jose_goal) == frozenset()
    assert c.shared_with(young) == []
    assert c.revoke(owner(world), grant.id or 0) == revoked
    with pytest.raises(StateError, match="revoked"):
        c.change_grant(owner(world), grant.id or 0, {Section.GAP})
    with pytest.raises(NotFoundError):
        c.suggest_action(young, world.jose_goal, "private_pilot")


def test_removing_the_supporter_removes_the_grant(world: World) -> None:
    young = mentor(world, {Section.GAP})
    ws = Workspace(world.store, person="jose", today=TODAY)
    (supporter,) = ws.supporters()
    ws.delete_supporter(supporter.id or 0)
    assert world.circle.view_for(young, world.jose_goal) == frozenset()
    assert world.circle.grants(owner(world), world.jose_goal) == []


# --- suggestions, notes and the inbox -------------------------------------------------


def test_accepted_evidence_keeps_the_mentor_as_its_source(world: World) -> None:
    c = world.circle
    young = mentor(world, {Section.GAP})
    item = c.suggest_evidence(
        young, world.jose_goal, "test_pilot_school", have=9, of=11, note="I read bios"
    )
    assert (item.kind, item.author, item.status) == (
        ItemKind.EVIDENCE, "Miss Young", ItemStatus.OPEN
    )  # fmt: skip
    assert c.inbox(owner(world), world.jose_goal) == [item]
    with pytest.raises(NotFoundError):
        c.inbox(young, world.jose_goal)
    with pytest.raises(NotFoundError, match="no inbox item"):
        c.accept_item(young, item.id or 0)
    done = c.accept_item(owner(world), item.id or 0)
    assert done.evidence is not None
    assert done.item.status is ItemStatus.ACCEPTED
    assert done.item.evidence_id == done.evidence.id
    (stored,) = Workspace(world.store, person="jose", today=TODAY).context().evidence
    assert (stored.condition, stored.source, stored.have, stored.of, stored.note) == (
        "test_pilot_school", "Miss Young (mentor)", 9, 11, "I read bios"
    )  # fmt: skip
    with pytest.raises(StateError, match="already accepted"):
        c.accept_item(owner(world), item.id or 0)


def test_bad_suggestions_are_refused_before_anything_is_written(world: World) -> None:
    c = world.circle
    young = mentor(world)
    with pytest.raises(InputError, match="--have"):
        c.suggest_evidence(young, world.jose_goal, "test_pilot_school", have=12, of=11)
    with pytest.raises(TraitValueError, match="NUL"):
        c.suggest_action(young, world.jose_goal, "a\x00b")
    with pytest.raises(StateError, match="only a supporter"):
        c.suggest_action(owner(world), world.jose_goal, "private_pilot")
    assert c.inbox(owner(world), world.jose_goal) == []


def test_family_notes_but_cannot_suggest(world: World) -> None:
    c = world.circle
    _, token = c.invite(owner(world), world.jose_goal, Role.FAMILY, "Dad")
    c.accept(token, world.accounts["dad"])
    dad = as_(world, "dad")
    note = c.note(dad, world.jose_goal, "¡Échale ganas, mijo!")
    with pytest.raises(NotFoundError):
        c.suggest_evidence(dad, world.jose_goal, "test_pilot_school")
    young = mentor(world, {Section.GAP})
    comment = c.comment(young, world.jose_goal, "Apply again [b]next[/b] year")
    assert c.notes(dad, world.jose_goal) == [note, comment]
    assert comment.kind is ItemKind.COMMENT and note.kind is ItemKind.ENCOURAGEMENT
    with pytest.raises(NotFoundError):  # notes were not granted to the mentor
        c.notes(young, world.jose_goal)
    declined = c.decline_item(owner(world), comment.id or 0)
    assert declined.status is ItemStatus.DECLINED
    assert declined.decided_at == world.clock.now


def test_evidence_waits_for_its_goal_to_be_active(world: World) -> None:
    c = world.circle
    young = mentor(world)
    item = c.suggest_evidence(young, world.jose_goal, "test_pilot_school")
    ws = Workspace(world.store, person="jose", today=TODAY)
    ws.new_goal("Teach", "nasa-astronaut")  # the newest goal is the active one
    with pytest.raises(StateError, match="not your active goal"):
        c.accept_item(owner(world), item.id or 0)
    assert c.inbox(owner(world), world.jose_goal)[0].status is ItemStatus.OPEN


# --- the strategic question -----------------------------------------------------------


def test_the_strategic_question_goes_only_to_whom_it_was_sent(world: World) -> None:
    c = world.circle
    ws = Workspace(world.store, person="jose", today=TODAY)
    ws.add_attempt("NASA 1996", dt.date(1996, 1, 1))
    young = mentor(world, {Section.REVIEW})
    _, token = c.invite(owner(world), world.jose_goal, Role.FAMILY, "Adela")
    c.accept(token, world.accounts["wife"])
    wife = as_(world, "wife")
    (_, wife_grant) = c.grants(owner(world), world.jose_goal)
    with pytest.raises(StateError, match="not rejected"):
        c.ask_strategic_question(owner(world), world.jose_goal, "NASA 1996",
                                 [wife_grant.supporter_id])  # fmt: skip
    ws.record_result("NASA 1996", Outcome.REJECTED, when=dt.date(1996, 6, 1))
    with pytest.raises(NotFoundError):
        c.ask_strategic_question(wife, world.jose_goal, None, [wife_grant.supporter_id])
    with pytest.raises(InputError, match="at least one"):
        c.ask_strategic_question(owner(world), world.jose_goal, None, [])
    question = c.ask_strategic_question(
        owner(world), world.jose_goal, "NASA 1996", [wife_grant.supporter_id]
    )
    assert question.text == "What do those who were selected have that I don't?"
    assert c.questions(wife, world.jose_goal) == [question]
    assert c.questions(young, world.jose_goal) == []
    with pytest.raises(NotFoundError, match="no question"):
        c.answer(young, question.id or 0, "Flight hours")
    answer = c.answer(wife, question.id or 0, "They are all pilots; you are not.")
    assert answer.question_id == question.id and answer.kind is ItemKind.ANSWER
    c.revoke(owner(world), wife_grant.id or 0)
    with pytest.raises(NotFoundError):
        c.answer(wife, question.id or 0, "again")
    done = c.accept_item(owner(world), answer.id or 0, condition="test_pilot_school")
    assert done.evidence is not None
    assert done.evidence.source == "Adela (family)"
    assert done.evidence.note == "They are all pilots; you are not."


def test_two_logins_racing_for_one_invitation_make_one_grant(world: World) -> None:
    from concurrent.futures import ThreadPoolExecutor

    _, token = world.circle.invite(owner(world), world.jose_goal, Role.FAMILY, "Dad")

    def accept(name: str) -> str:
        try:
            world.circle.accept(token, world.accounts[name])
        except StateError as exc:
            return str(exc)
        return "accepted"

    with ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(accept, ["dad", "wife"]))
    assert results[0] == "accepted"
    assert "already used" in results[1]
    assert len(world.circle.grants(owner(world), world.jose_goal)) == 1
