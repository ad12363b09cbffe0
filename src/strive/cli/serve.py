"""``strive serve``: the web app over the same database as the CLI."""

from __future__ import annotations

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
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies",
            help="Behind a TLS proxy: Secure __Host-strive session cookie.",
        ),
    ] = False,
) -> None:
    """Serve the web app (open http://127.0.0.1:8000 in a browser)."""
    import uvicorn

    from strive.cli.output import err_console
    from strive.web.app import create_app

    obj = ctx.find_root().obj or {}
    app = create_app(
        db if db is not None else obj.get("db"),
        today=obj.get("today"),
        secure_cookies=True if secure_cookies else None,
    )
    location = app.state.config.store.location
    err_console.print(
        f"strive on http://{host}:{port} over {location} (Ctrl+C stops it)",
        markup=False,
        highlight=False,
    )
    uvicorn.run(app, host=host, port=port, proxy_headers=False, log_level="warning")
