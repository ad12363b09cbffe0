"""The person's commands in Spanish: ``strive --lang es`` and ``STRIVE_LANG=es``.

Every command runs on a real database (the ``cli`` fixture's own file), once with
the option and once with the environment variable; the Spanish headings and the
locale's day form (``15 ene 2026``) appear, the English ones do not, and ``--json``
is the same document in every language (it is an API). English output is held by
the other CLI tests, byte for byte.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tests.cli.test_journey import BACHELOR, start

from strive.i18n import current_locale

Run = Callable[..., Any]

PROFILE = BACHELOR
"""Lacks the master's degree, so the route is never empty."""

ISO_DAY = re.compile(r"\b\d{4}-\d\d-\d\d\b")
SPANISH_DAY = re.compile(
    r"\b\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic) \d{4}\b"
)


def ok(result: Any) -> str:
    assert result.exit_code == 0, result.output
    assert current_locale() == "en"  # the command's language never leaks out
    out: str = result.output
    return out


@pytest.fixture
def workspace(cli: Run) -> Run:
    """A NASA goal (10 h a week, a month away), a dated profile without a master's."""
    start(cli, profile=PROFILE)
    return cli


Speak = Callable[..., str]


@pytest.fixture(params=["option", "environment"])
def spanish(
    request: pytest.FixtureRequest, workspace: Run, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Speak]:
    """Run a command in Spanish, through ``--lang es`` or ``STRIVE_LANG=es``."""

    def run(*args: str, **kwargs: Any) -> str:
        if request.param == "option":
            return ok(workspace("--lang", "es", *args, **kwargs))
        monkeypatch.setenv("STRIVE_LANG", "es")
        try:
            return ok(workspace(*args, **kwargs))
        finally:
            monkeypatch.delenv("STRIVE_LANG")

    yield run


def english(cli: Run, *args: str) -> str:
    return ok(cli(*args))


def test_gap_in_spanish(spanish: Speak, workspace: Run) -> None:
    out = spanish("gap")
    for heading in (
        "Cobertura:",
        "Alcance:",
        "Comparado con:",
        "Requisitos",
        "Tú y los seleccionados, rasgo por rasgo",
        "requisito",
        "examen médico",  # the requirement "physical" (strive.vocabulary)
    ):
        assert heading in out, heading
    for english_text in (
        "Coverage:",
        "Reach:",
        "Compared with:",
        "Requirements",
        "You and the selected",
        "What these numbers mean",
    ):
        assert english_text not in out, english_text
    assert english(workspace, "gap") != out


def test_gap_history_writes_days_as_the_locale_does(
    spanish: Speak, workspace: Run
) -> None:
    out = spanish("gap", "--history")
    assert "A qué distancia estás, con el tiempo" in out
    assert "1 jun 2025" in out
    assert not ISO_DAY.search(out)
    assert "2025-06-01" in english(workspace, "gap", "--history")


def test_route_in_spanish(spanish: Speak, workspace: Run) -> None:
    out = spanish("route")
    assert "Tu ruta (" in out
    assert "Totales:" in out
    assert SPANISH_DAY.search(out), out
    assert " US$" in out or "desconocido" in out  # money in the locale's form
    for english_text in ("Your route", "Totals:", "proven cheapest"):
        assert english_text not in out, english_text
    # the only ISO days left are in commands a person types (none here)
    assert not ISO_DAY.search(out), out
    en = english(workspace, "route")
    assert "Your route" in en and ISO_DAY.search(en)


def test_sources_in_spanish(spanish: Speak, workspace: Run) -> None:
    out = spanish("gap", "--sources", "pilot_certificate")
    assert "licencia de piloto: " in out and " lo tenían; se conoce para " in out
    assert "Quién lo tenía, y la fuente de cada celda" in out
    assert "known for" not in out and "Who had it" not in out


def test_blocked_by_names_the_limit(cli: Run) -> None:
    """An infeasible route says which limit blocks it in words (the id stays in
    --json), in English and in Spanish."""
    ok(
        cli(
            "goal",
            "new",
            "Fly",
            "--template",
            "nasa-astronaut",
            "--money",
            "5000",
        )
    )
    ok(cli("profile", "set", *PROFILE, "--date", "2025-06-01"))
    target = ["--target", "pilot_certificate"]
    doc = json.loads(ok(cli("route", *target, "--json")))
    assert doc["infeasible"]["blocked_by"] == ["money"]
    en = ok(cli("route", *target))
    assert "Blocked by: money limit" in en
    assert "Blocked by: money\n" not in en
    es = ok(cli("--lang", "es", "route", *target))
    assert "Bloqueado por: límite de dinero" in es
    assert "Sería posible con:" in es


