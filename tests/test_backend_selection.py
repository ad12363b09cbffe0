"""Which backends a test runs on (tests/conftest.py): the per-test ``db_backend`` and
the shared ``module_backend`` / ``session_backend`` follow ``--backend`` and
``STRIVE_TEST_BACKEND`` alike, and ``sqlite_only`` / ``one_backend`` deselect the
PostgreSQL variant.

Each case collects (``--collect-only``: no database is made) a small test file
beside a copy of the suite's own conftest in a pytest subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.postgres import suite_path

CONFTEST = Path(__file__).with_name("conftest.py")

BODY = """
import pytest

def test_per_test(db_backend):
    pass

def test_per_module(module_backend):
    pass

def test_per_session(session_backend):
    pass

@pytest.mark.sqlite_only(reason="about the file")
def test_file(module_backend):
    pass

@pytest.mark.one_backend(reason="reads no database")
def test_no_database(session_backend):
    pass

def test_no_database_at_all():
    pass
"""

EVERY = {
    "test_per_test[sqlite]",
    "test_per_module[sqlite]",
    "test_per_session[sqlite]",
    "test_file[sqlite]",
    "test_no_database[sqlite]",
    "test_no_database_at_all",
}
ON_PG = {
    "test_per_test[postgresql]",
    "test_per_module[postgresql]",
    "test_per_session[postgresql]",
}


def _collect(
    tmp_path: Path, body: str, *args: str, env_backend: str | None = None
) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text(CONFTEST.read_text())
    (tmp_path / "test_case.py").write_text(body)
    env = {k: v for k, v in os.environ.items() if k != "STRIVE_TEST_BACKEND"}
    if env_backend is not None:
        env["STRIVE_TEST_BACKEND"] = env_backend
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (suite_path(tmp_path), env.get("PYTHONPATH")) if p
    )
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only",
         "-q", "--rootdir", str(tmp_path), *args, str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def _ids(done: subprocess.CompletedProcess[str]) -> set[str]:
    assert done.returncode == 0, done.stdout + done.stderr
    return {line.split("::", 1)[1] for line in done.stdout.splitlines() if "::" in line}


@pytest.mark.parametrize(
    ("args", "env_backend", "expected"),
    [
        ((), None, EVERY | ON_PG),
        (("--backend", "sqlite"), None, EVERY),
        (("--backend", "postgresql"), None, ON_PG | {"test_no_database_at_all"}),
        ((), "postgresql", ON_PG | {"test_no_database_at_all"}),
    ],
    ids=["default-both", "sqlite", "postgresql", "env-postgresql"],
)
def test_every_backend_fixture_follows_the_choice(
    tmp_path: Path,
    args: tuple[str, ...],
    env_backend: str | None,
    expected: set[str],
) -> None:
    done = _collect(tmp_path, BODY, *args, env_backend=env_backend)
    assert _ids(done) == expected
    on_pg = len(expected & ON_PG)
    deselected = 2 if on_pg else 0  # the sqlite_only and one_backend variants
    header = (
        f"PostgreSQL: {on_pg} tests; {deselected} sqlite_only/one_backend tests "
        "deselected on PostgreSQL"
    )
    assert header in done.stdout, done.stdout


@pytest.mark.parametrize("marker", ["sqlite_only", "one_backend"])
def test_a_deselecting_marker_needs_a_reason(tmp_path: Path, marker: str) -> None:
    body = (
        f"import pytest\n\n@pytest.mark.{marker}\n"
        "def test_x(module_backend):\n    pass\n"
    )
    done = _collect(tmp_path, body)
    assert done.returncode != 0
    assert f"{marker} needs a reason" in done.stdout + done.stderr


def test_two_backend_fixtures_in_one_test_are_refused(tmp_path: Path) -> None:
    body = "def test_x(db_backend, module_backend):\n    pass\n"
    done = _collect(tmp_path, body)
    assert done.returncode != 0
    assert "one backend fixture per test" in done.stdout + done.stderr
