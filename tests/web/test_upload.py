"""A goal from an uploaded template and cohort CSV, checked like the CLI checks it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def own_template(cli: Any, tmp_path: Path) -> tuple[bytes, bytes]:
    folder = tmp_path / "mine"
    result = cli(
        "template",
        "new",
        "medschool",
        "--trait",
        "gpa:number:0:4",
        "--trait",
        "research:bool",
        "--dir",
        str(folder),
    )
    assert result.exit_code == 0, result.output
    return (folder / "medschool.toml").read_bytes(), (
        folder / "medschool.csv"
    ).read_bytes()


def test_upload_template_and_cohort(
    owner: Any, own_template: tuple[bytes, bytes]
) -> None:
    client, csrf = owner
    toml, csv = own_template
    r = client.post(
        "/goals/upload",
        data={"csrf": csrf, "title": "Get into medical school"},
        files={
            "template_file": ("medschool.toml", toml, "application/toml"),
            "cohort_file": ("medschool.csv", csv, "text/csv"),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:800]
    goal = int(r.headers["location"].rsplit("/", 1)[1])
    shown = client.get(f"/api/goals/{goal}").json()
    assert (
        shown["template"] == "medschool" and shown["title"] == "Get into medical school"
    )
    traits = [
        t["trait"] for t in client.get(f"/api/goals/{goal}/profile").json()["traits"]
    ]
    assert traits == ["gpa", "research"]
    assert client.get(f"/goals/{goal}/gap").status_code == 200  # the stored copy works


def test_upload_errors_name_the_uploaded_file_and_line(
    owner: Any, own_template: Any
) -> None:
    client, csrf = owner
    toml, csv = own_template
    broken = toml.replace(b"[cohort]", b"[cohort", 1)
    r = client.post(
        "/goals/upload",
        data={"csrf": csrf, "title": "Med"},
        files={
            "template_file": ("medschool.toml", broken, "application/toml"),
            "cohort_file": ("medschool.csv", csv, "text/csv"),
        },
    )
    assert r.status_code == 400
    assert "medschool.toml" in r.text and "line" in r.text
    assert "strive-upload-" not in r.text  # the temporary folder is never shown
    bad_row = csv + b"not-a-number,maybe\n"
    r = client.post(
        "/goals/upload",
        data={"csrf": csrf, "title": "Med"},
        files={
            "template_file": ("medschool.toml", toml, "application/toml"),
            "cohort_file": ("medschool.csv", bad_row, "text/csv"),
        },
    )
    assert r.status_code == 400 and "medschool.csv:3: expected 4 fields" in r.text
    assert "strive-upload-" not in r.text
    r = client.post("/goals/upload", data={"csrf": csrf, "title": "Med"})
    assert r.status_code == 400 and 'id="e-template_file"' in r.text
    assert client.get("/api/goals").json() == {"goals": []}
