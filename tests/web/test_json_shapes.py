"""One serialisation: the CLI's ``--json`` and the API return identical documents.

The profile, evidence and effort documents are built once, in the core
(``Profile.to_json``, ``strive.evidence.evidence_json``,
``strive.effort.effort_json``). This test records data with the CLI on a database,
gives the CLI's person a web login, and compares ``strive ... --json`` with the API's
answer on the same database, document by document.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import PASSWORD, TODAY, TestClient

from strive.web.app import create_app

PAIRS = [
    (("profile", "show", "--json"), "profile"),
    (("evidence", "list", "--json"), "evidence"),
    (("effort", "list", "--json"), "effort"),
]


@pytest.fixture
def recorded(cli: Callable[..., Any], db_path: Path) -> Path:
    """A CLI database with a goal, values (one "not yet"), evidence and effort."""
    steps = [
        ("goal", "new", "Fly to space", "--template", "nasa-astronaut"),
        ("profile", "set", "age=31", "pilot_certificate=not yet", "languages=spanish"),
        ("evidence", "add", "languages>=3", "--source", "Miss Young", "--have", "3",
         "--of", "4", "--note", "a third language"),
        ("evidence", "add", "pilot_certificate", "--source", "an astronaut's talk"),
        ("log", "2.5", "private_pilot", "--date", "2026-01-10", "--note", "ground"),
        ("log", "1", "learn_russian"),
    ]  # fmt: skip
    for args in steps:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
    made = cli("account", "new", "me@example.org", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert made.exit_code == 0, made.output
    return db_path


def test_cli_json_and_api_are_the_same_documents(
    cli: Callable[..., Any], recorded: Path
) -> None:
    documents: dict[str, Any] = {}
    with TestClient(create_app(recorded, today=TODAY)) as client:
        login = client.post(
            "/api/session", json={"email": "me@example.org", "password": PASSWORD}
        )
        assert login.status_code == 200, login.text
        [goal] = client.get("/api/goals").json()["goals"]
        for args, resource in PAIRS:
            result = cli(*args)
            assert result.exit_code == 0, result.output
            from_cli = json.loads(result.stdout)
            from_api = client.get(f"/api/goals/{goal['id']}/{resource}").json()
            assert from_api == from_cli, resource
            documents[resource] = from_api
    # Real documents with what was recorded, not two equal empty answers.
    traits = {t["trait"]: t for t in documents["profile"]["traits"]}
    assert traits["age"]["status"] == "known"
    assert traits["pilot_certificate"]["value"] == "not_yet"
    assert [e["share"] for e in documents["evidence"]["evidence"]] == [0.75, None]
    assert [e["hours"] for e in documents["effort"]["effort"]] == [2.5, 1.0]
