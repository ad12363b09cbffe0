"""Form posts do their database work in the thread pool (``strive.web.forms.posted``):
while one request's write is stuck, the event loop still answers other requests.

Deterministic, not timed: the patched write signals that it started and then waits
on an event that only the test sets, after the other requests have come back. Had
the write run in the event loop, nothing else could answer until it returned: the
write gives up waiting after a safety timeout and the ordering assertions fail.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import new_goal

from strive.web import accounts
from strive.workspace import Workspace

SAFETY = 20.0
"""Seconds a stuck write waits at most (only reached when the loop is blocked)."""


def _stuck(real: Any, started: threading.Event, release: threading.Event) -> Any:
    def write(*args: Any, **kwargs: Any) -> Any:
        started.set()
        released = release.wait(SAFETY)
        result = real(*args, **kwargs)
        return result if released else None

    return write


@pytest.mark.parametrize(
    ("target", "path", "data"),
    [
        ((accounts, "set_locale"), "/settings", {"locale": "es"}),
        (
            (Workspace, "add_attempt"),
            "/goals/{goal}/attempts",
            {"name": "2028 call", "applied": "2026-01-10"},
        ),
    ],
    ids=["account-settings", "goal-attempt"],
)
def test_a_stuck_write_does_not_block_other_requests(
    owner: tuple[TestClient, str],
    monkeypatch: pytest.MonkeyPatch,
    target: tuple[Any, str],
    path: str,
    data: dict[str, str],
) -> None:
    client, csrf = owner
    if "{goal}" in path:
        path = path.format(goal=new_goal(client, csrf))
    started, release = threading.Event(), threading.Event()
    owner_of, name = target
    monkeypatch.setattr(
        owner_of, name, _stuck(getattr(owner_of, name), started, release)
    )
    with ThreadPoolExecutor(max_workers=1) as pool:
        post = pool.submit(
            client.post, path, data={"csrf": csrf, **data}, follow_redirects=False
        )
        assert started.wait(SAFETY), "the post never reached its write"
        # The write is stuck; the same app (same event loop) answers meanwhile.
        page = client.get("/settings")
        static = client.get("/static/style.css")
        answered_while_stuck = not post.done() and not release.is_set()
        release.set()
        response = post.result(timeout=SAFETY)
    assert page.status_code == 200 and static.status_code == 200
    assert answered_while_stuck
    assert response.status_code == 303, response.text


def test_every_async_route_hands_its_work_to_the_thread_pool() -> None:
    """A route is ``async`` only to read its form: its one ``await`` is
    :func:`posted` (everything else runs in the thread pool)."""
    import importlib
    import inspect
    import pkgutil

    from fastapi.routing import APIRoute

    import strive.web.routes

    checked = []
    for info in pkgutil.iter_modules(strive.web.routes.__path__):
        module = importlib.import_module(f"strive.web.routes.{info.name}")
        router = getattr(module, "router", None)
        for route in getattr(router, "routes", ()):
            if not isinstance(route, APIRoute):
                continue
            endpoint = route.endpoint
            if not inspect.iscoroutinefunction(endpoint):
                continue
            body = inspect.getsource(endpoint)
            assert body.count("await ") == 1 and "return await posted(" in body, (
                f"{route.path}: {endpoint.__module__}.{endpoint.__name__}"
            )
            checked.append(route.path)
    assert "/settings" in checked and "/goals/upload" in checked
    assert len(checked) >= 25
