"""App factories for bench/bench_load.py, imported by uvicorn's workers.

Kept apart from the locust users so that a server worker never imports locust (and
gevent's monkey-patching). ``strive_app`` is the real app over ``STRIVE_BENCH_DB``;
``hello_app`` is the ceiling: a plain FastAPI app answering one small HTML page.
"""

from __future__ import annotations

import os

from fastapi import FastAPI
from fastapi.responses import HTMLResponse


def strive_app() -> FastAPI:
    from strive.web.app import create_app

    return create_app(os.environ["STRIVE_BENCH_DB"])


def hello_app() -> FastAPI:
    app = FastAPI()

    @app.get("/", response_class=HTMLResponse)
    def hello() -> str:
        return "<!doctype html><title>hello</title><p>hello</p>"

    return app
