"""Charts cost nothing until drawn: importing strive.charts does not import
matplotlib, and the CLI does not import strive.charts."""

from __future__ import annotations

import subprocess
import sys


def _imported(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_importing_charts_does_not_import_matplotlib() -> None:
    modules = _imported("import strive.charts")
    assert "strive.charts.gap" in modules
    assert "matplotlib" not in modules


def test_the_cli_does_not_import_charts() -> None:
    modules = _imported("import strive.cli")
    assert "strive.cli" in modules
    assert not {m for m in modules if m.startswith(("strive.charts", "matplotlib"))}
