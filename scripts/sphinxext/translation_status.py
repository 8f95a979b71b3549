"""Say honestly how far a translated page can be trusted, in every format (HTML, PDF, EPUB).

In a build of another language (``language`` other than ``en``; scripts/translations.py reads the
catalogues):

- a passage whose translation was made for an older English text (fuzzy: msgmerge marked it, and
  ``gettext_allow_fuzzy_translations`` shows it) starts with a visible "may be out of date" label;
- a page with such passages, or with passages still in English, says so at its top, in its language
  and in English, and on the site links to the same page in English;
- a draft (``handbook_translation_draft``: no clinical review recorded) says so on every page;
- every page names its translator and its clinical reviewer, from its catalogue's header.

These notices, like the other words the extensions write (``message()``, ``handbook_text()``), are
the handbook's own messages: ``make gettext`` writes them into ``handbook.pot`` beside the chapters'
templates, so translators translate them like any other message; one whose translation is missing is
shown in English only.
"""

from __future__ import annotations

import functools
import pathlib
import string
import sys

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import MsgOrigin
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from scripts import translations
from scripts.sphinxext import html_lang

logger = logging.getLogger(__name__)

# The catalogue domain (handbook.pot, handbook.po) of the handbook's own messages.
DOMAIN = "handbook"
# Every message declared with message(), with where it is declared: `make gettext` writes them all.
MESSAGES: dict[str, tuple[str, int]] = {}


def message(english: str) -> str:
    """Declare *english* one of the handbook's own messages (in handbook.pot); return it unchanged.

    Extensions call it at import, so the registry is complete before any build starts.
    """
    caller = sys._getframe(1)
    MESSAGES.setdefault(english, (caller.f_code.co_filename, caller.f_lineno))
    return english


OUT_OF_DATE = message("May be out of date:")
PARTLY_TRANSLATED = message("Parts of this page are not translated yet, or were translated from an older English text.")
ENGLISH_PAGE = message("Read this page in English")
DRAFT = message("Draft translation, not reviewed by a clinician: do not rely on it for medical decisions.")
TRANSLATED_BY = message("Translated by {translator}.")
REVIEWED_BY = message("Clinical review: {reviewer}, {date}.")
# Classes the marks carry, for the stylesheets and the tests.
FUZZY_CLASS, UNTRANSLATED_CLASS, NOTICE_CLASS = "handbook-fuzzy", "handbook-untranslated", "handbook-translation-notice"


def catalogue_path(config: Config, srcdir: pathlib.Path, domain: str) -> pathlib.Path | None:
    """The catalogue of *domain* in the language being built, if there is one (locale_dirs are relative to *srcdir*)."""
    for folder in config.locale_dirs:
        path = translations.messages_folder(pathlib.Path(srcdir, folder), config.language) / f"{domain}.po"
        if path.is_file():
            return path
    return None


def read_catalogue(config: Config, srcdir: pathlib.Path, domain: str) -> translations.Catalogue | None:
    path = catalogue_path(config, srcdir, domain)
    return read_catalogue_once(path, path.stat().st_mtime_ns) if path else None


@functools.lru_cache(maxsize=64)
def read_catalogue_once(path: pathlib.Path, mtime: int) -> translations.Catalogue:
    # Each page asks for the notices' catalogue; the file changes only between builds (mtime in the key).
    return translations.read_catalogue(path)


def text_in_language(config: Config, srcdir: pathlib.Path, english: str, **values: str) -> str:
    """One of the handbook's own messages (see message()) in the language being built, English if untranslated."""
    return bilingual(read_catalogue(config, srcdir, DOMAIN) if translating(config) else None, english, **values)[0]


def handbook_text(app: Sphinx, english: str, **values: str) -> str:
    """text_in_language() for the event handlers, which are given the application."""
    return text_in_language(app.config, app.srcdir, english, **values)


def translating(config: Config) -> bool:
    return config.language != "en"


class MarkStaleAndUntranslated(SphinxTransform):
    """Before Sphinx translates a page, mark each passage whose translation is fuzzy or missing."""

    # Sphinx's Locale transform (priority 20) replaces the text; the marks must see the English.
    default_priority = 15

    def apply(self) -> None:
        # scripts/build.py writes the templates (gettext) from the English only.
        if not translating(self.config):
            return
        catalogue = read_catalogue(self.config, self.env.srcdir,
                                   docname_to_domain(self.env.docname, self.config.gettext_compact))
        if catalogue is None:
            return
        for node, message in extract_messages(self.document):
            if message in catalogue.fuzzy_messages:
                node["classes"].append(FUZZY_CLASS)
            elif message in catalogue.untranslated_messages:
                # Still English: screen readers should read it as English (lang="en" in HTML).
                node["classes"] += [UNTRANSLATED_CLASS, "language-en"]


class UniqueIdsAfterTranslation(SphinxTransform):
    """Give a fresh id to each node that shares one with an earlier node after Sphinx translated the page.

    Sphinx parses each translated message in a document of its own, whose ids count from id1 again;
    sphinxcontrib-bibtex gives every citation an id while parsing, so two citations of a translated page
    can end up with the same id, which HTML and EPUB forbid (EPUBCheck RSC-005).
    """

    # After Sphinx's Locale transform (20), before references are resolved.
    default_priority = 22

    def apply(self) -> None:
        if not translating(self.config):
            return
        seen = set()
        for node in self.document.findall(nodes.Element):
            # set_id avoids the ids the page's document knows, not those the translated parts brought.
            while any(node_id in seen for node_id in node["ids"]):
                node["ids"] = []
                self.document.set_id(node)
            seen.update(node["ids"])


