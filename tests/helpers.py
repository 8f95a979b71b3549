"""Helpers shared by the test modules: where things are, and the handbook's chapters."""

from __future__ import annotations

import dataclasses
import io
import pathlib
import subprocess

from bs4 import BeautifulSoup
from bs4.element import Comment
from sphinx.testing.util import SphinxTestApp

from scripts import myst_reader
from scripts.check_chapters import chapter_docnames

REPO = pathlib.Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"


@dataclasses.dataclass(frozen=True)
class Chapter:
    """A document of the handbook's table of contents."""

    docname: str
    """File name without ``.md``, relative to docs/."""
    title: str
    """The text of its first-level heading."""


def handbook_chapters(docs: pathlib.Path = DOCS) -> list[Chapter]:
    """Every chapter in the toctree that is a Markdown file, with its title."""
    chapters = []
    for name in chapter_docnames(docs):
        path = docs / f"{name}.md"
        if path.exists():
            headings = myst_reader.read(path.read_text(encoding="utf-8")).headings
            chapters.append(Chapter(name, next(heading.text for heading in headings if heading.level == 1)))
    return chapters


def drawn_texts(svg: bytes) -> list[str]:
    """The texts an SVG drawing shows or names: its text, tspan, title and desc elements (those without
    child elements), and the comments matplotlib writes beside the shapes it draws each text with (a
    chart's words are drawn as shapes, not as text, and each is kept as a comment in its ``text_N`` group)."""
    soup = BeautifulSoup(svg, "xml")
    elements = [element.get_text() for element in soup.find_all(["text", "tspan", "title", "desc"])
                if element.find(True) is None]
    comments = [comment for group in soup.select('g[id^="text_"]') for comment in group.find_all(string=Comment)]
    return [" ".join(text.split()) for text in [*elements, *comments]]


def pdf_pages_text(path: pathlib.Path) -> list[str]:
    """The text of each page of the PDF at *path*, as poppler's pdftotext lays it out.

    pypdf guesses word breaks from glyph widths and runs the words of xelatex's output together
    once the fonts carry enough glyphs; pdftotext places words by their positions, as a reader sees them.
    """
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                            encoding="utf-8", check=True)
    return result.stdout.split("\f")[:-1]


def strict_build(builder: str, srcdir: pathlib.Path, **options) -> SphinxTestApp:
    """Build the test project *srcdir* with *builder* (*options*: SphinxTestApp's, e.g. builddir,
    parallel, confoverrides); fail on any warning, as the handbook's own builds do."""
    app = SphinxTestApp(builder, srcdir=srcdir, status=io.StringIO(), warning=io.StringIO(), **options)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == "", app.warning.getvalue()
    return app
