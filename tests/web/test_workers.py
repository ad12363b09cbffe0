"""``strive serve --workers 2`` on the throwaway PostgreSQL: any worker answers.

The real server runs in a subprocess with two uvicorn worker processes;
``STRIVE_WORKER_HEADER=1`` makes each answer name its process (``X-Strive-Worker``).
Every request goes over a new connection, several at a time, so both workers answer.
The test then checks that what one worker wrote (a session, failed logins) is what
the other one reads: the state lives in the database, not in a process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from tests.postgres import PgCluster, free_port
from tests.web.conftest import PASSWORD, TODAY

from strive.web.accounts import ADDRESS_FAILURES, FREE_FAILURES

WORKERS = 2
ANA = {"X-Forwarded-For": "192.0.2.1"}
BEN = {"X-Forwarded-For": "192.0.2.2"}


class Server:
    def __init__(self, url: str, process: subprocess.Popen[bytes], log: Path) -> None:
        self.url = url
        self.process = process
        self.log = log

    def worker_pids(self) -> set[int]:
        """The worker processes: the uvicorn supervisor's spawned children (not
        multiprocessing's resource tracker)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {
            int(pid)
            for pid in children.read_text().split()
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
        }


def _start(db: str, tmp_path: Path, *extra: str) -> Server:
    port = free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "STRIVE_TODAY": TODAY.isoformat(),
        "STRIVE_WORKER_HEADER": "1",
    }
    with log.open("wb") as out:
        # A session of its own, so teardown can stop the supervisor and its workers.
        process = subprocess.Popen(
            [
                sys.executable, "-c", "from strive.cli import app; app()",
                "--db", db, "serve", "--port", str(port),
                "--workers", str(WORKERS), *extra,
            ],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_for_every_worker(server)
    except BaseException:
        _stop(server)
        raise
    return server


def _wait_for_every_worker(server: Server) -> None:
    # Generous: on a busy 2-core machine a worker takes a while to import the app.
    deadline = time.monotonic() + 240
    answered: set[int] = set()
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"strive serve exited: {server.log.read_text()}")
        try:
            answered |= _pids(_many(server, "GET", "/login"))
        except httpx.TransportError:
            time.sleep(0.5)
        if len(answered) == WORKERS and answered == server.worker_pids():
            return
    raise RuntimeError(
        f"workers {sorted(answered)} of {sorted(server.worker_pids())} answered "
        f"within 240 s: {server.log.read_text()}"
    )


def _stop(server: Server) -> None:
    """SIGTERM to the server's process group (supervisor and workers), then KILL."""
    try:
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()
    except ProcessLookupError:
        server.process.wait()


def _many(
    server: Server,
    method: str,
    path: str,
    n: int = 24,
    cookies: dict[str, str] | None = None,
    json: Callable[[int], object] | None = None,
    headers: dict[str, str] | None = None,
) -> list[httpx.Response]:
    """``n`` requests, 8 at a time, each over a connection of its own."""

    def one(i: int) -> httpx.Response:
        with httpx.Client(
            base_url=server.url, cookies=cookies, headers=headers, timeout=30
        ) as client:
            return client.request(method, path, json=None if json is None else json(i))

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, range(n)))


def _pids(responses: list[httpx.Response]) -> set[int]:
    return {int(r.headers["x-strive-worker"]) for r in responses}


BATCHES = 10
"""Batches :func:`_until_both` sends at most before giving up."""


def _until_both(
    server: Server, method: str, path: str, n: int, **request: object
) -> list[httpx.Response]:
    """Batches of ``n`` requests (as :func:`_many`) until both workers have answered
    one, at most :data:`BATCHES`; returns every answer, for the caller to check
    each. Which worker accepts a connection is up to the kernel: one batch can all
    go to one worker by chance (more often when a worker waits for a CPU on a
    loaded machine), and "both workers answered" must not depend on that."""
    answers: list[httpx.Response] = []
    for _ in range(BATCHES):
        answers += _many(server, method, path, n, **request)  # type: ignore[arg-type]
        if _pids(answers) == server.worker_pids():
            break
    return answers


