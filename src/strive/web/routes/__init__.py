"""One router per step: pages and the JSON API under ``/api/`` side by side."""

from __future__ import annotations

from fastapi import APIRouter

from strive.web.routes import (
    account,
    attempts,
    demo,
    gap,
    goals,
    inbox,
    invite,
    ownership,
    profile,
    progress,
    route,
    supporters,
    supporting,
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
    supporters.router,
    supporting.router,
    inbox.router,
    invite.router,
    demo.router,
    ownership.router,
]
