"""The language is per context; numbers, dates and labels follow it."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import subprocess
import sys
import threading

import jinja2
import pytest

from strive import validate
from strive.attempts import Attempt, Outcome, history_line
from strive.errors import TraitValueError
from strive.goal import GoalStatus
from strive.i18n import (
    _,
    current_locale,
    format_currency,
    format_date,
    format_number,
    format_percent,
    jinja_env_install,
    negotiate,
    ngettext,
    supported,
    use_locale,
)
from strive.labels import label, not_yet, progress_status, unknown
from strive.requirements import Status
from strive.supporters import Share


def test_english_is_the_default_and_the_source() -> None:
    assert current_locale() == "en"
    assert _("must not be blank") == "must not be blank"
    assert ngettext("{n} attempt", "{n} attempts", 1) == "{n} attempt"


def test_spanish_inside_the_block_only() -> None:
    with use_locale("es") as chosen:
        assert chosen == "es"
        assert _("must not be blank") == "no puede quedar en blanco"
        assert ngettext("{n} attempt", "{n} attempts", 3) == "{n} intentos"
        assert ngettext("{n} attempt", "{n} attempts", 1) == "{n} intento"
        with use_locale("en"):
            assert _("must not be blank") == "must not be blank"
        assert current_locale() == "es"
    assert current_locale() == "en"


def test_use_locale_restores_after_an_error() -> None:
    with pytest.raises(RuntimeError), use_locale("es"):
        raise RuntimeError
    assert current_locale() == "en"


@pytest.mark.parametrize(
    ("asked", "chosen"),
    [
        ("es", "es"),
        ("es-MX", "es"),
        ("es_US", "es"),
        ("EN", "en"),
        ("fr", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_supported(asked: str | None, chosen: str) -> None:
    assert supported(asked) == chosen


def test_each_thread_has_its_own_language() -> None:
    seen: dict[str, str] = {}
    spanish_inside = threading.Event()
    english_checked = threading.Event()

    def spanish() -> None:
        with use_locale("es"):
            spanish_inside.set()
            english_checked.wait(5)
            seen["thread"] = _("unknown")

    worker = threading.Thread(target=spanish)
    worker.start()
    spanish_inside.wait(5)
    seen["main"] = _("unknown")  # while the other thread is in Spanish
    english_checked.set()
    worker.join(5)
    assert seen == {"main": "unknown", "thread": "desconocido"}


def test_each_asyncio_task_has_its_own_language() -> None:
    async def speak(locale: str, started: asyncio.Event, go: asyncio.Event) -> str:
        with use_locale(locale):
            started.set()
            await go.wait()  # the other task sets its language meanwhile
            return _("not yet")

    async def main() -> list[str]:
        a_started, b_started, go = asyncio.Event(), asyncio.Event(), asyncio.Event()
        tasks = [
            asyncio.create_task(speak("es", a_started, go)),
            asyncio.create_task(speak("en", b_started, go)),
        ]
        await a_started.wait()
        await b_started.wait()
        go.set()
        return list(await asyncio.gather(*tasks))

    # A thread of its own: an earlier test (Playwright's sync API) may have left an
    # event loop set on this one, where asyncio.run() refuses to start.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        result = pool.submit(lambda: asyncio.run(main())).result()
    assert result == ["todavía no", "not yet"]


def test_numbers_dates_percent_money_per_language() -> None:
    day = dt.date(2026, 12, 1)
    assert format_number(1234.5) == "1,234.5"
    assert format_date(day) == "December 1, 2026"
    assert format_percent(0.25) == "25%"
    assert format_currency(1234.5) == "$1,234.50"
    with use_locale("es"):
        assert format_number(1234.5) == "1.234,5"
        assert format_number(1234567.891, decimals=1) == "1.234.567,9"
        assert format_date(day) == "1 de diciembre de 2026"
        assert format_percent(0.125, decimals=1) == "12,5%"
        assert format_currency(1234.5) == "1.234,50\xa0US$"
        assert format_currency(13668.4, whole=True) == "13.668\xa0US$"
    assert format_currency(13668.4, whole=True) == "$13,668"


def test_a_validation_error_in_spanish_keeps_field_and_numbers_local() -> None:
    with pytest.raises(TraitValueError) as english:
        validate.whole(12_345_678, "count", high=1_000_000)
    assert english.value.message == "must be between 0 and 1,000,000, not 12,345,678"
    with use_locale("es"), pytest.raises(TraitValueError) as spanish:
        validate.whole(12_345_678, "count", high=1_000_000)
    assert spanish.value.where == "count"
    assert spanish.value.message == "debe estar entre 0 y 1.000.000, no 12.345.678"


def test_history_line_in_spanish() -> None:
    applied = [dt.date(2000 + i, 1, 1) for i in range(3)]
    attempts = [
        Attempt("NASA", d, Outcome.REJECTED, d + dt.timedelta(days=90))
        for d in applied[:2]
    ] + [Attempt("NASA", applied[2], Outcome.SELECTED, applied[2])]
    assert history_line(attempts) == "3 attempts: 2 not selected, then selected"
    with use_locale("es"):
        assert history_line(attempts) == (
            "3 intentos: 2 sin selección, y luego seleccionado"
        )
        assert history_line([]) == "todavía no hay intentos"


@pytest.mark.parametrize("enum", [Outcome, GoalStatus, Share, Status])
def test_every_state_has_a_spanish_word(enum: type) -> None:
    with use_locale("es"):
        for member in enum:
            assert label(member) != str(member), member


def test_a_rejection_reads_with_care() -> None:
    assert label(Outcome.REJECTED) == "not selected this time"
    with use_locale("es"):
        assert label(Outcome.REJECTED) == "no fuiste seleccionado esta vez"
        assert (unknown(), not_yet()) == ("desconocido", "todavía no")
        assert progress_status("in progress") == "en curso"


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("en-US,en;q=0.9,es;q=0.8", "en"),
        ("fr-FR, es;q=0.7, en;q=0.5", "es"),
        ("es;q=0, en", "en"),
        ("de, fr", "en"),
        ("es;q=banana, en;q=0.1", "en"),
        ("", "en"),
        (None, "en"),
        ("*", "en"),
    ],
)
def test_negotiate_accept_language(header: str | None, chosen: str) -> None:
    assert negotiate(header) == chosen


def test_jinja_environment_speaks_the_current_language() -> None:
    env = jinja2.Environment(autoescape=True)
    jinja_env_install(env)
    page = env.from_string(
        '{{ _("not yet") }} | {{ 1234.5|number }} | {{ day|date }} | {{ label }}'
    )
    day = dt.date(2026, 12, 1)
    assert page.render(day=day, label="<b>") == (
        "not yet | 1,234.5 | December 1, 2026 | &lt;b&gt;"
    )
    with use_locale("es"):
        assert page.render(day=day, label="x") == (
            "todavía no | 1.234,5 | 1 de diciembre de 2026 | x"
        )


def test_jinja_messages_take_named_values() -> None:
    env = jinja2.Environment(autoescape=True)
    jinja_env_install(env)
    page = env.from_string(
        '{{ _("{trait} takes a finite number", trait=name) }} / '
        '{{ ngettext("{n} attempt", "{n} attempts", count) }}'
    )
    with use_locale("es"):
        assert page.render(name="<i>age</i>", count=3) == (
            "&lt;i&gt;age&lt;/i&gt; debe ser un número finito / 3 intentos"
        )


def test_jinja_trans_blocks_use_the_catalogue() -> None:
    env = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    jinja_env_install(env)
    page = env.from_string(
        "{% trans %}not yet{% endtrans %} / "
        '{{ _("{trait} takes a finite number", trait="age") }}'
    )
    with use_locale("es"):
        assert page.render() == "todavía no / age debe ser un número finito"


def test_english_cli_never_imports_babel() -> None:
    """``strive --help`` and an English validation error stay free of Babel."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from strive.cli import app\n"
        "from strive import validate\n"
        "assert CliRunner().invoke(app, ['--help']).exit_code == 0\n"
        "try:\n"
        "    validate.whole(-1, 'count')\n"
        "except Exception as e:\n"
        "    assert 'between' in str(e)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
