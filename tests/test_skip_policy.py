"""The suite's skip policy (tests/conftest.py): in CI a skip is a failure.

Each case runs pytest in a subprocess on a small test file beside a copy of the
suite's own conftest, once with ``CI=true`` and once without.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.postgres import suite_path

CONFTEST = Path(__file__).with_name("conftest.py")

NEEDS = """
import pytest

@pytest.fixture(scope="session")
def server():
    pytest.skip("server binaries not found")

def test_skip_in_a_test():
    pytest.skip("needs a thing")

def test_importorskip():
    pytest.importorskip("no_such_module_strive_test")

@pytest.mark.skipif(True, reason="marker says no")
def test_skipif_marker():
    pass

def test_skip_in_a_session_fixture(server):
    pass

@pytest.mark.xfail(reason="known bug", strict=True)
def test_expected_failure_stays_xfail():
    assert False

def test_runs():
    assert True
"""

MODULE_SKIP = """
import pytest

pytest.importorskip("no_such_module_strive_test")

def test_never_collected():
    pass
"""


def _pytest(
    tmp_path: Path, body: str, ci: str | None
) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text(CONFTEST.read_text())
    (tmp_path / "test_case.py").write_text(body)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    if ci is not None:
        env["CI"] = ci
    # The conftest imports the suite's helpers (tests.postgres), from a package that
    # no installed ``tests`` package can shadow.
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (suite_path(tmp_path), env.get("PYTHONPATH")) if p
    )
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "-s",
         "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def _summary(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("ci", ["true", "1"])
def test_every_kind_of_skip_fails_in_ci(tmp_path: Path, ci: str) -> None:
    done = _pytest(tmp_path, NEEDS, ci)
    summary = _summary(done)
    assert done.returncode == 1, done.stdout
    assert "skipped" not in summary, summary
    assert "2 failed" in summary and "2 errors" in summary, summary
    assert "1 passed" in summary and "1 xfailed" in summary, summary
    failures = [
        line
        for line in done.stdout.splitlines()
        if line.startswith(("FAILED", "ERROR"))
    ]
    for test, reason in (
        ("test_skip_in_a_test", "needs a thing"),
        ("test_importorskip", "could not import 'no_such_module_strive_test'"),
        ("test_skipif_marker", "marker says no"),
        ("test_skip_in_a_session_fixture", "server binaries not found"),
    ):
        expected = f"which counts as a failure: Skipped: {reason}"
        assert any(f"::{test} " in ln and expected in ln for ln in failures), test


def test_a_module_level_importorskip_fails_in_ci(tmp_path: Path) -> None:
    done = _pytest(tmp_path, MODULE_SKIP, "true")
    assert done.returncode != 0, done.stdout
    assert "which counts as a failure" in done.stdout
    assert "skipped" not in _summary(done)


@pytest.mark.parametrize("ci", [None, "false"])
def test_outside_ci_a_skip_stays_a_skip(tmp_path: Path, ci: str | None) -> None:
    done = _pytest(tmp_path, NEEDS, ci)
    summary = _summary(done)
    assert done.returncode == 0, done.stdout
    assert "4 skipped" in summary and "1 passed" in summary, summary
    assert " failed" not in summary and "error" not in summary, summary


def test_ci_loads_the_derandomized_hypothesis_profile(tmp_path: Path) -> None:
    body = (
        "from hypothesis import settings\n"
        "def test_profile():\n"
        "    s = settings.default\n"
        "    print('PROFILE', s.derandomize, s.database, s.print_blob)\n"
    )
    ci = _pytest(tmp_path, body, "true")
    assert "PROFILE True None True" in ci.stdout, ci.stdout
    dev = _pytest(tmp_path, body, None)
    assert "PROFILE False DirectoryBasedExampleDatabase" in dev.stdout, dev.stdout
