"""Make Sphinx's EPUB 3 output pass EPUBCheck with no errors and no warnings, declare its
accessibility, and come out the same from every build.

Sphinx writes ``epub_uid`` (the *id* of the identifier element) into toc.ncx's ``dtb:uid``, where
EPUBCheck expects the identifier's *value* (NCX-001). It also declares the cover image only the
EPUB 2 way (``<meta name="cover">``); EPUB 3 reading systems look for the manifest item with
``properties="cover-image"``. The builder below fixes both.

It adds the EPUB Accessibility 1.1 metadata (:data:`ACCESSIBILITY`) that e-book stores and
readers' software use to tell a reader what the book offers, and gives every XHTML page's
``<html>`` the book's language (``lang`` and ``xml:lang``), which screen readers need to choose a
voice; Sphinx sets it on the navigation document only.

It writes the archive reproducibly: members in Sphinx's order (``mimetype`` first and stored),
each dated ``SOURCE_DATE_EPOCH`` (the last commit) rather than its file's mtime.

And it fixes what DAISY Ace and EPUBCheck's usage notes find in Sphinx's output: the toc ``nav``
gets ``role="doc-toc"`` (Ace: epub-type-has-matching-role) and a landmarks ``nav`` beside it;
toc.ncx is rewritten from the nav's entries (Sphinx's own repeats 18 of them, nested a level
too deep); pages carry one viewport ``meta``, not two
(docutils adds its own); the cover page's text alternative says what the cover says, read from
the cover's source drawing.
"""

from __future__ import annotations

import functools
import html
import pathlib
import re
import zipfile
from collections.abc import Callable
from typing import Any

from lxml import etree
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.locale import _

from scripts import reproducible, translations
from scripts.sphinxext.translation_status import handbook_text, message

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
NCX = "http://www.daisy.org/z3986/2005/ncx/"
SVG = "http://www.w3.org/2000/svg"
# The reading system's "go to" list (EPUB 3 landmarks): where the book starts and the back matter a
# reader looks things up in (epub:type, docname, words). The contents are not listed: nav.xhtml is not
# in the spine, and a landmark may point only at spine items (EPUBCheck RSC-011).
LANDMARKS = (
    ("bodymatter", "index", message("Start of the handbook")),
    ("glossary", "glossary", message("Glossary")),
    ("bibliography", "references", message("References")),
)
LANDMARKS_LABEL = message("Landmarks")
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
# EPUB Accessibility 1.1 package metadata (https://www.w3.org/TR/epub-a11y-11/): only what is true
# of this book. Chapters are text with headings, images carry text alternatives (checked by
# tests/test_handbook_epub.py), there is a navigation document and the spine is the reading order;
# there is no sound, video, animation or script. The summary names what a reader may miss. The
# book's authors evaluate it: a11y:certifiedBy refines the conformance claim (see accessibility_metadata).
ACCESSIBILITY = (
    ("schema:accessMode", "textual"),
    ("schema:accessMode", "visual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "alternativeText"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityHazard", "none"),
    ("schema:accessibilitySummary",
     "This e-book aims to meet WCAG 2.1 Level AA, as its authors have checked it with EPUBCheck and DAISY "
     "Ace. Every chapter is text with headings, in a table of contents and a list of landmarks; every "
     "drawing and flowchart has a text alternative that describes it in full, so the book can be read "
     "with a screen reader or read aloud. Tables have header cells. There is no sound, video, animation "
     "or flashing content. Limitations: the book has no page list that matches a printed edition (the "
     "tagged PDF has its own page numbers), and the drawings' labels are part of the images, so "
     "enlarging the text does not enlarge them."),
)


