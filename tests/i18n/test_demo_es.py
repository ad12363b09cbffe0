"""``strive demo --lang es`` tells José's story in Spanish, with the same data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.extract import extract_from_file
from tests.conftest import new_database
from typer.testing import CliRunner

from strive.cli import app
from strive.i18n import _ as translate
from strive.i18n import use_locale

ROOT = Path(__file__).resolve().parents[2]
DEMO_MODULES = [
    ROOT / "src" / "strive" / "cli" / "demo.py",
    ROOT / "src" / "strive" / "demo.py",
]
_BOX = re.compile(r"[\u2500-\u257f]")


def _plain(text: str) -> str:
    """Terminal output as one line: box drawing removed, wrapping undone."""
    return " ".join(_BOX.sub(" ", text).split())


def _demo_messages() -> list[str]:
    found: list[str] = []
    for path in DEMO_MODULES:
        for _line, message, _comments, _context in extract_from_file("python", path):
            found.append(message if isinstance(message, str) else message[0])
    return found


@pytest.fixture(scope="module")
def spanish_run(module_db: Path | str, module_backend: str) -> SimpleNamespace:
    """The Spanish demo, kept in the module's database (SQLite or PostgreSQL)."""
    result = CliRunner().invoke(
        app, ["demo", "--lang", "es", "--keep", str(module_db)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return SimpleNamespace(
        text=_plain(result.output), db=module_db, backend=module_backend
    )


def test_the_demo_has_messages_to_translate() -> None:
    assert len(_demo_messages()) >= 30


def test_no_english_sentence_of_the_demo_is_left(spanish_run: SimpleNamespace) -> None:
    """Each English message of the demo, cut at its placeholders, is absent."""
    left = []
    with use_locale("es"):
        for message in _demo_messages():
            spanish = translate(message)
            for piece in re.split(r"\{[^{}]*\}", message):
                piece = " ".join(piece.split())
                wordy = len(piece.split()) >= 3 and piece not in spanish
                if wordy and piece in spanish_run.text:
                    left.append(piece)
    assert not left


def test_the_story_reads_in_spanish(spanish_run: SimpleNamespace) -> None:
    text = spanish_run.text
    for expected in (
        "1. Define tu meta",
        "2. Reconoce qué tan lejos estás",
        "Perseverancia estratégica",
        "12 intentos: 11 sin selección, y luego seleccionado.",
        "Fuentes sobre José",
        "Te toca:",
    ):
        assert expected in text
    # numbers and dates in the Spanish way: 37.400, 1.194, "25 de noviembre de 2000"
    assert re.search(r"de unas \d{1,3}\.\d{3} solicitudes", text)
    assert re.search(r"Registró \d\.\d{3} de \d\.\d{3} horas planeadas", text)
    assert re.search(r"terminó el \d{1,2} de [a-z]+ de \d{4}\.", text)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no ISO date left
    # the NASA template's Spanish labels name the actions of the route
    assert "Sacar la licencia" in text
    assert "Aprender ruso a" in text


def test_the_stored_journey_is_the_same_in_both_languages(
    spanish_run: SimpleNamespace, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """--json reads data, and the data a Spanish demo stores is language-free."""
    english_db = new_database(request, spanish_run.backend, "en")
    result = CliRunner().invoke(app, ["demo", "--keep", str(english_db)])
    assert result.exit_code == 0, result.output

    def document(db: Path | str, *command: str) -> object:
        out = CliRunner().invoke(app, ["--db", str(db), *command, "--json"])
        assert out.exit_code == 0, out.output
        return json.loads(out.output)

    assert document(spanish_run.db, "goal", "list") == document(
        english_db, "goal", "list"
    )
    exports = []
    for i, db in enumerate((spanish_run.db, english_db)):
        path = tmp_path / f"export-{i}.json"
        out = CliRunner().invoke(app, ["--db", str(db), "export", str(path)])
        assert out.exit_code == 0, out.output
        exports.append(path.read_text("utf-8"))
    assert exports[0] == exports[1]  # every stored record, byte for byte
    outcomes = set(re.findall(r'"outcome": "([a-z]+)"', exports[0]))
    assert outcomes == {"rejected", "selected"}


def test_an_unknown_language_is_refused() -> None:
    result = CliRunner().invoke(app, ["demo", "--lang", "fr"])
    assert result.exit_code == 2
    assert "fr" in result.output
