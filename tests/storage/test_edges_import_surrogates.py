"""A lone surrogate anywhere in an export is refused by path, nothing written.

``"\\ud800"`` is valid JSON text but not Unicode. The records refuse it in the fields
they check, but a route's ``document`` is stored as given, so an import with one
there (or in an object key) ended in a ``UnicodeEncodeError`` traceback from the
database driver. The import now names the JSON path before writing anything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from strive.cli import app

BASE = Path(__file__).parent.parent / "corpus" / "files" / "export" / "base.json"
LONE = "\ud800"


def _route_status(doc: dict[str, Any]) -> str:
    doc["people"][0]["goals"][0]["routes"][0]["document"]["status"] = LONE
    return "people[0].goals[0].routes[0].document.status"


def _route_key(doc: dict[str, Any]) -> str:
    doc["people"][0]["goals"][0]["routes"][0]["document"][LONE] = 1
    return f"people[0].goals[0].routes[0].document.{LONE}"


def _route_list(doc: dict[str, Any]) -> str:
    document = doc["people"][0]["goals"][0]["routes"][0]["document"]
    document["open_items"] = ["ok", LONE]
    return "people[0].goals[0].routes[0].document.open_items[1]"


def _title(doc: dict[str, Any]) -> str:
    doc["people"][0]["goals"][0]["title"] = "Fly " + LONE
    return "people[0].goals[0].title"


@pytest.mark.parametrize("patch", [_route_status, _route_key, _route_list, _title])
def test_lone_surrogate_is_refused_by_path(
    db_path: Any, tmp_path: Path, patch: Any
) -> None:
    doc = json.loads(BASE.read_text("utf-8"))
    at = patch(doc)
    file = tmp_path / "export.json"
    file.write_text(json.dumps(doc, ensure_ascii=True), "utf-8")
    result = CliRunner().invoke(app, ["--db", str(db_path), "import", str(file)])
    assert result.exit_code == 2, (result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.stderr
    assert "lone surrogate" in result.stderr
    assert at.split(LONE)[0] in result.stderr
    listed = CliRunner().invoke(app, ["--db", str(db_path), "goal", "list", "--json"])
    assert json.loads(listed.stdout) == {"goals": []}


def test_the_base_export_imports(db_path: Any) -> None:
    result = CliRunner().invoke(app, ["--db", str(db_path), "import", str(BASE)])
    assert result.exit_code == 0, result.output
