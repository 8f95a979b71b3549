"""The built site in a real browser: self-contained, accessible, safe under a strict CSP, printable.

Debian's Chromium (driven by Playwright) loads the site from Debian's nginx (tests/nginx.py), which
serves it under /handbooks/vertebroplasty/ through scripts/deploy/handbook-location.conf, the file
hospitals paste into their server, unchanged: its headers, types and all. A second crawl has nginx
serve it at a server's root with no headers, where no policy would block a request to another host. Every failure lists the page and what went wrong there.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup

from scripts.serve import security_headers
from tests.browser import (ANIMATIONS_DONE, CSP_LISTENER, Crawl, Recorder, axe_violations, broken_fragments, crawl,
                           show_in_mode, site_pages, visit)
from tests.nginx import NginxServer

PREFIX = "/handbooks/vertebroplasty/"
LANGUAGE_TAG = "en-GB"
# The colour modes a reader's system can ask for; the theme follows it until the reader chooses.
MODES = ("light", "dark")
PHONE = {"width": 390, "height": 844}
# The theme's navigation, headers and buttons: none of them belongs on paper.
SCREEN_ONLY = ["#pst-header", "#pst-primary-sidebar", ".bd-sidebar-secondary", ".bd-header-article",
               ".prev-next-footer", "#pst-back-to-top", "#pst-skip-link", ".book-downloads"]


@pytest.fixture(scope="module")
def server(handbook):
    """The site as a hospital hosts it: nginx, under a path prefix, through the handbook's location file."""
    with NginxServer(handbook.html, PREFIX) as running:
        yield running


@pytest.fixture(scope="module")
def plain_server(handbook):
    """The site at the root of a server that adds no headers: with no Content-Security-Policy to
    block them, requests to other hosts would really be made."""
    with NginxServer(handbook.html) as running:
        yield running


def new_context(browser, server):
    context = browser.new_context()
    context.add_init_script(CSP_LISTENER)
    recorder = Recorder(server.origin)
    recorder.attach(context)
    return context, recorder


def crawl_site(browser, server, handbook) -> tuple[Crawl, Recorder]:
    context, recorder = new_context(browser, server)
    start = [server.url(name) for name in site_pages(handbook.html)]
    result = crawl(context.new_page(), server, start, recorder)
    context.close()
    return result, recorder


@pytest.fixture(scope="module")
def hosted_crawl(browser, server, handbook) -> tuple[Crawl, Recorder]:
    return crawl_site(browser, server, handbook)


@pytest.fixture(scope="module")
def plain_crawl(browser, plain_server, handbook) -> tuple[Crawl, Recorder]:
    return crawl_site(browser, plain_server, handbook)


@pytest.fixture()
def recorded_page(browser, server):
    """A fresh page on the served site, and the recorder of what it meets."""
    context, recorder = new_context(browser, server)
    yield context.new_page(), recorder
    context.close()


@pytest.fixture()
def page(recorded_page):
    return recorded_page[0]


def listing(problems: list[str]) -> str:
    return "\n  " + "\n  ".join(problems)


# -- Self-contained -------------------------------------------------------------------------------------


def test_the_crawls_reach_every_page(hosted_crawl, plain_crawl, handbook):
    for result, _ in (hosted_crawl, plain_crawl):
        assert len(result.pages) >= len(site_pages(handbook.html)) > 10


def test_no_page_requests_anything_from_another_host(plain_crawl, hosted_crawl):
    foreign = plain_crawl[1].foreign + hosted_crawl[1].foreign
    assert not foreign, "requests to other hosts (page: request):" + listing(foreign)


@pytest.mark.parametrize("hosting", ["under a prefix with the headers", "at a server's root"])
def test_every_link_and_asset_resolves(hosted_crawl, plain_crawl, hosting):
    result, recorder = hosted_crawl if hosting.startswith("under") else plain_crawl
    problems = list(recorder.failed)
    problems += result.broken
    problems += [f"leaves {PREFIX}: {escape}" for escape in result.escaped]
    problems += [f"no such anchor: {link}" for link in broken_fragments(result)]
    assert not problems, "broken links or assets:" + listing(problems)
    assert any(url.endswith(".pdf") for url in result.files), "the crawl found no link to the PDF"


def test_no_console_errors(hosted_crawl, plain_crawl):
    errors = hosted_crawl[1].console_errors + plain_crawl[1].console_errors
    assert not errors, "console errors (page: message):" + listing(errors)


def test_no_content_security_policy_violation(hosted_crawl):
    result, _ = hosted_crawl
    violations = [f"{url}: {violation}" for url, visited in result.pages.items() for violation in visited.csp_violations]
    assert not violations, "CSP violations:" + listing(violations)


def test_the_policy_tested_is_strict():
    policy = security_headers()["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["default-src"] == "'none'" and directives["object-src"] == "'none'"
    assert "frame-ancestors" in directives
    assert security_headers()["X-Content-Type-Options"] == "nosniff"
    assert "Referrer-Policy" in security_headers()


def test_search_finds_results_under_the_policy(page, server):
    page.goto(server.url("search.html?q=cement"))
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15_000)
    assert results.count() >= 1
    assert page.evaluate("window.__cspViolations") == []


def test_the_theme_toggle_works_under_the_policy(recorded_page, server):
    page, recorder = recorded_page
    page.emulate_media(color_scheme="light")
    page.goto(server.url("index.html"))
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    page.locator(".theme-switch-button >> visible=true").first.click()
    page.locator(".theme-change-button[data-mode='dark']").first.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark", "the choice is not remembered"
    assert page.evaluate("window.__cspViolations") == []
    assert not recorder.console_errors, listing(recorder.console_errors)