@pytest.fixture(scope="module")
def server(
    pg_cluster: PgCluster, pg_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """One server for the module (starting workers is slow); each test uses its own
    accounts and its own client address (``X-Forwarded-For``, trusted from
    127.0.0.1 with ``--proxy-headers``), so their login limits do not mix."""
    url = pg_cluster.new_database(pg_template)
    started = _start(url, tmp_path_factory.mktemp("workers"), "--proxy-headers")
    yield started
    _stop(started)
    pg_cluster.drop_database(url)


def test_two_workers_share_sessions(server: Server) -> None:
    workers = server.worker_pids()
    assert len(workers) == WORKERS
    with httpx.Client(base_url=server.url, headers=ANA) as ana:
        made = ana.post(
            "/api/account",
            json={
                "email": "ana@example.org",
                "password": PASSWORD,
                "display_name": "Ana",
            },
        )
        assert made.status_code == 201, made.text
        cookies = dict(ana.cookies)
        wrote = int(made.headers["x-strive-worker"])
    answers = _until_both(
        server, "GET", "/api/account", 40, cookies=cookies, headers=ANA
    )
    assert {r.status_code for r in answers} == {200}
    assert {r.json()["email"] for r in answers} == {"ana@example.org"}
    # Both workers read the session that one of them wrote.
    assert _pids(answers) == workers
    assert wrote in workers
    # Logged out on one worker is logged out on every worker.
    with httpx.Client(base_url=server.url, cookies=cookies, headers=ANA) as ana:
        csrf = ana.get("/api/account").json()["csrf"]
        assert (
            ana.delete("/api/session", headers={"X-CSRF-Token": csrf}).status_code
            == 204
        )
    after = _until_both(server, "GET", "/api/account", 40, cookies=cookies, headers=ANA)
    assert {r.status_code for r in after} == {401}
    assert _pids(after) == workers


def test_the_login_limit_counts_across_workers(server: Server) -> None:
    with httpx.Client(base_url=server.url, headers=BEN) as ben:
        made = ben.post(
            "/api/account",
            json={
                "email": "ben@example.org",
                "password": PASSWORD,
                "display_name": "Ben",
            },
        )
        assert made.status_code == 201, made.text
    wrong = {"email": "ben@example.org", "password": "not the password"}
    failures: list[httpx.Response] = []
    # One wrong password at a time, each on a new connection, until the limit:
    # the failures are counted by whichever worker answers.
    while len(failures) < FREE_FAILURES:
        failures += _many(
            server, "POST", "/api/session", n=1, json=lambda i: wrong, headers=BEN
        )
    assert {r.status_code for r in failures} == {400}
    # The right password is now refused on every worker.
    right = {"email": "ben@example.org", "password": PASSWORD}
    refused = _until_both(
        server, "POST", "/api/session", 24, json=lambda i: right, headers=BEN
    )
    assert {r.status_code for r in refused} == {429}
    assert _pids(refused) == server.worker_pids()
    assert len(_pids(failures) | _pids(refused)) == WORKERS


def test_behind_a_proxy_the_client_address_and_https_come_from_its_headers(
    server: Server,
) -> None:
    """``--proxy-headers``: X-Forwarded-Proto https gives the Secure ``__Host-``
    cookie; the per-address login limit counts X-Forwarded-For, not the proxy."""
    tls = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    with httpx.Client(base_url=server.url, headers=tls) as carol:
        made = carol.post(
            "/api/account",
            json={
                "email": "carol@example.org",
                "password": PASSWORD,
                "display_name": "Carol",
            },
        )
    assert made.status_code == 201, made.text
    cookie = made.headers["set-cookie"]
    assert cookie.startswith("__Host-strive=") and "Secure" in cookie
    assert "strict-transport-security" in made.headers
    # The per-address limit of failures (unknown e-mails, so only the address adds
    # up) from one client.
    guesser = {"X-Forwarded-For": "198.51.100.1"}
    failures = _many(
        server,
        "POST",
        "/api/session",
        n=ADDRESS_FAILURES,
        json=lambda i: {"email": f"nobody{i}@example.org", "password": "guess"},
        headers=guesser,
    )
    assert {r.status_code for r in failures} == {400}
    right = {"email": "carol@example.org", "password": PASSWORD}
    from_guesser = _many(
        server, "POST", "/api/session", n=4, json=lambda _: right, headers=guesser
    )
    assert {r.status_code for r in from_guesser} == {429}
    elsewhere = _many(
        server,
        "POST",
        "/api/session",
        n=1,
        json=lambda _: right,
        headers={"X-Forwarded-For": "198.51.100.2"},
    )
    assert elsewhere[0].status_code == 200


def test_simultaneous_wrong_passwords_never_pass_the_limit(server: Server) -> None:
    """24 wrong passwords from one address, 8 at a time, over both workers: the
    count and the record of each try are one locked transaction, so no more than
    FREE_FAILURES passwords are checked (before, a batch all passed the count
    before any was recorded)."""
    dan = {"X-Forwarded-For": "192.0.2.4"}
    with httpx.Client(base_url=server.url, headers=dan) as client:
        made = client.post(
            "/api/account",
            json={
                "email": "dan@example.org",
                "password": PASSWORD,
                "display_name": "Dan",
            },
        )
        assert made.status_code == 201, made.text
    wrong = {"email": "dan@example.org", "password": "not the password"}
    # (further batches, if one went to a single worker, are refused too: the
    # count of checked passwords covers every answer)
    answers = _until_both(
        server, "POST", "/api/session", 24, json=lambda i: wrong, headers=dan
    )
    codes = [r.status_code for r in answers]
    assert set(codes) <= {400, 429}, codes
    assert codes.count(400) == FREE_FAILURES, codes  # checked: never more
    assert _pids(answers) == server.worker_pids()


def test_an_invitation_made_on_one_worker_is_accepted_on_the_other_and_used_once(
    server: Server,
) -> None:
    """Invitations live in the database: one created through one worker is
    accepted through the other, and once used it is refused (410) by either."""
    eve_h = {"X-Forwarded-For": "192.0.2.5"}

    def account(
        email: str, name: str, headers: dict[str, str]
    ) -> tuple[dict[str, str], str]:
        with httpx.Client(base_url=server.url, headers=headers) as c:
            made = c.post(
                "/api/account",
                json={"email": email, "password": PASSWORD, "display_name": name},
            )
            assert made.status_code == 201, made.text
            return dict(c.cookies), c.get("/api/account").json()["csrf"]

    eve, eve_csrf = account("eve@example.org", "Eve", eve_h)
    with httpx.Client(base_url=server.url, cookies=eve, headers=eve_h) as c:
        goal = c.post(
            "/api/goals",
            json={"title": "Fly to space"},
            headers={"X-CSRF-Token": eve_csrf},
        ).json()["id"]
    invite_h = {**eve_h, "X-CSRF-Token": eve_csrf}
    # (one supporter account per invitation: an account supports a goal once)
    made = _many(
        server, "POST", f"/api/goals/{goal}/invitations", n=8, cookies=eve,
        json=lambda i: {"name": f"Fred {i}", "role": "mentor"}, headers=invite_h,
    )  # fmt: skip
    assert {r.status_code for r in made} == {201}, [r.text for r in made]
    # One connection per accept: which worker answers is up to the kernel, so
    # eight may all land where their invitation was made (1 run in 256 if the
    # kernel chose at random); then one more invitation at a time, up to 24.
    crossed = 0
    refused_by: set[int] = set()
    i = 0
    while i < len(made):
        r = made[i]
        token, creator = r.json()["link"].removeprefix("/invite/"), _pid(r)
        fred_h = {"X-Forwarded-For": f"192.0.2.{10 + i}"}
        fred, fred_csrf = account(f"fred{i}@example.org", f"Fred {i}", fred_h)
        fred_post = {**fred_h, "X-CSRF-Token": fred_csrf}
        (accepted,) = _many(
            server, "POST", f"/api/invitations/{token}/accept", n=1,
            cookies=fred, headers=fred_post,
        )  # fmt: skip
        assert accepted.status_code == 201, accepted.text
        crossed += _pid(accepted) != creator
        again = _many(
            server, "POST", f"/api/invitations/{token}/accept", n=8,
            cookies=fred, headers=fred_post,
        )  # fmt: skip
        assert {r.status_code for r in again} == {410}, [r.text for r in again]
        refused_by |= _pids(again)
        seen = _many(server, "GET", f"/api/invitations/{token}", n=4, headers=fred_h)
        assert {r.status_code for r in seen} == {410}
        i += 1
        if i == len(made) and not crossed and len(made) < 24:

            def one_more(_: int, name: str = f"Fred {i}") -> object:
                return {"name": name, "role": "mentor"}

            made += _many(
                server, "POST", f"/api/goals/{goal}/invitations", n=1, cookies=eve,
                json=one_more, headers=invite_h,
            )  # fmt: skip
            assert made[-1].status_code == 201, made[-1].text
    assert crossed, f"none of {len(made)} invitations was accepted on the other worker"
    assert refused_by == server.worker_pids()  # a used one is gone on both
    grants = _many(
        server, "GET", f"/api/goals/{goal}/grants", n=1, cookies=eve, headers=eve_h
    )[0].json()["grants"]
    assert len(grants) == len(made)  # each used exactly once


def _pid(response: httpx.Response) -> int:
    return int(response.headers["x-strive-worker"])
