"""Password rules, the same for web sign-up, password change and ``strive account
new`` (NIST SP 800-63B style): at least :data:`MIN_LENGTH` characters, at most
:data:`MAX_LENGTH`, any characters (spaces and emoji too; no composition rules), and
not one of the 20,000 common passwords Django ships (shipped here as package data:
``strive/data/common-passwords.txt.gz``, provenance in ``data/PROVENANCE.md``).

The list is read once per process, on the first check (about 20 ms), not at import.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from strive.errors import InputError
from strive.i18n import _

MIN_LENGTH = 12
MAX_LENGTH = 1024
COMMON = Path(__file__).resolve().parents[1] / "data" / "common-passwords.txt.gz"


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, lower-cased (as Django compares)."""
    with gzip.open(COMMON, "rt", encoding="utf-8") as f:
        return frozenset(line.strip().lower() for line in f if line.strip())


def check_password(password: str, *, email: str = "", name: str = "") -> str:
    """The password if it follows the rules, else InputError naming ``password``.

    ``email`` and ``name``: a password that is the account's own e-mail, its local
    part or the person's name is refused like a common one.
    """
    if len(password) < MIN_LENGTH:
        raise InputError(
            _("use at least {n} characters").format(n=MIN_LENGTH), where="password"
        )
    if len(password) > MAX_LENGTH:
        raise InputError(
            _("use at most {n} characters").format(n=MAX_LENGTH), where="password"
        )
    lowered = password.strip().lower()
    own = {email.strip().lower(), email.split("@")[0].strip().lower()}
    own |= {name.strip().lower(), "".join(name.split()).lower()}
    own.discard("")
    if lowered in common_passwords() or lowered in own:
        raise InputError(
            _(
                "this password is too common or too easy to guess: "
                "try a few unrelated words"
            ),
            where="password",
        )
    return password