def test_index_opened_from_disk_shows_the_handbook(browser, handbook):
    context = browser.new_context()
    page = context.new_page()
    page.goto((handbook.html / "index.html").as_uri())
    assert page.locator("article h1").inner_text().strip().startswith("The Vertebroplasty Handbook")
    assert page.locator("nav.bd-docs-nav a").count() >= 10, "the table of contents is missing"
    # The theme's stylesheet applied: its colour variables are defined.
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--pst-color-primary')").strip()
    context.close()


# -- Accessible ----------------------------------------------------------------------------------------


def test_axe_finds_no_wcag_a_or_aa_violation_in_light_or_dark_mode(browser, server, handbook):
    context, recorder = new_context(browser, server)
    page = context.new_page()
    axe = Axe()
    violations = []
    for name in site_pages(handbook.html):
        visit(page, server.url(name), recorder)
        for mode in MODES:
            assert show_in_mode(page, mode) == mode, f"{name} does not switch to {mode} mode"
            violations += axe_violations(page, axe, f"{name} ({mode})")
    context.close()
    assert not violations, "axe violations (page (mode): rule (impact) element):" + listing(violations)
    assert not recorder.foreign, "axe or the pages requested other hosts:" + listing(recorder.foreign)


@pytest.mark.parametrize("mode", MODES)
def test_the_opened_menus_pass_axe_on_a_phone(browser, server, mode):
    # A phone-sized window: the table of contents becomes a drawer opened by a button.
    context = browser.new_context(viewport=PHONE, color_scheme=mode)
    page = context.new_page()
    page.goto(server.url("procedure.html"))
    axe = Axe()
    page.locator(".theme-switch-button >> visible=true").first.click()
    page.evaluate(ANIMATIONS_DONE)
    violations = axe_violations(page, axe, f"colour-mode menu ({mode})")
    page.keyboard.press("Escape")
    page.locator(".primary-toggle >> visible=true").first.click()
    page.evaluate(ANIMATIONS_DONE)
    assert page.locator("nav.bd-docs-nav").first.is_visible(), "the button does not open the table of contents"
    violations += axe_violations(page, axe, f"table of contents drawer ({mode})")
    context.close()
    assert not violations, "axe violations (state: rule (impact) element):" + listing(violations)


def test_every_page_declares_british_english(handbook):
    wrong = []
    for name in site_pages(handbook.html):
        html = BeautifulSoup((handbook.html / name).read_text(encoding="utf-8"), "lxml").html
        if html.get("lang") != LANGUAGE_TAG:
            wrong.append(f"{name}: <html lang={html.get('lang')!r}>")
    assert not wrong, f"pages not marked lang={LANGUAGE_TAG!r}:" + listing(wrong)


def test_the_skip_link_is_first_and_moves_focus_to_the_content(page, server):
    page.goto(server.url("procedure.html"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('#pst-skip-link') !== null")
    assert focused, "the first Tab does not reach the skip link"
    assert page.locator("#pst-skip-link a").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), "Tab after the skip link leaves the content"


def test_keyboard_focus_is_visible(page, server):
    page.goto(server.url("procedure.html"))
    unseen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate("""() => {
            const element = document.activeElement, style = getComputedStyle(element);
            return {element: element.outerHTML.slice(0, 80), outline: style.outlineStyle,
                    width: parseFloat(style.outlineWidth), shadow: style.boxShadow};
        }""")
        if (style["outline"] == "none" or style["width"] < 2) and style["shadow"] == "none":
            unseen.append(style["element"])
    assert not unseen, "elements with no visible focus indicator:" + listing(unseen)


def test_every_control_is_reachable_by_keyboard(hosted_crawl):
    result, _ = hosted_crawl
    unreachable = [f"{url}: {html}" for url, visited in result.pages.items() for html in visited.unreachable_controls]
    assert not unreachable, "visible controls outside the tab order:" + listing(unreachable)


# -- Print ---------------------------------------------------------------------------------------------


def test_print_shows_the_chapter_without_navigation_and_with_link_addresses(page, server):
    page.goto(server.url("references.html"))
    page.emulate_media(media="print")
    shown = [selector for selector in SCREEN_ONLY
             if page.eval_on_selector_all(selector, "found => found.some(element => element.checkVisibility())")]
    assert not shown, "printed although it is navigation:" + listing(shown)
    article = page.locator("article.bd-article")
    assert article.is_visible()
    assert page.locator("article h1").first.is_visible(), "the chapter's title is not printed"
    page_width = page.evaluate("document.documentElement.clientWidth")
    assert article.bounding_box()["width"] >= 0.9 * page_width, "the chapter does not use the page's width"
    # A link that is its own address (a DOI, "cite this page") is printed once; one with a name (a title
    # linked to PubMed) prints its address after the name.
    assert "shows-address" in page.locator("article .cite-this-page a[href^='http']").first.get_attribute("class")
    printed = page.locator("article a[href^='http']").evaluate_all(
        "links => links.map(link => [link.classList.contains('shows-address'), link.href,"
        " getComputedStyle(link, '::after').content])")
    assert any(marked for marked, _, _ in printed)
    assert [after for marked, _, after in printed if marked] == ["none"] * sum(marked for marked, _, _ in printed)
    assert all(href in after for marked, href, after in printed if not marked)
    # A link with a name, as a chapter may have, prints its address after the name.
    after = page.evaluate("""() => {
        const link = document.createElement('a');
        link.href = 'https://www.nice.org.uk/guidance/ta279';
        link.textContent = 'NICE guidance';
        document.querySelector('article.bd-article p').append(link);
        return getComputedStyle(link, '::after').content;
    }""")
    assert "https://www.nice.org.uk/guidance/ta279" in after, f"the printed link does not show its address: {after}"
