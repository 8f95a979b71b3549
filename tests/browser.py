"""Drive Debian's Chromium with Playwright against the built site, served by nginx (tests/nginx.py).

The site is served by Debian's nginx on 127.0.0.1 under a path prefix, through the location file
hospitals paste into their server (scripts/deploy/handbook-location.conf). A crawl visits every page, follows
every link, and records what a reader's browser would meet: requests to other hosts, failed
requests, console errors and Content-Security-Policy violations. axe-core (bundled by
axe-playwright-python, injected into the page; it fetches nothing) checks the WCAG A and AA rules.
"""

from __future__ import annotations

import collections
import dataclasses
import pathlib
import urllib.parse
import urllib.request

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Playwright

from tests.nginx import NginxServer

CHROMIUM = "/usr/bin/chromium"
# Headless, and none of Chromium's own connections (updates, sync, field trials): on a closed
# network they are refused and would show up as noise; they are not the site's requests anyway.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")
WCAG_A_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
# Pages are HTML; other links (the PDF, the EPUB) are fetched, not opened in the browser.
PAGE_SUFFIXES = (".html", "/")
# Collects the CSP violations a page reports, from before its first script runs.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
                              + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""
# The visible controls a keyboard cannot reach (outside the tab order).
UNREACHABLE_CONTROLS = """controls => controls
    .filter(control => control.checkVisibility() && control.tabIndex < 0)
    .map(control => control.outerHTML.slice(0, 100))"""
CONTROLS = "a[href], button, input, select, textarea, summary"
# Resolves when every CSS transition and animation has finished or been cancelled (the colour-mode
# switch fades colours; axe would measure contrast halfway). Endless animations are not waited for.
ANIMATIONS_DONE = """Promise.allSettled(document.getAnimations()
    .filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity)
    .map((animation) => animation.finished))"""


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless (no Playwright browser download). Playwright starts it with a new,
    empty profile in a temporary folder, removed when the browser closes."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))


