"""Unknown stays unknown: an empty profile is missing knowledge, not a match."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Run = Callable[..., Any]


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def test_empty_profile_gap_says_what_to_record_first(cli: Run) -> None:
    ok(cli("goal", "new", "Fly"))
    doc = json.loads(ok(cli("gap", "--json")).output)
    assert doc["headline"]["value"] is None
    assert doc["reach"]["value"] is None
    assert doc["headline"]["text"].startswith("unknown")
    first = doc["record_first"]
    assert first, "an empty profile must say what to record first"
    # a trait that alone decides a requirement comes before one of several options
    names = [r["trait"] for r in first]
    assert set(names[:2]) == {"us_citizen", "passes_physical"}
    for item in first:
        assert item["command"].startswith(f"strive profile set {item['trait']}=")
    human = ok(cli("gap")).output
    for wrong in ("None", "Reach: 0 h", "Nothing to add"):
        assert wrong not in human
    assert "Coverage: unknown" in human and "Record first" in human
    assert "nothing known about you yet" in " ".join(human.split())
    for item in first:
        assert item["command"] in human


def test_empty_profile_route_does_not_claim_nothing_to_add(cli: Run) -> None:
    ok(cli("goal", "new", "Fly"))
    human = ok(cli("route")).output
    assert "Nothing to add" not in human and "None" not in human
    assert "strive profile set us_citizen=yes|no" in human
    doc = json.loads(ok(cli("route", "--json")).output)
    assert doc["record_first"]


def test_recording_values_moves_them_out_of_record_first(cli: Run) -> None:
    ok(cli("goal", "new", "Fly"))
    ok(cli("profile", "set", "us_citizen=yes", "passes_physical=yes"))
    doc = json.loads(ok(cli("gap", "--json")).output)
    names = {r["trait"] for r in doc["record_first"]}
    assert not names & {"us_citizen", "passes_physical"}
    assert doc["headline"]["value"] is not None


def test_progress_never_prints_none(cli: Run) -> None:
    ok(cli("goal", "new", "Fly"))
    ok(cli("profile", "set", "us_citizen=yes", "degree_level=master"))
    ok(cli("route"))
    out = ok(cli("progress")).output
    assert "None" not in out


def test_gap_definitions_once_and_only_with_explain(cli: Run) -> None:
    ok(cli("goal", "new", "Fly"))
    ok(cli("profile", "set", "us_citizen=yes", "degree_level=master"))
    plain = " ".join(ok(cli("gap")).output.split())
    assert "yes beats no" not in plain and "--explain" in plain
    explained = " ".join(ok(cli("gap", "--explain")).output.split())
    assert explained.count("Coverage: the share") == 1
    assert explained.count("Reach: the least") == 1


def test_not_yet_is_targeted_by_the_route_and_shown_apart_from_unknown(
    cli: Run,
) -> None:
    ok(cli("goal", "new", "Fly"))
    ok(
        cli(
            "profile",
            "set",
            "us_citizen=yes",
            "passes_physical=yes",
            "degree_level=master",
            "degree_field=stem",
            "experience_years=6",
        )
    )
    ok(
        cli(
            "evidence",
            "add",
            "pilot_certificate",
            "--have",
            "9",
            "--of",
            "11",
            "--source",
            "n",
        )
    )
    unknown = json.loads(ok(cli("route", "--json")).output)
    assert "private_pilot" not in [a["name"] for a in unknown["actions"]]
    ok(cli("profile", "set", "pilot_certificate=not-yet"))
    planned = json.loads(ok(cli("route", "--json")).output)
    assert "private_pilot" in [a["name"] for a in planned["actions"]]
    shown = json.loads(ok(cli("profile", "show", "--json")).output)
    by_name = {t["trait"]: t for t in shown["traits"]}
    assert by_name["pilot_certificate"]["value"] == "not_yet"
    assert by_name["pilot_certificate"]["status"] == "not_yet"
    assert by_name["scuba"]["value"] is None
    assert by_name["scuba"]["status"] == "unknown"
    assert "not yet" in ok(cli("profile", "show")).output
    refused = cli("profile", "set", "age=not-yet")
    assert refused.exit_code != 0 and "fixed" in refused.output


def test_history_shows_unknown_before_anything_comparable_was_recorded(
    cli: Run,
) -> None:
    ok(cli("goal", "new", "Fly"))
    ok(cli("profile", "set", "birthplace=TX", "--date", "2020-01-01"))  # sensitive
    ok(
        cli(
            "profile",
            "set",
            "us_citizen=yes",
            "degree_level=master",
            "--date",
            "2021-01-01",
        )
    )
    points = json.loads(ok(cli("gap", "--history", "--json")).output)["history"]
    first = points[0]
    assert (first["date"], first["coverage"], first["reach"]) == (
        "2020-01-01",
        None,
        None,
    )
    assert points[1]["coverage"] is not None and points[1]["reach"] is not None
    human = ok(cli("gap", "--history")).output
    assert "unknown (nothing recorded)" in human


def test_review_before_any_application_covers_the_whole_profile(cli: Run) -> None:
    """ "What do they have that I don't" is worth asking before the first application:
    the review answers with everything recorded, not with an error."""
    ok(cli("goal", "new", "Fly"))
    ok(cli("profile", "set", "degree_level=bachelor", "--date", "2025-06-01"))
    doc = json.loads(ok(cli("review", "--json")).output)
    assert doc["since"] is None and doc["attempts"]["rejections"] == 0
    changed = doc["changed_since_last_attempt"]
    assert [c["trait"] for c in changed] == ["degree_level"]
    human = " ".join(ok(cli("review")).output.split())
    assert "No application recorded yet" in human and "None" not in human


def test_record_first_reasons_say_what_the_value_decides_and_its_cohort_basis(
    cli: Run,
) -> None:
    ok(cli("goal", "new", "Fly"))
    first = {
        r["trait"]: r
        for r in json.loads(ok(cli("gap", "--json")).output)["record_first"]
    }
    citizen = first["us_citizen"]
    assert citizen["known"] == 0
    assert citizen["reason"] == (
        f"decides requirement citizenship; not recorded for the {citizen['n']} selected"
    )
    field = first["degree_field"]
    assert field["known"] > 0
    assert f"known for {field['known']} of the {field['n']} selected" in field["reason"]
