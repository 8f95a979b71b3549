"""The real handbook's PDF: fonts, outline, metadata, page size and title page."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from scripts import metadata
from scripts.layout import ROOT
from tests.helpers import pdf_pages_text

A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def pdf(handbook) -> PdfReader:
    return PdfReader(handbook.pdf)


@pytest.fixture(scope="module")
def pages_text(handbook) -> list[str]:
    return pdf_pages_text(handbook.pdf)


def fonts_of(reader: PdfReader):
    """Yield (name, font dictionary) for every font any page uses, descendants included."""
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            yield font.get("/BaseFont"), font
            for descendant in font.get("/DescendantFonts") or []:
                descendant = descendant.get_object()
                yield descendant.get("/BaseFont"), descendant


def test_every_font_is_embedded(pdf):
    not_embedded = []
    for name, font in fonts_of(pdf):
        if font.get("/Subtype") == "/Type0":
            continue  # a composite font's glyphs live in its descendant, checked on its own
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor else {}
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            not_embedded.append(str(name))
    assert not not_embedded, f"fonts not embedded: {sorted(set(not_embedded))}"


def test_pdffonts_agrees_every_font_is_embedded(handbook):
    listing = subprocess.run(["pdffonts", str(handbook.pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, "pdffonts listed no font"
    for row in rows:
        # Columns: name type encoding emb sub uni object ID; "emb" is the third from the right of the name block.
        assert row.split()[-5] == "yes", f"not embedded: {row}"


def test_outline_has_one_entry_per_chapter(pdf, chapters):
    top_level = [item.title for item in pdf.outline if not isinstance(item, list)]
    for chapter in chapters:
        assert any(title.endswith(chapter.title) for title in top_level), (
            f"no bookmark for {chapter.title!r}; outline: {top_level}")


def test_document_metadata(pdf):
    handbook = metadata.load()
    info = pdf.metadata
    assert info.title == handbook.title
    assert info.author == handbook.author
    assert info.subject == handbook.abstract
    assert info["/Keywords"] == ", ".join(handbook.keywords)
    assert pdf.trailer["/Root"]["/Lang"] == "en-GB"


def test_a4_by_default(pdf):
    width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (round(width, 2), round(height, 2)) == A4_POINTS


def test_title_page_gives_edition_version_and_release_date(pages_text):
    handbook = metadata.load()
    first_page = pages_text[0]
    assert handbook.title in first_page
    assert handbook.edition in first_page
    assert f"Version {handbook.version}" in first_page
    assert f"{handbook.released.day} {handbook.released:%B %Y}" in first_page


def test_table_of_contents_and_cross_references_are_links(pdf):
    internal_links = 0
    for page in pdf.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and ("/Dest" in annotation or
                                                           annotation.get("/A", {}).get("/S") == "/GoTo"):
                internal_links += 1
    assert internal_links >= 10, f"only {internal_links} internal links in the PDF"


def test_pages_carry_a_running_header_and_a_page_number(pages_text):
    handbook = metadata.load()
    header = f"{handbook.title}, Release {handbook.version}"
    texts = pages_text
    assert any(text.strip().startswith(header) for text in texts), "no page carries the running header"
    for number, text in enumerate(texts[1:], 2):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        page_number = re.compile(r"(^|\s)([0-9]+|[ivxlc]+)$")
        assert lines and (page_number.search(lines[-1]) or page_number.search(lines[0])), (
            f"page {number} shows no page number: {lines[:2]} ... {lines[-2:]}")


def test_letter_paper_on_request(tmp_path):
    """PAPER=letter reaches LaTeX (checked on the generated .tex, which needs no TeX run)."""
    env = dict(os.environ, PAPER="letter")
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "latex", "-q", "-c", str(ROOT), str(ROOT / "docs"),
                    str(tmp_path)], env=env, check=True)
    tex = (tmp_path / "vertebroplasty-handbook.tex").read_text(encoding="utf-8")
    assert "letterpaper" in tex and "a4paper" not in tex
