"""Numbers typed into the web forms are read the way the page's language writes them.

A Spanish page shows ``2,5 h``; a person on it types ``2,5`` for two and a half
hours. The forms once dropped every comma (``2,5`` became 25 hours, ``7,5`` hours a
week became 75), while the profile form, the CLI and cohort files read the same text
as 2.5 (:func:`strive.i18n.parse_number`). Each case posts a form in one language and
reads the stored value back through the API.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.web.conftest import TestClient, new_goal, sign_up

# (language, typed, stored): the effort form's hours.
EFFORT_CASES = [
    ("es", "2,5", 2.5),
    ("es", "2.5", 2.5),
    ("es", "1.000", None),  # a thousand hours: more than a week holds, refused
    ("es", " 3 ", 3.0),
    ("en", "2.5", 2.5),
    ("en", "2,5", 25.0),  # English groups with commas: 25, as before
    ("en", "1,000", None),
    ("es", "2,5,5", None),
    ("es", "dos", None),
    ("es", "nan", None),
    ("es", "1e309", None),
]


@pytest.fixture
def signed_in(app: Any) -> Iterator[tuple[TestClient, str]]:
    with TestClient(app) as c:
        yield c, sign_up(c, "ana@example.org")


def _in(client: TestClient, lang: str) -> None:
    client.cookies.set("strive_lang", lang)


def _new_goal_in(
    client: TestClient, csrf: str, lang: str, **typed: str
) -> list[dict[str, Any]]:
    """Create a NASA goal from the page in `lang` with the typed limits; the goals."""
    _in(client, lang)
    data = {"csrf": csrf, "title": "Volar", "template": "nasa-astronaut", **typed}
    r = client.post("/goals", data=data, follow_redirects=False)
    assert r.status_code == 303, r.text[:300]
    goals: list[dict[str, Any]] = client.get("/api/goals").json()["goals"]
    return goals


@pytest.mark.parametrize(("lang", "typed", "stored"), EFFORT_CASES)
def test_effort_hours_in_the_page_language(
    signed_in: tuple[TestClient, str], lang: str, typed: str, stored: float | None
) -> None:
    client, csrf = signed_in
    goal = new_goal(client, csrf)
    _in(client, lang)
    r = client.post(
        f"/goals/{goal}/effort",
        data={"csrf": csrf, "hours": typed, "action": "private_pilot"},
        follow_redirects=False,
    )
    effort = client.get(f"/api/goals/{goal}/effort").json()["effort"]
    if stored is None:
        assert r.status_code == 400, r.text[:300]
        assert 'id="e-hours"' in r.text
        assert effort == []
    else:
        assert r.status_code == 303, r.text[:300]
        assert [e["hours"] for e in effort] == [stored]


@pytest.mark.parametrize(
    ("lang", "typed", "stored"),
    [("es", "7,5", 7.5), ("es", "12", 12.0), ("en", "7.5", 7.5)],
)
def test_goal_hours_per_week_in_the_page_language(
    signed_in: tuple[TestClient, str], lang: str, typed: str, stored: float
) -> None:
    client, csrf = signed_in
    goals = _new_goal_in(client, csrf, lang, hours_per_week=typed)
    assert [g["limits"]["hours_per_week"] for g in goals] == [stored]


def test_spanish_money_grouped_with_dots(signed_in: tuple[TestClient, str]) -> None:
    client, csrf = signed_in
    (goal,) = _new_goal_in(client, csrf, "es", money="12.500")
    assert goal["limits"]["money"] == 12500.0
