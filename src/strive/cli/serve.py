"""``strive serve``: the web app over the same database as the CLI.

One process by default. ``--workers N`` starts N uvicorn worker processes that share
the listening socket; each builds its own app (:func:`strive.web.app.app_from_env`)
from the settings this command puts in the environment, so sessions, rate limits and
invitations must live in the database, which they do. The schema is migrated once
here, before the workers start, so they never race on a migration.
"""

from __future__ import annotations

import json
import os
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database file or URL (default: the CLI's)."),
    ] = None,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on (local only by default)."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Worker processes (PostgreSQL for more than a few; docs/deploy.md).",
        ),
    ] = 1,
    memo_mb: Annotated[
        float,
        typer.Option(
            "--memo-mb",
            min=1,
            help="Most megabytes of computed pages each worker keeps (gap reports, "
            "routes; least recently used go first).",
        ),
    ] = 256,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies",
            help="Behind a TLS proxy: Secure __Host-strive session cookie.",
        ),
    ] = False,
    proxy_headers: Annotated[
        bool,
        typer.Option(
            "--proxy-headers",
            help="Trust X-Forwarded-For/-Proto from --forwarded-allow-ips "
            "(the client's address and https come from the proxy).",
        ),
    ] = False,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            "--forwarded-allow-ips",
            help="Comma-separated proxy addresses trusted with --proxy-headers.",
        ),
    ] = "127.0.0.1",
) -> None:
    """Serve the web app (open http://127.0.0.1:8000 in a browser)."""
    import uvicorn

    from strive.cli.output import err_console
    from strive.errors import InputError
    from strive.i18n import _, ngettext
    from strive.storage import Store
    from strive.storage.store import to_url
    from strive.web.app import SETTINGS_ENV

    obj = ctx.find_root().obj or {}
    target = db if db is not None else obj.get("db")
    if workers > 1 and target is not None:
        url = to_url(target)
        if url.get_backend_name() == "sqlite" and url.database in (
            None,
            "",
            ":memory:",
        ):
            raise InputError(
                _("an in-memory database cannot be shared by several workers"),
                where="--workers",
            )
    # Migrate once, here; each worker then finds the schema at head.
    with Store.open(target) as store:
        location = store.location
        backend = store.url.get_backend_name()
    today = obj.get("today")
    os.environ[SETTINGS_ENV] = json.dumps(
        {
            "db": None if target is None else str(target),
            "today": None if today is None else today.isoformat(),
            "secure_cookies": True if secure_cookies else None,
            "memo_bytes": int(memo_mb * 1024 * 1024),
        }
    )
    err_console.print(
        ngettext(
            "strive on {url} over {location} ({n} worker; Ctrl+C stops it)",
            "strive on {url} over {location} ({n} workers; Ctrl+C stops it)",
            workers,
        ).format(url=f"http://{host}:{port}", location=location, n=workers),
        markup=False,
        highlight=False,
    )
    if workers > 1 and backend == "sqlite":
        err_console.print(
            _(
                "note: several workers on SQLite take turns to write; "
                "use PostgreSQL for a shared server (docs/deploy.md)"
            ),
            markup=False,
            highlight=False,
        )
    uvicorn.run(
        "strive.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="warning",
    )
