"""Make the tagged PDF (PDF/UA-1) of the handbook from Sphinx's single-page HTML, with WeasyPrint.

scripts/build.py runs Sphinx's ``singlehtml`` builder and then, for each edition (standard or
large print), the three steps here:

1. ``print_document`` turns the page into a book: a title page (with the hosting organisation's
   branding), a table of contents whose page numbers CSS fills in (``target-counter``), and the
   chapters, without the web theme. It makes every ``id`` unique: ``singlehtml`` repeats ``id1``,
   ``id2``... in every chapter, so a citation would jump to the wrong reference.
2. ``render`` lays it out with WeasyPrint (``pdf_variant="pdf/ua-1"``: tagged, with a structure
   tree, the document's language and its XMP PDF/UA identifier) and the print stylesheet of
   ``scripts/print/`` (never the site's CSS).
3. ``finish_tags`` completes what WeasyPrint leaves undone, with pikepdf: running heads and page
   numbers become artifacts (WeasyPrint tags them but leaves them out of the tree), table header
   cells get a ``/Scope``, every link annotation a description (``/Contents``) saying where it
   leads; the file is saved with a deterministic ``/ID``, so two builds are byte-identical.

The words the book adds itself ("Contents", "Chapter 4", the title page's edition line, the links'
descriptions) are the handbook's own messages (``message()``: ``make gettext`` writes them into
handbook.pot with the site's notices) and are printed in the language being built (``BookLanguage``),
its date written out by Babel from CLDR, as the chapters' "Last reviewed" dates are.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import io
import logging
import pathlib
import re

import lxml.html
import pikepdf
from lxml.html import builder as E

from scripts import branding, metadata, translations
from scripts.layout import ROOT
from scripts.sphinxext import reviewed, translation_status
from scripts.sphinxext.link_addresses import shows_address
# The organisation's line and logo name are the site's messages too: one translation serves both.
from scripts.sphinxext.organisation import LOGO_ALT as ORGANISATION_LOGO, PROVIDED_BY
from scripts.sphinxext.translation_status import message

STYLESHEETS = ROOT / "scripts" / "print"
# Each edition's stylesheets, applied in order: the large print restyles the standard book.
EDITIONS = {"standard": ("book.css",), "large": ("book.css", "large-print.css")}
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
# The marker Sphinx's singlehtml builder puts before each chapter: <span id="document-DOCNAME">.
DOCUMENT_MARKER = "document-"
# An internal link of singlehtml: "#document-DOCNAME#ANCHOR", "#document-DOCNAME" or "#ANCHOR".
INTERNAL_HREF = re.compile(r"^#(?:document-(?P<docname>[^#]+))?(?:#?(?P<anchor>[^#]*))$")
# Sphinx's section number, e.g. "4.2. " (the singlehtml builder numbers them: scripts/sphinxext/print_numbers.py).
SECTION_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)\.\s*$")
# A link description is cut to this many characters: a reference's whole entry would be read out twice.
DESCRIPTION_LENGTH = 160

# The book's own words: messages of handbook.pot, translated like the site's notices.
CONTENTS = message("Contents")
CHAPTER = message("Chapter {number}")
UNNAMED_LOGO = message("Logo of the hosting organisation")
EDITION_LINE = message("{edition} \u2022 Version {version} \u2022 {date}")
GO_TO = message("Go to {target}")
WEB_ADDRESS = message("Web address {address}")
# Every edition's words (title_page translates the handbook's own), so handbook.pot holds them all.
EDITION_WORDS = tuple(message(words) for words in metadata.EDITIONS)


class PrintError(Exception):
    """The single-page HTML cannot be made into the book; the message says what is missing."""


@dataclasses.dataclass(frozen=True)
class BookLanguage:
    """The language the book is printed in, with the catalogue of the handbook's own messages in it."""

    code: str = "en"
    """Sphinx's language code: ``en``, or a translation's (``eo``, ``he``)."""
    notices: translations.Catalogue | None = None
    """That language's handbook.po; None (English, or a translation without one): the words stay English."""

    def text(self, english: str, **values: str) -> str:
        """One of the book's own messages in this language (English where it has no translation)."""
        try:
            return translation_status.in_language(self.notices, english, **values)
        except translations.TranslationError as error:
            raise PrintError(str(error)) from None

    def date(self, day: datetime.date) -> str:
        """*day* written out in this language, e.g. "25 November 2026" in English."""
        return reviewed.long_date(day, self.code)

    @classmethod
    def of(cls, translation: translations.Translation | None) -> BookLanguage:
        """The language of *translation* (English for None), reading its handbook.po if it has one."""
        if translation is None:
            return cls()
        path = translations.messages_folder(translation.locales, translation.language) / f"{translation_status.DOMAIN}.po"
        try:
            return cls(translation.language, translations.read_catalogue(path) if path.is_file() else None)
        except translations.TranslationError as error:
            raise PrintError(str(error)) from None


