"""The themes' words around the article are in `make gettext`'s templates, and a project's catalogue
translates them before the themes' own (scripts/sphinxext/theme_messages.py), with the templates'
locations relative to the folders that hold the files (scripts/sphinxext/gettext_locations.py)."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest
from babel.messages import pofile
from bs4 import BeautifulSoup

from scripts.sphinxext import gettext_locations
from tests.helpers import REPO, strict_build

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
    # Sphinx's HTML writer's words: the permalinks' titles.
    assert {"Link to this heading", "Link to this term", "Link to this table"} <= sphinx_messages.keys()
    # sphinx-book-theme's templates call translate(), its code translation(), its toc_title option is one.
    assert {"By", "Search", "Contents", "Print to PDF", "Download this page"} <= booktheme_messages.keys()
    assert "Back to top" not in booktheme_messages and "Contents" not in sphinx_messages
    # The themes are loaded for their folders only: none of their handlers writes into the templates' folder.
    assert {path.suffix for path in app.outdir.rglob("*") if path.is_file()} == {".pot"}


def test_the_locations_are_relative_to_the_folder_that_holds_each_file(source, tmp_path):
    app = strict_build("gettext", source, builddir=tmp_path / "build")
    assert read_template(app.outdir / "index.pot")["A page"] == [("source/index.md", 1)]
    [(layout, _line)] = read_template(app.outdir / "sphinx.pot")["Back to top"]
    assert layout == "pydata_sphinx_theme/theme/pydata_sphinx_theme/layout.html"
    locations = [location for messages in map(read_template, app.outdir.glob("*.pot"))
                 for found in messages.values() for location, _line in found]
    assert locations and not [location for location in locations if location.startswith(("/", ".."))]


@pytest.mark.parametrize(("path", "shown"), [
    ("{src}/procedure.md", "docs/procedure.md"),
    ("{conf}/_templates/language-switch.html", "_templates/language-switch.html"),
    ("{conf}/scripts/sphinxext/downloads.py", "scripts/sphinxext/downloads.py"),
    ("{packages}/pydata_sphinx_theme/theme/pydata_sphinx_theme/layout.html",
     "pydata_sphinx_theme/theme/pydata_sphinx_theme/layout.html"),
    ("/elsewhere/file.html", "/elsewhere/file.html"),
    ("", ""),
])
def test_a_location_is_shown_from_the_folder_that_holds_it(path, shown):
    packages = gettext_locations.package_folders()[0]
    path = path.format(src=REPO / "docs", conf=REPO, packages=packages)
    assert gettext_locations.display_location(path, REPO / "docs", REPO) == shown


def test_a_translation_reads_the_projects_catalogues_before_the_themes(source, tmp_path):
    app = strict_build("html", source, builddir=tmp_path / "build", confoverrides={"language": "eo"})
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    # The book theme's own Esperanto catalogue says "Enhavo"; the project's booktheme.po comes first.
    assert page.select_one(".page-toc.onthispage").get_text(strip=True) == "Projekta enhavo"
    # pydata-sphinx-theme's words, from the project's sphinx.po.
    assert page.select_one("#pst-skip-link a").get_text(strip=True) == "Projekta salto al la enhavo"
    assert "Projekta supren" in page.select_one("#pst-back-to-top").get_text()


def test_an_edit_of_a_catalogue_of_the_words_around_the_pages_rebuilds_every_page(source, tmp_path):
    # Each build in a process of its own, as scripts/build.py runs them: Python's gettext keeps each
    # compiled catalogue it has read for the life of the process.
    def contents_title() -> str:
        subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", "language=eo", "-W",
                        str(source), str(tmp_path / "html")], check=True, cwd=REPO)
        page = BeautifulSoup((tmp_path / "html" / "index.html").read_text(encoding="utf-8"), "html.parser")
        return page.select_one(".page-toc.onthispage").get_text(strip=True)

    assert contents_title() == "Projekta enhavo"
    catalogue = source / "locales" / "eo" / "LC_MESSAGES" / "booktheme.po"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace("Projekta enhavo", "Nova enhavo"),
                         encoding="utf-8")
    os.utime(catalogue, ns=(catalogue.stat().st_mtime_ns + 10**9,) * 2)  # later than the compiled one
    assert contents_title() == "Nova enhavo"
