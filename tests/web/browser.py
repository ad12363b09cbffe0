"""Reusable guards for browser tests: a clean page, an accessible page, screenshots.

Every browser journey wants the same three promises checked on every page it
visits, so they live here once:

- :func:`guarded_context` / :class:`Guard` — a Playwright context that records, and
  :meth:`Guard.check` fails on, any console error or uncaught page error, any
  Content-Security-Policy violation, and any request to a host other than
  ``127.0.0.1`` (such a request is also *aborted*, so a stray CDN link fails the
  test instead of silently reaching the internet).
- :func:`assert_accessible` — runs axe-core (vendored in ``tests/web/vendor/`` from
  the npm registry, see PROVENANCE.md there) on the page and fails on every
  *serious* or *critical* violation, listing rule, help text and the elements.
- :func:`shoot` — a desktop (1280 px) and a phone (375 px) full-page screenshot in
  ``test-artifacts/``.

How axe gets into a page whose CSP refuses inline scripts: the page's policy is
``script-src 'self'``, so ``page.add_script_tag(content=...)`` would be blocked (and
reported as a CSP violation, failing the guard). Two ways round that: a second
context with ``bypass_csp=True`` (which would test a page whose CSP is *off*, and
could hide a violation the real page has), or evaluating axe's source through the
DevTools protocol (``page.evaluate``), which the page's CSP does not govern. We do
the second: the page under test keeps its real policy while axe checks it, in the
same context the guard watches, and axe itself needs no eval or inline style
(``tests/web/test_browser_helpers.py`` proves a check on a real page leaves the
CSP guard clean and that each guard fails when it should).

Usage::

    with guarded_context(browser, live_server) as (page, guard):
        page.goto(live_server + "/")
        guard.check()
        assert_accessible(page)
        shoot(page, "01-welcome")
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
ALLOWED_HOST = "127.0.0.1"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
BLOCKING = ("serious", "critical")

# A CSP violation fires a DOM event in the page (Chromium's own console line for it
# does not reach Playwright's "console" event), so an init script forwards each one
# to Python through an exposed binding as it happens, even on a page that
# navigates away right after.
_CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', e => {
  window.__striveCsp(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')
    + ' at ' + e.sourceFile + ':' + e.lineNumber);
});
"""


@dataclass
class Guard:
    """What went wrong in one browser context; :meth:`check` fails if anything did."""

    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"CSP violation: {m}" for m in self.csp_violations]
            + [f"request off {ALLOWED_HOST}: {u}" for u in self.foreign_requests]
        )

    def check(self) -> None:
        """Fail listing every problem recorded so far (then start afresh)."""
        found = self.problems()
        self.console_errors.clear()
        self.csp_violations.clear()
        self.foreign_requests.clear()
        assert not found, "the browser saw:\n" + "\n".join(found)


def _route(guard: Guard, route: Any) -> None:
    url = route.request.url
    guard.requests.append(url)
    if urlsplit(url).hostname == ALLOWED_HOST:
        route.continue_()
    else:
        guard.foreign_requests.append(url)
        route.abort("blockedbyclient")


@contextmanager
def guarded_context(
    browser: Any,
    base_url: str,
    *,
    locale: str = "en-US",
    check_on_exit: bool = True,
    **context_args: Any,
) -> Iterator[tuple[Any, Guard]]:
    """A fresh context and page watched by a :class:`Guard`.

    ``base_url`` must be on 127.0.0.1; ``locale`` sets the browser's
    ``Accept-Language`` (the app picks the visitor's language from it). On a clean
    exit the guard is checked once more, so a problem on the last page still fails.
    ``context_args`` go to ``browser.new_context`` (e.g. ``storage_state`` to start
    logged in).
    """
    assert urlsplit(base_url).hostname == ALLOWED_HOST, base_url
    guard = Guard()
    context = browser.new_context(
        viewport=DESKTOP, locale=locale, base_url=base_url, **context_args
    )
    try:
        context.route("**/*", lambda route: _route(guard, route))
        context.expose_binding(
            "__striveCsp", lambda _source, text: guard.csp_violations.append(text)
        )
        context.add_init_script(_CSP_LISTENER)
        page = context.new_page()

        def on_console(message: Any) -> None:
            if message.type == "error":
                guard.console_errors.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda e: guard.console_errors.append(f"{page.url}: {e}"))
        yield page, guard
        if check_on_exit:
            guard.check()
    finally:
        context.close()


def _describe(violation: dict[str, Any]) -> str:
    nodes = violation["nodes"]
    where = "; ".join(
        " ".join(map(str, n["target"])) + " → " + n["failureSummary"].splitlines()[-1]
        for n in nodes[:5]
    )
    more = f" (+{len(nodes) - 5} more)" if len(nodes) > 5 else ""
    return (
        f"- {violation['id']} [{violation['impact']}]: {violation['help']} "
        f"({len(nodes)} element(s)){more}\n    {where}"
    )


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Every axe-core violation on the page as it is now (all impacts)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']}))"
        ".violations"
    )
    return found


def assert_accessible(page: Any, name: str | None = None) -> None:
    """Fail on any serious or critical axe-core violation, with a readable list.

    ``name``: also write every violation (all impacts) to
    ``test-artifacts/axe-<name>.json`` for a person to read.
    """
    violations = axe_violations(page)
    if name is not None:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"axe-{name}.json").write_text(
            json.dumps(violations, indent=1, ensure_ascii=False), encoding="utf-8"
        )
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(
        _describe(v) for v in blocking
    )


def overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than its viewport (0: it fits)."""
    width: int = page.evaluate(
        "document.documentElement.scrollWidth - window.innerWidth"
    )
    return max(0, width)


def _images_loaded(page: Any) -> None:
    # Lazy pictures below the fold are loaded first, so the screenshot shows them.
    page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
    # (wait_for_function would eval a string, which the page's CSP refuses.)
    for _ in range(600):
        if page.evaluate("Array.from(document.images).every(i => i.complete)"):
            return
        page.wait_for_timeout(100)


def shoot(page: Any, name: str, *, folder: Path = ARTIFACTS) -> list[Path]:
    """Full-page screenshots at 1280 and 375 px: ``<name>-desktop/-phone.png``.

    The viewport is put back to the desktop size afterwards.
    """
    folder.mkdir(parents=True, exist_ok=True)
    _images_loaded(page)
    paths = []
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        path = folder / f"{name}-{label}.png"
        # caret="initial": Playwright's default hides the caret by setting style=""
        # on inputs, which the page's CSP reports as a violation.
        page.screenshot(path=str(path), full_page=True, caret="initial")
        paths.append(path)
    page.set_viewport_size(DESKTOP)
    return paths
