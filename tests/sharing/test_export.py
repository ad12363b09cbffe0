"""The goal's questions and inbox travel with the export; grants never do."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from strive.attempts import Outcome
from strive.errors import DataImportError
from strive.sharing.model import Role, Section
from strive.sharing.service import Circle
from strive.storage import Store
from strive.workspace import Workspace

from .conftest import World

TODAY = dt.date(2026, 1, 15)


def _journey(world: World) -> dict[str, Any]:
    c = world.circle
    owner = c.account_viewer(world.accounts["jose"])
    ws = Workspace(world.store, person="jose", today=TODAY)
    ws.add_attempt("NASA 1996", dt.date(1996, 1, 1))
    ws.record_result("NASA 1996", Outcome.REJECTED, when=dt.date(1996, 6, 1))
    _, t1 = c.invite(owner, world.jose_goal, Role.MENTOR, "Miss Young",
                     sections={Section.GAP})  # fmt: skip
    _, t2 = c.invite(owner, world.jose_goal, Role.FAMILY, "Adela")
    c.accept(t1, world.accounts["young"])
    wife_grant = c.accept(t2, world.accounts["wife"])
    young = c.account_viewer(world.accounts["young"])
    wife = c.account_viewer(world.accounts["wife"])
    item = c.suggest_evidence(young, world.jose_goal, "test_pilot_school", have=2, of=3)
    c.accept_item(owner, item.id or 0)
    c.comment(young, world.jose_goal, "Learn Russian")
    q = c.ask_strategic_question(
        owner, world.jose_goal, "NASA 1996", [wife_grant.supporter_id]
    )
    c.answer(wife, q.id or 0, "They are pilots.\nYou are not, yet.")
    with world.store.unit("jose") as uow:
        return uow.export_all()


def test_export_import_export_is_identical_and_lets_no_one_in(
    world: World, tmp_path: Path
) -> None:
    doc = _journey(world)
    (goal,) = doc["people"][0]["goals"]
    assert [i["kind"] for i in goal["inbox"]] == ["evidence", "comment", "answer"]
    assert goal["inbox"][2]["question"] == 0
    assert goal["questions"][0]["attempt"] == "NASA 1996"
    assert goal["questions"][0]["recipients"] == [1]  # Adela, the second supporter
    assert "grants" not in json.dumps(doc) and "token" not in json.dumps(doc)
    with Store.open(tmp_path / "copy.db") as fresh:
        with fresh.unit("jose") as uow:
            uow.import_all(json.loads(json.dumps(doc)))
        with fresh.unit("jose") as uow:
            assert uow.export_all() == doc
        circle = Circle(fresh)
        me = circle.local_viewer("jose")
        (goal_id,) = [g.id for g in Workspace(fresh, person="jose").goals()]
        assert circle.grants(me, goal_id or 0) == []
        (question,) = circle.questions(me, goal_id or 0)
        supporters = Workspace(fresh, person="jose").supporters()
        assert question.recipients == {supporters[1].id}


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("questions.0.recipients", [5], "positions in the goal's supporters"),
        ("questions.0.attempt", "NASA 2099", "no attempt 'NASA 2099'"),
        ("questions.0.asked", "yesterday", "expected a UTC time"),
        ("inbox.2.question", 3, "there is no question 3"),
        ("inbox.1.kind", "gossip", "'gossip' is not one of"),
        ("inbox.1.text", "a\x00b", "NUL"),
        ("inbox.0.payload", {"condition": "x", "secret": 1}, "unexpected fields"),
    ],
)
def test_bad_sharing_fields_are_refused_with_their_path(
    world: World, tmp_path: Path, path: str, value: Any, message: str
) -> None:
    doc = copy.deepcopy(_journey(world))
    node: Any = doc["people"][0]["goals"][0]
    *parents, last = path.split(".")
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[last] = value
    with Store.open(tmp_path / "copy.db") as fresh:
        with (
            pytest.raises(DataImportError, match=message) as caught,
            fresh.unit("jose") as uow,
        ):
            uow.import_all(doc)
        first = path.split(".")[0]
        assert f"people[0].goals[0].{first}[" in str(caught.value)
        with fresh.unit("jose") as uow:
            assert uow.is_empty()
