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
"""

from __future__ import annotations

import html
import pathlib
import re
import zipfile
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder

from scripts import reproducible

# EPUB Accessibility 1.1 package metadata (https://www.w3.org/TR/epub-a11y-11/): only what is true
# of this book. Chapters are text with headings, images carry text alternatives (checked by
# tests/test_handbook_epub.py), there is a navigation document and the spine is the printed order;
# there is no sound, video, animation or script. The book's authors evaluate it (a11y:certifiedBy).
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
     "This e-book meets WCAG 2.1 Level AA. Every chapter is text with headings and a table of contents; "
     "every image and figure has a text alternative, so the book can be read in full by a screen reader "
     "or read aloud. The reading order follows the printed book. There is no sound, video, animation or "
     "flashing content."),
    ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"),
)


class HandbookEpub3Builder(Epub3Builder):
    """Sphinx's EPUB 3 builder, valid for EPUBCheck, with accessibility metadata and a reproducible zip."""

    @property
    def html_tag(self) -> str:
        language = html.escape(self.config.epub_language or self.config.language)
        return (f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
                f'lang="{language}" xml:lang="{language}">')

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
        """The ``<meta>`` elements of :data:`ACCESSIBILITY`, and who evaluated the book (``a11y:certifiedBy``)."""
        entries = [*ACCESSIBILITY, ("a11y:certifiedBy", self.config.epub_author)]
        return "".join(f'  <meta property="{name}">{html.escape(value)}</meta>\n  ' for name, value in entries)

    def build_epub(self) -> None:
        outdir = pathlib.Path(self.outdir)
        names = ["META-INF/container.xml", "content.opf", "toc.ncx", *self.files]
        members = [reproducible.ZipMember("mimetype", outdir / "mimetype", zipfile.ZIP_STORED),
                   *(reproducible.ZipMember(name, outdir / name) for name in names)]
        reproducible.write_zip(outdir / f"{self.config.epub_basename}.epub", members,
                               reproducible.source_date_epoch())


def setup(app: Sphinx) -> dict:
    app.add_builder(HandbookEpub3Builder, override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
