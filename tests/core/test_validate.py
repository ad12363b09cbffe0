"""The shared validators, and that every record calls them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from strive import validate as check
from strive.attempts import Attempt
from strive.effort import EffortEntry
from strive.errors import InputError
from strive.evidence import Evidence
from strive.goal import Goal, Limits
from strive.profile import Change
from strive.supporters import Supporter
from strive.traits import Kind, Trait

D = dt.date


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "must not be blank"),
        ("  ", "must not be blank"),
        ("a\x00b", "NUL"),
        ("a\nb", "line break"),
        ("a\tb", "line break"),
        ("a\x1b[31m", r"control character '\\x1b'"),
        ("a\x7f", "control character"),
        ("a\x85", "control character"),  # C1 "next line"
        ("a\udcff", "not Unicode text"),
        ("x" * 201, "201 characters long; at most 200"),
        (3, "expected text"),
    ],
)
def test_names_refuse(value: Any, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        check.name(value, "title")
    assert caught.value.where == "title"


def test_names_keep_what_is_text() -> None:
    for ok in ("José", "x" * 200, "Reach [/x] orbit", "\u200fمرحبا", "a b"):
        assert check.name(ok, "title") == ok


def test_notes_allow_lines_but_not_escapes() -> None:
    assert check.note("line one\nline two\ttab\r\n", "note")
    assert check.note("n" * 10_000, "note")
    with pytest.raises(InputError, match="at most 10,000"):
        check.note("n" * 10_001, "note")
    with pytest.raises(InputError, match="control character"):
        check.note("a\x1b[2J", "note")
    with pytest.raises(InputError, match="NUL"):
        check.note("a\x00", "note")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (float("nan"), "finite"),
        (float("inf"), "finite"),
        (-float("inf"), "finite"),
        (10**400, "too large"),
        (True, "expected a number"),
        ("3", "expected a number"),
        (0, "more than 0"),
        (101, "at most 100"),
    ],
)
def test_numbers_refuse(value: Any, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check.number(value, "hours", low=0, high=100, above=True)


def test_whole_numbers_and_days() -> None:
    assert check.whole(10**9, "have") == 10**9
    for bad in (10**9 + 1, -1, 2.0, True):
        with pytest.raises(InputError):
            check.whole(bad, "have")
    assert check.day(D(1900, 1, 1), "when") == D(1900, 1, 1)
    assert check.day(D(2200, 12, 31), "when") == D(2200, 12, 31)
    for bad in (D(1899, 12, 31), D(2201, 1, 1), dt.datetime(2020, 1, 1), "2020"):
        with pytest.raises(InputError):
            check.day(bad, "when")


def test_goal_chains() -> None:
    check.goal_chain({1: 2, 2: 3, 3: None})
    with pytest.raises(InputError, match="cycle: 1 → 2 → 1") as caught:
        check.goal_chain({1: 2, 2: 1})
    assert caught.value.where == "goal 1"
    with pytest.raises(InputError, match="cycle: 2 → 3 → 2"):
        check.goal_chain({1: 2, 2: 3, 3: 2})
    with pytest.raises(InputError, match="no goal with id 9"):
        check.goal_chain({1: 9})


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Limits(hours_per_week=float("nan")), "hours_per_week"),
        (lambda: Limits(money=float("inf")), "money"),
        (lambda: Limits(months_away=float("nan")), "months_away"),
        (lambda: Limits(max_parallel=10**6), "max_parallel"),
        (lambda: Goal("Fly\x07", "nasa-astronaut"), "title"),
        (lambda: Goal("Fly", "nasa-astronaut", created=D(1800, 1, 1)), "created"),
        (lambda: Goal("Fly", "t", why="w" * 10_001), "why"),
        (lambda: EffortEntry("private_pilot", float("nan"), D(2020, 1, 1)), "hours"),
        (lambda: EffortEntry("a\x00", 1, D(2020, 1, 1)), "action"),
        (lambda: Attempt("NASA", D(2020, 5, 1), decided=D(2020, 4, 1)), "decided"),
        (lambda: Attempt("NASA\n2020", D(2020, 5, 1)), "name"),
        (lambda: Evidence("pilot", "bios", 10**12, 10**12), "have"),
        (lambda: Evidence("pilot", "b" * 2_001), "source"),
        (lambda: Supporter("Mum\x00", "mother"), "name"),
        (lambda: Supporter("Mum", "mother", since=D(2500, 1, 1)), "since"),
        (lambda: Change("age", 30.0, D(2020, 1, 1), "n\x00"), "note"),
        (lambda: Change("a\x01ge", 30.0, D(2020, 1, 1)), "trait"),
        (lambda: Trait("x\x00", Kind.BOOL), "name"),
    ],
)
def test_every_record_checks_its_fields(make: Any, field: str) -> None:
    with pytest.raises(InputError) as caught:
        make()
    assert caught.value.where == field


def test_trait_values_are_checked_as_text() -> None:
    place = Trait("birthplace", Kind.CATEGORY)
    assert place.validate("Mars") == "Mars"
    with pytest.raises(InputError, match="control character"):
        place.parse("Mars\x1b")
    languages = Trait("languages", Kind.SET)
    with pytest.raises(InputError, match="NUL"):
        languages.parse("english,\x00")
    with pytest.raises(InputError, match="finite"):
        Trait("age", Kind.NUMBER).parse("1e309")


# --- added against the mutation run (docs/testing.md "Mutation testing") --------------


def test_number_errors_say_what_was_given_and_name_the_field() -> None:
    cases: list[tuple[Any, dict[str, Any], str]] = [
        ("3", {}, "expected a number, got '3'"),
        (10**400, {}, "is too large"),
        (101, {"high": 100}, "must be at most 100, not 101"),
        (-1, {"low": 0}, "must be at least 0, not -1"),
        (0, {"low": 0, "above": True}, "must be more than 0, not 0"),
    ]
    for value, limits, message in cases:
        with pytest.raises(InputError) as caught:
            check.number(value, "money", **limits)
        assert (caught.value.where, caught.value.message) == ("money", message)
    # "at least" unless told "more than": the low end itself is allowed
    assert check.number(0, "money", low=0) == 0.0
    assert check.number(100, "money", low=0, high=100) == 100.0


def test_a_refused_value_is_shown_whole_up_to_60_characters() -> None:
    fits = "x" * 58  # repr adds the quotes: 60 characters
    with pytest.raises(InputError) as shown:
        check.number(fits, "hours")
    assert shown.value.message == f"expected a number, got '{fits}'"
    long = "x" * 59  # 61 characters: cut to 57 and "..."
    with pytest.raises(InputError) as cut:
        check.number(long, "hours")
    assert cut.value.message == "expected a number, got '" + "x" * 56 + "..."


def test_text_and_day_errors_say_what_was_given() -> None:
    with pytest.raises(InputError) as not_text:
        check.text(3, "role")
    assert (not_text.value.where, not_text.value.message) == (
        "role",
        "expected text, got 3",
    )
    assert check.text("", "role") == ""  # free text may be empty, a name may not
    with pytest.raises(InputError) as typo:
        check.day(D(2201, 1, 1), "since")
    assert (typo.value.where, typo.value.message) == (
        "since",
        "2201-01-01 is outside 1900-2200",
    )