class HandbookEpub3Builder(Epub3Builder):
    """Sphinx's EPUB 3 builder, valid for EPUBCheck, with accessibility metadata and a reproducible zip."""

    handbook_text: Callable[[str], str]
    """The handbook's own messages in the language being built (set at builder-inited: give_handbook_text)."""

    @property
    def html_tag(self) -> str:
        language = html.escape(self.config.epub_language or self.config.language)
        # A right-to-left language reads right to left on every page (scripts/translations.py).
        direction = ' dir="rtl"' if translations.direction(self.config.language) == "rtl" else ""
        return (f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
                f'lang="{language}" xml:lang="{language}"{direction}>')

    def content_metadata(self) -> dict[str, Any]:
        metadata = super().content_metadata()
        # Sphinx derives the spine's page-progression-direction from epub_writing_mode only (ltr when
        # horizontal); a right-to-left language turns its pages the other way.
        if translations.direction(self.config.language) == "rtl":
            metadata["page_progression_direction"] = "rtl"
        return metadata

    def create_translator(self, *args):
        translator = super().create_translator(*args)
        # docutils' HTML5 writer adds a viewport meta for phones; Sphinx's EPUB layout has one already,
        # and a second one is an error for an e-reader (EPUBCheck usage note).
        translator.meta = [tag for tag in translator.meta if 'name="viewport"' not in tag]
        return translator

    def navigation_doc_metadata(self, navlist: list) -> dict[str, Any]:
        metadata = super().navigation_doc_metadata(navlist)
        # Sphinx titles the navigation document with a fixed English "Table of Contents" (its GUIDE_TITLES
        # are not translated); Sphinx's templates translate the same words, so its catalogues have them in
        # many languages, and the project's sphinx.po (make gettext) in any other.
        metadata["toc_locale"] = html.escape(_("Table of Contents"))
        return metadata

    def build_navigation_doc(self) -> None:
        super().build_navigation_doc()
        path = pathlib.Path(self.outdir, "nav.xhtml")
        tree = etree.parse(str(path))
        body = tree.find(f"{{{XHTML}}}body")
        toc = body.find(f"{{{XHTML}}}nav")
        toc.set("role", "doc-toc")
        body.append(self.landmarks())
        tree.write(str(path), xml_declaration=True, encoding="UTF-8")

    def landmarks(self):
        """The landmarks ``nav`` (hidden: reading systems show it in their own menu)."""
        nav = etree.Element(f"{{{XHTML}}}nav", {f"{{{OPS}}}type": "landmarks", "hidden": "hidden",
                                                "aria-label": self.handbook_text(LANDMARKS_LABEL)})
        items = etree.SubElement(nav, f"{{{XHTML}}}ol")
        for kind, target, words in LANDMARKS:
            if target not in self.env.all_docs:
                continue
            href = f"{target}{self.out_suffix}"
            link = etree.SubElement(etree.SubElement(items, f"{{{XHTML}}}li"), f"{{{XHTML}}}a",
                                    {f"{{{OPS}}}type": kind, "href": href})
            link.text = self.handbook_text(words)
        return nav

    def build_toc(self) -> None:
        """Write toc.ncx's navMap from nav.xhtml's table of contents, entry for entry.

        Sphinx builds the two separately, and its toc.ncx nests a chapter (and its last sections)
        a second time inside the chapter before it; EPUB 2 readers would list them twice.
        """
        super().build_toc()
        nav = etree.parse(str(pathlib.Path(self.outdir, "nav.xhtml")))
        contents = nav.find(f".//{{{XHTML}}}nav[@role='doc-toc']/{{{XHTML}}}ol")
        path = pathlib.Path(self.outdir, "toc.ncx")
        ncx = etree.parse(str(path))
        navmap = ncx.find(f"{{{NCX}}}navMap")
        for point in navmap.findall(f"{{{NCX}}}navPoint"):
            navmap.remove(point)
        order = 0

        def add(parent, entries, depth: int) -> int:
            nonlocal order
            deepest = depth
            for item in entries.findall(f"{{{XHTML}}}li"):
                link = item.find(f"{{{XHTML}}}a")
                order += 1
                point = etree.SubElement(parent, f"{{{NCX}}}navPoint", id=f"navPoint{order}", playOrder=str(order))
                etree.SubElement(etree.SubElement(point, f"{{{NCX}}}navLabel"), f"{{{NCX}}}text").text = link.text
                etree.SubElement(point, f"{{{NCX}}}content", src=link.get("href"))
                if (below := item.find(f"{{{XHTML}}}ol")) is not None:
                    deepest = max(deepest, add(point, below, depth + 1))
            return deepest

        depth = add(navmap, contents, 1)
        ncx.find(f"{{{NCX}}}head/{{{NCX}}}meta[@name='dtb:depth']").set("content", str(depth))
        etree.indent(ncx)
        ncx.write(str(path), xml_declaration=True, encoding="UTF-8")

    def toc_metadata(self, level: int, navpoints: list) -> dict[str, Any]:
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = self.config.epub_identifier
        return metadata

    def build_content(self) -> None:
        super().build_content()
        opf = pathlib.Path(self.outdir, "content.opf")
        text = opf.read_text(encoding="utf-8")
        if self.config.epub_cover:
            cover_href = re.escape(self.config.epub_cover[0])
            text, count = re.subn(rf'(<item id="[^"]+" href="{cover_href}" media-type="[^"]+")',
                                  r'\1 properties="cover-image"', text, count=1)
            if count != 1:
                raise RuntimeError(f"content.opf has no manifest item for the cover image {self.config.epub_cover[0]}")
        opf.write_text(text.replace("</metadata>", self.accessibility_metadata() + "</metadata>", 1),
                       encoding="utf-8")

    def accessibility_metadata(self) -> str:
        """The ``<meta>`` elements of :data:`ACCESSIBILITY`, the conformance claim, and who made it.

        ``a11y:certifiedBy`` refines the ``dcterms:conformsTo`` claim (EPUB Accessibility 1.1, 2.1):
        it says who evaluated the book against that standard.
        """
        entries = "".join(f'  <meta property="{name}">{html.escape(value)}</meta>\n  ' for name, value in ACCESSIBILITY)
        return (entries + f'  <meta property="dcterms:conformsTo" id="conformance">{html.escape(CONFORMANCE)}</meta>\n  '
                f'  <meta property="a11y:certifiedBy" refines="#conformance">{html.escape(self.config.epub_author)}</meta>\n  ')

    def build_epub(self) -> None:
        outdir = pathlib.Path(self.outdir)
        names = ["META-INF/container.xml", "content.opf", "toc.ncx", *self.files]
        members = [reproducible.ZipMember("mimetype", outdir / "mimetype", zipfile.ZIP_STORED),
                   *(reproducible.ZipMember(name, outdir / name) for name in names)]
        reproducible.write_zip(outdir / f"{self.config.epub_basename}.epub", members,
                               reproducible.source_date_epoch())