def test_journey_commands_in_spanish(spanish: Speak, workspace: Run) -> None:
    ok(workspace("route"))  # a saved route to follow
    out = spanish("log", "2.5", "master_stem", "--date", "2026-01-10")
    assert "Anotaste 2,5 h en master_stem (10 ene 2026)" in out
    out = spanish("progress")
    assert "Plan contra lo real" in out
    assert "Hecho:" in out and "Fin previsto:" in out
    assert "Pronóstico: horas planeadas que faltan" in out  # the forecast's model
    assert "Plan versus actual" not in out and "Forecast finish" not in out
    assert SPANISH_DAY.search(out)
    out = spanish("effort", "list")
    assert "Registro de esfuerzo" in out and "10 ene 2026" in out
    ok(workspace("effort", "edit", "1", "--hours", "3"))
    out = spanish("progress")
    assert "Correcciones" in out


def test_attempts_and_review_in_spanish(spanish: Speak, workspace: Run) -> None:
    out = spanish("attempt", "add", "NASA 2025 call", "--date", "2025-03-01")
    assert "Intento 1: NASA 2025 call registrado (1 mar 2025); ¡suerte!" in out
    out = spanish("attempt", "result", "NASA 2025 call", "rejected")
    assert "no fuiste seleccionado esta vez" in out
    assert "José Hernández" in out and "Not this time" not in out
    out = spanish("attempt", "list")
    assert "Intentos" in out and "1 mar 2025" in out
    assert "rejected" not in out
    out = spanish("review")
    assert "Revisión estratégica" in out
    assert "Cada vez que no te seleccionan es información." in out
    assert "Lo que cambiaste desde el 1 mar 2025" in out
    assert "Strategic review" not in out and "Every rejection" not in out
    assert "Tu ruta (" in out and "Your route" not in out


def test_goal_and_profile_in_spanish(spanish: Speak, workspace: Run) -> None:
    out = spanish("goal", "show")
    assert (
        "Límites: 10 h/semana, sin límite de dinero, 1 mes fuera, 2 acciones a la vez"
        in out
    )
    assert "Limits:" not in out
    out = spanish("goal", "list")
    assert "Metas" in out and "activa" in out
    out = spanish("profile", "show")
    assert "Tu perfil al 15 ene 2026" in out
    out = spanish("profile", "history")
    assert "Historial del perfil" in out and "1 jun 2025" in out
    out = spanish("profile", "set", "age=35")
    assert "Se registró 1 valor." in out
    out = spanish("supporter", "add", "Ms. Young", "--role", "teacher")
    assert "Persona que te apoya 1" in out


COMMANDS_WITH_JSON = [
    ("gap",),
    ("gap", "--history"),
    ("route",),
    ("progress",),
    ("review",),
    ("goal", "list"),
    ("goal", "show"),
    ("profile", "show"),
    ("profile", "history"),
    ("attempt", "list"),
    ("effort", "list"),
    ("evidence", "list"),
    ("supporter", "list"),
    ("cohort", "show"),
]


def test_json_is_the_same_in_every_language(
    workspace: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One workspace for every command (each setup costs seconds): the document
    with --lang es and with STRIVE_LANG=es equals the English one."""
    ok(workspace("route"))  # a saved route for progress
    ok(workspace("attempt", "add", "NASA 2025 call", "--date", "2025-03-01"))
    ok(workspace("attempt", "result", "NASA 2025 call", "rejected"))
    for command in COMMANDS_WITH_JSON:
        english_doc = json.loads(ok(workspace(*command, "--json")))
        option_doc = json.loads(ok(workspace("--lang", "es", *command, "--json")))
        monkeypatch.setenv("STRIVE_LANG", "es")
        env_doc = json.loads(ok(workspace(*command, "--json")))
        monkeypatch.delenv("STRIVE_LANG")
        assert option_doc == english_doc, command
        assert env_doc == english_doc, command


def test_the_option_wins_over_the_environment(
    workspace: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRIVE_LANG", "es")
    assert "Coverage:" in ok(workspace("--lang", "en", "gap"))
    monkeypatch.setenv("STRIVE_LANG", "en")
    assert "Cobertura:" in ok(workspace("--lang", "es", "gap"))


def test_english_is_the_default_and_en_changes_nothing(workspace: Run) -> None:
    assert ok(workspace("gap")) == ok(workspace("--lang", "en", "gap"))
    assert ok(workspace("route")) == ok(workspace("--lang", "en", "route"))


def test_an_unknown_language_is_a_usage_error(
    workspace: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = workspace("--lang", "fr", "gap")
    assert result.exit_code == 2
    assert "'--lang'" in result.output
    assert "'fr' is not a language strive speaks; use en or es" in result.output
    monkeypatch.setenv("STRIVE_LANG", "klingon")
    result = workspace("gap")
    assert result.exit_code == 2
    assert "STRIVE_LANG" in result.output and "'klingon'" in result.output
    assert "use en or es" in result.output
    assert current_locale() == "en"


def test_demo_follows_the_root_language(cli: Run) -> None:
    out = ok(cli("--lang", "es", "demo"))
    assert "1. Define tu meta" in out
    assert "1. Define your goal" not in out
    assert "1. Define your goal" in ok(cli("--lang", "es", "demo", "--lang", "en"))
