"""``strive evidence from-bios``: counts, quotes with file:line, negations, the
training-timing warning, bad files, and nothing recorded without acceptance.

The biographies in tests/cli/bios/ are invented people written for these tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

Run = Callable[..., Any]
BIOS = Path(__file__).parent / "bios"
FILES = sorted(str(p) for p in BIOS.iterdir())


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def findings(cli: Run, *files: str, accept: bool = False) -> dict[str, Any]:
    extra = ("--accept",) if accept else ()
    out: dict[str, Any] = json.loads(
        ok(cli("evidence", "from-bios", *files, *extra, "--json")).stdout
    )
    return out


def by_trait(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["trait"]: f for f in doc["findings"]}


def where(mentions: list[dict[str, Any]]) -> list[str]:
    return [f"{Path(m['file']).name}:{m['line']}" for m in mentions]


def test_counts_quotes_negations_and_the_timing_warning(cli: Run) -> None:
    ok(cli("goal", "new", "Fly", "--template", "nasa-astronaut"))
    doc = findings(cli, *FILES)
    assert doc["of"] == 4 and doc["fallback"] is False and doc["recorded"] == []
    found = by_trait(doc)
    pilot, scuba, langs = found["pilot_certificate"], found["scuba"], found["languages"]
    assert (pilot["have"], pilot["of"]) == (2, 4)
    assert where(pilot["mentions"]) == ["ada_quill.txt:4", "bruno_vale.md:5"]
    assert pilot["mentions"][0]["sentence"] == (
        "She earned her private pilot's license in 1999, long before she applied "
        "to any space agency."
    )
    # "never learned to fly" and "not a pilot" are seen but not counted
    assert where(pilot["negated"]) == ["carmen_ortiz.html:12", "dmitri_sol.txt:2"]
    assert pilot["negated"][1]["sentence"] == "He is not a pilot."
    # the script in the HTML head says "private pilot license": never read
    assert all("var bio" not in m["sentence"] for m in pilot["mentions"])

    assert (scuba["have"], scuba["condition"]) == (2, "scuba>=open_water")
    assert where(scuba["mentions"]) == ["ada_quill.txt:7", "carmen_ortiz.html:13"]
    assert where(scuba["negated"]) == ["bruno_vale.md:8"]
    assert where(scuba["after_selection"]) == ["dmitri_sol.txt:3"]
    assert scuba["after_selection_only"] == 1

    assert (langs["have"], langs["condition"]) == (2, "languages>=2")
    assert where(langs["mentions"]) == ["ada_quill.txt:7", "carmen_ortiz.html:14"]
    [late] = langs["after_selection"]
    assert where([late]) == ["bruno_vale.md:10"]
    assert "as part of his astronaut training" in late["sentence"]


def test_the_terminal_quotes_each_sentence_with_file_and_line(cli: Run) -> None:
    ok(cli("goal", "new", "Fly", "--template", "nasa-astronaut"))
    out = ok(cli("evidence", "from-bios", *FILES)).stdout
    flat = " ".join(out.split())
    assert (
        "pilot certificate (pilot_certificate): mentioned in 2 of 4 biographies" in flat
    )
    assert f'{BIOS / "bruno_vale.md"}:5: "Bruno Vale served twelve years' in flat
    assert "dmitri_sol.txt:3: may have come after selection, not counted" in flat
    assert (
        'carmen_ortiz.html:12: negated, not counted: "Ortiz never learned to fly."'
        in flat
    )
    assert "Nothing recorded" in flat


def test_nothing_is_recorded_until_accepted(cli: Run) -> None:
    ok(cli("goal", "new", "Fly", "--template", "nasa-astronaut"))
    ok(cli("evidence", "from-bios", *FILES))  # not a terminal: no question asked
    findings(cli, *FILES)
    # answering no at the prompt records nothing either (input is not a TTY here,
    # so the prompt is skipped; the answer must not be read as acceptance)
    ok(cli("evidence", "from-bios", *FILES, input="y\n"))
    assert json.loads(ok(cli("evidence", "list", "--json")).stdout)["evidence"] == []

    doc = findings(cli, *FILES, accept=True)
    recorded = {(r["condition"], r["have"], r["of"]) for r in doc["recorded"]}
    assert recorded == {
        ("pilot_certificate", 2, 4),
        ("scuba>=open_water", 2, 4),
        ("languages>=2", 2, 4),
    }
    evidence = json.loads(ok(cli("evidence", "list", "--json")).stdout)["evidence"]
    assert len(evidence) == 3
    for item in evidence:
        assert "ada_quill.txt" in item["source"] and "dmitri_sol.txt" in item["source"]
    scuba = next(e for e in evidence if e["condition"] == "scuba>=open_water")
    assert "ada_quill.txt:7" in scuba["note"]
    assert "1 more only after selection" in scuba["note"]
    # the gap shows the recorded counts as evidence lines, beside the dataset
    gap = json.loads(ok(cli("gap", "--json")).stdout)
    lines = {(e["condition"], e["have"], e["of"]) for e in gap["evidence"]}
    assert lines == recorded
    assert all(e["dataset"]["kind"] == "cohort" for e in gap["evidence"])


def test_bad_files_get_one_line_each_and_the_others_are_read(
    cli: Run, tmp_path: Path
) -> None:
    ok(cli("goal", "new", "Fly", "--template", "nasa-astronaut"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.md"
    blank.write_text("  \n\n")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Line one.\nJosé speaks Spanish.\n".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"He is a pilot. " * 400_000)
    missing = tmp_path / "missing.txt"
    bad = [empty, blank, binary, latin, huge, missing, tmp_path]
    result = cli("evidence", "from-bios", *map(str, bad), str(BIOS / "ada_quill.txt"))
    assert result.exit_code == 0, result.output
    errors = [row for row in result.stderr.splitlines() if row.startswith("warning:")]
    assert errors == [
        f"warning: {empty}: empty file",
        f"warning: {blank}: empty file",
        f"warning: {binary}: binary file (not text)",
        f"warning: {latin}: line 2: not UTF-8 text (save it as UTF-8)",
        f"warning: {huge}: too large (more than 5,000,000 bytes)",
        f"warning: {missing}: no such file",
        f"warning: {tmp_path}: is a folder, not a file",
    ]
    assert "Traceback" not in result.output
    assert "mentioned in 1 of 1 biographies" in " ".join(result.stdout.split())

    doc = json.loads(
        ok(
            cli(
                "evidence",
                "from-bios",
                str(empty),
                str(BIOS / "ada_quill.txt"),
                "--json",
            )
        ).stdout
    )
    assert doc["of"] == 1
    assert doc["skipped"] == [{"file": str(empty), "reason": "empty file"}]


def test_all_files_bad_is_an_error_and_records_nothing(
    cli: Run, tmp_path: Path
) -> None:
    ok(cli("goal", "new", "Fly", "--template", "nasa-astronaut"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = cli(
        "evidence", "from-bios", str(empty), str(tmp_path / "nope.txt"), "--accept"
    )
    assert result.exit_code != 0
    assert "none of the 2 files could be read as a biography" in result.stderr
    assert json.loads(ok(cli("evidence", "list", "--json")).stdout)["evidence"] == []


def test_a_template_without_patterns_falls_back_to_labels(
    cli: Run, tmp_path: Path
) -> None:
    ok(cli("goal", "new", "Study", "--template", "graduate-admissions"))
    bio = tmp_path / "lena.txt"
    bio.write_text(
        "Lena Brook (invented) applied in 2019.\n"
        "She had two years of research experience in a genetics lab.\n"
    )
    other = tmp_path / "omar.txt"
    other.write_text("Omar Tal (invented) had no research experience at all.\n")
    doc = findings(cli, str(bio), str(other))
    assert doc["fallback"] is True
    research = by_trait(doc)["research"]
    assert (research["have"], research["of"], research["condition"]) == (
        1,
        2,
        "research",
    )
    assert where(research["mentions"]) == ["lena.txt:2"]
    assert where(research["negated"]) == ["omar.txt:1"]
    out = ok(cli("evidence", "from-bios", str(bio))).stdout
    assert "defines no biography patterns" in " ".join(out.split())


def test_on_a_terminal_it_asks_and_records_only_on_yes(
    cli: Run, monkeypatch: Any
) -> None:
    import strive.cli.bios as bios_cli

    ok(cli("goal", "new", "Fly", "--template", "nasa-astronaut"))
    monkeypatch.setattr(bios_cli, "interactive", lambda: True)
    out = ok(cli("evidence", "from-bios", *FILES, input="n\n")).stdout
    assert "Record these counts as evidence?" in out
    assert json.loads(ok(cli("evidence", "list", "--json")).stdout)["evidence"] == []
    ok(cli("evidence", "from-bios", *FILES, input="y\n"))
    evidence = json.loads(ok(cli("evidence", "list", "--json")).stdout)["evidence"]
    assert sorted((e["condition"], e["have"], e["of"]) for e in evidence) == [
        ("languages>=2", 2, 4),
        ("pilot_certificate", 2, 4),
        ("scuba>=open_water", 2, 4),
    ]
