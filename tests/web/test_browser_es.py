"""The newcomer's whole journey in Spanish, in a real browser, with no English left.

A Spanish-speaking newcomer signs up, sets a goal from the NASA template, fills the
profile, reads the gap, plans the route, downloads the calendar, logs effort,
records a rejection and reads the strategic review. Every button and field is
found by its *Spanish* name (looked up in the catalogue), so an untranslated
control fails to be found.

**The rule for "no English string".** On every page of the journey the test reads
what a person perceives: the visible text, the page title, and the text
alternatives (``alt``, ``aria-label``, ``placeholder``). It then opens the same URL
in English (a second browser context on the same session, ``?lang=en``) and reads
the same. Two checks, neither of which can pass trivially:

1. *Catalogue messages.* Every English msgid of ``strive.po`` whose text (each
   literal piece between its ``{placeholders}``, of at least 4 characters, matched
   on word boundaries) appears on the English page must not appear on the Spanish
   page, unless its Spanish translation is the same text (a proper noun like
   "strive", "José Hernández"). The test also requires that the English page
   matched several msgids, so a page where nothing is compared fails.
2. *Anything else.* A line that is the same in both languages and contains English
   function words ("the", "your", "what", ...) is English that never went through
   the catalogue, unless it is a data value: the person's own input typed in the
   test, or text that comes from the template's data files (trait and action
   names, sources, base-rate lines), listed in :data:`DATA` with why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from tests.i18n.conftest import PLACEHOLDER, read_catalogue
from tests.web.browser import ARTIFACTS, assert_accessible, guarded_context, shoot
from tests.web.conftest import PASSWORD

from strive.i18n import _, use_locale

ENGLISH_WORDS = re.compile(
    r"\b(the|and|your|you|what|with|which|when|this|that|have|has|from|"
    r"not|yet|for|of|to|is|are|it|on|by|or|an?|"
    r"unmet|met|true|false|years?|hours?|unknown|selected|none|pending|rejected)\b",
    re.IGNORECASE,
)
TYPED = ("Ser astronauta de la NASA", "Desde que tenía diez años", "Correr 5 km")
"""What the person typed (in Spanish); shown literally on the pages."""

_PROBE = """() => {
  const parts = [document.title, document.body.innerText];
  for (const e of document.querySelectorAll('[alt], [aria-label], [placeholder]'))
    parts.push(e.getAttribute('alt') || '', e.getAttribute('aria-label') || '',
               e.getAttribute('placeholder') || '');
  return parts.join('\\n');
}"""


def es(message: str, **values: Any) -> str:
    """The Spanish text of a catalogue message (what the page shows)."""
    with use_locale("es"):
        text = _(message)
    return text.format(**values) if values else text


def _fragments(msgid: str) -> list[str]:
    return [
        p.strip()
        for p in PLACEHOLDER.split(msgid)
        if len(p.strip()) >= 4 and re.search(r"[A-Za-z]{3}", p)
    ]


def _pattern(fragment: str) -> re.Pattern[str]:
    start = r"\b" if fragment[0].isalnum() else ""
    end = r"\b" if fragment[-1].isalnum() else ""
    return re.compile(start + re.escape(fragment) + end)


@pytest.fixture(scope="module")
def msgids() -> list[tuple[str, list[re.Pattern[str]]]]:
    """Each English msgid whose Spanish differs, with its patterns."""
    found = []
    for message in read_catalogue():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        for msgid in ids:
            if not msgid or msgid in strings:
                continue
            pieces = [f for f in _fragments(msgid) if not any(f in s for s in strings)]
            if pieces:
                found.append((msgid, [_pattern(f) for f in pieces]))
    return found


def _cells(text: str) -> set[str]:
    """Lines, and table cells within them (innerText separates cells by tabs)."""
    return {c.strip() for line in text.splitlines() for c in line.split("\t")}


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data.strip()
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from _strings(value)


def _template_data() -> frozenset[str]:
    """Every text of the NASA template's data file (requirements, sources...)."""
    from strive.templates import load_template

    return frozenset(_strings(dict(load_template("nasa-astronaut").raw)))


DATA = _template_data()
"""Text from the template's data file, shown as it is written there."""


class Pair:
    """The Spanish page under test and an English twin on the same session."""

    def __init__(self, es_page: Any, en_page: Any, msgids: Any) -> None:
        self.es, self.en, self.msgids = es_page, en_page, msgids
        self.compared: dict[str, int] = {}
        self.problems: list[str] = []

    def check(self, name: str) -> None:
        """No English on the Spanish page now; screenshots of both; axe on both."""
        path = urlsplit(self.es.url)
        query = f"{path.query}&lang=en" if path.query else "lang=en"
        self.en.goto(f"{path.path}?{query}")
        english, spanish = self.en.evaluate(_PROBE), self.es.evaluate(_PROBE)
        ARTIFACTS.mkdir(exist_ok=True)
        for lang, text in (("en", english), ("es", spanish)):
            (ARTIFACTS / f"journey-{lang}-{name}.txt").write_text(text, "utf-8")
        assert self.en.evaluate("document.documentElement.lang") == "en"
        assert self.es.evaluate("document.documentElement.lang") == "es"
        on_page = [
            (m, ps) for m, ps in self.msgids if all(p.search(english) for p in ps)
        ]
        for data in sorted(DATA, key=len, reverse=True):  # longest first
            spanish = spanish.replace(data, " ")  # data may hold "reported"
        self.compared[name] = len(on_page)
        left = sorted({m for m, ps in on_page if all(p.search(spanish) for p in ps)})
        if left:
            self.problems.append(
                f"{name}: English messages on the Spanish page: {left}"
            )
        same = _cells(english) & _cells(spanish)
        untranslated = sorted(
            cell
            for cell in same
            if ENGLISH_WORDS.search(cell)
            and not any(t in cell for t in TYPED)
            and cell not in DATA
        )
        if untranslated:
            self.problems.append(
                f"{name}: English outside the catalogue: {untranslated}"
            )
        assert len(on_page) >= 5, f"{name}: only {len(on_page)} msgids compared"
        assert_accessible(self.es)
        shoot(self.es, f"journey-es-{name}")
        shoot(self.en, f"journey-en-{name}")


