"""The caseload report: counts with n, ranking ties, unknowns, no sensitive trait,
and a self-contained HTML page."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

from batch_people import people_rows, write_csv

from strive.batch import BatchContext
from strive.batch.caseload import caseload_report
from strive.batch.caseload_html import render_html
from strive.batch.engines import run_batch
from strive.batch.io import read_caseload


def _row(**over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "coverage": 0.5,
        "coverage_n": 387,
        "reach_hours": 10.0,
        "top_gaps": [],
        "actions": [],
        "action_hours": [],
        "action_money": [],
        "feasible": True,
        "step": "route",
    }
    row.update(over)
    return row


def test_counts_shares_and_ties() -> None:
    rows = [
        _row(top_gaps=["military", "scuba>=open_water"], actions=["a", "b"],
             action_hours=[10.0, 20.0], action_money=[100.0, None]),
        _row(top_gaps=["military"], actions=["b"], action_hours=[30.0],
             action_money=[None]),
        _row(top_gaps=["pilot_certificate"], actions=["c", "a"],
             action_hours=[1.0, 12.0], action_money=[5.0, 300.0]),
        _row(coverage=None, reach_hours=None, step="record", feasible=False),
    ]  # fmt: skip
    report = caseload_report(rows)
    doc = report.to_json()
    assert doc["n"] == 4 and doc["feasible"] == 3
    assert doc["coverage"]["known"] == 3 and doc["coverage"]["unknown"] == 1
    assert [(g["name"], g["people"], g["share"]) for g in doc["top_gaps"]] == [
        ("military", 2, 0.5),
        ("pilot_certificate", 1, 0.25),  # ties ranked by name
        ("scuba>=open_water", 1, 0.25),
    ]
    actions = {a["action"]: a for a in doc["top_actions"]}
    assert [a["action"] for a in doc["top_actions"]] == ["a", "b", "c"]
    assert actions["a"]["people"] == 2
    assert actions["a"]["money_saved_if_free_total"] == 400.0
    assert actions["a"]["money_saved_if_free_median"] == 200.0
    assert actions["a"]["hours_in_routes_median"] == 11.0
    # b's money is unknown on every route: unknown, never $0.
    assert actions["b"]["money_known"] == 0
    assert actions["b"]["money_saved_if_free_total"] is None
    assert report.actions[1].money_text().startswith("unknown")
    steps = {s["name"]: s["people"] for s in doc["steps"]}
    assert steps == {"record": 1, "blocked": 0, "route": 3, "apply": 0}
    assert all(s["n"] == 4 for s in doc["steps"])
    hist = doc["coverage"]["histogram"]
    assert sum(b["people"] for b in hist) == 3
    assert [b["people"] for b in hist if b["from"] == 0.5] == [3]


def test_row_order_does_not_change_the_report() -> None:
    rows = [
        _row(top_gaps=[g], coverage=i / 10, reach_hours=float(i))
        for i, g in enumerate(["x", "y", "x", "z", "y", "x", "w"])
    ]
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    assert caseload_report(rows).to_json() == caseload_report(shuffled).to_json()


def test_sensitive_traits_change_nothing(
    nasa_context: BatchContext, tmp_path: Path
) -> None:
    """Metamorphic: permuting and rewriting gender and birthplace in the input
    leaves every result row and the whole report unchanged."""
    rows = people_rows(30, seed=21)
    rng = random.Random(4)
    genders = [r["gender"] for r in rows]
    rng.shuffle(genders)
    changed = [
        {**r, "gender": g, "birthplace": "" if i % 3 else "TX"}
        for i, (r, g) in enumerate(zip(rows, genders, strict=True))
    ]
    assert changed != rows
    a = write_csv(tmp_path / "a.csv", rows)
    b = write_csv(tmp_path / "b.csv", changed)
    run_batch(nasa_context, a, tmp_path / "a.parquet", partition_size=8)
    run_batch(nasa_context, b, tmp_path / "b.parquet", partition_size=8)
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "a.parquet").equals(
        pq.read_table(tmp_path / "b.parquet")
    )
    ra = read_caseload(tmp_path / "a.parquet")
    rb = read_caseload(tmp_path / "b.parquet")
    assert ra.to_json() == rb.to_json()
    assert render_html(ra) == render_html(rb)
    assert ra.n == 30 and ra.gaps  # a real caseload, with gaps to rank


def test_html_is_self_contained_and_escapes_names() -> None:
    rows = [
        _row(top_gaps=["<script>alert(1)</script>"], actions=["a&b <i>"],
             action_hours=[5.0], action_money=[50.0])
    ] * 3  # fmt: skip
    page = render_html(caseload_report(rows), title="results <x>.parquet")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.replace("&lt;script", "")
    assert "<link" not in page and "<img" not in page and "@import" not in page
    # No external resource: the only URLs are XML namespaces of the inline SVGs.
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert not re.search(r"(?:src|href)=\"(?!#)", page)
    assert page.count("<svg") == 5
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "a&amp;b &lt;i&gt;" in page
    assert "results &lt;x&gt;.parquet" in page
    assert "(n=3)" in page


def test_an_empty_results_file_is_unknown_not_zero(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from strive.batch.io import result_schema

    pq.write_table(result_schema().empty_table(), tmp_path / "empty.parquet")
    report = read_caseload(tmp_path / "empty.parquet")
    assert report.n == 0
    assert report.coverage.quartiles is None
    assert report.to_json()["reach"]["mean"] is None
    assert "unknown for everyone (n=0)" in render_html(report)


def _traits() -> Any:
    from strive.traits import Kind, Trait, TraitSet

    return TraitSet.of(
        [
            Trait("military", Kind.BOOL, label="[bold]served[/bold] <b>"),
            Trait("languages", Kind.SET, label="Languages spoken"),
            Trait("jet_hours", Kind.NUMBER, label="Jet hours", unit="h"),
        ]
    )


def test_gaps_show_the_templates_labels_and_keep_the_condition() -> None:
    rows = [
        _row(top_gaps=["military", "languages has spanish", "jet_hours>=1000"]),
        _row(top_gaps=["military", "other_trait"]),
    ]
    report = caseload_report(rows, traits=_traits())
    doc = report.to_json()
    assert [(g["name"], g["label"]) for g in doc["top_gaps"]] == [
        ("military", "[bold]served[/bold] <b>"),
        ("jet_hours>=1000", "Jet hours: at least 1,000 h"),
        ("languages has spanish", "Languages spoken: spanish"),
        ("other_trait", "other_trait"),  # not the goal's trait: as written
    ]
    # Without the goal's traits every label is the condition as written.
    plain = caseload_report(rows).to_json()["top_gaps"]
    assert all(g["label"] == g["name"] for g in plain)
    page = render_html(report)
    assert "[bold]served[/bold] &lt;b&gt;" in page and "<b>" not in page
    assert "Jet hours: at least 1,000 h" in page
    assert "jet_hours&gt;=1000" not in page


def test_caseload_cli_prints_labels_literally(
    nasa_context: BatchContext, tmp_path: Path, monkeypatch: Any
) -> None:
    """``strive caseload --goal``: the JSON keeps each gap's condition and adds its
    label; the terminal shows the label exactly as the template gives it (markup
    characters and all), and without --goal the condition as written."""
    import json
    from dataclasses import replace

    from typer.testing import CliRunner

    import strive.templates
    from strive.cli import app
    from strive.conditions import Condition
    from strive.traits import TraitSet

    source = write_csv(tmp_path / "p.csv", people_rows(12, seed=5))
    out = tmp_path / "r.parquet"
    run_batch(nasa_context, source, out, partition_size=6)
    template = nasa_context.template
    traits = template.traits
    runner = CliRunner()
    done = runner.invoke(
        app, ["caseload", str(out), "--goal", "nasa-astronaut", "--json"]
    )
    assert done.exit_code == 0, done.output
    gaps = json.loads(done.stdout)["top_gaps"]
    assert gaps
    for g in gaps:
        trait = traits[Condition.parse(g["name"], traits).trait]
        assert g["label"] != g["name"] and trait.title in g["label"]
    first = Condition.parse(gaps[0]["name"], traits).trait
    marked = TraitSet.of(
        replace(t, label=f"[red]{t.title}[/red] <i>") if t.name == first else t
        for t in traits
    )
    monkeypatch.setattr(
        strive.templates, "load_template", lambda name: replace(template, traits=marked)
    )
    shown = runner.invoke(app, ["caseload", str(out), "--goal", "nasa-astronaut"])
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.output.split())
    assert f"[red]{traits[first].title}[/red] <i>" in flat
    bare = runner.invoke(app, ["caseload", str(out)])
    assert gaps[0]["name"] in " ".join(bare.output.split())
