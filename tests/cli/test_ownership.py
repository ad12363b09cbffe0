"""``strive account delete``, ``strive backup``/``restore``, ``strive audit`` and
``strive export --all``/``import --all`` on real SQLite files."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

from tests.storage.db_rows import all_rows
from tests.storage.test_delete_account import PASSWORD, _journey
from typer.testing import CliRunner

from strive.cli.app import app
from strive.storage import Store
from strive.web import accounts


def _two_accounts(db: Path) -> None:
    with Store.open(db) as store:
        ana = accounts.sign_up(store, "ana@example.org", PASSWORD, "Ana")
        accounts.sign_up(store, "bea@example.org", PASSWORD, "Bea")
        _journey(store, ana.person, "Fly")
        _journey(store, "me", "Mine")


def _rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with Store.open(db) as store:
        return all_rows(store.engine)


def _strive(db: Path, *args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(app, ["--db", str(db), *args], input=input)


def test_account_delete_asks_first(cli: Any, db_path: Path) -> None:
    _two_accounts(db_path)
    before = _rows(db_path)
    refused = cli("account", "delete", "ana@example.org", input="n\n")
    assert refused.exit_code == 1 and "Aborted" in refused.output
    assert _rows(db_path) == before
    done = cli("account", "delete", "ana@example.org", input="y\n")
    assert done.exit_code == 0, done.output
    assert "Deleted the account ana@example.org (person 'Ana')" in done.output
    with Store.open(db_path) as store:
        emails = [r[1] for r in all_rows(store.engine)["accounts"]]  # by name
        assert emails == ["bea@example.org"]
        with store.unit("me") as uow:  # the CLI's own person is untouched
            assert [g.title for g in uow.list_goals()] == ["Mine", "Mine later"]
    missing = cli("account", "delete", "ana@example.org", "--yes")
    assert missing.exit_code == 3 and "there is no account" in missing.output


def test_backup_and_restore_commands(tmp_path: Path) -> None:
    db = tmp_path / "live" / "strive.db"
    _two_accounts(db)
    dest = tmp_path / "strive.backup"
    made = _strive(db, "backup", str(dest))
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    again = _strive(db, "backup", str(dest))
    assert again.exit_code == 2 and "already exists" in again.output
    target = tmp_path / "new" / "strive.db"
    restored = _strive(target, "restore", str(dest))
    assert restored.exit_code == 0, restored.output
    assert _rows(target) == _rows(db)
    refused = _strive(target, "restore", str(dest))
    assert refused.exit_code == 2 and "--force" in refused.output
    forced = _strive(target, "restore", str(dest), "--force")
    assert forced.exit_code == 0, forced.output
    missing = _strive(tmp_path / "none.db", "backup", str(tmp_path / "x.backup"))
    assert missing.exit_code == 6 and "no such database file" in missing.output
    assert not (tmp_path / "none.db").exists()


def test_audit_json_is_one_document(cli: Any, db_path: Path) -> None:
    _two_accounts(db_path)
    with Store.open(db_path) as store:
        accounts.claim_person(store, "me@example.org", PASSWORD, "me")
        accounts.log_in(store, "me@example.org", PASSWORD, "127.0.0.1")
    result = cli("audit", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["person"] == "me"
    assert [e["kind"] for e in doc["events"]] == ["login"]
    assert doc["events"][0]["ip"] == "127.0.0.1"
    text = cli("audit")
    assert "login" in text.output and "127.0.0.1" in text.output
    nobody = cli("audit", "--person", "nobody", "--json")
    assert json.loads(nobody.stdout) == {"person": "nobody", "events": []}


def test_export_all_then_import_all(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    _two_accounts(db)
    out = tmp_path / "all.json"
    assert _strive(db, "export", "--all", str(out)).exit_code == 0
    doc = json.loads(out.read_text())
    assert [p["name"] for p in doc["people"]] == ["Ana", "Bea", "me"]
    other = tmp_path / "b.db"
    done = _strive(other, "import", "--all", str(out))
    assert done.exit_code == 0, done.output
    second = tmp_path / "all2.json"
    assert _strive(other, "export", "--all", str(second)).exit_code == 0
    assert json.loads(second.read_text()) == doc
    twice = _strive(other, "import", "--all", str(out))
    assert twice.exit_code == 2 and "already holds 3 people" in twice.output
