"""The site holds only pages and their assets, and its search index is the same after an edit as after a clean build."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup
from sphinx.search import js_index
from sphinx.testing.util import SphinxTestApp

from tests.helpers import handbook_chapters

# sphinx-book-theme 1.4.0 reads a deprecated Sphinx attribute in its footnote transform; the handbook's
# builds run it in a subprocess, these run it in-process, where pytest makes every warning an error.
pytestmark = pytest.mark.filterwarnings(
    "ignore:'sphinx_book_theme._transforms.HandleFootnoteTransform.app' is deprecated")

# Pages written besides the chapters: Sphinx's search page and the downloads page (scripts/sphinxext/downloads.py).
GENERATED_PAGES = {"search.html", "downloads.html"}


def build_html(source, outdir, freshenv=False) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=source, builddir=outdir, freshenv=freshenv)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def test_every_html_file_of_the_handbook_site_is_a_page_with_a_title_and_language(handbook):
    pages = {f"{chapter.docname}.html" for chapter in handbook_chapters()} | GENERATED_PAGES | {"index.html"}
    found = {path.relative_to(handbook.html).as_posix() for path in handbook.html.rglob("*.html")}
    assert found <= pages, f"not pages of the handbook: {sorted(found - pages)}"
    for name in found:
        page = BeautifulSoup((handbook.html / name).read_text(encoding="utf-8"), "html.parser")
        assert page.html.get("lang") and page.title and page.title.get_text(strip=True), name


@pytest.mark.sphinx("html", testroot="site_files")
def test_the_themes_template_files_are_not_copied(app):
    app.build()
    assert not list(app.outdir.rglob("*webpack-macros.html"))
    assert sorted(path.name for path in app.outdir.rglob("*.html")) == ["genindex.html", "index.html", "page.html",
                                                                         "search.html"]


def test_an_incremental_build_drops_words_no_page_has_and_equals_a_clean_build(tmp_path, rootdir):
    source = tmp_path / "src"
    shutil.copytree(rootdir / "test-site_files", source)
    build_html(source, tmp_path / "incremental")
    index_file = tmp_path / "incremental" / "html" / "searchindex.js"
    assert "Between" in js_index.loads(index_file.read_text(encoding="utf-8"))["terms"]

    page = source / "page.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Between", "Among"), encoding="utf-8")
    build_html(source, tmp_path / "incremental")
    build_html(source, tmp_path / "clean", freshenv=True)
    incremental = index_file.read_text(encoding="utf-8")
    assert "Between" not in js_index.loads(incremental)["terms"]
    assert incremental == (tmp_path / "clean" / "html" / "searchindex.js").read_text(encoding="utf-8")
