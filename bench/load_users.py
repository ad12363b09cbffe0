"""The locust users of bench/bench_load.py (not run on its own; see that file).

Each simulated user takes one of the accounts the driver signed up before the run
(cookie and CSRF token in the file named by ``STRIVE_BENCH_ACCOUNTS``), so argon2
sign-ups do not fall inside the measured minute, and then browses like a person:
the dashboard most, the gap and route pages, and now and then logs an hour of effort
through the web form. ``HelloUser`` asks the plain FastAPI "hello" app the same
number of times with the same pauses: the ceiling of this machine's loopback HTTP.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading

from locust import HttpUser, between, tag, task

THINK = between(1.0, 2.0)
"""Seconds a simulated person waits between two clicks."""

_ACCOUNTS: list[dict[str, object]] = []
_NEXT = itertools.count()
_LOCK = threading.Lock()


def _account() -> dict[str, object]:
    with _LOCK:
        if not _ACCOUNTS:
            with open(os.environ["STRIVE_BENCH_ACCOUNTS"], encoding="utf-8") as f:
                _ACCOUNTS.extend(json.load(f))
        return _ACCOUNTS[next(_NEXT) % len(_ACCOUNTS)]


class StriveUser(HttpUser):
    wait_time = THINK

    def on_start(self) -> None:
        account = _account()
        self.goal = account["goal"]
        self.csrf = str(account["csrf"])
        self.client.cookies.set(str(account["cookie"]), str(account["token"]))
        self.actions = list(account["actions"])  # type: ignore[call-overload]

    @tag("page")
    @task(4)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task(3)
    def gap(self) -> None:
        self.client.get(f"/goals/{self.goal}/gap", name="gap page")

    @task(2)
    def route(self) -> None:
        self.client.get(f"/goals/{self.goal}/route", name="route page")

    @task(1)
    def log_effort(self) -> None:
        with self.client.post(
            f"/goals/{self.goal}/effort",
            data={
                "csrf": self.csrf,
                "hours": "1",
                "action": random.choice(self.actions),
                "note": "",
            },
            name="log effort",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 303:
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")


class HelloUser(HttpUser):
    wait_time = THINK

    @task
    def hello(self) -> None:
        self.client.get("/", name="hello")
