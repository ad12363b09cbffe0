"""``strive --help`` stays fast: the CLI never imports the web stack to start."""

from __future__ import annotations

import subprocess
import sys


def test_cli_start_does_not_import_the_web_stack() -> None:
    code = (
        "import sys; from strive.cli import app\n"
        "heavy = [m for m in ('fastapi', 'starlette', 'uvicorn', 'argon2', 'jinja2',"
        " 'strive.web') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