def cover_words(drawing: pathlib.Path) -> str:
    """The words on the cover, read from its SVG source: each run of same-sized lines one sentence."""
    sentences, size = [], None
    for text in etree.parse(str(drawing)).iter(f"{{{SVG}}}text"):
        words = " ".join("".join(text.itertext()).split())
        if text.get("font-size") == size and sentences:
            sentences[-1] += f" {words}"
        else:
            sentences.append(words)
        size = text.get("font-size")
    return " ".join(sentence.rstrip(".") + "." for sentence in sentences)


def add_cover_words(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Give the cover page's template the cover's words for the image's text alternative."""
    if app.builder.name == "epub" and app.config.epub_cover and templatename == app.config.epub_cover[1]:
        drawing = pathlib.Path(app.confdir, app.config.epub_cover[0]).with_suffix(".svg")
        context["cover_alt"] = f"Cover: {cover_words(drawing)}"


def give_handbook_text(app: Sphinx) -> None:
    # The builder has no public way to its application (Builder.app is deprecated in Sphinx 9).
    if isinstance(app.builder, HandbookEpub3Builder):
        app.builder.handbook_text = functools.partial(handbook_text, app)


def setup(app: Sphinx) -> dict:
    app.add_builder(HandbookEpub3Builder, override=True)
    app.connect("builder-inited", give_handbook_text)
    app.connect("html-page-context", add_cover_words)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
