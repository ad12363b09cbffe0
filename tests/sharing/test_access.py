"""The access matrix: every kind of viewer × every section × every act.

The expected sets are spelled out by hand below (not computed from ``decide``'s
tables), and checked twice: against the pure :func:`decide` and through the service
on a real SQLite file, where grants come from accepted invitations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strive.errors import NotFoundError, StateError
from strive.sharing.access import Viewer, allowed, decide
from strive.sharing.model import Act, Grant, Role, Section

from .conftest import World

EVERYTHING = {(s, a) for s in Section for a in Act}
NOTHING: set[tuple[Section, Act]] = set()

MENTOR_WRITES = {
    (Section.EVIDENCE, Act.SUGGEST),
    (Section.ROUTE, Act.SUGGEST),
    (Section.NOTES, Act.NOTE),
    (Section.REVIEW, Act.ANSWER),
}
FAMILY_WRITES = {(Section.NOTES, Act.NOTE), (Section.REVIEW, Act.ANSWER)}
GRANTABLE = [
    Section.GOAL, Section.PROFILE, Section.GAP, Section.ROUTE, Section.PROGRESS,
    Section.EFFORT, Section.ATTEMPTS, Section.EVIDENCE, Section.REVIEW, Section.NOTES,
]  # fmt: skip
FAMILY_READS = {Section.GOAL, Section.PROGRESS, Section.ATTEMPTS, Section.NOTES}


def reads(*sections: Section) -> set[tuple[Section, Act]]:
    return {(s, Act.READ) for s in sections}


T0 = dt.datetime(2026, 1, 1)
OWNER, GOAL, OTHER_GOAL = 1, 10, 20


def grant(account: int, role: Role, sections: set[Section], goal: int = GOAL) -> Grant:
    return Grant(goal, 5, account, role, frozenset(sections | {Section.GOAL}), T0)


def test_pure_matrix_owner_stranger_logged_out() -> None:
    mentor = grant(7, Role.MENTOR, {Section.GAP})
    assert allowed(Viewer(1, OWNER), OWNER, GOAL, [mentor]) == EVERYTHING
    assert allowed(Viewer(None, OWNER), OWNER, GOAL, []) == EVERYTHING  # the CLI
    assert allowed(Viewer(99, 99), OWNER, GOAL, [mentor]) == NOTHING
    assert allowed(Viewer(None, None), OWNER, GOAL, [mentor]) == NOTHING
    # a logged-out visitor never matches a grant, even one with no account check
    assert allowed(Viewer(None, 7), OWNER, GOAL, [mentor]) == NOTHING


@pytest.mark.parametrize("section", GRANTABLE)
def test_pure_matrix_mentor_with_and_without_each_section(section: Section) -> None:
    only = grant(7, Role.MENTOR, {section})
    assert allowed(Viewer(7, 3), OWNER, GOAL, [only]) == (
        reads(Section.GOAL, section) | MENTOR_WRITES
    )
    without = grant(7, Role.MENTOR, set(GRANTABLE) - {section})
    # the goal itself is always part of a grant; every other section can be left out
    kept = set(GRANTABLE) - ({section} - {Section.GOAL})
    assert allowed(Viewer(7, 3), OWNER, GOAL, [without]) == (
        reads(*kept) | MENTOR_WRITES
    )


def test_pure_matrix_family_other_goal_and_revoked() -> None:
    family = grant(8, Role.FAMILY, {Section.PROGRESS, Section.ATTEMPTS, Section.NOTES})
    assert allowed(Viewer(8, 4), OWNER, GOAL, [family]) == (
        reads(*FAMILY_READS) | FAMILY_WRITES
    )
    elsewhere = grant(8, Role.MENTOR, set(GRANTABLE), goal=OTHER_GOAL)
    assert allowed(Viewer(8, 4), OWNER, GOAL, [elsewhere]) == NOTHING
    revoked = Grant(GOAL, 5, 8, Role.MENTOR, frozenset(GRANTABLE), T0, revoked_at=T0)
    assert allowed(Viewer(8, 4), OWNER, GOAL, [revoked]) == NOTHING
    assert not decide(Viewer(8, 4), OWNER, GOAL, Section.GAP, Act.WRITE, [revoked])


# --- the same matrix through the service and the database ----------------------------


def _through_service(
    world: World, viewer: Viewer, goal: int
) -> set[tuple[Section, Act]]:
    got = set()
    for section in Section:
        for act in Act:
            try:
                world.circle.authorize(viewer, goal, section, act)
            except NotFoundError:
                continue
            got.add((section, act))
    return got


def test_matrix_through_the_service(world: World) -> None:
    c, acc = world.circle, world.accounts
    owner = c.account_viewer(acc["jose"])
    mentor_inv, mentor_token = c.invite(
        owner, world.jose_goal, Role.MENTOR, "Miss Young",
        sections={Section.GAP, Section.ROUTE},
    )  # fmt: skip
    _, family_token = c.invite(owner, world.jose_goal, Role.FAMILY, "Dad")
    _, boss_token = c.invite(owner, world.jose_goal, Role.MENTOR, "Boss")
    _, expired_token = c.invite(owner, world.jose_goal, Role.FAMILY, "Wife")
    ana = c.account_viewer(acc["ana"])
    _, other_token = c.invite(ana, world.ana_goal, Role.MENTOR, "Coach",
                              sections=set(GRANTABLE))  # fmt: skip
    c.accept(mentor_token, acc["young"])
    c.accept(family_token, acc["dad"])
    boss_grant = c.accept(boss_token, acc["boss"])
    c.accept(other_token, acc["stranger"])  # supports ana, not jose
    c.revoke(owner, boss_grant.id or 0)
    world.clock.advance(days=8)
    with pytest.raises(StateError, match="expired"):
        c.accept(expired_token, acc["wife"])

    expected = {
        "jose": EVERYTHING,
        "young": reads(Section.GOAL, Section.GAP, Section.ROUTE) | MENTOR_WRITES,
        "dad": reads(*FAMILY_READS) | FAMILY_WRITES,
        "boss": NOTHING,  # revoked
        "wife": NOTHING,  # expired invitation
        "stranger": NOTHING,  # supporter of another person's goal
        "ana": NOTHING,  # a stranger with an account
    }
    for name, want in expected.items():
        viewer = c.account_viewer(acc[name])
        assert _through_service(world, viewer, world.jose_goal) == want, name
    assert _through_service(world, c.account_viewer(None), world.jose_goal) == NOTHING
    assert _through_service(world, c.local_viewer("jose"), world.jose_goal) == (
        EVERYTHING
    )
    assert _through_service(world, c.account_viewer(acc["jose"]), 9999) == NOTHING
    assert c.view_for(c.account_viewer(acc["young"]), world.jose_goal) == {
        Section.GOAL, Section.GAP, Section.ROUTE
    }  # fmt: skip
    assert mentor_inv.sections == {Section.GOAL, Section.GAP, Section.ROUTE}
    # a refusal says exactly what a missing goal says: ids reveal nothing
    for goal in (world.jose_goal, 9999):
        with pytest.raises(NotFoundError) as refused:
            c.authorize(c.account_viewer(acc["ana"]), goal, Section.GOAL)
        assert str(refused.value) == f"there is no goal {goal}"


# --- revoking one grant removes exactly what it gave ---------------------------------

ACCOUNTS = st.integers(min_value=1, max_value=4)
GOALS = st.sampled_from([GOAL, OTHER_GOAL])
GRANTS = st.builds(
    lambda goal, account, role, sections: Grant(
        goal, 5, account, role, frozenset(sections) | {Section.GOAL}, T0
    ),
    GOALS,
    ACCOUNTS,
    st.sampled_from(list(Role)),
    st.sets(st.sampled_from(GRANTABLE)),
)


@given(st.lists(GRANTS, min_size=1, max_size=6), st.data())
def test_revoking_a_grant_removes_what_it_gave_and_nothing_else(
    grants: list[Grant], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(grants) - 1))
    gone = grants[index]
    after = [*grants[:index], replace(gone, revoked_at=T0), *grants[index + 1 :]]
    for account in range(1, 5):
        viewer = Viewer(account, 100 + account)
        for goal in (GOAL, OTHER_GOAL):
            before = allowed(viewer, OWNER, goal, grants)
            now = allowed(viewer, OWNER, goal, after)
            if (account, goal) != (gone.account_id, gone.goal_id):
                assert now == before
                continue
            kept: set[tuple[Section, Act]] = set()
            for other in after:
                if other.active and (other.account_id, other.goal_id) == (
                    account,
                    goal,
                ):
                    kept |= reads(*other.sections) | (
                        MENTOR_WRITES if other.role is Role.MENTOR else FAMILY_WRITES
                    )
            assert now == kept
            assert now <= before
