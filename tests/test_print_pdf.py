"""scripts/print_pdf.py in-process: unique ids in singlehtml's output, and clear errors on bad input.

The whole route (Sphinx, WeasyPrint, pikepdf) is tested on the real handbook in test_handbook_pdf.py.
"""

from __future__ import annotations

import pathlib
import re

import lxml.html
import pytest
from babel.dates import format_date
from babel.messages import Catalog, pofile

from scripts import branding, metadata, print_pdf, translations
from scripts.sphinxext import translation_status
from tests.pseudo_translation import pseudo_translate

# Two chapters as Sphinx's singlehtml builder writes them: each has its own "id1", and links say
# which chapter they mean ("#document-b#id1") or mean their own ("#id1").
TWO_CHAPTERS = """
<div class="toctree-wrapper">
  <span id="document-a"></span>
  <section id="a"><h2>A</h2>
    <p id="id1">A's first paragraph</p>
    <p><a id="local" href="#id1">own</a> <a id="other" href="#document-b#id1">other</a>
       <a id="whole" href="#document-b">chapter b</a></p>
  </section>
  <span id="document-b"></span>
  <section id="b"><h2>B</h2>
    <p id="id1">B's first paragraph</p>
    <p><a id="back" href="#document-a#id1">back</a></p>
  </section>
</div>
"""


def test_a_links_address_is_printed_after_it_unless_its_text_shows_it():
    # MLA's reference list shows a URL without https:// (scripts/csl.py): that is its address already.
    root = lxml.html.fragment_fromstring(
        '<div><a id="named" href="https://www.nice.org.uk/guidance/ta279">NICE guidance</a>'
        '<a id="whole" href="https://www.nice.org.uk/guidance/ta279">https://www.nice.org.uk/guidance/ta279</a>'
        '<a id="mla" href="https://www.nice.org.uk/guidance/ta279">www.nice.org.uk/guidance/ta279</a></div>')
    print_pdf.show_link_addresses(root)
    assert [link.get("id") for link in root.iter("a") if "show-address" in link.get("class", "")] == ["named"]


def test_repeated_ids_get_their_chapter_and_links_follow():
    root = lxml.html.fragment_fromstring(TWO_CHAPTERS)
    print_pdf.make_ids_unique(root)
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    links = {link.get("id"): link.get("href") for link in root.iter("a")}
    assert links == {"local": "#a--id1", "other": "#b--id1", "whole": "#b", "back": "#a--id1"}
    assert root.get_element_by_id("a--id1").text == "A's first paragraph"
    assert root.get_element_by_id("b--id1").text == "B's first paragraph"


def test_a_link_without_target_is_an_error_naming_it():
    root = lxml.html.fragment_fromstring(TWO_CHAPTERS.replace("#document-b#id1", "#document-b#nowhere"))
    with pytest.raises(print_pdf.PrintError, match="'#document-b#nowhere' in chapter 'a'"):
        print_pdf.make_ids_unique(root)


def test_a_page_not_written_by_singlehtml_is_refused(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("<html><body><p>Not a Sphinx page</p></body></html>", encoding="utf-8")
    with pytest.raises(print_pdf.PrintError, match=str(page)):
        print_pdf.print_document(page, 0)


def test_a_weasyprint_warning_fails_the_layout(tmp_path):
    """An image without alt text: WeasyPrint logs an error and would still write the PDF."""
    (tmp_path / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
                                          encoding="utf-8")
    document = print_pdf.PrintDocument('<html lang="en-GB"><head><title>T</title></head>'
                                       '<body><p><img src="drawing.svg"></p></body></html>', {})
    with pytest.raises(print_pdf.PrintError, match="no required alt description"):
        print_pdf.render(document, tmp_path, "standard", "a4")


# -- The book's own words in the language built --------------------------------------------------------


def french_notices(locales: pathlib.Path) -> print_pdf.BookLanguage:
    """A French handbook.po in *locales* translating the book's own words (pseudo-translated: no real
    translation is committed), read as the build reads it."""
    handbook = metadata.load()
    catalogue = Catalog(locale="fr")
    for english in (print_pdf.CONTENTS, print_pdf.CHAPTER, print_pdf.PROVIDED_BY, print_pdf.ORGANISATION_LOGO,
                    print_pdf.EDITION_LINE, print_pdf.GO_TO, handbook.edition):
        catalogue.add(english, pseudo_translate(english))
    messages = translations.messages_folder(locales, "fr")
    messages.mkdir(parents=True)
    with (messages / f"{translation_status.DOMAIN}.po").open("wb") as file:
        pofile.write_po(file, catalogue)
    return print_pdf.BookLanguage.of(translations.Translation("fr", locales, draft=True))


def test_the_title_page_and_contents_are_in_the_language_built(tmp_path):
    language = french_notices(tmp_path / "locales")
    handbook = metadata.load()
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    organisation = branding.Branding(org_name="St Elsewhere", org_logo=tmp_path / "logo.svg")
    page = print_pdf.title_page(handbook, organisation, "Lead", language)
    # The date through Babel's French (CLDR): "25 novembre 2026" for the release date of CITATION.cff.
    date = format_date(handbook.released, "d MMMM y", locale="fr")
    assert page.find_class("edition")[0].text_content() == pseudo_translate(print_pdf.EDITION_LINE).format(
        edition=pseudo_translate(handbook.edition), version=handbook.version, date=date)
    assert page.find_class("organisation")[0].text_content() == pseudo_translate(
        print_pdf.PROVIDED_BY).format(organisation="St Elsewhere")
    assert page.find(".//img").get("alt") == pseudo_translate(print_pdf.ORGANISATION_LOGO).format(organisation="St Elsewhere")
    chapters = lxml.html.fragment_fromstring(
        '<main><section id="a"><h2><span class="section-number">4. </span>A</h2></section></main>')
    print_pdf.number_headings(chapters, language)
    print_pdf.mark_chapters(chapters)
    assert chapters.find_class("chapter-number")[0].text == pseudo_translate(print_pdf.CHAPTER).format(number="4")
    assert print_pdf.contents(chapters, language).find("h2").text == pseudo_translate(print_pdf.CONTENTS)


@pytest.mark.parametrize("broken", ["Chapitre", "Chapitre {numero}", "Chapitre {number"])
def test_a_translation_that_loses_a_placeholder_stops_the_pdf_naming_the_catalogue_line(tmp_path, broken):
    messages = translations.messages_folder(tmp_path, "fr")
    messages.mkdir(parents=True)
    catalogue_file = messages / f"{translation_status.DOMAIN}.po"
    catalogue_file.write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                              f'msgid "{print_pdf.CHAPTER}"\nmsgstr "{broken}"\n', encoding="utf-8")
    language = print_pdf.BookLanguage.of(translations.Translation("fr", tmp_path, draft=True))
    with pytest.raises(print_pdf.PrintError, match=rf"{re.escape(str(catalogue_file))}:5: the translation of "
                                                   rf"'Chapter {{number}}' must keep its placeholders \({{number}}\)"):
        language.text(print_pdf.CHAPTER, number="4")


def test_english_is_the_book_s_language_without_a_translation():
    handbook = metadata.load()
    page = print_pdf.title_page(handbook, branding.Branding(org_name="St Elsewhere"), "Lead", print_pdf.BookLanguage())
    assert page.find_class("organisation")[0].text_content() == "Provided by St Elsewhere"
    released = f"{handbook.released.day} {handbook.released:%B %Y}"
    assert page.find_class("edition")[0].text_content() == (
        f"{handbook.edition} \u2022 Version {handbook.version} \u2022 {released}")
