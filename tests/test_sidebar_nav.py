"""The sidebar's chapter list, drawn once per folder (scripts/sphinxext/sidebar_nav.py), is the theme's own.

The test root has chapters three folders deep, a chapter with a part written before the pages beside it
(its open <details> must not stay open on theirs), two captioned toctrees (one hidden), an external link
in the list and a page in no toctree. It is built with the extension and with the theme alone, and every
page must be the same, byte for byte; serially and with two processes writing.
"""

from __future__ import annotations

import pathlib
import shutil

import pytest
from bs4 import BeautifulSoup

from scripts.sphinxext import sidebar_nav
from tests.helpers import REPO, strict_build

ROOT = REPO / "tests" / "roots" / "test-sidebar_nav"

# sphinx-book-theme 1.4.0 reads a deprecated Sphinx attribute in its footnote transform; the handbook's
# builds run it in a subprocess, these run it in-process, where pytest makes every warning an error.
pytestmark = pytest.mark.filterwarnings(
    "ignore:'sphinx_book_theme._transforms.HandleFootnoteTransform.app' is deprecated")


def pages(outdir: pathlib.Path) -> dict[str, bytes]:
    return {path.relative_to(outdir).as_posix(): path.read_bytes() for path in sorted(outdir.rglob("*.html"))}


@pytest.mark.parametrize(("open_levels", "parallel"), [(1, 0), (2, 2)])
def test_every_page_s_sidebar_is_the_one_the_theme_draws_for_it(tmp_path, open_levels, parallel):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    options = {"html_theme_options": {"home_page_in_toc": True, "show_navbar_depth": open_levels}}
    drawn_once = strict_build("html", srcdir, builddir=tmp_path / "once", parallel=parallel, confoverrides=options)
    theme_alone = strict_build("html", srcdir, builddir=tmp_path / "theme", parallel=parallel,
                               confoverrides={**options, "extensions": ["myst_parser"]})
    ours, theirs = pages(drawn_once.outdir), pages(theme_alone.outdir)
    assert sorted(ours) == sorted(theirs)
    assert len(ours) >= 9
    assert [name for name in ours if ours[name] != theirs[name]] == []
    if not parallel:
        # The extension did the drawing (once per folder), rather than handing every page to the theme.
        assert sorted(key[0] for key in sidebar_nav.LISTS_BY_BUILDER[drawn_once.builder]) == ["", "guide", "guide/deep"]


def test_a_page_deep_in_the_tree_has_its_whole_branch_marked_and_opened(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    app = strict_build("html", srcdir, builddir=tmp_path / "out")
    nav = BeautifulSoup((app.outdir / "guide" / "deep" / "leaf.html").read_text(encoding="utf-8"),
                        "html.parser").select_one("nav.bd-docs-nav")
    branch = nav.select("li.current.active")
    assert [item.a.get_text(strip=True) for item in branch] == ["The guide", "Deeper", "A leaf"]
    assert nav.select_one("a.current")["href"] == "#"
    assert [details.parent.a.get_text(strip=True) for details in nav.select("li.current > details[open]")] == [
        "The guide", "Deeper"]
    # Every other link points to its page from this folder; the external one stays as written.
    hrefs = {link.get_text(strip=True): link["href"] for link in nav.select("a")}
    assert hrefs["Introduction"] == "../../intro.html"
    assert hrefs["Step one"] == "../step-one.html"
    assert hrefs["Elsewhere"] == "https://example.org/"
    # A page in no toctree marks nothing.
    orphan = BeautifulSoup((app.outdir / "orphan.html").read_text(encoding="utf-8"), "html.parser")
    assert orphan.select("nav.bd-docs-nav .current") == []


def test_a_page_linked_twice_in_the_list_is_left_to_the_theme():
    # Sphinx marks both copies and counts their shared ancestors twice; the extension does not imitate it.
    drawn = sidebar_nav.UnmarkedList(BeautifulSoup(
        '<ul class="nav"><li class="toctree-l1"><a class="reference internal" href="a.html">A</a></li>'
        '<li class="toctree-l1"><a class="reference internal" href="a.html">A</a></li>'
        '<li class="toctree-l1"><a class="reference internal" href="b.html">B</a></li></ul>', "html.parser"))
    assert drawn.marked_for("a.html") is None
    assert drawn.marked_for("b.html") == (
        '<ul class="current nav"><li class="toctree-l1"><a class="reference internal" href="a.html">A</a></li>'
        '<li class="toctree-l1"><a class="reference internal" href="a.html">A</a></li>'
        '<li class="toctree-l1 current active"><a class="current reference internal" href="#">B</a></li></ul>')
    # The drawing is left as it was, for the next page.
    assert 'class="current' not in str(drawn.soup)
