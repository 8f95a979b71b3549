"""The real handbook's tagged PDF (PDF/UA-1) and its large-print edition, read with pikepdf and poppler.

What a screen reader and a PDF/UA checker look at: the structure tree, the headings, the figures'
alternative text, the table headers, the links, the artifacts, the fonts and the outline; and what a
reader of the printed book sees: the title page, numbered chapters, a contents list whose page
numbers are right, running heads, page numbers and web addresses.
"""

from __future__ import annotations

import collections
import json
import re
import subprocess
import sys

import pikepdf
import pytest

from scripts import metadata, print_pdf, reproducible
from scripts.print_pdf import structure_elements
from scripts.check_references.chapters import parse_document
from tests.helpers import DOCS, pdf_pages_text

A4_POINTS = (595.28, 841.89)
LETTER_POINTS = (612.0, 792.0)
# Operators that put something on the page: text, painted paths, images and forms, shadings.
DRAWING_OPERATORS = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "Do", "sh", "BI"}
# The character WeasyPrint ends a line with when it hyphenates a word (CSS hyphenate-character's default).
AUTOMATIC_HYPHEN = "\u2010"
HEADING = re.compile(r"^/H([1-6])$")
# "Chapter 4 Who may benefit ...... 16" in the contents, as pdftotext lays it out.
CONTENTS_LINE = re.compile(r"^\s*(Chapter \d+ .*?)\s*\.{3,}\s*(\d+)\s*$")
# The pdfua 0.1.3 rule that raises on a heading whose /K is an array (it calls getattr on a pikepdf
# Array), so it reports "skip" for every tagged PDF with multi-part headings; the test
# test_no_heading_is_empty below checks the same property.
PDFUA_RULE_THAT_CRASHES = "UA-14-001"


@pytest.fixture(scope="module", params=["standard", "large"])
def edition(request, handbook):
    """(edition name, path) for both tagged PDFs."""
    return request.param, handbook.pdf_edition(request.param)


@pytest.fixture(scope="module")
def pdf(edition):
    with pikepdf.open(edition[1]) as document:
        yield document


@pytest.fixture(scope="module")
def standard_text(handbook) -> list[str]:
    return pdf_pages_text(handbook.pdf)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def kids(element):
    value = element.get("/K")
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def marks_content(element) -> bool:
    """True if *element* or one of its descendants owns marked content (an MCID)."""
    return any(isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary) and
                                        (kid.get("/Type") == "/MCR" or marks_content(kid)))
               for kid in kids(element))


def marked_content_runs(page):
    """Yield (kind, operator) for each drawing operator of *page*: kind is "artifact", an MCID, or None (unmarked)."""
    stack = []
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BDC", "BMC"):
            tag = str(operands[0])
            if tag == "/Artifact":
                stack.append("artifact")
            elif name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                stack.append(int(operands[1].MCID))
            else:
                stack.append(stack[-1] if stack else None)
        elif name == "EMC":
            stack.pop()
        elif name in DRAWING_OPERATORS:
            yield (stack[-1] if stack else None), name


def parent_tree(pdf) -> dict[int, object]:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def source_alt_texts() -> list[str]:
    """The :alt: text of every figure and drawing in the chapters, and of every chart drawn from data
    (written from its data file by scripts/sphinxext/data_charts.py), in book order."""
    from scripts import myst_reader
    from scripts.check_chapters import chapter_docnames
    from scripts.sphinxext import data_charts

    alts = []
    for name in chapter_docnames(DOCS):
        path = DOCS / f"{name}.md"
        if path.exists():
            text = path.read_text(encoding="utf-8")
            found = [(image.line, image.alt) for image in parse_document(path, name, text).images if image.alt]
            found += [(chart.line, data_charts.alt_text(data_charts.read_data(path.parent / chart.argument)))
                      for chart in myst_reader.read(text).directives if chart.name == "data-chart"]
            alts.extend(" ".join(alt.split()) for _, alt in sorted(found))
    return alts


# -- Tagged, and said to be -------------------------------------------------------------------------


