"""The effort log's entries: what hours are possible, and the JSON shape.

Written against the mutation run of docs/testing.md ("Mutation testing").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from strive.effort import EffortEntry, effort_json
from strive.errors import InputError

D = dt.date(2024, 3, 5)


def test_hours_are_more_than_none_and_at_most_a_week() -> None:
    assert EffortEntry("private_pilot", 24 * 7, D).hours == 168
    assert EffortEntry("private_pilot", 0.25, D).hours == 0.25
    for hours, message in ((0, "must be more than 0"), (168.5, "at most 168")):
        with pytest.raises(InputError) as caught:
            EffortEntry("private_pilot", hours, D)
        assert caught.value.where == "hours"
        assert message in caught.value.message


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"action": " "}, "action"),
        ({"when": dt.date(1850, 1, 1)}, "when"),
        ({"note": "n" * 10_001}, "note"),
    ],
)
def test_each_field_is_checked_and_named(fields: dict[str, Any], where: str) -> None:
    given: dict[str, Any] = {"action": "scuba", "hours": 2.0, "when": D} | fields
    with pytest.raises(InputError) as caught:
        EffortEntry(**given)
    assert caught.value.where == where


def test_a_note_may_span_lines() -> None:
    assert EffortEntry("scuba", 2, D, note="pool\nthen sea").note == "pool\nthen sea"


def test_effort_json() -> None:
    entries = [
        EffortEntry("private_pilot", 1.5, D, "circuits", id=4),
        EffortEntry("scuba", 2, dt.date(2024, 3, 6)),
    ]
    assert effort_json(entries) == {
        "effort": [
            {
                "id": 4,
                "action": "private_pilot",
                "hours": 1.5,
                "date": "2024-03-05",
                "note": "circuits",
            },
            {
                "id": None,
                "action": "scuba",
                "hours": 2,
                "date": "2024-03-06",
                "note": "",
            },
        ]
    }
    assert effort_json([]) == {"effort": []}
