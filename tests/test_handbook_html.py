"""The real handbook's site: pages, search, downloads, and nothing loaded from elsewhere."""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse

import pytest
import yaml
from bs4 import BeautifulSoup

from scripts.sphinxext.reviewed import FIELD, review_date
from tests.helpers import DOCS

SEARCH_TERMS = ["vertebroplasty", "cement", "kyphoplasty"]
ASSET_ATTRIBUTES = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
                    "video": "src", "audio": "src", "object": "data", "embed": "src"}


def soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def html_pages(layout):
    return sorted(layout.html.rglob("*.html"))


def test_every_chapter_has_a_page_with_its_title(handbook, chapters):
    assert chapters, "the root toctree lists no chapter"
    for chapter in chapters:
        page = handbook.html / f"{chapter.docname}.html"
        assert page.is_file(), f"no page for {chapter.docname}"
        assert soup(page).find("h1").get_text(" ", strip=True).rstrip("#").strip() == chapter.title


def test_search_index_holds_key_terms(handbook):
    text = (handbook.html / "searchindex.js").read_text(encoding="utf-8")
    document = json.loads(text[text.index("(") + 1: text.rindex(")")])
    for term in SEARCH_TERMS:
        stem = term[:-1] if term.endswith("y") else term
        assert any(key.startswith(stem[:7]) for key in document["terms"]), f"{term!r} missing from the search index"


def test_every_page_links_to_the_whole_book_pdfs_and_epub(handbook):
    for page in html_pages(handbook):
        if page.name in {"search.html", "genindex.html"} or "_static" in page.parts:
            continue
        nav = soup(page).select_one("nav.book-downloads")
        assert nav is not None, f"{page.name} has no download links"
        targets = {urllib.parse.urljoin(page.relative_to(handbook.html).as_posix(), a["href"]) for a in nav.find_all("a")}
        assert "downloads/vertebroplasty-handbook.pdf" in targets
        assert "downloads/vertebroplasty-handbook-large-print.pdf" in targets
        assert "downloads/vertebroplasty-handbook.epub" in targets


def test_downloads_page_lists_size_and_sha256_of_the_files_it_links(handbook):
    page = soup(handbook.html / "downloads.html")
    rows = page.select("table.downloads-table tbody tr")
    built = {product.name: product for product in (handbook.pdf, handbook.large_print_pdf, handbook.epub)}
    assert [row.find("a")["href"] for row in rows] == [f"downloads/{name}" for name in built]
    for row in rows:
        link = row.find("a")["href"]
        served = handbook.html / link
        assert served.is_file()
        original = built[served.name]
        assert served.read_bytes() == original.read_bytes(), f"{link} differs from the built {original.name}"
        listed_sha = row.select_one("code.sha256").get_text()
        assert listed_sha == hashlib.sha256(served.read_bytes()).hexdigest()
        assert f"{served.stat().st_size:,} bytes" in row.get_text()


def test_no_page_loads_anything_from_another_host(handbook):
    foreign = []
    for page in html_pages(handbook):
        document = soup(page)
        for tag, attribute in ASSET_ATTRIBUTES.items():
            for element in document.find_all(tag):
                if tag == "link" and not {"stylesheet", "preload", "icon", "modulepreload"} & set(element.get("rel", [])):
                    continue
                url = element.get(attribute, "")
                if urllib.parse.urlsplit(url).netloc or url.startswith("//"):
                    foreign.append(f"{page.name}: <{tag} {attribute}={url}>")
        for style in document.find_all("style"):
            foreign += [f"{page.name}: @import {m}" for m in re.findall(r"@import\s+url\(['\"]?(https?:)", style.text)]
    for css in handbook.html.rglob("*.css"):
        for url in re.findall(r"url\(['\"]?(https?://[^)'\"]+)", css.read_text(encoding="utf-8", errors="replace")):
            foreign.append(f"{css.name}: url({url})")
    assert not foreign, "the site loads from other hosts:\n" + "\n".join(foreign)


def test_chapters_show_their_review_date(handbook, chapters):
    for chapter in chapters:
        text = (DOCS / f"{chapter.docname}.md").read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        front = yaml.safe_load(text.split("---\n", 2)[1])
        if FIELD not in front:
            continue
        date = review_date(front[FIELD])
        shown = soup(handbook.html / f"{chapter.docname}.html").select_one("p.last-reviewed")
        assert shown is not None and shown.get_text() == f"Last reviewed: {date.day} {date:%B %Y}"


@pytest.mark.parametrize("name", ["search.html"])
def test_search_page_works_offline(handbook, name):
    # Client-side search: the page loads the local index and Sphinx's own search script.
    document = soup(handbook.html / name)
    scripts = [s.get("src", "") for s in document.find_all("script")]
    assert any(src.endswith("searchindex.js") for src in scripts)
    assert any("searchtools.js" in src for src in scripts)
