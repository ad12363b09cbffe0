"""The app's routes as (METHOD, PATH) pairs, read from ``app.routes``.

FastAPI 0.16x keeps included routers as ``_IncludedRouter`` entries; this walks
them (with their prefixes) so a test sees every endpoint a request can reach.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RouteInfo:
    method: str
    path: str
    in_schema: bool
    module: str


def _walk(routes: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _walk(included.routes, prefix + route.include_context.prefix)
        else:
            yield prefix, route


def app_routes(app: Any) -> list[RouteInfo]:
    """Every endpoint (not the static mount) with each of its methods."""
    from fastapi.routing import APIRoute
    from starlette.routing import Route

    found = []
    for prefix, route in _walk(app.routes):
        if isinstance(route, APIRoute):
            module = route.endpoint.__module__
            in_schema = route.include_in_schema
        elif isinstance(route, Route):
            module, in_schema = "starlette", False
        else:
            continue  # the /static mount: files, no state (tests/web/test_vendor.py)
        for method in sorted(route.methods or ()):
            if method == "HEAD":
                continue
            found.append(RouteInfo(method, prefix + route.path, in_schema, module))
    return found
