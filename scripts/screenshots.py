"""Regenerate the README's screenshots of the web app (docs/img/dashboard-*.png).

Starts ``strive serve`` on a throwaway database (with the date pinned, so the
pictures do not change from day to day), signs up an account, loads José
Hernández's journey into it, and photographs the dashboard in English and Spanish
with Playwright driving Debian's Chromium (see docs/testing.md). Nothing is
fetched from the network.

    .venv/bin/python scripts/screenshots.py            # writes docs/img/
    .venv/bin/python scripts/screenshots.py --out /tmp/shots
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TODAY = "2026-01-15"
VIEWPORT = {"width": 960, "height": 640}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from strive.cli import app; app()",
            "--db",
            str(db),
            "serve",
            "--port",
            str(port),
        ],
        env={**os.environ, "STRIVE_TODAY": TODAY},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("strive serve did not answer within 20 s")


def shoot(out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        port = _free_port()
        server = _serve(Path(tmp) / "strive.db", port)
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                context = browser.new_context(base_url=base, viewport=VIEWPORT)
                api = context.request
                made = api.post(
                    "/api/account",
                    data={
                        "email": "jose@example.org",
                        "password": "correct horse battery",
                        "display_name": "José",
                    },
                )
                assert made.ok, made.text()
                token = api.get("/api/account").json()["csrf"]
                loaded = api.post("/api/demo", headers={"X-CSRF-Token": token})
                assert loaded.ok, loaded.text()
                page = context.new_page()
                for lang in ("en", "es"):
                    page.goto(f"/?lang={lang}")
                    path = out / f"dashboard-{lang}.png"
                    page.screenshot(path=str(path), caret="initial")
                    written.append(path)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    for path in shoot(parser.parse_args().out):
        print(f"{path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
