"""The page cache (strive.web.memo): a kept page equals a computed one, and any
write, by this app, another worker or the CLI, shows on the next request.

"Another worker" is a second app over the same database (a process of its own has
its own cache: the same thing); "the CLI" is a Workspace over its own Store. Each
answer of the caching app is compared with a fresh app's (an empty cache) on the
same session cookie, so the pages must be equal byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.web.conftest import TODAY, new_goal, sign_up

from strive.effort import EffortEntry
from strive.storage import Store
from strive.storage.models import AccountRow, PersonRow
from strive.web.app import create_app
from strive.workspace import Workspace

PROFILE = {"age": "34", "degree_level": "master", "degree_field": "stem"}


@pytest.fixture
def apps(db_path: Any) -> Iterator[tuple[Any, Any]]:
    first, second = create_app(db_path, today=TODAY), create_app(db_path, today=TODAY)
    yield first, second
    for made in (first, second):
        made.state.config.store.close()


def _twin(client: TestClient, app: Any) -> TestClient:
    """A client of ``app`` logged in with ``client``'s session cookie."""
    other = TestClient(app)
    other.cookies.update(client.cookies)
    return other


def _fresh(db_path: Any, client: TestClient) -> tuple[Any, TestClient]:
    made = create_app(db_path, today=TODAY)
    return made, _twin(client, made)


def _person(app: Any) -> str:
    store = app.state.config.store
    with Session(store.engine) as s:
        return str(
            s.scalars(
                select(PersonRow.name).join(
                    AccountRow, AccountRow.person_id == PersonRow.id
                )
            ).one()
        )


def _pages(goal: int) -> list[str]:
    return [
        "/",
        f"/goals/{goal}/gap",
        f"/goals/{goal}/route",
        f"/api/goals/{goal}/gap",
        f"/api/goals/{goal}/route",
        f"/goals/{goal}/route.ics",
    ]


def _same_as_fresh(client: TestClient, db_path: Any, goal: int) -> dict[str, str]:
    """Every cached page, asked twice, equals a fresh app's; returns them."""
    made, fresh = _fresh(db_path, client)
    try:
        seen = {}
        for url in _pages(goal):
            first, again = client.get(url), client.get(url)
            assert first.status_code == 200, (url, first.text)
            assert again.text == first.text, url
            assert fresh.get(url).text == first.text, url
            seen[url] = first.text
        return seen
    finally:
        fresh.close()
        made.state.config.store.close()


def test_a_kept_page_equals_a_computed_one_and_a_write_shows_at_once(
    apps: tuple[Any, Any], db_path: Any
) -> None:
    first, second = apps
    with TestClient(first) as ana:
        csrf = sign_up(ana, "ana@example.org")
        goal = new_goal(ana, csrf)
        h = {"X-CSRF-Token": csrf}
        r = ana.post(f"/api/goals/{goal}/profile", json={"values": PROFILE}, headers=h)
        assert r.status_code == 200, r.text
        before = _same_as_fresh(ana, db_path, goal)
        assert len(first.state.memo) > 0  # the pages were kept

        # Another worker logs effort: the route changes, the gap does not.
        with _twin(ana, second) as other:
            r = other.post(
                f"/api/goals/{goal}/effort",
                json={"action": "private_pilot", "hours": 40},
                headers=h,
            )
            assert r.status_code == 201, r.text
        after_effort = _same_as_fresh(ana, db_path, goal)
        route = f"/api/goals/{goal}/route"
        assert after_effort[route] != before[route]
        gap = f"/api/goals/{goal}/gap"
        assert after_effort[gap] == before[gap]

        # The CLI records a value: the gap changes.
        person = _person(first)
        with Store.open(db_path) as store:
            Workspace(store, person=person, today=TODAY).set_traits(
                {"jet_pic_hours": "1500"}
            )
        after_cli = _same_as_fresh(ana, db_path, goal)
        assert after_cli[gap] != after_effort[gap]
        assert "1500" in after_cli[gap] or "1,500" in after_cli[f"/goals/{goal}/gap"]


def test_a_new_goal_shows_on_the_dashboard_of_every_worker(
    apps: tuple[Any, Any], db_path: Any
) -> None:
    first, second = apps
    with TestClient(first) as ana:
        csrf = sign_up(ana, "ana@example.org")
        new_goal(ana, csrf, "Fly to space")
        assert "Fly to space" in ana.get("/").text
        with _twin(ana, second) as other:
            assert "Walk on the moon" not in other.get("/").text
            new_goal(other, csrf, "Walk on the moon")
        assert "Walk on the moon" in ana.get("/").text  # first's kept list is old


def test_the_cli_deleting_effort_shows_on_the_route(
    apps: tuple[Any, Any], db_path: Any
) -> None:
    """A delete and a new entry in its place (SQLite may reuse the id) still
    changes the stamp: the route is planned again."""
    first, _second = apps
    with TestClient(first) as ana:
        csrf = sign_up(ana, "ana@example.org")
        goal = new_goal(ana, csrf)
        person = _person(first)
        with Store.open(db_path) as store, store.unit(person) as uow:
            entry = uow.add_effort(goal, EffortEntry("private_pilot", 2.0, TODAY))
        before = _same_as_fresh(ana, db_path, goal)
        with Store.open(db_path) as store, store.unit(person) as uow:
            assert entry.id is not None
            uow.session.execute(
                _delete_effort(entry.id)  # a plain DELETE, no correction row
            )
            uow.add_effort(goal, EffortEntry("private_pilot", 60.0, TODAY))
        after = _same_as_fresh(ana, db_path, goal)
        route = f"/api/goals/{goal}/route"
        assert after[route] != before[route]


