"""The themes' words around the article are in `make gettext`'s templates, and a project's catalogue
translates them before the themes' own (scripts/sphinxext/theme_messages.py)."""

from __future__ import annotations

import pathlib
import shutil

import pytest
from babel.messages import pofile
from bs4 import BeautifulSoup

from tests.helpers import strict_build

# sphinx-book-theme 1.4.0 reads a deprecated Sphinx attribute in its footnote transform; the handbook's
# builds run it in a subprocess, these run it in-process, where pytest makes every warning an error.
pytestmark = pytest.mark.filterwarnings(
    "ignore:'sphinx_book_theme._transforms.HandleFootnoteTransform.app' is deprecated")


def read_template(path: pathlib.Path) -> dict[str, list[tuple[str, int]]]:
    """Each message of the template *path* with its locations, read by Babel."""
    with path.open("rb") as file:
        return {message.id: message.locations for message in pofile.read_po(file) if message.id}


@pytest.fixture
def source(rootdir, tmp_path) -> pathlib.Path:
    """A copy of the test root (the builds write compiled catalogues beside its .po files)."""
    copy = tmp_path / "source"
    shutil.copytree(rootdir / "test-theme_messages", copy)
    return copy


def test_gettext_writes_the_themes_messages_in_the_catalogues_they_are_read_from(source, tmp_path):
    app = strict_build("gettext", source, builddir=tmp_path / "build")
    sphinx_messages = read_template(app.outdir / "sphinx.pot")
    booktheme_messages = read_template(app.outdir / "booktheme.pot")
    # pydata-sphinx-theme's templates call _(): the "sphinx" catalogue, with Sphinx's own templates' words.
    assert {"Back to top", "Skip to main content", "On this page", "previous", "next", "Color mode",
            "Table of Contents"} <= sphinx_messages.keys()
    # sphinx-book-theme's templates call translate(), its code translation(), its toc_title option is one.
    assert {"By", "Search", "Contents", "Print to PDF", "Download this page"} <= booktheme_messages.keys()
    assert "Back to top" not in booktheme_messages and "Contents" not in sphinx_messages


def test_a_translation_reads_the_projects_catalogues_before_the_themes(source, tmp_path):
    app = strict_build("html", source, builddir=tmp_path / "build", confoverrides={"language": "eo"})
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    # The book theme's own Esperanto catalogue says "Enhavo"; the project's booktheme.po comes first.
    assert page.select_one(".page-toc.onthispage").get_text(strip=True) == "Projekta enhavo"
    # pydata-sphinx-theme's words, from the project's sphinx.po.
    assert page.select_one("#pst-skip-link a").get_text(strip=True) == "Projekta salto al la enhavo"
    assert "Projekta supren" in page.select_one("#pst-back-to-top").get_text()
