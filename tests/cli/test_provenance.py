"""`strive gap` on the NASA classes 2004-2021: pilot, diving and languages ranked from
the shipped fact table, with n, interval and confidence; --min-confidence; --sources."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

Run = Callable[..., Any]
PROFILE = (
    "age=34",
    "degree_level=master",
    "degree_field=stem",
    "military=no",
    "pilot_certificate=no",
    "scuba=none",
    "languages=english",
    "us_citizen=yes",
    "experience_years=5",
)


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def _facts() -> list[dict[str, str]]:
    data = (
        resources.files("strive") / "data" / "nasa_classes_2004_2021.csv"
    ).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(data)))


def _start(cli: Run) -> None:
    ok(cli("goal", "new", "Become a NASA astronaut", "--template", "nasa-astronaut"))
    ok(cli("profile", "set", *PROFILE, "--date", "2025-06-01"))


def _gap(cli: Run, *args: str) -> dict[str, Any]:
    return json.loads(ok(cli("gap", "--years", "2004-2021", "--json", *args)).output)  # type: ignore[no-any-return]


def test_pilot_diving_and_languages_ranked_from_the_fact_table(cli: Run) -> None:
    _start(cli)
    doc = _gap(cli)
    facts = _facts()
    assert doc["cohort"]["n"] == len(facts) == 50
    items = {i["condition"]: i for i in doc["they_have_you_dont"]}
    pilots = [f for f in facts if f["pilot"] != "unknown"]
    pilot = items["pilot_certificate"]
    assert pilot["n"] == len(pilots) == 31
    have = sum(f["pilot"] in ("military_aviator", "civilian_licence") for f in pilots)
    assert pilot["share"] == round(have / len(pilots), 4)
    low, high = pilot["interval"]
    assert low < pilot["share"] <= high
    assert pilot["confidence"] == {
        g: sum(f["pilot_conf"] == g for f in pilots) for g in ("H", "M", "L")
    } | {"ungraded": 0}
    assert "known for 31 of 50" in pilot["reason"]
    divers = [f for f in facts if f["scuba"] == "yes"]
    assert items["scuba>=open_water"]["n"] == len(divers)
    assert items["scuba>=open_water"]["confidence"]["H"] == len(divers)
    spoken = [f for f in facts if f["languages"] != "unknown"]
    spanish = sum("Spanish" in f["languages"] for f in spoken)
    lang = items["languages has spanish"]
    assert (lang["n"], lang["share"]) == (len(spoken), round(spanish / len(spoken), 4))
    assert lang["interval"] is not None and lang["confidence"] is not None
    traits = {t["trait"]: t for t in doc["traits"]}
    assert traits["pilot_certificate"]["known_text"] == "known for 31 of 50"
    assert traits["military"]["confidence"] is None  # no grades in the data
    assert doc["cohort"]["graded_traits"] == ["pilot_certificate", "scuba", "languages"]
    out = ok(cli("gap", "--years", "2004-2021")).output
    assert "known for 31 of 50" in out and "H 22" in out


def test_coverage_moves_when_a_person_earns_a_licence(cli: Run) -> None:
    ok(cli("goal", "new", "Become a NASA astronaut", "--template", "nasa-astronaut"))
    # The other gaps closed, so that the licence is what holds coverage back.
    closer = [
        "degree_level=doctorate",
        "military=yes",
        "scuba=open_water",
        "languages=english;spanish;russian",
    ]
    mine = [
        p for p in PROFILE if p.split("=")[0] not in {c.split("=")[0] for c in closer}
    ]
    ok(cli("profile", "set", *mine, *closer, "--date", "2025-06-01"))
    before = _gap(cli)["headline"]["value"]
    ok(cli("profile", "set", "pilot_certificate=yes", "--date", "2025-12-01"))
    after = _gap(cli)["headline"]["value"]
    assert after > before
    assert not any(
        i["condition"] == "pilot_certificate" for i in _gap(cli)["they_have_you_dont"]
    )


def test_min_confidence_counts_only_cells_graded_that_high(cli: Run) -> None:
    _start(cli)
    facts = _facts()
    for floor, grades in (("H", {"H"}), ("M", {"H", "M"}), ("L", {"H", "M", "L"})):
        doc = _gap(cli, "--min-confidence", floor)
        assert doc["cohort"]["min_confidence"] == floor
        traits = {t["trait"]: t for t in doc["traits"]}
        kept = [f for f in facts if f["pilot_conf"] in grades]
        assert traits["pilot_certificate"]["known"] == len(kept)
        assert traits["pilot_certificate"]["confidence"]["ungraded"] == 0
        # military carries no grades: unchanged.
        assert traits["military"]["known"] == 50
    assert ok(cli("gap", "--years", "2004-2021", "--min-confidence", "H")).output


def test_min_confidence_refuses_other_grades(cli: Run) -> None:
    _start(cli)
    result = cli("gap", "--min-confidence", "X")
    assert result.exit_code != 0
    assert "not a grade; use H, M or L" in result.output


def test_sources_of_the_2004_class(cli: Run) -> None:
    _start(cli)
    raw = [f for f in _facts() if f["class_year"] == "2004"]
    doc = json.loads(
        ok(
            cli(
                "gap",
                "--years",
                "2004-2004",
                "--sources",
                "pilot_certificate",
                "--json",
            )
        ).output
    )
    assert doc["n"] == 11
    assert (
        doc["had"]
        == 6
        == sum(f["pilot"] != "unknown" and f["pilot"] != "none" for f in raw)
    )
    assert doc["known"] == sum(f["pilot"] != "unknown" for f in raw)
    urls = {f["pilot_src"] for f in raw if f["pilot"] != "unknown"}
    for cell in doc["cells"]:
        assert cell["year"] == 2004 and cell["confidence"] in ("H", "M", "L")
        assert " | ".join(cell["sources"]) in urls
    hernandez = next(c for c in doc["cells"] if c["name"] == "Jose M. Hernandez")
    assert (hernandez["value"], hernandez["confidence"]) == (True, "M")
    out = ok(
        cli("gap", "--years", "2004-2004", "--sources", "pilot_certificate")
    ).output
    assert "6 had it; known for 7 of 11" in out


def test_sources_print_literally_and_unknown_trait_is_refused(
    cli: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "t.toml").write_text(
        '[template]\nname = "tiny"\n\n[[traits]]\nname = "hours"\nkind = "number"\n'
        'minimum = 0\n\n[[actions]]\nname = "fly"\neffects = ["hours+=10"]\n'
        'duration_months = 1\neffort_hours = 10\nsources = ["s"]\n\n'
        '[cohort]\nfile = "people.csv"\nname = "tiny cohort"\n'
    )
    (folder / "people.csv").write_text(
        "name,hours,hours_src,hours_conf\n"
        "[red]Ann[/red],12,[bold]my notes[/bold] p. 3 | https://x.example/a,H\n"
        "Bob,,,\n"
    )
    ok(cli("goal", "new", "Fly", "--template", str(folder / "t.toml")))
    out = ok(cli("gap", "--sources", "hours")).output
    assert "[red]Ann[/red]" in out
    assert "[bold]my notes[/bold] p. 3" in out and "https://x.example/a" in out
    result = cli("gap", "--sources", "nope")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
