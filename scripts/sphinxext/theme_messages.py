"""Make the themes' words around the article translatable with the handbook: search box, "Back to
top", the colour-mode switch, "previous" and "next", "Contents", the footer's "By ..." and the like.

The themes ship catalogues for real languages only; a hospital translating into another language
(and the tests' pseudo-language) would get them in English. So:

- ``make gettext`` writes the themes' messages beside the handbook's own templates' (Sphinx extracts
  ``_()`` only from ``templates_path``): the messages of every template of the themes the site and the
  e-book are built with (``html_theme``, ``epub_theme`` and the themes they inherit from), and those of
  Sphinx's HTML writer (the permalinks' "Link to this heading"), go into ``sphinx.pot``, the
  catalogue pydata-sphinx-theme's and Sphinx's templates and Sphinx's code read; the messages
  sphinx-book-theme translates through its own catalogue (its templates' ``translate()``, its Python
  code's ``translation()``, and its ``toc_title`` option, which a template hands to ``translate``) go
  into ``booktheme.pot``. Both are extracted the way Sphinx extracts templates (Jinja's i18n
  extraction) and Python code (Babel's), never by pattern matching. Every template of those themes
  is read, not only those the pages render: which components a page includes is known only as it is
  rendered (pydata-sphinx-theme includes them by the names its options give), so the templates also
  hold a few messages no page of the handbook shows (the general index's, say). Translating those is
  optional: an untranslated message stays in English, and these appear on no page.
- A translated build reads the project's ``locales/LANG/LC_MESSAGES/sphinx.po`` before the
  themes' and Sphinx's own catalogues (Sphinx does that for the ``sphinx`` domain itself), and its
  ``booktheme.po`` before sphinx-book-theme's: this extension compiles it and registers the project's
  folder for the ``booktheme`` domain before the theme registers its own, so the first translation
  found is the project's.
- An edit of one of those catalogues, or of the handbook's notices' (handbook.po), rebuilds every
  page: their words are on every page, and Sphinx rebuilds a page only for its own chapter's catalogue.
"""

from __future__ import annotations

import pathlib

import sphinx.writers.html5
import sphinx_book_theme
from babel.messages.extract import extract_from_file
from sphinx.application import Sphinx
from sphinx.builders.gettext import MsgOrigin
from sphinx.config import Config
from sphinx.theming import HTMLThemeFactory, Theme
from sphinx.util.i18n import CatalogRepository

from scripts.sphinxext.translation_status import DOMAIN

# sphinx-book-theme's catalogue (its MESSAGE_CATALOG_NAME), and the names its templates and its
# Python code call it by: the template context's ``translate`` and the modules' ``translation``.
BOOKTHEME_DOMAIN = "booktheme"
BOOKTHEME_TEMPLATE_FUNCTION = "translate"
BOOKTHEME_PYTHON_FUNCTION = "translation"
# The gettext functions of Sphinx's and pydata-sphinx-theme's templates (Jinja's i18n extension).
SPHINX_DOMAIN = "sphinx"
SPHINX_TEMPLATE_FUNCTIONS = ("_", "gettext", "ngettext")
# The catalogues of words every page shows: the templates' and themes', and the handbook's notices.
SHARED_DOMAINS = (SPHINX_DOMAIN, BOOKTHEME_DOMAIN, DOMAIN)
# A theme option whose value a template passes to translate(): "Contents", above the page's sections.
BOOKTHEME_TRANSLATED_OPTIONS = ("toc_title",)


def handbook_themes(app: Sphinx) -> list[Theme]:
    """The themes of the site and of the e-book (html_theme first), loaded as their builders load them."""
    factory = HTMLThemeFactory(confdir=app.confdir, app=app, config=app.config, registry=app.registry)
    first_new_listener = app.events.next_listener_id
    themes = [factory.create(name) for name in dict.fromkeys([app.config.html_theme, app.config.epub_theme])]
    # Loading a theme sets it up as an extension; its event handlers are for the site's build, not this
    # one (pydata-sphinx-theme's would write its pygments.css beside the templates when the build ends).
    for listener in [listener for listeners in app.events.listeners.values() for listener in listeners]:
        if listener.id >= first_new_listener:
            app.disconnect(listener.id)
    return themes


def theme_folders(themes: list[Theme]) -> list[pathlib.Path]:
    """The template folders of *themes* and the themes they inherit from, each theme's before its parent's."""
    return list(dict.fromkeys(pathlib.Path(folder) for theme in themes for folder in theme.get_theme_dirs()))


