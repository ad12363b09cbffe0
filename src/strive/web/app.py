"""The app factory: ``create_app(db)`` builds a FastAPI app over one database.

Each test builds a fresh app on a fresh file; ``strive serve`` builds one for the
database the CLI uses, so a CLI user's data is the same data (see docs/web.md).
The web layer is thin: routers in :mod:`strive.web.routes` call the
:class:`~strive.workspace.Workspace` through :mod:`strive.web.authz` and format
its result objects; nothing is computed here.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from strive.storage import Store

STATIC = Path(__file__).parent / "static"
HTMX = STATIC / "vendor" / "htmx.min.js"
SETTINGS_ENV = "STRIVE_SERVE_SETTINGS"
"""Where ``strive serve`` hands its settings to its worker processes (JSON)."""


@dataclass(frozen=True)
class WebConfig:
    """What every request needs: the store and the few settings of the app."""

    store: Store
    secure_cookies: bool | None
    """``None``: Secure (and the ``__Host-`` name) exactly when the request is https."""
    today: dt.date | None
    """Pretend today is this date (tests, replays); ``None``: the real date."""
    htmx_integrity: str
    worker_header: bool = False
    """Answer with ``X-Strive-Worker: <pid>`` (``STRIVE_WORKER_HEADER=1``): shows
    which worker process answered, to check a multi-worker deployment."""


def sri(path: Path) -> str:
    """The Subresource Integrity value (sha384) of a static file."""
    digest = hashlib.sha384(path.read_bytes()).digest()
    return "sha384-" + base64.b64encode(digest).decode()


def create_app(
    db: str | Path | None = None,
    *,
    secure_cookies: bool | None = None,
    today: dt.date | None = None,
    worker_header: bool = False,
    memo_bytes: int | None = None,
) -> FastAPI:
    """A FastAPI app over the database ``db`` (``None``: the CLI's default).

    ``memo_bytes``: the most bytes the page cache keeps per worker process
    (``None``: :data:`strive.web.memo.MAX_BYTES`)."""
    from fastapi import Depends, FastAPI
    from fastapi.staticfiles import StaticFiles

    from strive import __version__
    from strive.storage import Store
    from strive.web import errors, routes
    from strive.web.deps import csrf_protect, ids_in_range
    from strive.web.memo import Memo
    from strive.web.middleware import StriveMiddleware

    store = Store.open(db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        # Each worker process closes its pooled connections when it stops.
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="strive",
        version=__version__,
        description="Reach a hard goal: the five steps over your strive database.",
        docs_url=None,  # the interactive docs load scripts from a CDN
        redoc_url=None,
        dependencies=[Depends(ids_in_range), Depends(csrf_protect)],
    )
    app.state.config = WebConfig(store, secure_cookies, today, sri(HTMX), worker_header)
    # per process: see strive.web.memo
    app.state.memo = Memo() if memo_bytes is None else Memo(max_bytes=memo_bytes)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in routes.ROUTERS:
        app.include_router(router, responses=errors.RESPONSES)
    errors.install(app)
    app.add_middleware(StriveMiddleware, config=app.state.config)
    return app


def app_from_env() -> FastAPI:
    """The app of one ``strive serve`` worker process (a uvicorn factory).

    ``strive serve`` puts its settings in ``STRIVE_SERVE_SETTINGS`` (JSON) before
    uvicorn starts the workers; each worker builds its own app (and its own
    connection pool) from them.
    """
    import json
    import os

    settings = json.loads(os.environ.get(SETTINGS_ENV) or "{}")
    today = settings.get("today")
    return create_app(
        settings.get("db"),
        secure_cookies=settings.get("secure_cookies"),
        today=dt.date.fromisoformat(today) if today else None,
        worker_header=os.environ.get("STRIVE_WORKER_HEADER") == "1",
        memo_bytes=settings.get("memo_bytes"),
    )