def test_pdfinfo_says_tagged(edition):
    info = subprocess.run(["pdfinfo", str(edition[1])], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info


def test_marked_with_a_structure_tree(pdf):
    assert pdf.Root.MarkInfo.Marked is True
    assert [str(element.S) for element in kids(pdf.Root.StructTreeRoot)] == ["/Document"]


def test_language_and_title_bar(pdf):
    handbook = metadata.load()
    assert str(pdf.Root.Lang) == "en-GB"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.docinfo.Title) == handbook.title
    with pdf.open_metadata() as xmp:
        assert xmp["dc:title"] == handbook.title


def test_xmp_declares_pdf_ua_1(pdf):
    with pdf.open_metadata() as xmp:
        assert xmp["pdfuaid:part"] == "1"


def test_document_metadata(pdf):
    handbook = metadata.load()
    assert str(pdf.docinfo.Author) == handbook.author
    assert str(pdf.docinfo.Subject) == handbook.abstract
    assert str(pdf.docinfo.Keywords) == ", ".join(handbook.keywords)


# -- Headings, figures, tables, links --------------------------------------------------------------


def test_one_h1_and_no_skipped_heading_level(pdf):
    levels = [int(HEADING.match(str(e.S)).group(1)) for e in structure_elements(pdf.Root.StructTreeRoot)
              if HEADING.match(str(e.S))]
    assert levels.count(1) == 1 and levels[0] == 1, levels[:5]
    skips = [(before, after) for before, after in zip(levels, levels[1:]) if after > before + 1]
    assert not skips, f"heading levels skipped: {skips}"


def test_no_heading_is_empty(pdf):
    empty = [str(e.S) for e in structure_elements(pdf.Root.StructTreeRoot)
             if HEADING.match(str(e.S)) and not marks_content(e)]
    assert not empty