def template_messages(app: Sphinx, folder: pathlib.Path):
    """(domain, message, file, line) of every message the templates in *folder* translate."""
    extract = app.builder.templates.environment.extract_translations
    functions = (*SPHINX_TEMPLATE_FUNCTIONS, BOOKTHEME_TEMPLATE_FUNCTION)
    for template in sorted(folder.rglob("*.html")):
        for line, function, text in extract(template.read_text(encoding="utf-8"), gettext_functions=functions):
            # translate(theme_toc_title) and the like pass a variable: no message to extract there.
            for message in (text if isinstance(text, tuple) else (text,)):
                if isinstance(message, str):
                    domain = BOOKTHEME_DOMAIN if function == BOOKTHEME_TEMPLATE_FUNCTION else SPHINX_DOMAIN
                    yield domain, message, template, line


def python_messages(modules: list[pathlib.Path], function: str):
    """(message, file, line) of every message the Python *modules* translate by calling *function*."""
    for module in modules:
        for line, message, _comments, _context in extract_from_file("python", module, keywords={function: None}):
            yield message, module, line


def write_templates(app: Sphinx) -> None:
    """Give `make gettext` the themes' messages: sphinx.pot and booktheme.pot (see the module's docstring)."""
    if app.builder.name != "gettext":
        return
    catalogs = app.builder.catalogs
    site_theme, *_ = themes = handbook_themes(app)
    for folder in theme_folders(themes):
        for domain, message, template, line in template_messages(app, folder):
            catalogs[domain].add(message, MsgOrigin(str(template), line))
    # sphinx-book-theme's button tooltips and "Search", in its Python code.
    package = pathlib.Path(sphinx_book_theme.__file__).parent
    for message, module, line in python_messages(sorted(package.rglob("*.py")), BOOKTHEME_PYTHON_FUNCTION):
        catalogs[BOOKTHEME_DOMAIN].add(message, MsgOrigin(str(module), line))
    # Sphinx's HTML writer's words on every page: the permalinks' "Link to this heading" and the like.
    for message, module, line in python_messages([pathlib.Path(sphinx.writers.html5.__file__)], "_"):
        catalogs[SPHINX_DOMAIN].add(message, MsgOrigin(str(module), line))
    options = site_theme.get_options(app.config.html_theme_options)
    for option in BOOKTHEME_TRANSLATED_OPTIONS:
        # The option is set in conf.py (html_theme_options) or else in the theme's theme.conf.
        source = (app.confdir / "conf.py" if option in app.config.html_theme_options
                  else pathlib.Path(site_theme.get_theme_dirs()[0], "theme.conf"))
        catalogs[BOOKTHEME_DOMAIN].add(options[option], MsgOrigin(str(source), 0))


def read_project_booktheme_catalogue(app: Sphinx, config: Config) -> None:
    """In a translated build, compile the project's booktheme.po and read it before sphinx-book-theme's own."""
    if config.language == "en":
        return
    repository = CatalogRepository(app.srcdir, config.locale_dirs, config.language, config.source_encoding)
    for catalogue in repository.catalogs:
        # Sphinx compiles the "sphinx" domain this early itself, and the chapters' only after the theme is
        # loaded: too late for the theme's catalogue, which the theme registers as it is loaded.
        if catalogue.domain == BOOKTHEME_DOMAIN:
            if catalogue.is_outdated():
                catalogue.write_mo(config.language, config.gettext_allow_fuzzy_translations)
            app.add_message_catalog(BOOKTHEME_DOMAIN, pathlib.Path(catalogue.base_dir).parents[1])


def shared_catalogue_times(app: Sphinx) -> dict[str, int]:
    """The modification time of each catalogue of words that every page shows (SHARED_DOMAINS)."""
    repository = CatalogRepository(app.srcdir, app.config.locale_dirs, app.config.language, app.config.source_encoding)
    return {str(catalogue.po_path): catalogue.po_path.stat().st_mtime_ns
            for catalogue in repository.catalogs if catalogue.domain in SHARED_DOMAINS}


def reread_after_a_shared_catalogue_changed(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Every page, when a catalogue whose words every page shows changed since the last build.

    Sphinx rewrites a page when its chapter or its chapter's catalogue changed; the themes' words and
    the handbook's notices are in other catalogues, so an edit there alone would leave every page as it was.
    """
    if app.config.language == "en":
        return []
    times = shared_catalogue_times(app)
    previous = getattr(env, "handbook_shared_catalogue_times", None)
    env.handbook_shared_catalogue_times = times
    return sorted(env.found_docs) if previous is not None and previous != times else []


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", read_project_booktheme_catalogue)
    app.connect("env-get-outdated", reread_after_a_shared_catalogue_changed)
    app.connect("builder-inited", write_templates)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
