"""The PostgreSQL fixture finds whatever server version is installed."""

from __future__ import annotations

from pathlib import Path

from tests.postgres import find_pg_bin


def _server(root: Path, version: str) -> Path:
    bin_dir = root / version / "bin"
    bin_dir.mkdir(parents=True)
    for tool in ("initdb", "pg_ctl"):
        (bin_dir / tool).touch()
    return bin_dir


def test_newest_debian_version_wins_numerically(tmp_path: Path) -> None:
    for version in ("9.6", "15", "16"):
        _server(tmp_path, version)
    (tmp_path / "17" / "bin").mkdir(parents=True)  # a client-only install: no initdb
    found, looked = find_pg_bin({}, tmp_path, lambda: None)
    assert found == tmp_path / "16" / "bin"
    assert looked[:2] == [tmp_path / "17" / "bin", tmp_path / "16" / "bin"]


def test_strive_pg_bin_overrides_and_is_not_second_guessed(tmp_path: Path) -> None:
    _server(tmp_path, "16")
    own = _server(tmp_path / "custom", "15")
    env = {"STRIVE_PG_BIN": str(own)}
    assert find_pg_bin(env, tmp_path, lambda: None) == (own, [own])
    wrong = tmp_path / "nowhere"
    assert find_pg_bin({"STRIVE_PG_BIN": str(wrong)}, tmp_path, lambda: None) == (
        None,
        [wrong],
    )


def test_pg_config_bindir_is_the_fallback(tmp_path: Path) -> None:
    elsewhere = _server(tmp_path / "opt", "pgsql")
    found, looked = find_pg_bin({}, tmp_path / "debian", lambda: elsewhere)
    assert (found, looked) == (elsewhere, [elsewhere])
    assert find_pg_bin({}, tmp_path / "debian", lambda: None)[0] is None