def test_every_figure_carries_its_source_alt_text(pdf):
    figures = [e for e in structure_elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
    assert [" ".join(str(f.Alt).split()) for f in figures if "/Alt" in f] == source_alt_texts()
    assert all("/Alt" in figure for figure in figures), "a figure without /Alt"


def test_table_headers_are_tied_to_their_cells(pdf):
    elements = list(structure_elements(pdf.Root.StructTreeRoot))
    headers = {str(e.ID): e for e in elements if e.S == "/TH"}
    cells = [e for e in elements if e.S == "/TD"]
    assert headers and cells
    for header in headers.values():
        assert header.A.Scope in ("/Column", "/Row")
    for cell in cells:
        names = [str(name) for name in cell.A.get("/Headers", [])]
        assert names and all(name in headers for name in names), f"a data cell tied to no header: {names}"


def test_links_have_descriptions_and_belong_to_the_structure(pdf):
    tree = parent_tree(pdf)
    links = 0
    for page in pdf.pages:
        for annotation in page.get("/Annots") or []:
            if annotation.get("/Subtype") != "/Link":
                continue
            links += 1
            description = str(annotation.get("/Contents", ""))
            assert description.startswith(("Go to ", "Web address ")), description
            assert "/Dest" not in annotation or str(annotation.Dest) not in description.split(" ", 2)[-1:]
            element = tree[int(annotation.StructParent)]
            assert element.S == "/Link"
            assert any(isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR" and kid.Obj == annotation
                       for kid in kids(element))
    assert links >= 100, f"only {links} links"


def test_citation_links_lead_to_their_own_reference(handbook, standard_text):
    """singlehtml repeats ids (id1, id2...) per chapter; each citation must still land on its entry."""
    with pikepdf.open(handbook.pdf) as pdf:
        names = pdf.Root.Names.Dests.Names
        destinations = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
        page_of = {page.objgen: number for number, page in enumerate(pdf.pages)}
        checked = 0
        for page in pdf.pages:
            for annotation in page.get("/Annots") or []:
                if "/Dest" not in annotation or not str(annotation.Dest).startswith("references--"):
                    continue
                target_page = page_of[destinations[str(annotation.Dest)][0].objgen]
                entry = str(annotation.Contents).removeprefix("Go to ")
                assert squeezed(entry[:40]) in squeezed(standard_text[target_page]), (
                    f"{annotation.Dest} leads to page {target_page + 1}, which lacks {entry[:40]!r}")
                checked += 1
    assert checked >= 50


# -- Artifacts and untagged content --------------------------------------------------------------


def test_nothing_is_drawn_outside_tagged_content_or_artifacts(pdf):
    tree = parent_tree(pdf)
    linked = {e.objgen for e in structure_elements(pdf.Root.StructTreeRoot)}
    for number, page in enumerate(pdf.pages):
        mapping = tree[int(page.StructParents)]
        for kind, operator in marked_content_runs(page):
            assert kind is not None, f"page {number + 1}: {operator} drawn outside marked content"
            if kind != "artifact":
                element = mapping[kind]
                assert isinstance(element, pikepdf.Dictionary) and element.objgen in linked, (
                    f"page {number + 1}: MCID {kind} is tagged but not in the structure tree")


def test_running_heads_and_page_numbers_are_artifacts(pdf):
    for number, page in enumerate(pdf.pages[1:], 2):
        artifacts = [text for text in pikepdf.parse_content_stream(page)
                     if str(text[1]) == "BDC" and str(text[0][0]) == "/Artifact"
                     and text[0][1].get("/Type") == "/Pagination"]
        assert artifacts, f"page {number}: no pagination artifact (page number)"


# -- Fonts and outline --------------------------------------------------------------------------


def test_every_font_is_embedded_with_a_unicode_map(pdf):
    problems = []
    for page in pdf.pages:
        for name, font in (page.Resources.get("/Font") or {}).items():
            descendants = list(font.get("/DescendantFonts") or [font])
            descriptor = descendants[0].get("/FontDescriptor") or {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"{font.get('/BaseFont')} not embedded")
            if "/ToUnicode" not in font:
                problems.append(f"{font.get('/BaseFont')} has no ToUnicode map")
    assert not problems, sorted(set(problems))


def test_pdffonts_agrees(edition):
    listing = subprocess.run(["pdffonts", str(edition[1])], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows
    for row in rows:
        emb, sub, uni = row.split()[-5:-2]
        assert emb == "yes" and uni == "yes", row


def test_outline_lists_the_chapters_in_order(pdf, chapters):
    with pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles == ["Contents", *(f"Chapter {n} {c.title}" for n, c in enumerate(chapters, 1))]


# -- What the printed book shows ------------------------------------------------------------------


def test_a4_by_default(pdf):
    width, height = (float(v) for v in pdf.pages[0].MediaBox[2:])
    assert (round(width, 2), round(height, 2)) == A4_POINTS


def test_title_page_gives_edition_version_and_release_date(standard_text):
    handbook = metadata.load()
    first_page = " ".join(standard_text[0].split())
    for words in (handbook.title, handbook.edition, f"Version {handbook.version}",
                  f"{handbook.released.day} {handbook.released:%B %Y}", handbook.author):
        assert words in first_page


def test_contents_page_numbers_are_where_the_chapters_start(standard_text, chapters):
    entries = [match.groups() for line in "\n".join(standard_text[1:4]).splitlines()
               if (match := CONTENTS_LINE.match(line))]
    assert [title for title, _ in entries] == [f"Chapter {n} {c.title}" for n, c in enumerate(chapters, 1)]
    for title, page in entries:
        opener = standard_text[int(page) - 1]
        assert squeezed(title) in squeezed(opener), f"{title!r} is not on page {page}"


def test_figures_and_tables_are_numbered_per_chapter(standard_text):
    text = " ".join(standard_text)
    numbers = re.findall(r"\b(Figure|Table) (\d+)\.(\d+)\b", text)
    assert numbers, "no 'Figure N.M' or 'Table N.M' in the PDF"
    assert not re.search(r"\b(Figure|Table) \d+ [A-Z]", text), "a figure or table numbered without its chapter"


def test_pages_carry_a_running_head_and_a_page_number(standard_text, chapters):
    titles = {c.title for c in chapters}
    heads = 0
    for number, text in enumerate(standard_text[1:], 2):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[-1] == str(number), f"page {number} ends with {lines[-1]!r}, not its number"
        heads += lines[0] in titles
    assert heads >= len(standard_text) // 2, f"only {heads} pages carry a chapter title as running head"


def layout_text(path) -> str:
    """The PDF's text with every line as printed: pdftotext -layout keeps a line-end hyphen where it is."""
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, encoding="utf-8", check=True).stdout


def test_web_addresses_are_shown_whole(pdf, edition):
    """Every external link's address is printed, broken at most across lines but never hyphenated."""
    text = squeezed(layout_text(edition[1]))
    addresses = {str(a.A.URI) for page in pdf.pages for a in page.get("/Annots") or [] if "/A" in a}
    assert addresses
    missing = [address for address in addresses if squeezed(address) not in text]
    assert not missing, f"web addresses not printed whole: {missing}"


def test_pdfua_checker_finds_nothing(edition):
    result = subprocess.run([sys.executable, "-m", "pdfua", "check", "--format", "json", str(edition[1])],
                            capture_output=True, text=True)
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout
    files = report["files"] if "files" in report else [report]
    findings = [finding for entry in files for finding in entry.get("findings", [])]
    assert not findings
    skipped = {rule["rule_id"] for entry in files for rule in entry.get("skipped", [])}
    assert skipped <= {PDFUA_RULE_THAT_CRASHES}, f"pdfua skipped rules: {skipped}"


def test_letter_paper_on_request(handbook, tmp_path):
    """PAPER=letter: the same single-page HTML laid out on US Letter."""
    target = print_pdf.make_pdf(handbook.work("pdf") / "out" / "index.html", tmp_path / "letter.pdf",
                                "standard", "letter", reproducible.source_date_epoch())
    with pikepdf.open(target) as letter:
        width, height = (float(v) for v in letter.pages[0].MediaBox[2:])
    assert (round(width, 2), round(height, 2)) == LETTER_POINTS


# -- Large print ------------------------------------------------------------------------------------


def tagged_font_sizes(pdf) -> collections.Counter:
    """How many text-showing operators draw tagged (non-artifact) text at each font size, in points."""
    sizes = collections.Counter()
    for page in pdf.pages:
        stack, size, scale = [], 0.0, 1.0
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BDC", "BMC"):
                stack.append(str(operands[0]) == "/Artifact" or (bool(stack) and stack[-1]))
            elif name == "EMC":
                stack.pop()
            elif name == "Tf":
                size = float(operands[1])
            elif name == "Tm":
                scale = abs(float(operands[3]))
            elif name in ("Tj", "TJ", "'", '"') and not (stack and stack[-1]):
                sizes[round(size * scale, 1)] += 1
    return sizes


def test_large_print_body_text_is_16_points_or_more(handbook):
    with pikepdf.open(handbook.large_print_pdf) as pdf:
        sizes = tagged_font_sizes(pdf)
    assert sizes and min(sizes) >= 16, f"text smaller than 16 pt: {sorted(s for s in sizes if s < 16)}"


def test_large_print_is_not_hyphenated(handbook):
    """WeasyPrint marks a word it breaks with U+2010 HYPHEN; the chapters' own hyphens are U+002D."""
    standard = [line for line in layout_text(handbook.pdf).splitlines() if line.rstrip().endswith(AUTOMATIC_HYPHEN)]
    large = [line for line in layout_text(handbook.large_print_pdf).splitlines()
             if line.rstrip().endswith(AUTOMATIC_HYPHEN)]
    assert standard, "the standard edition hyphenates; the check would prove nothing if it found none there"
    assert not large, f"hyphenated lines in the large print: {large[:3]}"


def test_standard_print_body_is_smaller(handbook):
    with pikepdf.open(handbook.pdf) as pdf:
        standard = tagged_font_sizes(pdf).most_common(1)[0][0]
    with pikepdf.open(handbook.large_print_pdf) as pdf:
        large = tagged_font_sizes(pdf).most_common(1)[0][0]
    assert standard < 16 <= large