@dataclasses.dataclass(frozen=True)
class PrintDocument:
    """The book as one HTML document, ready for WeasyPrint."""

    html: str
    """The document: title page, contents, chapters."""
    link_descriptions: dict[str, str]
    """For every internal link target (an ``id``) the words that describe it, e.g. "Figure 6.1"."""
    direction: str = "ltr"
    """The writing direction of its language: ``ltr`` or ``rtl``."""
    language: BookLanguage = dataclasses.field(default_factory=BookLanguage)
    """The language it is printed in: the link descriptions are written in it too."""


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def chapter_of_each_element(root) -> dict:
    """Map every element under *root* to the docname of the chapter it belongs to ("index" before the first)."""
    owner, docname = {}, "index"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        marker = element.get("id") or ""
        if element.tag == "span" and marker.startswith(DOCUMENT_MARKER):
            docname = marker[len(DOCUMENT_MARKER):]
        owner[element] = docname
    return owner


def make_ids_unique(root) -> None:
    """Give each chapter's repeated ids a chapter prefix, and point every internal link at its real target.

    singlehtml writes each chapter's ids as Sphinx made them for that chapter alone, so ``id7``
    occurs in many chapters; its links say which chapter they mean (``#document-references#id7``)
    or, within a chapter, mean their own (``#id7``).
    """
    owner = chapter_of_each_element(root)
    with_id = [element for element in owner if element.get("id")]
    counts = collections.Counter(element.get("id") for element in with_id)
    renamed: dict[tuple[str, str], str] = {}
    for element in with_id:
        old = element.get("id")
        key = (owner[element], old)
        if key in renamed:  # the same id twice in one chapter: the first one is the target
            element.attrib.pop("id")
            continue
        renamed[key] = f"{owner[element]}--{old}" if counts[old] > 1 else old
        element.set("id", renamed[key])
    # A link to a whole chapter goes to its section, the element after the chapter's marker.
    chapter_ids = {marker.get("id")[len(DOCUMENT_MARKER):]: marker.getnext().get("id")
                   for marker in root.xpath(f".//span[starts-with(@id, '{DOCUMENT_MARKER}')]")}
    for link in root.iter("a"):
        href = link.get("href") or ""
        match = INTERNAL_HREF.match(href) if href.startswith("#") else None
        if not match:
            continue
        docname, anchor = match.group("docname"), match.group("anchor")
        if docname and not anchor:
            target = chapter_ids.get(docname)
        else:
            target = renamed.get((docname or owner[link], anchor))
        if target is None:
            raise PrintError(f"the link {href!r} in chapter {owner[link]!r} has no target in the single-page HTML")
        link.set("href", f"#{target}")


def number_headings(chapters, language: BookLanguage) -> None:
    """Turn Sphinx's "4. " into a chapter opener's "Chapter 4" (in *language*) and "4.2. " into "4.2"."""
    for number in chapters.xpath(".//span[@class='section-number']"):
        match = SECTION_NUMBER.match(number.text or "")
        if not match:
            continue
        heading = number.getparent()
        if heading.tag == "h2":
            number.set("class", "chapter-number")
            number.text = language.text(CHAPTER, number=match.group(1))
            number.tail = " " + (number.tail or "").lstrip()
        else:
            number.text = match.group(1)
            number.tail = " " + (number.tail or "").lstrip()