def placeholders(text: str) -> set[str]:
    """The names of the {placeholders} in *text* (a message of the handbook's own, or its translation)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # an unmatched brace: no placeholder can be read
        return {"{"}


def in_language(notices: translations.Catalogue | None, english: str, **values: str) -> str:
    """*english* in the catalogue's language with its placeholders filled in (English if untranslated).

    TranslationError names the catalogue's file and line when the translation does not keep the English
    placeholders: the value would be lost, or the text could not be filled in at all.
    """
    translation = (notices.translations.get(english) if notices else None) or english
    if translation is not english and placeholders(translation) != placeholders(english):
        line = notices.lines.get(english)
        raise translations.TranslationError(
            f"{translations.display_path(notices.path)}{f':{line}' if line else ''}: the translation of {english!r} "
            f"must keep its placeholders ({', '.join(f'{{{name}}}' for name in sorted(placeholders(english)))}) "
            f"as they are, untranslated: {translation!r}")
    return translation.format(**values)


def bilingual(notices: translations.Catalogue | None, english: str, **values: str) -> list[str]:
    """*english* in the page's language and then in English (once when there is no translation)."""
    in_english = english.format(**values)
    try:
        text = in_language(notices, english, **values)
    except translations.TranslationError as error:
        logger.warning("%s", error, type="handbook", subtype="translation")
        return [in_english]
    return [text, in_english] if text != in_english else [text]


def bilingual_nodes(notices: translations.Catalogue | None, english: str, separator: str = " ",
                    **values: str) -> list[nodes.Node]:
    """The texts of bilingual() as nodes, the English one marked as English (``lang="en"`` in HTML)."""
    texts = bilingual(notices, english, **values)
    result: list[nodes.Node] = [nodes.Text(texts[0])]
    if len(texts) > 1:
        # docutils' HTML writers turn a language-* class into the element's lang attribute.
        result += [nodes.Text(separator), nodes.inline(texts[1], texts[1], classes=["language-en"])]
    return result


def add_notices(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Mark stale passages, and put each page's translation notice under its title."""
    if not translating(app.config):
        return
    notices = read_catalogue(app.config, app.srcdir, DOMAIN)
    for node in doctree.findall(nodes.Element):
        # Titles keep only the class: a label in a title would repeat in every table of contents.
        if FUZZY_CLASS in node["classes"] and isinstance(node, nodes.TextElement) and not isinstance(node, nodes.title):
            label = nodes.strong("", "", *bilingual_nodes(notices, OUT_OF_DATE, " / "), classes=["handbook-fuzzy-label"])
            node[0:0] = [label, nodes.Text(" ")]
    # The single-page book the PDF is made from holds every chapter, each after a start_of_file node:
    # each chapter gets its own notice, as it does on the site and in the EPUB.
    if app.builder.name == "singlehtml":
        pages = [(page["docname"], page) for page in doctree.findall(addnodes.start_of_file)]
    else:
        pages = [(docname, doctree)]
    for page_name, page in pages:
        add_notice(app, notices, page, page_name)


def add_notice(app: Sphinx, notices: translations.Catalogue | None, page: nodes.Element, docname: str) -> None:
    """Put the notice of *page* under its title: draft status, stale passages, translator and reviewer."""
    catalogue = read_catalogue(app.config, app.srcdir, docname_to_domain(docname, app.config.gettext_compact))
    if catalogue is None:
        return
    paragraphs = []
    if app.config.handbook_translation_draft:
        paragraphs.append(bilingual_nodes(notices, DRAFT))
    stale = any(FUZZY_CLASS in node["classes"] or UNTRANSLATED_CLASS in node["classes"]
                for node in page.findall(nodes.Element))
    if stale:
        paragraphs.append(bilingual_nodes(notices, PARTLY_TRANSLATED))
    # Names are given once, in the page's language.
    names = [*(bilingual(notices, TRANSLATED_BY, translator=catalogue.translator)[:1] if catalogue.translator else []),
             *(bilingual(notices, REVIEWED_BY, reviewer=catalogue.reviewer, date=catalogue.review_date.isoformat())[:1]
               if catalogue.reviewed else [])]
    if names:
        paragraphs.append([nodes.Text(" ".join(names))])
    if not paragraphs:
        return
    box = nodes.container(classes=[NOTICE_CLASS])
    for children in paragraphs:
        box += nodes.paragraph("", "", *children)
    if stale and app.builder.name == "html":
        target = html_lang.site_path(app, "en", docname)
        box += nodes.paragraph("", "", nodes.reference("", "", *bilingual_nodes(notices, ENGLISH_PAGE, " / "),
                                                       refuri=target))
    section = next(iter(page.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, box)


def write_template(app: Sphinx) -> None:
    """Give `make gettext` the handbook's own messages, so translators find them in handbook.pot."""
    if app.builder.name != "gettext":
        return
    # The tagged PDF's own words are declared where it is made, which no extension imports (that
    # module imports this one, so the import waits until the registry is read).
    from scripts import print_pdf  # noqa: F401
    for english, (source, line) in MESSAGES.items():
        app.builder.catalogs[DOMAIN].add(english, MsgOrigin(source, line))


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_translation_draft", False, "env", types=[bool])
    app.add_transform(MarkStaleAndUntranslated)
    app.add_transform(UniqueIdsAfterTranslation)
    app.connect("doctree-resolved", add_notices)
    app.connect("builder-inited", write_template)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
