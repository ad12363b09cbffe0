"""Labelled templates through the CLI: the model block and probability targets."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Run = Callable[..., Any]

APPLICANT = [
    "gre_score=322",
    "toefl_score=110",
    "university_rating=3",
    "sop=3.5",
    "lor=3.5",
    "cgpa=8.8",
    "research=no",
]


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def test_probability_target_is_reached_when_re_predicted(cli: Run) -> None:
    ok(
        cli(
            "goal",
            "new",
            "Admission",
            "--template",
            "graduate-admissions",
            "--hours-per-week",
            "20",
        )
    )
    ok(cli("profile", "set", *APPLICANT, "--date", "2026-01-01"))
    gap = json.loads(ok(cli("gap", "--json")).output)
    model = gap["model"]
    assert model["cv_auc"] > 0.8 and 0 < model["cv_brier"] < 0.25
    assert "self-estimated" in model["target_note"]
    before = model["probability"]
    target = round(before + 0.1, 2)
    route = json.loads(ok(cli("route", "--probability", str(target), "--json")).output)
    assert route["feasible"] and route["optimal"]
    assert [a["name"] for a in route["actions"]] == ["research_master"]
    # validity: apply the route, ask the model again
    ok(cli("profile", "set", "research=yes", "--date", "2026-01-10"))
    after = json.loads(ok(cli("gap", "--json")).output)["model"]["probability"]
    assert after >= target - 1e-4 > before


def test_probability_needs_every_model_input(cli: Run) -> None:
    ok(cli("goal", "new", "Admission", "--template", "graduate-admissions"))
    ok(cli("profile", "set", "gre_score=320", "--date", "2026-01-01"))
    result = cli("route", "--probability", "0.5")
    assert result.exit_code != 0
    assert "cgpa" in result.output and "toefl_score" in result.output


def test_comparison_templates_have_no_probability(cli: Run) -> None:
    ok(cli("goal", "new", "NASA", "--template", "nasa-astronaut"))
    result = cli("route", "--probability", "0.5")
    assert result.exit_code != 0
    assert "comparison-only" in result.output
