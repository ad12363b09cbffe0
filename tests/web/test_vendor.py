"""htmx is served from the package, byte for byte what PROVENANCE.md records."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from strive.web.app import HTMX

PROVENANCE = HTMX.parent / "PROVENANCE.md"


def test_htmx_file_matches_its_recorded_hash() -> None:
    row = next(
        line
        for line in PROVENANCE.read_text().splitlines()
        if line.startswith("| htmx.min.js")
    )
    cells = [c.strip() for c in row.strip("|").split("|")]
    recorded = cells[-1]
    digest = base64.b64encode(hashlib.sha384(HTMX.read_bytes()).digest()).decode()
    assert recorded == f"sha384-{digest}"
    assert cells[2] == "2.0.11" and cells[3] == "0BSD"
    assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", cells[4])


def test_page_loads_htmx_locally_with_integrity(client: Any) -> None:
    html = client.get("/login").text
    tag = re.search(r"<script [^>]*>", html)
    assert tag is not None
    digest = base64.b64encode(hashlib.sha384(HTMX.read_bytes()).digest()).decode()
    assert 'src="/static/vendor/htmx.min.js"' in tag.group(0)
    assert f'integrity="sha384-{digest}"' in tag.group(0)
    assert "<script>" not in html  # no inline script (the CSP would block it)
    assert '"includeIndicatorStyles": false' in html
    served = client.get("/static/vendor/htmx.min.js")
    assert served.status_code == 200 and served.content == HTMX.read_bytes()
