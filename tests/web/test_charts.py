"""The pictures: SVG images under the CSP, each with its alt text and data table."""

from __future__ import annotations

import re
from typing import Any

import pytest
from tests.web.conftest import new_goal

pytest.importorskip("strive.charts", reason="the charts lane's package")


def _prepare(client: Any, csrf: str) -> int:
    h = {"X-CSRF-Token": csrf}
    goal = new_goal(client, csrf)
    r = client.post(
        f"/api/goals/{goal}/profile",
        json={
            "values": {
                "us_citizen": "yes",
                "age": "34",
                "degree_level": "bachelor",
                "degree_field": "stem",
                "experience_years": "1",
            }
        },
        headers=h,
    )
    assert r.status_code == 200
    route = client.post(f"/api/goals/{goal}/route", headers=h).json()
    action = route["actions"][0]["name"]
    r = client.post(
        f"/api/goals/{goal}/effort",
        json={"hours": 3, "action": action, "when": "2026-01-10"},
        headers=h,
    )
    assert r.status_code == 201
    r = client.post(
        f"/api/goals/{goal}/attempts",
        json={"name": "NASA 2026", "applied": "2026-01-02"},
        headers=h,
    )
    assert r.status_code == 201
    return goal


def test_every_step_picture_is_an_svg_with_alt_and_table(owner: Any) -> None:
    client, csrf = owner
    goal = _prepare(client, csrf)
    for page, kind in [
        ("route", "route"),
        ("progress", "effort"),
        ("attempts", "attempts"),
    ]:
        html = client.get(f"/goals/{goal}/{page}").text
        img = re.search(
            rf'<img src="/goals/{goal}/charts/{kind}.svg" alt="([^"]+)">', html
        )
        assert img is not None, page
        assert len(img.group(1)) > 20  # a sentence, not a file name
        assert "The numbers in the picture" in html
        svg = client.get(f"/goals/{goal}/charts/{kind}.svg")
        assert svg.status_code == 200, (kind, svg.text[:300])
        assert svg.headers["content-type"].startswith("image/svg+xml")
        assert "<svg" in svg.text[:500]
        assert "<script" not in svg.text
    history = client.get(f"/goals/{goal}/charts/history.svg")
    assert history.status_code == 200 and "<svg" in history.text[:500]
    gap = client.get(f"/goals/{goal}/gap").text
    assert f'src="/goals/{goal}/charts/gap/age.svg"' in gap
    age = client.get(f"/goals/{goal}/charts/gap/age.svg")
    assert age.status_code == 200 and "<svg" in age.text[:500]
    assert client.get(f"/goals/{goal}/charts/gap/nonsense.svg").status_code == 404
    assert client.get(f"/goals/{goal}/charts/nonsense.svg").status_code == 404