@pytest.fixture
def pair(browser: Any, live_server: str, msgids: Any) -> Iterator[tuple[Any, Pair]]:
    with guarded_context(browser, live_server, locale="es-MX") as (page, guard):
        with guarded_context(browser, live_server) as (english, _guard):
            yield page, Pair(page, english, msgids)
        guard.check()


def _share_session(pair: Pair) -> None:
    """Give the English twin the Spanish page's session cookie."""
    cookies = [c for c in pair.es.context.cookies() if c["name"] != "strive_lang"]
    pair.en.context.add_cookies(cookies)


def test_the_whole_journey_in_spanish(pair: tuple[Any, Pair], tmp_path: Path) -> None:
    page, check = pair
    page.goto("/")
    check.check("01-welcome")
    page.get_by_role("link", name=es("Create an account")).click()
    page.get_by_label(es("What should we call you?")).fill("José")
    page.get_by_label(es("E-mail")).fill("jose-es@example.org")
    page.get_by_label(es("Password")).fill(PASSWORD)
    check.check("02-signup")
    page.get_by_role("button", name=es("Sign up")).click()
    page.wait_for_url("**/")
    _share_session(check)
    assert page.get_by_role(
        "heading", name=es("Hello, {name}", name="José")
    ).is_visible()
    check.check("03-dashboard-empty")

    # Step 1: the goal, from the NASA template.
    page.get_by_role("link", name=es("Set a goal")).click()
    page.get_by_label(es("What do you aim at?")).fill(TYPED[0])
    page.get_by_label(es("Judged against which selection?")).select_option(
        "nasa-astronaut"
    )
    page.get_by_label(es("Why does it matter to you?")).fill(TYPED[1])
    check.check("04-goal-new")
    page.get_by_role("button", name=es("Set the goal")).click()
    page.wait_for_url("**/goals/*")
    check.check("05-goal")

    # Step 2: the profile, then the gap.
    page.get_by_role("link", name=es("Tell strive where you stand")).click()
    page.wait_for_url("**/profile")
    check.check("06-profile")
    traits = page.locator("fieldset.trait")
    citizen = traits.nth(0)  # US citizenship: yes (else no route can exist)
    citizen.get_by_label(es("value"), exact=True).check()
    citizen.get_by_role("textbox").fill("yes")
    age = traits.nth(1)
    age.get_by_label(es("value"), exact=True).check()
    age.get_by_role("textbox").fill("30")
    licence = page.locator("fieldset.trait", has=page.locator("#v-pilot_certificate"))
    licence.get_by_label(es("not yet"), exact=True).check()
    page.get_by_role("button", name=es("Save my profile")).click()
    page.wait_for_url("**/profile?saved=*")
    check.check("07-profile-saved")
    page.get_by_role("link", name=es("See your gap")).click()
    page.wait_for_url("**/gap")
    check.check("08-gap")

    # Step 3: the route and its calendar.
    page.get_by_role("link", name="3. " + es("Plan the route")).click()
    page.wait_for_url("**/route")
    actions = page.get_by_role("table", name=es("Actions, in order"))
    assert actions.locator("tbody tr").count() >= 1
    check.check("09-route")
    with page.expect_download() as download:
        page.get_by_role("link", name=es("Download the calendar (.ics)")).click()
    ics = tmp_path / "route.ics"
    download.value.save_as(ics)
    assert ics.read_text().startswith("BEGIN:VCALENDAR")
    page.get_by_role("button", name=es("Save this route and start preparing")).click()
    page.wait_for_url("**/progress")

    # Step 4: effort.
    page.get_by_label(es("Hours"), exact=True).fill("3")
    page.get_by_label(es("Note (optional)")).fill(TYPED[2])
    page.get_by_role("button", name=es("Log it")).click()
    page.wait_for_url("**/progress")
    assert (
        "3"
        in page.get_by_role(
            "table", name=es("Every entry; corrections keep the old version")
        ).inner_text()
    )
    check.check("10-progress")

    # Step 5: an application, its rejection, the review.
    page.get_by_role("link", name="5. " + es("Persevere")).click()
    page.wait_for_url("**/attempts")
    page.get_by_label(es("Which application (e.g. NASA 2028 call)")).fill("NASA 2026")
    page.get_by_label(es("Applied on (empty: today)")).fill("2025-11-01")
    page.get_by_role("button", name=es("Record it")).click()
    page.wait_for_url("**/attempts")
    check.check("11-attempts")
    page.get_by_label(es("Outcome"), exact=True).select_option("rejected")
    page.get_by_label(es("Feedback you got (optional)")).fill("Más horas de vuelo")
    page.get_by_role("button", name=es("Record the outcome")).click()
    page.wait_for_url("**/attempts?rejected=*")
    check.check("12-rejected")
    page.get_by_role("link", name=es("Read your strategic review")).click()
    page.wait_for_url("**/review")
    check.check("13-review")
    assert min(check.compared.values()) >= 5
    assert check.problems == [], "\n".join(check.problems)
