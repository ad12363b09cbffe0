"""The Spanish journey's pages, read as a Spanish speaker reads them: numbers,
dates and units in Spanish, no English identifier or template text from the data.

A faster companion of ``test_browser_es.py`` (which needs Chromium and compares
against the catalogue): this one walks the same steps through the app in-process
(goal from the NASA template, profile, route saved, effort logged, an application
not selected), strips the tags, and fails on the leftovers that browser check let
through:

- a number written the Python way: ``70.0`` (a whole number with ``.0``), an
  unseparated number of 5+ digits (``13000``), a decimal point (``2.6``);
- an ISO date (``2026-01-15``) where a person reads a date;
- an English unit of the NASA template (``years``) after a number;
- an English route-alternative name (``cheapest``), requirement name (``physical``)
  or trait value the template writes in Spanish (``open_water``);
- a template text the template gives in Spanish (a requirement, a window name, the
  cohort's name and note) left in English.

Sources of base rates are citations, quoted as published, and are not checked.
Each rule is also run on the English twin of a page, where the rule's English form
must appear, so a rule that could never match fails too.
"""

from __future__ import annotations

import html
import re
from typing import Any

from tests.web.conftest import csrf_in

from strive import vocabulary
from strive.i18n import use_locale
from strive.templates import load_template

NASA = load_template("nasa-astronaut")


def _spanish_differs(unit: str) -> bool:
    with use_locale("es"):
        return vocabulary.unit(unit) != unit


UNITS = sorted({t.unit for t in NASA.traits if t.unit and _spanish_differs(t.unit)})
"""The template's unit words that Spanish writes differently (``years``, not ``h``)."""
REQUIREMENTS = [r.name for r in NASA.requirements]
CITATIONS = [b.source for b in NASA.base_rates]
"""Where a base rate comes from, cited as written ("Yahoo News 2017-06-07")."""
ENGLISH_DATA = sorted(NASA.spanish())
"""Requirement texts, window and cohort names, the cohort note: the template gives
Spanish for each (``description_es``, ``name_es``...), so none may show in English."""
VALUES = sorted(
    {v for t in NASA.traits for v, es in t.values_es if es.lower() != v.lower()}
)
"""Level and category values the template writes in Spanish (``open_water``)."""
ALTERNATIVES = ["cheapest", "fastest", "least_money", "next_cheapest"]

WHOLE_POINT_ZERO = re.compile(r"(?<![\d.,])\d+\.0\b(?!\.\d)")
UNSEPARATED = re.compile(r"(?<![\d.,/=#-])\d{5,}(?![\d-])")
DECIMAL_POINT = re.compile(r"(?<![\d.,])\d+\.(?!0\b)\d{1,2}(?![\d.])")
ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")


def _text(page: str) -> str:
    """What a person reads: no tags, no scripts, no attribute values."""
    body = page[page.index("<main") : page.index("</main>")]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<input\b[^>]*>", " ", body)  # a form field's raw value
    body = re.sub(r"<[^>]+>", " ", body)
    return html.unescape(body)


