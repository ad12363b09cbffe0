"""schemathesis against the app's own OpenAPI document, logged in (session cookie
and CSRF header): no 5xx, and every answer matches the schema of its status code
(the error shape included: tests/web/test_schemathesis.py documents it in the app).

Bounded: :data:`EXAMPLES` generated cases per operation, derandomized, so the run is
the same each time; the number of cases run is printed (``-s``) and checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import hypothesis
import pytest
from hypothesis import HealthCheck, given
from tests.web.conftest import TODAY

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from strive.web import accounts  # noqa: E402
from strive.web.app import create_app  # noqa: E402
from strive.web.middleware import PLAIN_NAME  # noqa: E402

EXAMPLES = 8
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_openapi_fuzz_finds_no_5xx_and_no_schema_violation(tmp_path: Path) -> None:
    app = create_app(tmp_path / "strive.db", today=TODAY)
    store = app.state.config.store
    account = accounts.sign_up(store, "fuzz@example.org", "fuzzing all day long", "F")
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    state: dict[str, Any] = {"cases": 0, "token": "", "csrf": ""}

    def login() -> tuple[str, str]:
        # A case may log out (DELETE /api/session) or rotate the session: open a
        # fresh one whenever the current one stopped working.
        if not state["token"] or accounts.session_for(store, state["token"]) is None:
            state["token"], session = accounts.open_session(store, account.id)
            state["csrf"] = session.csrf
        return state["token"], state["csrf"]

    failures: list[str] = []
    operations = [op.ok() for op in schema.get_all_operations()]
    assert len(operations) >= 25
    for operation in operations:

        @hypothesis.settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        )
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            token, csrf = login()
            state["cases"] += 1
            response = case.call(
                headers={"X-CSRF-Token": csrf}, cookies={PLAIN_NAME: token}
            )
            try:
                case.validate_response(response, checks=CHECKS)
            except BaseException as exc:  # a check failed: collect, report all
                failures.append(
                    f"{case.method} {case.formatted_path}: "
                    f"{response.status_code} {type(exc).__name__}: {str(exc)[:300]}"
                )

        run()
    print(f"schemathesis: {state['cases']} cases over {len(operations)} operations")
    assert state["cases"] >= len(operations) * 3
    assert not failures, "\n".join(failures[:20])
