"""The counsellor's and admin's commands in Spanish: ``strive --lang es`` for
``batch``, ``caseload`` (terminal and HTML page), ``backup``/``restore``,
``serve``, ``account new`` and ``supporter invite``.

Each command runs for real (a synthetic NASA caseload of 12 people, real SQLite
files, a real uvicorn for ``serve``): the Spanish text appears and the English
does not; ``--json``, the results Parquet and the English output do not depend on
the language a command speaks.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from tests.batch.batch_people import TODAY, people_rows, write_csv
from tests.cli.test_journey import start
from tests.cli.test_lang import ISO_DAY, SPANISH_DAY
from typer.testing import CliRunner

from strive.batch.caseload_html import render_html
from strive.batch.io import read_caseload
from strive.cli import app
from strive.i18n import current_locale, format_currency, format_date, use_locale

Run = Callable[..., Any]

MESSAGES_ONLY = pytest.mark.one_backend(
    reason="the language of the command's messages; the commands themselves run on "
    "both backends in tests/cli/test_ownership.py, test_sharing.py and tests/web"
)

ENGLISH_GROUPED = re.compile(r"\d,\d{3}\b")
"""``1,100``: a number grouped the English way (Spanish writes ``1.100``)."""
DOLLARS_FIRST = re.compile(r"(?<!US)\$\d")
"""``$668``: money the English way (Spanish writes ``668 US$``)."""


def strive(*args: str, lang: str = "en") -> Any:
    """``strive --lang LANG --today TODAY ...`` in-process; stdout and stderr apart."""
    result = CliRunner().invoke(
        app, ["--lang", lang, "--today", TODAY, *args], catch_exceptions=False
    )
    assert current_locale() == "en"  # the command's language never leaks out
    return result


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """12 synthetic people assessed twice, in English and in Spanish (one process
    each way: the Spanish run forks its workers inside ``--lang es``)."""
    folder = tmp_path_factory.mktemp("caseload")
    people = write_csv(folder / "people.csv", people_rows(12, seed=7))
    runs: dict[str, Path] = {"people": people}
    for lang in ("en", "es"):
        out = folder / f"{lang}.parquet"
        result = ok(
            strive(
                "batch", str(people), "--goal", "nasa-astronaut", "--out", str(out),
                "--workers", "2", "--partition", "6", "--offers", "2", "--pilot", "6",
                lang=lang,
            )
        )  # fmt: skip
        (folder / f"{lang}.stdout").write_text(result.stdout, encoding="utf-8")
        (folder / f"{lang}.stderr").write_text(result.stderr, encoding="utf-8")
        runs[lang] = out
    return runs


def test_batch_speaks_spanish(caseload: dict[str, Path]) -> None:
    folder = caseload["es"].parent
    es_out = (folder / "es.stdout").read_text(encoding="utf-8")
    es_err = (folder / "es.stderr").read_text(encoding="utf-8")
    assert "Se evaluó a 12 personas (" in es_out
    assert " con una ruta posible) en " in es_out
    assert "Evaluando personas" in es_err and "personas/s" in es_err
    for english in ("Assessed", "feasible route", "Assessing people", "people/s"):
        assert english not in es_out + es_err, english
    en_out = (folder / "en.stdout").read_text(encoding="utf-8")
    en_err = (folder / "en.stderr").read_text(encoding="utf-8")
    assert "Assessed 12 people (" in en_out
    assert "Assessing people" in en_err and "people/s" in en_err


def test_results_parquet_is_the_same_in_every_language(
    caseload: dict[str, Path], tmp_path: Path
) -> None:
    """The texts inside the results (open items, the route document) are data:
    English whatever the command speaks, with forked workers and in-process."""
    english = pq.read_table(caseload["en"])
    assert english.num_rows == 12
    assert any(items for items in english.column("open_items").to_pylist())
    for lang in ("en", "es"):
        single = tmp_path / f"single-{lang}.parquet"
        ok(
            strive(
                "batch", str(caseload["people"]), "--goal", "nasa-astronaut",
                "--out", str(single), "--workers", "1", "--offers", "2",
                "--pilot", "6", lang=lang,
            )
        )  # fmt: skip
        assert pq.read_table(single).equals(english), lang
        assert pq.read_schema(single).metadata == english.schema.metadata
    assert pq.read_table(caseload["es"]).equals(english)
    assert caseload["es"].read_bytes() == caseload["en"].read_bytes()


def test_batch_json_is_the_same_in_every_language(
    caseload: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = {}
    for lang in ("en", "es"):
        folder = tmp_path / lang
        folder.mkdir()
        monkeypatch.chdir(folder)
        result = ok(
            strive(
                "batch", str(caseload["people"]), "--goal", "nasa-astronaut",
                "--out", "r.parquet", "--workers", "1", "--offers", "1",
                "--pilot", "6", "--json", lang=lang,
            )
        )  # fmt: skip
        doc = json.loads(result.stdout)
        # Only the timings may differ between two runs.
        for timing in ("seconds", "people_per_second", "task_cpu_seconds"):
            assert isinstance(doc.pop(timing), float | int)
        docs[lang] = json.dumps(doc)
    assert docs["es"] == docs["en"]


def test_caseload_speaks_spanish(caseload: dict[str, Path]) -> None:
    es = ok(strive("caseload", str(caseload["es"]), lang="es")).stdout
    for spanish in (
        "12 personas; ",
        " con una ruta posible.",
        "Cobertura: mediana ",
        "Brechas más comunes",
        "Acciones en más rutas",
        "Si se ofreciera (cada persona con un plan nuevo)",
        "Personas por paso",
        "pasos 3-4: una ruta que seguir",
        "paso 5: en condiciones de solicitar",
        "Etiquetas de la plantilla nasa-astronaut",
    ):
        assert spanish in es, spanish
    for english in (
        "people;",
        "Coverage",
        "Most common gaps",
        "Actions in the most routes",
        "If offered",
        "People by step",
        "step 2: record what is unknown",
        "a route to follow",
        "ready to apply",
        "Labels from",
        "median ",
        "days",
    ):
        assert english not in es, english
    # Hours and money as Spanish writes them (1.100 h, 13.000 US$).
    assert not ENGLISH_GROUPED.search(es), es
    assert not DOLLARS_FIRST.search(es), es
    en = ok(strive("caseload", str(caseload["en"]))).stdout
    assert "12 people; " in en and "Most common gaps" in en
    assert "steps 3-4: a route to follow" in en


def test_caseload_json_is_the_same_in_every_language(
    caseload: dict[str, Path],
) -> None:
    en = ok(strive("caseload", str(caseload["en"]), "--json")).stdout
    es = ok(strive("caseload", str(caseload["en"]), "--json", lang="es")).stdout
    assert es == en
    doc = json.loads(en)
    assert [s["label"] for s in doc["steps"]][-1] == "step 5: ready to apply"


def test_caseload_page_speaks_the_command_language(
    caseload: dict[str, Path], tmp_path: Path
) -> None:
    es_page, en_page = tmp_path / "es.html", tmp_path / "en.html"
    done = ok(
        strive("caseload", str(caseload["es"]), "--html", str(es_page), lang="es")
    )
    assert f"Informe guardado en {es_page}" in " ".join(done.stdout.split())
    ok(strive("caseload", str(caseload["en"]), "--html", str(en_page)))
    es, en = es_page.read_text("utf-8"), en_page.read_text("utf-8")

    assert es.startswith('<!DOCTYPE html><html lang="es">')
    assert en.startswith('<!DOCTYPE html><html lang="en">')
    for heading in (
        "<title>Informe del grupo de personas</title>",
        "<h1>Informe del grupo de personas</h1>",
        "<h2>Cobertura</h2>",
        "<h2>Brechas más comunes</h2>",
        "<h2>Acciones en más rutas</h2>",
        "<h2>Si se ofreciera: qué curso haría avanzar a más personas</h2>",
        "<h2>Personas por paso</h2>",
        "<th>brecha</th>",
        "<th>rango</th>",
        "paso 2: anotar lo que se desconoce",  # a chart's label and a table cell
        ">personas</text>",  # a chart's axis label
    ):
        assert heading in es, heading
    for english in (
        "Caseload report",
        "Most common gaps",
        "If offered",
        "People by step",
        "people per band",
        ">people</text>",
        "step 2: record",
        "days",
        'lang="en"',
    ):
        assert english not in es, english
    assert "<h2>If offered: which course would move the most people</h2>" in en
    assert "<h1>Caseload report</h1>" in en

    # Numbers in the locale's form, each as strive.i18n formats it.
    doc = json.loads(ok(strive("caseload", str(caseload["en"]), "--json")).stdout)
    money = [
        a["money_saved_if_free_median"]
        for a in doc["top_actions"]
        if a["money_saved_if_free_median"] is not None
        and a["money_known"] == a["people"]
    ]
    assert money, "the caseload has an action with a sourced cost"
    with use_locale("es"):
        assert all(format_currency(m, whole=True) in es for m in money)
    assert all(f"${m:,.0f}" in en for m in money)
    share = doc["top_gaps"][0]["share"]
    assert f"{100 * share:.1f}%" in en
    assert f"{100 * share:.1f}%".replace(".", ",") in es
    assert not DOLLARS_FIRST.search(es)


def test_the_english_page_does_not_depend_on_what_ran_before(
    caseload: dict[str, Path],
) -> None:
    """Formatting caches are keyed by language: a Spanish page in between leaves
    the English page byte for byte as it was."""
    report = read_caseload(caseload["en"], top=10)
    first = render_html(report, title="r")
    with use_locale("es"):
        spanish = render_html(read_caseload(caseload["en"], top=10), title="r")
    assert spanish != first
    assert render_html(report, title="r") == first


def test_batch_and_caseload_errors_in_spanish(
    caseload: dict[str, Path], tmp_path: Path
) -> None:
    people = str(caseload["people"])
    bad = strive(
        "batch", people, "--goal", "nasa-astronaut", "--out",
        str(tmp_path / "r.parquet"), "--workers", "0", lang="es",
    )  # fmt: skip
    assert bad.exit_code == 2
    assert "--workers: necesita al menos 1 proceso" in bad.stderr
    assert "needs at least" not in bad.stderr
    missing = tmp_path / "nowhere" / "r.parquet"
    bad = strive(
        "batch", people, "--goal", "nasa-astronaut", "--out", str(missing), lang="es"
    )
    assert bad.exit_code == 2
    assert "la carpeta" in bad.stderr and "no existe" in bad.stderr
    assert "does not exist" not in bad.stderr
    assert not missing.parent.exists()

    not_parquet = strive("caseload", people, lang="es")
    assert not_parquet.exit_code == 2
    assert "no es un archivo Parquet" in not_parquet.stderr
    assert "not a Parquet file" not in not_parquet.stderr
    english = strive("caseload", people)
    assert "not a Parquet file" in english.stderr


@MESSAGES_ONLY
def test_backup_and_restore_in_spanish(cli: Run, db_path: Path, tmp_path: Path) -> None:
    start(cli)
    copy = tmp_path / "copy.db"
    done = ok(cli("--lang", "es", "backup", str(copy)))
    assert "Se hizo una copia de seguridad de" in done.output
    assert "filas) en" in done.output and "Backed up" not in done.output
    again = cli("--lang", "es", "backup", str(copy))
    assert again.exit_code == 2
    assert "ya existe; da un nombre de archivo nuevo" in again.stderr
    assert "already exists" not in again.stderr
    full = cli("--lang", "es", "restore", str(copy))
    assert full.exit_code == 2
    assert "no está vacía" in full.stderr and "--force" in full.stderr
    assert "is not empty" not in full.stderr
    target = tmp_path / "fresh.db"
    done = ok(cli("--lang", "es", "--db", str(target), "restore", str(copy)))
    assert "Se restauró" in done.output and "Restored" not in done.output
    assert "Backed up" in ok(cli("backup", str(tmp_path / "en.db"))).output


@MESSAGES_ONLY
def test_account_new_in_spanish(cli: Run) -> None:
    start(cli)
    password = "correct horse battery staple\n"
    done = ok(
        cli("--lang", "es", "account", "new", "ana@example.org", input=password * 2)
    )
    flat = " ".join(done.output.split())  # Rich wraps at the terminal's width
    assert "Contraseña (al menos 12 caracteres" in flat
    assert "Repite la contraseña" in flat
    assert "La cuenta ana@example.org abre los datos de la persona 'me'." in flat
    assert "Inicia la aplicación web con: strive serve" in flat
    for english in ("Password", "Repeat", "opens the data", "Start the web app"):
        assert english not in flat, english
    nobody = cli(
        "--lang", "es", "account", "new", "b@example.org", "--person", "nadie",
        input=password * 2,
    )  # fmt: skip
    assert nobody.exit_code == 2
    assert "no hay ninguna persona 'nadie' en esta base de datos" in nobody.stderr


@MESSAGES_ONLY
def test_supporter_invite_in_spanish(cli: Run) -> None:
    start(cli)
    done = ok(cli("--lang", "es", "supporter", "invite", "Ana", "--role", "mentor"))
    flat = " ".join(done.output.split())
    assert "Invitación para Ana (mentor), ve: " in flat
    assert "Mándales este enlace" in flat
    assert not ISO_DAY.search(flat) and SPANISH_DAY.search(flat), flat
    assert "Invitation" not in flat and "Send them" not in flat
    en = " ".join(
        ok(cli("supporter", "invite", "Ben", "--role", "family")).output.split()
    )
    assert "Send them this link" in en
    until = ISO_DAY.search(en)  # the expiry (a week from the real clock)
    assert until is not None
    with use_locale("es"):
        spanish = format_date(dt.date.fromisoformat(until.group()), style="medium")
    assert f"hasta el {spanish}):" in flat


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _serve_banner(db: Path, lang: str) -> str:
    """What ``strive serve`` writes before it serves, from a real server (then
    stopped with Ctrl+C), with its line breaks made single spaces."""
    env = {**os.environ, "STRIVE_LANG": lang}
    server = subprocess.Popen(
        [
            sys.executable, "-c", "from strive.cli import main; main()",
            "--db", str(db), "serve", "--port", str(_free_port()),
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )  # fmt: skip
    assert server.stderr is not None
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(
        target=lambda: [lines.put(text) for text in server.stderr or ()], daemon=True
    )
    reader.start()
    seen = ""
    try:
        deadline = time.monotonic() + 60
        while "Ctrl+C" not in seen:
            left = deadline - time.monotonic()
            assert left > 0, "no banner: " + seen
            try:
                seen += lines.get(timeout=left)
            except queue.Empty:
                continue
        return " ".join(seen.split())
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        reader.join(timeout=10)
        server.stderr.close()


@MESSAGES_ONLY
def test_serve_in_spanish(tmp_path: Path, cli: Run) -> None:
    db = tmp_path / "serve.db"
    es = _serve_banner(db, "es")
    assert "strive en http://127.0.0.1:" in es
    assert "(1 proceso; Ctrl+C lo detiene)" in es
    assert "worker" not in es and "stops it" not in es
    en = _serve_banner(db, "en")
    assert "(1 worker; Ctrl+C stops it)" in en
    memory = cli("--lang", "es", "serve", "--db", ":memory:", "--workers", "2")
    assert memory.exit_code == 2
    assert "no se puede compartir entre varios procesos" in memory.stderr
