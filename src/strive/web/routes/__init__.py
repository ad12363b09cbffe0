"""One router per step: pages and the JSON API under ``/api/`` side by side."""

from __future__ import annotations

from fastapi import APIRouter

from strive.web.routes import (
    account,
    attempts,
    demo,
    gap,
    goals,
    ownership,
    profile,
    progress,
    route,
    upload,
)

ROUTERS: list[APIRouter] = [
    account.router,
    upload.router,
    goals.router,
    profile.router,
    gap.router,
    route.router,
    progress.router,
    attempts.router,
    demo.router,
    ownership.router,
]