def _delete_effort(entry_id: int) -> Any:
    from sqlalchemy import delete

    from strive.storage.models import EffortRow

    return delete(EffortRow).where(EffortRow.id == entry_id)


def test_page_key_parts() -> None:
    """One key builder for the goal row, the context and every cached result: the
    goal, the owner and the context stamp always; the effort stamp, the day and the
    language only for what depends on them."""
    import datetime as dt

    from strive.web.authz import Allowed
    from strive.web.routes.common import page_key

    allowed = Allowed(7, "ana", 3, "gap", "read", stamps=(11, 22))
    assert page_key("goal", 3, allowed) == ("goal", 3, 7, 11)
    assert page_key("context", 3, allowed) == ("context", 3, 7, 11)
    day = dt.date(2026, 1, 15)
    assert page_key("route", 3, allowed, effort=True, today=day, locale="es") == (
        "route",
        3,
        7,
        11,
        22,
        day,
        "es",
    )
    assert page_key("gaps", 3, allowed, today=day, locale="en") == (
        "gaps",
        3,
        7,
        11,
        day,
        "en",
    )
    # A cached result never shares a key with the goal row or the context.
    assert page_key("context", 3, allowed) != page_key(
        "context", 3, allowed, today=day, locale="en"
    )


def test_the_context_is_kept_across_languages_the_gap_is_not(
    owner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The context's key leaves the language out on purpose (it holds no words),
    the gap report's keeps it: a Spanish page after an English one reads the
    context once and computes the gap twice."""
    client, csrf = owner
    goal = new_goal(client, csrf)
    client.post(
        f"/api/goals/{goal}/profile",
        json={"values": PROFILE},
        headers={"X-CSRF-Token": csrf},
    )
    calls: list[str] = []
    for name in ("context", "gap"):
        real = getattr(Workspace, name)

        def counted(
            self: Any, *args: Any, _real: Any = real, _n: str = name, **kw: Any
        ) -> Any:
            calls.append(_n)
            return _real(self, *args, **kw)

        monkeypatch.setattr(Workspace, name, counted)
    for lang in ("en", "es", "en", "es"):
        assert client.get(f"/goals/{goal}/gap?lang={lang}").status_code == 200
    assert calls.count("context") == 1
    assert calls.count("gap") == 2


def test_the_cache_is_bounded_by_bytes_too() -> None:
    """Entries go, least recently used first, once their estimated bytes pass
    ``max_bytes``, however few they are; one value larger than the bound is
    returned but not kept."""
    from strive.web.memo import Memo, weigh

    page = "x" * 10_000
    one = weigh(page)
    assert one >= 10_000
    memo = Memo(size=100, max_bytes=3 * one)
    for key in "abc":
        assert memo.get(key, lambda: page) == page
    assert len(memo) == 3 and memo.bytes == 3 * one
    memo.get("a", lambda: "unused")  # a hit: "a" is now the most recent
    memo.get("d", lambda: "y" * 10_000)
    assert len(memo) == 3 and memo.bytes <= memo.max_bytes
    kept = {k: memo.get(k, lambda: "computed again") for k in "acd"}
    assert "computed again" not in kept.values()
    assert memo.get("b", lambda: "computed again") == "computed again"  # evicted
    huge = "z" * (4 * one)
    assert memo.get("huge", lambda: huge) is huge
    assert memo.get("huge", lambda: "again") == "again"  # not kept
    memo.clear()
    assert len(memo) == 0 and memo.bytes == 0


def test_weigh_counts_what_a_value_reaches_once() -> None:
    import dataclasses

    import numpy as np

    from strive.web.memo import weigh

    @dataclasses.dataclass(frozen=True)
    class Doc:
        text: str
        rows: tuple[str, ...]
        array: Any

    text = "t" * 50_000
    doc = Doc(text, (text, text), np.zeros(10_000))
    assert weigh(doc) >= 50_000 + 80_000  # the text once, the array's buffer
    assert weigh(doc) < 2 * 50_000 + 80_000 + 10_000  # shared text not twice


def test_an_app_keeps_no_more_than_its_memo_bytes(db_path: Path) -> None:
    """The same gap page through an app with the default bound (it keeps more than
    4 KB) and one with ``memo_bytes=4096`` (it keeps at most that): same page."""
    roomy = create_app(db_path, today=TODAY)
    tight = create_app(db_path, today=TODAY, memo_bytes=4096)
    try:
        with TestClient(roomy) as client, TestClient(tight) as other:
            csrf = sign_up(client, "ana@example.org")
            goal = new_goal(client, csrf)
            other.cookies = client.cookies
            page = client.get(f"/goals/{goal}/gap")
            assert page.status_code == 200
            assert roomy.state.memo.bytes > 4096
            again = other.get(f"/goals/{goal}/gap")
            assert again.status_code == 200 and again.text == page.text
            assert tight.state.memo.max_bytes == 4096
            assert tight.state.memo.bytes <= 4096
    finally:
        roomy.state.config.store.close()
        tight.state.config.store.close()