def mark_chapters(chapters) -> None:
    """Give each chapter's section the class the stylesheet opens a new page with, and its title a span."""
    for heading in chapters.xpath("./section/h2"):
        heading.getparent().set("class", "chapter")
        number = heading.find("span[@class='chapter-number']")
        title = E.SPAN(E.CLASS("chapter-title"))
        title.text = (number.tail if number is not None else heading.text or "").strip()
        moved = list(heading)[1:] if number is not None else list(heading)
        for child in moved:
            title.append(child)
        if number is not None:
            number.tail = " "
        else:
            heading.text = ""
        heading.append(title)


def show_link_addresses(chapters) -> None:
    """Mark external links whose text is not their address, so the stylesheet prints the address after them."""
    for link in chapters.xpath(".//a[starts-with(@href, 'http')]"):
        if not shows_address(text_of(link), link.get("href")):
            link.set("class", (link.get("class", "") + " show-address").strip())


def describe_targets(root) -> dict[str, str]:
    """The words a link annotation gives for each id it can point at: a heading, a caption, a reference."""
    descriptions = {}
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.get("id"):
            continue
        if element.tag == "section" or element.tag.startswith("h"):
            heading = element if element.tag.startswith("h") else next(iter(element.xpath("./h2|./h3|./h4|./h5|./h6")), None)
            words = text_of(heading) if heading is not None else ""
        elif element.tag in ("figure", "table"):
            caption = next(iter(element.xpath("./figcaption|./caption")), None)
            words = text_of(caption) if caption is not None else text_of(element)
        else:
            words = text_of(element)
        if words:
            cut = words if len(words) <= DESCRIPTION_LENGTH else words[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + " …"
            descriptions[element.get("id")] = cut
    return descriptions


def contents(chapters, language: BookLanguage):
    """The table of contents: chapters and their sections, each a link whose page number CSS adds."""
    entries = []
    for chapter in chapters.xpath("./section[@class='chapter']"):
        title = chapter.find("h2")
        sections = [E.LI(E.A(text_of(heading), href=f"#{heading.getparent().get('id')}"))
                    for heading in chapter.xpath("./section/h3")]
        item = E.LI(E.CLASS("contents-chapter"), E.A(text_of(title), href=f"#{chapter.get('id')}"))
        if sections:
            item.append(E.OL(*sections))
        entries.append(item)
    return E.NAV(E.CLASS("contents"), E.H2(language.text(CONTENTS)), E.OL(*entries))


def title_page(handbook: metadata.HandbookMetadata, organisation: branding.Branding, lead: str,
               language: BookLanguage):
    """The title page: the book's one first-level heading, its purpose, the hosting organisation, edition and date."""
    text = language.text
    page = E.SECTION(E.CLASS("title-page"), E.H1(handbook.title), E.P(E.CLASS("subtitle"), lead))
    if organisation.org_logo:
        logo_text = (text(ORGANISATION_LOGO, organisation=organisation.org_name) if organisation.org_name
                     else text(UNNAMED_LOGO))
        page.append(E.P(E.CLASS("logo"), E.IMG(src=organisation.org_logo.as_uri(), alt=logo_text)))
    if organisation.org_name:
        page.append(E.P(E.CLASS("organisation"), text(PROVIDED_BY, organisation=organisation.org_name)))
    page.append(E.P(E.CLASS("authors"), handbook.author))
    page.append(E.P(E.CLASS("edition"), text(EDITION_LINE, edition=text(handbook.edition), version=handbook.version,
                                             date=language.date(handbook.released))))
    return page


def print_document(singlehtml: pathlib.Path, epoch: int, language: BookLanguage = BookLanguage()) -> PrintDocument:
    """Make the book out of Sphinx's single-page HTML at *singlehtml* (its ``index.html``), its own words in *language*."""
    page = lxml.html.parse(str(singlehtml)).getroot()
    root_section = next(iter(page.xpath("//article[contains(@class, 'bd-article')]/section")), None)
    if root_section is None:
        raise PrintError(f"{singlehtml}: no article with the chapters; was it written by Sphinx's singlehtml builder?")
    # The chapters stand where the root toctree was; a book of one page has its sections instead.
    wrapper = next(iter(root_section.xpath("./div[contains(@class, 'toctree-wrapper')]")), root_section)
    for permalink in page.xpath("//a[contains(@class, 'headerlink')]"):
        permalink.drop_tree()
    # A figure links to its own image file: on paper that is a link to a file the reader does not have.
    for image_link in page.xpath("//a[contains(@class, 'image-reference')]"):
        image_link.drop_tag()
    # WeasyPrint hangs a link's annotation on the innermost box: a <span> inside an <a> would take it
    # out of the /Link structure element, which PDF/UA requires it to be in.
    for span in page.xpath("//a//span"):
        span.drop_tag()
    make_ids_unique(root_section)
    lead = " ".join(text_of(paragraph) for paragraph in root_section.xpath("./p"))

    # The chapters without singlehtml's empty chapter markers (links now point at the chapters' sections).
    chapters = E.MAIN(*(child for child in wrapper if child.tag == "section"))
    number_headings(chapters, language)
    mark_chapters(chapters)
    show_link_addresses(chapters)

    handbook, organisation = metadata.load(), branding.load()
    when = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    head = E.HEAD(
        E.META(charset="utf-8"),
        E.TITLE(handbook.title),
        E.META(name="author", content=handbook.author),
        E.META(name="description", content=handbook.abstract),
        E.META(name="keywords", content=", ".join(handbook.keywords)),
        E.META(name="generator", content="Sphinx, WeasyPrint"),
        E.META(name="dcterms.created", content=when),
        E.META(name="dcterms.modified", content=when),
    )
    body = E.BODY(title_page(handbook, organisation, lead, language), contents(chapters, language), chapters)
    # The language Sphinx tagged the pages with, and its direction (scripts/sphinxext/html_lang.py,
    # _templates/layout.html): en-GB, or a translation's; WeasyPrint lays out dir="rtl" right to left.
    direction = page.find("body").get("dir") or "ltr"
    book = E.HTML(head, body, lang=page.get("lang"), dir=direction)
    return PrintDocument(lxml.html.tostring(book, encoding="unicode", doctype="<!DOCTYPE html>"),
                         describe_targets(body), direction, language)


class _Collect(logging.Handler):
    """Keep WeasyPrint's warnings and errors (an image without alt text, a CSS rule it ignores)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render(document: PrintDocument, base: pathlib.Path, edition: str, paper: str) -> bytes:
    """Lay the book out with WeasyPrint as a tagged PDF/UA-1 file; *base* resolves the images' paths.

    Like Sphinx under ``-W``, a warning from WeasyPrint fails the build: it means a tag, an image or
    a style rule did not reach the PDF as written.
    """
    import weasyprint  # imported here: the site and EPUB builds do not need it loaded

    sheets = [weasyprint.CSS(filename=str(STYLESHEETS / name)) for name in EDITIONS[edition]]
    sheets.append(weasyprint.CSS(string=f"@page {{ size: {PAPER_SIZES[paper]}; }}"))
    html = weasyprint.HTML(string=document.html, base_url=str(base) + "/")
    collected = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collected)
    try:
        pdf = html.write_pdf(stylesheets=sheets, pdf_variant="pdf/ua-1", pdf_identifier=b"vertebroplasty-handbook")
    finally:
        logger.removeHandler(collected)
    if collected.messages:
        raise PrintError(f"WeasyPrint reported problems laying out the {edition} edition:\n  "
                         + "\n  ".join(collected.messages))
    return pdf


def reachable_elements(root) -> set[tuple[int, int]]:
    """The object ids of every structure element that the structure tree leads to."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR" and "/S" in kid and kid.objgen not in seen:
                seen.add(kid.objgen)
                stack.append(kid)
    return seen


def structure_elements(root):
    """Yield every structure element under *root*, depth first in reading order."""
    kids = root.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from structure_elements(kid)


def margin_contents_to_artifacts(pdf: pikepdf.Pdf) -> int:
    """Mark the running heads and page numbers as pagination artifacts; return how many runs were changed.

    WeasyPrint tags the text of page margins like body text but keeps those elements out of the
    structure tree (a PDF 1.7 tree cannot hold artifacts): an assistive tool would find marked content
    with no place in the document. Here each such run becomes ``/Artifact`` and leaves the parent tree.
    """
    tree = pdf.Root.StructTreeRoot
    linked = reachable_elements(tree)
    parent_tree = tree.ParentTree.Nums
    changed = 0
    for index in range(0, len(parent_tree), 2):
        page_number, mapping = int(parent_tree[index]), parent_tree[index + 1]
        if not isinstance(mapping, pikepdf.Array) or page_number >= len(pdf.pages):
            continue
        orphans = {mcid for mcid, element in enumerate(mapping)
                   if isinstance(element, pikepdf.Dictionary) and element.objgen not in linked}
        if not orphans:
            continue
        page = pdf.pages[page_number]
        instructions = []
        for operands, operator in pikepdf.parse_content_stream(page):
            if (str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary)
                    and int(operands[1].get("/MCID", -1)) in orphans):
                operands = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
                changed += 1
            instructions.append((operands, operator))
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        for mcid in orphans:
            mapping[mcid] = pikepdf.Object.parse(b"null")
    return changed


