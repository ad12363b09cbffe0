"""José's journey loaded into a fresh account, to look around with real data."""

from __future__ import annotations

import importlib
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from strive.errors import StateError
from strive.i18n import _
from strive.web.routes.common import goal_json, person_ws

router = APIRouter(tags=["goals"])


def _load(request: Request) -> Any:
    """Replay the demo into the viewer's own person (only when it has no goals)."""
    ws = person_ws(request, "goal", "write")
    if ws.goals():
        raise StateError(
            _("José's journey loads only into an account with no goals yet")
        )
    replay = importlib.import_module("strive.demo").replay_journey
    replay(ws)
    return ws


@router.post("/demo", include_in_schema=False)
def load_demo(request: Request) -> Response:
    _load(request)
    return RedirectResponse("/history", status_code=303)


@router.post("/api/demo", status_code=201)
def api_load_demo(request: Request) -> dict[str, Any]:
    """Load José Hernández's journey (1989-2004) into this account's empty data."""
    ws = _load(request)
    return {"goals": [goal_json(g) for g in ws.goals()]}
