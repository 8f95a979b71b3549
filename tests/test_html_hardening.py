"""The local extensions that make the site accessible and fit for a strict Content-Security-Policy.

The browser tests (test_site_browser.py) check the built site as a whole; these check each
extension's output directly: graphs as images with their text alternative, and no inline code.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from scripts.sphinxext.inline_assets import externalise
from tests.browser import site_pages


@pytest.mark.sphinx("html", testroot="graphviz_img")
def test_graphs_are_images_with_their_alt_text_and_a_missing_alt_is_reported(app):
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "lxml")
    images = page.select("div.graphviz > img.graphviz")
    assert [image["alt"] for image in images] == ['Referral leads to "assessment" & treatment.', ""]
    assert all(image["src"].endswith(".svg") and (app.outdir / image["src"]).is_file() for image in images)
    assert not page.find("object")
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    assert re.search(r"index\.md:\d+: WARNING: graph without :alt: text.*\[handbook\.graphviz-alt\]", warnings), warnings


def test_inline_scripts_and_styles_move_to_files_named_by_their_text(tmp_path):
    html = ('<head><script data-cfasync="false">setMode();</script><style>.x { color: red }</style>'
            '<script type="application/json">{"data": 1}</script><script src="kept.js"></script></head>'
            '<body><script>setMode();</script></body>')
    changed = externalise(html, "chapters/page.html", tmp_path)
    page = BeautifulSoup(changed, "lxml")
    scripts = page.find_all("script")
    sources = [script.get("src") for script in scripts]
    assert re.fullmatch(r"\.\./_static/inline/[0-9a-f]{20}\.js", sources[0]), "relative to the page's folder"
    assert scripts[0]["data-cfasync"] == "false", "the script's attributes are kept"
    assert sources[1] is None and scripts[1].string == '{"data": 1}', "a JSON data block is not a script and stays"
    assert sources[2] == "kept.js"
    assert sources[3] == sources[0], "one file for one text"
    assert (tmp_path / "chapters" / scripts[0]["src"]).resolve().read_text(encoding="utf-8") == "setMode();"
    stylesheet = page.find("link", rel="stylesheet")
    assert (tmp_path / "chapters" / stylesheet["href"]).resolve().read_text(encoding="utf-8") == ".x { color: red }"
    assert not page.find("style")


def test_style_attributes_become_classes_with_their_rules_in_the_pages_stylesheet(tmp_path):
    html = ('<html><head><title>t</title></head><body><table><colgroup><col style="width: 18.0%" />'
            '<col class="wide" style="width: 82%" /></colgroup></table>'
            '<img src="a.png" alt="" style="height: 2em; font-family: &quot;Free Sans&quot;" /></body></html>')
    page = BeautifulSoup(externalise(html, "page.html", tmp_path), "lxml")
    assert not page.select("[style]")
    narrow, wide = page.find_all("col")
    assert narrow["class"][0].startswith("s-") and wide["class"][0] == "wide" and wide["class"][1].startswith("s-")
    sheet = (tmp_path / page.find("head").find_all("link")[-1]["href"]).read_text(encoding="utf-8")
    assert f".{narrow['class'][0]} {{ width: 18.0% !important; }}" in sheet
    image_class = page.find("img")["class"][0]
    assert f'.{image_class} {{ height: 2em !important; font-family: "Free Sans" !important; }}' in sheet


def test_the_site_has_no_inline_script_style_or_event_handler(handbook):
    inline = []
    for name in site_pages(handbook.html):
        page = BeautifulSoup((handbook.html / name).read_text(encoding="utf-8"), "lxml")
        inline += [f"{name}: <script> {script.get_text()[:60]!r}" for script in page.find_all("script")
                   if not script.get("src") and script.get("type", "text/javascript") == "text/javascript"]
        inline += [f"{name}: <style>" for _ in page.find_all("style")]
        inline += [f"{name}: <{element.name} {attribute}=...>" for element in page.find_all(True)
                   for attribute in element.attrs if attribute.startswith("on") or attribute == "style"]
    assert not inline, "inline code a strict Content-Security-Policy blocks:\n  " + "\n  ".join(inline)


@pytest.mark.sphinx("html", testroot="inline_assets_chapter_script")
def test_a_chapter_script_never_becomes_a_file_even_without_the_gate(app):
    for _ in range(2):  # the full build, then an incremental one that rewrites no page
        app.build()
        moved = {path.name: path.read_text(encoding="utf-8") for path in (app.outdir / "_static" / "inline").iterdir()}
        assert moved, "the theme's own inline script is moved"
        assert not any("from the chapter" in text or "#123456" in text or "#654321" in text
                       for text in moved.values())
        page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
        body = page.find("section")
        assert body.find("script").string == 'alert("from the chapter")', "left inline, where the policy blocks it"
        assert body.find("style").string == "body { color: #123456 }"
        assert body.find("span")["style"] == "color: #654321"
        columns = body.find_all("col")
        assert all(not column.get("style") and column["class"][0].startswith("s-") for column in columns), (
            "the column widths Sphinx writes still become classes")
        assert "chapter body" not in str(page), "the body's markers are removed"