def _journey(client: Any, csrf: str) -> dict[str, int]:
    """The browser journey's steps; returns the goal id under ``goal``."""
    r = client.post(
        "/goals",
        data={
            "csrf": csrf,
            "title": "Ser astronauta de la NASA",
            "template": "nasa-astronaut",
            "hours_per_week": "12",
            "max_parallel": "2",
            "why": "Desde que tenía diez años",
        },
        follow_redirects=False,
    )
    goal = int(r.headers["location"].rsplit("/", 1)[1])
    r = client.post(
        f"/goals/{goal}/profile",
        data={
            "csrf": csrf,
            "state_us_citizen": "value",
            "value_us_citizen": "yes",
            "state_age": "value",
            "value_age": "30",
            "state_pilot_certificate": "not_yet",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    r = client.post(f"/goals/{goal}/route", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    action = re.search(
        r'<option value="([^"]+)"', client.get(f"/goals/{goal}/progress").text
    )
    assert action is not None
    r = client.post(
        f"/goals/{goal}/effort",
        data={"csrf": csrf, "hours": "3", "action": action.group(1), "note": "5 km"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    r = client.post(
        f"/goals/{goal}/attempts",
        data={"csrf": csrf, "name": "NASA 2026", "applied": "2025-11-01"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    attempt = re.search(
        rf"/goals/{goal}/attempts/(\d+)/result",
        client.get(f"/goals/{goal}/attempts").text,
    )
    assert attempt is not None
    r = client.post(
        f"/goals/{goal}/attempts/{attempt.group(1)}/result",
        data={"csrf": csrf, "outcome": "rejected", "decided": "2026-01-10"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    return {"goal": goal}


def _pages(client: Any, goal: int, lang: str) -> dict[str, str]:
    steps = ("", "/profile", "/gap", "/route", "/progress", "/attempts", "/review")
    out = {}
    for step in steps:
        response = client.get(f"/goals/{goal}{step}?lang={lang}")
        assert response.status_code == 200, (step, response.text[:300])
        out[step or "/goal"] = _text(response.text)
    return out


def _leftovers(text: str) -> list[str]:
    for citation in CITATIONS:
        text = text.replace(citation, " ")
    found = [f"whole number with .0: {m}" for m in WHOLE_POINT_ZERO.findall(text)]
    found += [f"unseparated number: {m}" for m in UNSEPARATED.findall(text)]
    found += [f"decimal point: {m}" for m in DECIMAL_POINT.findall(text)]
    found += [f"ISO date: {m}" for m in ISO_DATE.findall(text)]
    for unit in UNITS:
        found += [
            f"English unit: {m}"
            for m in re.findall(rf"\b\d[\d.,]*[ \xa0]?\(?{re.escape(unit)}\b", text)
        ]
    found += [f"English data: {d[:40]}" for d in ENGLISH_DATA if d in text]
    for word in (*REQUIREMENTS, *ALTERNATIVES, *VALUES):
        found += [f"identifier: {m}" for m in re.findall(rf"\b{word}\b", text)]
    return found


def test_spanish_pages_write_numbers_units_and_names_in_spanish(owner: Any) -> None:
    client, csrf = owner
    goal = _journey(client, csrf)["goal"]
    spanish = _pages(client, goal, "es")
    problems = {
        page: left for page, text in spanish.items() if (left := _leftovers(text))
    }
    assert problems == {}
    route = spanish["/route"]
    assert "la más económica" in route
    assert "13.000\xa0US$" in route
    assert re.search(r"\b30 años\b", spanish["/gap"])
    assert re.search(r"\d{1,2} ene 2026", spanish["/progress"])
    assert "examen médico" in spanish["/gap"]
    assert "maestría / maestría / maestría" in spanish["/gap"]  # degree quartiles
    assert "próxima convocatoria (se espera hacia 2028)" in route
    assert len(ENGLISH_DATA) >= 10 and "open_water" in VALUES


def test_the_rules_catch_the_english_forms(owner: Any) -> None:
    """The same pages in English must trip the unit, identifier and date rules
    where Spanish did not (English writes dates as ``Jan 15, 2026``, so the ISO
    rule is tested on the chart data, which keeps ISO days in both languages)."""
    client, csrf = owner
    goal = _journey(client, csrf)["goal"]
    english = _pages(client, goal, "en")
    assert any("English unit: 30 years" in p for p in _leftovers(english["/gap"]))
    assert "identifier: cheapest" in _leftovers(english["/route"])
    english_gap = _leftovers(english["/gap"])
    assert "English data: US citizenship." in english_gap
    assert "identifier: open_water" in english_gap
    route = english["/route"]
    assert "$13,000" in route and "cheapest" in route
    assert UNITS == ["years"]
    assert _leftovers("70.0 y 13000 y 2.6 el 2026-01-15") == [
        "whole number with .0: 70.0",
        "unseparated number: 13000",
        "decimal point: 2.6",
        "ISO date: 2026-01-15",
    ]
    # The Spanish pages' forms use the raw number (an <input> value), not the text.
    form = client.get(f"/goals/{goal}/progress?lang=es").text
    assert csrf_in(form) and 'value="3.0"' in form


def test_the_spanish_profile_form_reads_spanish_back(owner: Any) -> None:
    """What the Spanish page shows and a Spanish speaker types is understood:
    ``maestría`` is ``master``, ``2,5`` is two and a half, ``30 años`` is 30."""
    client, csrf = owner
    goal = _journey(client, csrf)["goal"]
    page = client.get(f"/goals/{goal}/profile?lang=es").text  # remembers Spanish
    assert "un nivel: ninguno, licenciatura, maestría, doctorado" in page
    assert 'value="30 años"' in page  # the box as the page writes it
    r = client.post(
        f"/goals/{goal}/profile",
        data={
            "csrf": csrf,
            "state_degree_level": "value",
            "value_degree_level": "Maestría",
            "state_phd_years": "value",
            "value_phd_years": "2,5",
            "state_jet_pic_hours": "value",
            "value_jet_pic_hours": "1.250 h",
            "state_age": "value",
            "value_age": "30 años",  # unchanged: not saved again
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, _text(r.text)
    traits = client.get(f"/api/goals/{goal}/profile").json()["traits"]
    values = {t["trait"]: t["value"] for t in traits}
    assert (values["degree_level"], values["phd_years"]) == ("master", 2.5)
    assert (values["jet_pic_hours"], values["age"]) == (1250.0, 30.0)