def scope_header_cells(pdf: pikepdf.Pdf) -> int:
    """Give each table header cell a /Scope: /Column in a header row group, /Row elsewhere; return how many."""
    count = 0
    for element in structure_elements(pdf.Root.StructTreeRoot):
        if element.get("/S") != "/TH":
            continue
        row = element.get("/P")
        group = row.get("/P") if row is not None else None
        scope = pikepdf.Name.Column if group is not None and group.get("/S") == "/THead" else pikepdf.Name.Row
        attributes = element.get("/A")
        if not isinstance(attributes, pikepdf.Dictionary):
            attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
            element.A = attributes
        attributes.Scope = scope
        count += 1
    return count


def describe_links(pdf: pikepdf.Pdf, descriptions: dict[str, str], language: BookLanguage) -> None:
    """Replace each link annotation's /Contents (WeasyPrint writes the bare target) with words a reader can use."""
    for page in pdf.pages:
        for annotation in page.get("/Annots") or []:
            if annotation.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annotation:
                target = str(annotation.Dest)
                annotation.Contents = pikepdf.String(language.text(GO_TO, target=descriptions.get(target, target)))
            elif "/A" in annotation and "/URI" in annotation.A:
                annotation.Contents = pikepdf.String(language.text(WEB_ADDRESS, address=str(annotation.A.URI)))


def finish_tags(pdf_bytes: bytes, document: PrintDocument, target: pathlib.Path) -> None:
    """Complete the tagging of WeasyPrint's PDF and write it to *target*, byte for byte the same each build."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        margin_contents_to_artifacts(pdf)
        scope_header_cells(pdf)
        describe_links(pdf, document.link_descriptions, document.language)
        if document.direction == "rtl":
            # Readers' software shows the pages of a right-to-left book from right to left.
            pdf.Root.ViewerPreferences = pikepdf.Dictionary(Direction=pikepdf.Name.R2L)
        pdf.save(target, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)


def make_pdf(singlehtml: pathlib.Path, target: pathlib.Path, edition: str, paper: str, epoch: int,
             language: BookLanguage = BookLanguage()) -> pathlib.Path:
    """Build the *edition* PDF on *paper* from Sphinx's single-page HTML into *target*, its own words in
    *language*; return *target*."""
    document = print_document(singlehtml, epoch, language)
    finish_tags(render(document, singlehtml.parent, edition, paper), document, target)
    return target
