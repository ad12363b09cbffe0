"""Your own research keeps its sources: `strive cohort import` of a class with
`<trait>_src` / `<trait>_conf` columns keeps them per cell, the gap shows them, the
review compares you with that class beside them, and export/import carries them.

The class of 2030 below is invented for the test.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]

CLASS_2030 = """\
name,year,pilot_certificate,pilot_certificate_src,pilot_certificate_conf,scuba,scuba_conf,languages,languages_src,languages_conf
Ana Example,2030,yes,https://example.org/ana|Ana's memoir p. 12,H,open_water,M,spanish;russian,https://example.org/ana-lang,M
Ben Example,2030,yes,https://example.org/ben,L,,,,,
Cy Example,2030,no,https://example.org/cy,H,rescue,H,french,,L
Di Example,2030,,,,,,,,
"""


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def doc(cli: Run, *args: str) -> Any:
    return json.loads(ok(cli(*args, "--json")).stdout)


def start(cli: Run, tmp_path: Path) -> Path:
    ok(cli("goal", "new", "Fly", "--template", "nasa-astronaut"))
    ok(cli("profile", "set", "pilot_certificate=no", "languages=english"))
    path = tmp_path / "class2030.csv"
    path.write_text(CLASS_2030, encoding="utf-8")
    ok(
        cli(
            "cohort",
            "import",
            str(path),
            "--name",
            "NASA class of 2030 (my research)",
            "--source",
            "biographies I read",
        )
    )
    return path


def test_imported_class_keeps_sources_and_grades_per_cell(
    cli: Run, tmp_path: Path
) -> None:
    start(cli, tmp_path)
    sources = doc(cli, "gap", "--years", "2030-2030", "--sources", "pilot_certificate")
    assert (sources["known"], sources["had"]) == (3, 2)
    cells = {c["name"]: c for c in sources["cells"]}
    assert cells["Ana Example"]["sources"] == [
        "https://example.org/ana",
        "Ana's memoir p. 12",
    ]
    assert (cells["Ana Example"]["confidence"], cells["Ben Example"]["confidence"]) == (
        "H",
        "L",
    )
    assert cells["Cy Example"]["sources"] == ["https://example.org/cy"]

    gap = doc(cli, "gap", "--years", "2030-2030")
    traits = {t["trait"]: t for t in gap["traits"]}
    assert traits["pilot_certificate"]["confidence"] == {
        "H": 2,
        "M": 0,
        "L": 1,
        "ungraded": 0,
    }
    only_h = doc(cli, "gap", "--years", "2030-2030", "--min-confidence", "H")
    pilot_h = {t["trait"]: t for t in only_h["traits"]}["pilot_certificate"]
    assert pilot_h["known"] == 2  # Ben's L cell no longer counts


def test_review_compares_you_with_the_new_class_beside_its_sources(
    cli: Run, tmp_path: Path
) -> None:
    start(cli, tmp_path)
    review = doc(cli, "review")
    rows = {(r["trait"], r["member"]): r for r in review["new_class"]["rows"]}
    pilot = rows[("pilot_certificate", None)]
    assert (pilot["new"], pilot["new_known"]) == (round(2 / 3, 4), 3)
    # the cells behind the share (those who had it): Ana (H), Ben (L)
    assert pilot["confidence"] == {"H": 1, "M": 0, "L": 1, "ungraded": 0}
    assert pilot["sources"] == [
        "https://example.org/ana",
        "Ana's memoir p. 12",
        "https://example.org/ben",
    ]
    russian = rows[("languages", "russian")]
    assert russian["sources"] == ["https://example.org/ana-lang"]
    assert russian["confidence"] == {"H": 0, "M": 1, "L": 0, "ungraded": 0}
    german = rows[("languages", "german")]  # in earlier classes, not in this one
    assert (german["new"], german["sources"]) == (0.0, [])
    assert german["confidence"] == {"H": 0, "M": 0, "L": 0, "ungraded": 0}
    out = " ".join(ok(cli("review")).stdout.split())
    assert "Sources behind the new class's figures (your import):" in out
    assert (
        "pilot_certificate: https://example.org/ana; Ana's memoir p. 12; "
        "https://example.org/ben" in out
    )
    assert "│ H 1 · L 1 │" in ok(cli("review")).stdout


@pytest.mark.sqlite_only(reason="empties the database by deleting its file")
def test_export_and_import_carry_the_cells_provenance(
    cli: Run, tmp_path: Path, db_path: Path
) -> None:
    start(cli, tmp_path)
    before = doc(cli, "gap", "--years", "2030-2030", "--sources", "languages")
    out = tmp_path / "export.json"
    ok(cli("export", str(out)))
    exported = json.loads(out.read_text())
    [cohort] = exported["people"][0]["cohort_imports"]
    ana = next(r for r in cohort["rows"] if r["name"] == "Ana Example")
    assert (ana["languages_src"], ana["languages_conf"]) == (
        "https://example.org/ana-lang",
        "M",
    )
    db_path.unlink()
    ok(cli("import", str(out)))
    after = doc(cli, "gap", "--years", "2030-2030", "--sources", "languages")
    assert after == before

    ana["languages_conf"] = "sure"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(exported))
    db_path.unlink()
    result = cli("import", str(bad))
    assert result.exit_code != 0
    assert "languages_conf: 'sure' is not a confidence grade (H, M or L)" in (
        result.stderr
    )
