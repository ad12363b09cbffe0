"""Documentation tests: every command has help and the reference is current."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_cli_docs"] = module
    spec.loader.exec_module(module)
    return module


def test_every_command_has_a_help_line() -> None:
    gen = _generator()
    for words in gen.command_paths():
        text = gen.help_text(words)
        lines = [line for line in text.splitlines() if line.strip()]
        assert len(lines) >= 2, f"strive {' '.join(words)} has no help"


def test_cli_reference_is_current() -> None:
    gen = _generator()
    current = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert current == gen.render(), (
        "docs/cli.md is out of date: run .venv/bin/python scripts/gen_cli_docs.py"
    )


def test_readme_starts_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    block = text.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert block[0].endswith("strive demo")
    assert block[1].endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert block[1] in ci
