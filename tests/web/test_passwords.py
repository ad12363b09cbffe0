"""One password rule set (NIST SP 800-63B style) for web sign-up, password change
and ``strive account new``, with Django's common-password list shipped as data."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import csrf_in

from strive.errors import InputError
from strive.web import passwords

DATA = Path(passwords.__file__).resolve().parents[1] / "data"


def test_the_shipped_list_is_the_one_provenance_names() -> None:
    provenance = (DATA / "PROVENANCE.md").read_text()
    digest = hashlib.sha256(passwords.COMMON.read_bytes()).hexdigest()
    assert f"`{digest}`" in provenance
    assert f"{passwords.COMMON.stat().st_size} bytes" in provenance
    with gzip.open(passwords.COMMON, "rt") as f:
        lines = sum(1 for _ in f)
    assert f"{lines} lines" in provenance
    assert "BSD-3-Clause" in provenance
    assert "Redistribution and use" in (DATA / "LICENSE-django.txt").read_text()


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("a" * 11, False),
        ("eleven char", False),
        ("twelve chars", True),
        ("x" * 1024, True),
        ("x" * 1025, False),
        ("password1234", False),  # on the list
        ("PassWord1234", False),  # compared lower-cased
        ("qwertyuiop123", False),
        ("ünïcödé and spaces ok", True),
        ("ana@example.org", False),  # the account's own e-mail
        ("anaanaanaana", True),
    ],
)
def test_rules(password: str, ok: bool) -> None:
    if ok:
        assert passwords.check_password(password, email="ana@example.org") == password
    else:
        with pytest.raises(InputError) as info:
            passwords.check_password(password, email="ana@example.org")
        assert info.value.where == "password"


def test_every_long_common_password_is_refused() -> None:
    long_ones = [p for p in passwords.common_passwords() if len(p) >= 12]
    assert long_ones  # the list has some that pass the length rule
    for p in long_ones:
        with pytest.raises(InputError):
            passwords.check_password(p)


def test_web_signup_refuses_a_common_password(client: TestClient) -> None:
    page = client.get("/signup")
    r = client.post(
        "/signup",
        data={
            "csrf": csrf_in(page.text),
            "email": "ana@example.org",
            "password": "password1234",
            "display_name": "Ana",
        },
    )
    assert r.status_code == 400
    assert re.search(r'id="e-password".*too common', r.text, re.S)


def test_cli_account_new_uses_the_same_rules(cli: Any) -> None:
    cli("goal", "new", "Fly", "--template", "nasa-astronaut")
    r: Any = cli(
        "account",
        "new",
        "me@example.org",
        "--person",
        "me",
        input="password1234\npassword1234\n",
    )
    assert r.exit_code != 0
    assert "too common" in r.output