@dataclasses.dataclass
class Recorder:
    """What the browser met on one site: requests elsewhere, failures, console errors, per page."""

    origin: str
    foreign: list[str] = dataclasses.field(default_factory=list)
    failed: list[str] = dataclasses.field(default_factory=list)
    console_errors: list[str] = dataclasses.field(default_factory=list)
    current_page: str = ""

    def attach(self, context: BrowserContext) -> None:
        # Requests to other hosts are recorded and refused, so the test never waits on a network.
        context.route(lambda url: not self.is_local(url), self._refuse)
        context.on("requestfailed", self._request_failed)
        context.on("response", self._response)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.console_errors.append(f"{self.current_page}: {error.error}"))

    def is_local(self, url: str) -> bool:
        return url.startswith((self.origin + "/", "data:", "blob:", "about:"))

    def _refuse(self, route) -> None:
        self.foreign.append(f"{self.current_page}: {route.request.method} {route.request.url}")
        route.abort("blockedbyclient")

    def _request_failed(self, request) -> None:
        if self.is_local(request.url):
            self.failed.append(f"{self.current_page}: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        # A page that fails to load is reported by the crawl, with the page that links to it.
        if response.status >= 400 and not response.request.is_navigation_request():
            self.failed.append(f"{self.current_page}: {response.url} (HTTP {response.status})")

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{self.current_page}: {message.text}")


@dataclasses.dataclass(frozen=True)
class PageVisit:
    """One page as the browser loaded it."""

    url: str
    """Its URL without fragment."""
    status: int
    """The HTTP status it was served with."""
    links: tuple[str, ...]
    """The absolute URLs of its links (``a[href]``), fragments kept."""
    ids: frozenset[str]
    """The ids of its elements: the fragments a link may point to."""
    csp_violations: tuple[str, ...]
    """The Content-Security-Policy violations it reported."""
    unreachable_controls: tuple[str, ...]
    """Its visible links, buttons and fields that are not in the tab order (their HTML, shortened)."""


@dataclasses.dataclass
class Crawl:
    """Every page reached from the start pages by following links, and the other files linked."""

    pages: dict[str, PageVisit]
    files: dict[str, int]
    """Linked files that are not pages (the PDF, the EPUB), with their HTTP status."""
    broken: list[str]
    """Links to pages or files of the site that are not there, as "page: link (HTTP status)"."""
    escaped: list[str]
    """Links to this server outside the site's prefix, as "page: link"."""


def visit(page: Page, url: str, recorder: Recorder) -> PageVisit:
    recorder.current_page = url
    response = page.goto(url, wait_until="load")
    page.evaluate(ANIMATIONS_DONE)
    return PageVisit(
        url=url,
        status=response.status,
        links=tuple(page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")),
        ids=frozenset(page.eval_on_selector_all("[id]", "elements => elements.map(element => element.id)")),
        csp_violations=tuple(page.evaluate("window.__cspViolations || []")),
        unreachable_controls=tuple(page.eval_on_selector_all(CONTROLS, UNREACHABLE_CONTROLS)),
    )


def http_status(url: str) -> int:
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (our own server)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def crawl(page: Page, server: NginxServer, start: list[str], recorder: Recorder) -> Crawl:
    """Visit *start* (URLs) and every page they link to on *server*, breadth first."""
    queue = collections.deque((url, "(start)") for url in start)  # (page, the page that links to it)
    result = Crawl(pages={}, files={}, broken=[], escaped=[])
    while queue:
        url, referrer = queue.popleft()
        if url in result.pages:
            continue
        result.pages[url] = visited = visit(page, url, recorder)
        if visited.status >= 400:
            result.broken.append(f"{referrer}: {url} (HTTP {visited.status})")
        for link in visited.links:
            target = urllib.parse.urldefrag(link).url
            if not target.startswith(server.origin + "/"):
                continue  # a link to another site: a reader may follow it, the page does not load it
            if not target.startswith(server.base_url):
                result.escaped.append(f"{url}: {link}")
            elif urllib.parse.urlsplit(target).path.endswith(PAGE_SUFFIXES):
                queue.append((target, url))
            elif target not in result.files:
                result.files[target] = status = http_status(target)
                if status != 200:
                    result.broken.append(f"{url}: {target} (HTTP {status})")
    return result


def broken_fragments(result: Crawl) -> list[str]:
    """Links "page.html#id" whose page has no element with that id, as "page: link"."""
    broken = []
    for visited in result.pages.values():
        for link in visited.links:
            target, fragment = urllib.parse.urldefrag(link)
            fragment = urllib.parse.unquote(fragment)
            if fragment and target in result.pages and fragment not in result.pages[target].ids:
                broken.append(f"{visited.url}: {link}")
    return broken


def site_pages(html_root: pathlib.Path) -> list[str]:
    """The site's pages relative to its root (assets under _static and the like excluded)."""
    return [path.relative_to(html_root).as_posix() for path in sorted(html_root.rglob("*.html"))
            if not path.relative_to(html_root).parts[0].startswith("_")]


def axe_violations(page: Page, axe: Axe, label: str) -> list[str]:
    """axe's WCAG 2.0/2.1 A and AA violations on the loaded page, one line per element:
    "label: rule-id (impact) selector"."""
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": list(WCAG_A_AA)}})
    return [f"{label}: {violation['id']} ({violation['impact']}) {' '.join(map(str, node['target']))}"
            for violation in results.response["violations"] for node in violation["nodes"]]


def show_in_mode(page: Page, mode: str) -> str:
    """Switch the loaded page to the reader's system setting *mode* ("light" or "dark"), as the
    theme follows it by default; return the theme the page then shows (``<html data-theme>``)."""
    page.emulate_media(color_scheme=mode)
    page.wait_for_function("mode => document.documentElement.dataset.theme === mode", arg=mode, timeout=5_000)
    page.evaluate(ANIMATIONS_DONE)
    return page.evaluate("document.documentElement.dataset.theme")
