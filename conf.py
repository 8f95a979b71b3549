"""Sphinx configuration for the Vertebroplasty Handbook.

Sphinx runs with ``-c .`` on ``docs/`` (see scripts/build.py). Title, authors, version and release
date come from CITATION.cff, so every format says the same thing; the hosting organisation's name,
logo, contact line and address come from branding.toml (or HANDBOOK_* variables). Nothing here
reads the clock or the network: two builds of one commit are identical.
"""

import html
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from sphinx.errors import ConfigError  # noqa: E402
from sphinx.util import texescape  # noqa: E402

from scripts import branding, metadata, myst_reader, translations  # noqa: E402  (needs the sys.path entry above)

HANDBOOK = metadata.load()
try:
    BRANDING = branding.load()
except branding.BrandingError as error:
    # Sphinx names a ConfigError a configuration error, not a bug in conf.py (scripts/build.py checks first).
    raise ConfigError(str(error)) from None

# Set by scripts/build.py: where it puts the products (the HTML build links to the PDF and EPUB
# found there), and the folder of chapters being built (the tests build copies of docs/).
BUILD_DIR = pathlib.Path(os.environ.get("HANDBOOK_BUILD_DIR", ROOT / "_build"))
SOURCE_DIR = pathlib.Path(os.environ.get("HANDBOOK_SOURCE_DIR", ROOT / "docs"))

# -- General configuration -----------------------------------------------------------------------

project = HANDBOOK.title
author = HANDBOOK.author
version = release = HANDBOOK.version
# The author first: Sphinx replaces a leading year equal to the clock's year with SOURCE_DATE_EPOCH's,
# so a line starting with the release year would read differently when built in another year.
copyright = f"{HANDBOOK.author}, {HANDBOOK.released.year}. Text licensed {HANDBOOK.license}"
# The release date, not the build date, so rebuilds are identical.
today = f"{HANDBOOK.released.day} {HANDBOOK.released:%B %Y}"
# English, or the translation scripts/build.py builds (`make html LOCALE=xx`; see Translations below).
language = os.environ.get("HANDBOOK_LANGUAGE") or "en"

extensions = [
    "myst_parser",
    "sphinx.ext.graphviz",
    "sphinxcontrib.bibtex",
    "scripts.sphinxext.bibcheck",
    # SVG figures are converted to PDF for LaTeX with rsvg-convert (librsvg2-bin).
    "sphinxcontrib.rsvgconverter",
    "scripts.sphinxext.reviewed",
    "scripts.sphinxext.downloads",
    "scripts.sphinxext.organisation",
    "scripts.sphinxext.epub3",
    "scripts.sphinxext.dpub_roles",
    "scripts.sphinxext.latex_references",
    "scripts.sphinxext.html_lang",
    "scripts.sphinxext.graphviz_img",
    "scripts.sphinxext.inline_assets",
    "scripts.sphinxext.csl_citations",
    # Links whose text is their address (DOIs, MLA's URLs) marked, so that print gives the address once.
    "scripts.sphinxext.link_addresses",
    # Removes the themes' Jinja macro files from _static and stale terms from the search index.
    "scripts.sphinxext.site_files",
    # Charts and tables drawn from docs/data/*.toml at build time (matplotlib).
    "scripts.sphinxext.data_charts",
    # Numbered chapters, sections, figures and tables in the single-page HTML the tagged PDF is made from.
    "scripts.sphinxext.print_numbers",
    # The theme's templates compiled once and kept, not compiled again on every rebuild.
    "scripts.sphinxext.template_cache",
    # The sidebar's chapter list drawn once per folder of pages, not once per page.
    "scripts.sphinxext.sidebar_nav",
    # An edit-rebuild reads its few chapters in the main process (a worker would send back the whole
    # environment); writing keeps both cores.
    "scripts.sphinxext.serial_small_reads",
    # The last build's figure numbers kept when no chapter's outline changed, instead of Sphinx
    # loading every chapter's doctree again to number them (wraps a Sphinx internal; see the module).
    "scripts.sphinxext.figure_numbers",
]

root_doc = "index"
templates_path = [str(ROOT / "_templates")]
exclude_patterns = ["uncited-references.txt", "authorless-references.txt", "citation-check-exceptions.txt"]

# Every cross-reference must resolve, and every warning names its type so a suppression can be precise.
nitpicky = True
show_warning_types = True
numfig = True
numfig_format = {"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s", "section": "Section %s"}

# -- Translations ----------------------------------------------------------------------------------

# The catalogues (locales/LANG/LC_MESSAGES/CHAPTER.po) are copied by scripts/build.py into the work
# folder, where Sphinx compiles them: no compiled .mo file is ever written into the repository.
locale_dirs = [os.environ.get("HANDBOOK_LOCALE_DIR") or str(ROOT / "locales")]
# A message translated for an older English text (msgmerge marks it fuzzy) is still shown, marked "may
# be out of date" on its page: a slightly stale translation serves a reader better than English.
gettext_allow_fuzzy_translations = True
# Stale and untranslated passages marked, a notice under each title, the translator and reviewer named
# (scripts/sphinxext/translation_status.py); a draft (`DRAFT=1`: no clinical review recorded) says so.
extensions.append("scripts.sphinxext.translation_status")
# The themes' words around the article (search box, "Back to top", "Contents", ...) in `make gettext`'s
# sphinx.pot and booktheme.pot, and the project's translations of them read before the themes' own
# (scripts/sphinxext/theme_messages.py).
extensions.append("scripts.sphinxext.theme_messages")
# The templates' "#:" locations relative to the repository (docs/procedure.md:12), not to the build folder.
extensions.append("scripts.sphinxext.gettext_locations")
# The words drawn in the figures (graph labels, SVG texts, chart labels) in the chapters' templates and
# drawn in the language built (scripts/sphinxext/drawn_words.py).
extensions.append("scripts.sphinxext.drawn_words")
handbook_translation_draft = bool(os.environ.get("HANDBOOK_DRAFT"))
# The languages whose sites `make all` builds beside English (each clinically reviewed): every page
# links to itself in each (hreflang, and the sidebar's language switch: scripts/sphinxext/html_lang.py).
try:
    handbook_languages = list(translations.reviewed_languages(
        pathlib.Path(os.environ.get("HANDBOOK_LOCALES") or translations.LOCALES)))
except translations.TranslationError as error:
    raise ConfigError(str(error)) from None

# -- MyST ------------------------------------------------------------------------------------------

# From scripts/myst_reader.py, which the checkers and tests read chapters with: one set of settings,
# so they see the tokens the build sees. colon_fence for :::{note} boxes, deflist for definition lists;
# headings up to level 3 get anchors, so chapters can link to [a section](other.md#its-slug).
myst_enable_extensions = list(myst_reader.ENABLE_EXTENSIONS)
myst_heading_anchors = myst_reader.HEADING_ANCHORS

# -- Graphviz --------------------------------------------------------------------------------------

# SVG keeps the flowchart sharp in HTML and EPUB; LaTeX always gets PDF from dot.
graphviz_output_format = "svg"
graphviz_dot_args = ["-Gfontname=FreeSans", "-Nfontname=FreeSans", "-Efontname=FreeSans"]

# -- HTML output -----------------------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = HANDBOOK.title
html_static_path = [str(ROOT / "_static")]
html_css_files = ["handbook.css"]
html_js_files = ["handbook.js"]
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    # The theme's download button prints one page only; the whole-book PDF and EPUB are linked
    # from every page by the sidebar template book-downloads.html instead.
    "use_download_button": False,
    "use_fullscreen_button": False,
    # Hospitals host the site themselves: no links to a source repository or issue tracker.
    "use_repository_button": False,
    "use_source_button": False,
    "use_edit_page_button": False,
    "use_issues_button": False,
    # No Read the Docs advertising slot: the site is hosted by hospitals, often offline.
    "primary_sidebar_end": [],
}
# The reader's system setting picks light or dark until they choose with the toggle. (Left empty,
# the theme logs a console error "invalid theme mode" on every page.)
html_context = {"default_mode": "auto"}
# The <html lang> tag (scripts/sphinxext/html_lang.py): the handbook is written in British English; a
# translation is tagged with its language code.
handbook_language_tag = "en-GB" if language == "en" else language
html_sidebars = {
    "**": ["navbar-logo.html", "handbook-organisation.html", "search-button-field.html", "sbt-sidebar-nav.html",
           "language-switch.html", "book-downloads.html"],
}
# The hosting organisation (branding.toml): its logo above the title and its name below it (in the
# sidebar, the book theme's header; handbook_organisation below), its contact line in every footer,
# its address in canonical links.
html_baseurl = BRANDING.base_url
if BRANDING.org_logo:
    html_logo = str(BRANDING.org_logo)
    # Keep the handbook's title as text beside the logo; the image's alt text names the organisation in
    # the language being built (scripts/sphinxext/organisation.py).
    html_theme_options["logo"] = {"text": HANDBOOK.title}
if BRANDING.org_contact:
    html_theme_options["extra_footer"] = f'<p class="handbook-contact">{html.escape(BRANDING.org_contact)}</p>'
html_copy_source = False
html_show_sourcelink = False
# A last-updated stamp would be the build's clock; each chapter shows its review date instead.
html_last_updated_fmt = None
html_use_index = False

# -- LaTeX (PDF) output ----------------------------------------------------------------------------

PAPER = os.environ.get("PAPER", "a4")
if PAPER not in {"a4", "letter"}:
    raise ValueError(f"PAPER={PAPER!r} is not supported; use PAPER=a4 (the default) or PAPER=letter")

latex_engine = "xelatex"
# Sphinx fills its table of LaTeX escapes when the LaTeX builder starts; the title page needs it now.
texescape.init()
latex_documents = [(root_doc, "vertebroplasty-handbook.tex", HANDBOOK.title, HANDBOOK.author, "manual")]
# The handbook has no general index (the glossary serves), so xindy is not needed.
latex_use_xindy = False
latex_domain_indices = False
latex_show_urls = "footnote"
latex_elements = {
    "papersize": f"{PAPER}paper",
    "pointsize": "11pt",
    # Readers print at home, mostly on one side: no blank pages before chapters.
    "extraclassoptions": "openany,oneside",
    "printindex": "",
    "passoptionstopackages": r"\PassOptionsToPackage{bookmarksnumbered,bookmarksopen}{hyperref}",
    "preamble": "\n".join([
        r"\hypersetup{",
        rf"  pdftitle={{{HANDBOOK.title}}},",
        rf"  pdfauthor={{{HANDBOOK.author}}},",
        rf"  pdfsubject={{{HANDBOOK.abstract}}},",
        rf"  pdfkeywords={{{', '.join(HANDBOOK.keywords)}}},",
        r"  pdflang={en-GB},",
        r"  pdfcreator={Sphinx, xelatex},",
        r"}",
    ]),
    "maketitle": "\n".join([
        r"\begin{titlepage}",
        r"\centering\vspace*{0.25\textheight}",
        rf"{{\sffamily\bfseries\Huge {HANDBOOK.title}\par}}",
        r"\vspace{2em}",
        r"{\Large Percutaneous vertebroplasty for patients, families and referring clinicians\par}",
        r"\vfill",
        *([rf"{{\large Provided by {texescape.escape(BRANDING.org_name, latex_engine)}\par}}", r"\vspace{1em}"]
          if BRANDING.org_name else []),
        rf"{{\large {HANDBOOK.author}\par}}",
        r"\vspace{1em}",
        rf"{{\large {HANDBOOK.edition} \textbullet{{}} Version {HANDBOOK.version} \textbullet{{}} {today}\par}}",
        r"\end{titlepage}",
    ]),
}

# -- EPUB output -----------------------------------------------------------------------------------

epub_basename = "vertebroplasty-handbook"
epub_title = HANDBOOK.title
epub_author = HANDBOOK.author
# The hosting organisation publishes its copy; without one, the authors publish it.
epub_publisher = BRANDING.org_name or HANDBOOK.author
epub_contributor = HANDBOOK.author
epub_copyright = copyright
epub_language = handbook_language_tag
epub_description = HANDBOOK.abstract
# A fixed identifier: readers' libraries recognise a new version as the same book.
epub_identifier = "urn:uuid:6f1b7c52-3a0e-4d8e-9b7a-5c1f2e8d4a90"
epub_scheme = "UUID"
epub_uid = "handbook-id"
# The cover image, and a cover page in the reading order made from Sphinx's template.
epub_cover = ("_static/cover.png", "epub-cover.html")
epub_show_urls = "no"
epub_use_index = False
# The root toctree is hidden (the site shows it in the sidebar); the e-book navigation still needs it.
epub_tocincludehidden = True  # toc.ncx
epub_tocscope = "includehidden"  # nav.xhtml
# The cover's source drawing (the book carries the PNG made from it); the basic theme's stylesheet and
# its tree-toggle icons, which no EPUB page uses (EPUBCheck usage notes); the site's own CSS and script,
# which style the web theme only (its --pst-* variables mean nothing to an e-reader).
epub_exclude_files = ["_static/cover.svg", "_static/basic.css", "_static/plus.png", "_static/minus.png",
                      "_static/handbook.css", "_static/handbook.js"]
epub_css_files = []

# -- Bibliography (sphinxcontrib-bibtex) -------------------------------------------------------------

# Absolute: sphinxcontrib-bibtex resolves relative paths against this folder, not the chapters'.
bibtex_bibfiles = [str(SOURCE_DIR / "references.bib")]
# The citation style of the in-text citations and the reference list: apa, mla, chicago (author-date) or
# harvard (Cite Them Right), rendered by CSL (scripts/sphinxext/csl_citations.py): `make html CITATION_STYLE=mla`.
citation_style = os.environ.get("CITATION_STYLE") or "apa"
bibtex_default_style = bibtex_reference_style = "csl"

# -- Local extensions --------------------------------------------------------------------------------

# A fence left open (```{note} or :::{warning} without its closing line) takes in the rest of the
# chapter and MyST says nothing: this warns at the line where it opens (scripts/myst_reader.py).
extensions.append("scripts.sphinxext.unclosed_fences")

handbook_build_dir = str(BUILD_DIR)
handbook_organisation = BRANDING.org_name

# Chapter HTML and links that could run code, load or frame other content, or restyle the page fail
# the build at their file and line (warning type handbook.unsafe-html). scripts/html_safety.py decides,
# for this gate and the reference checker's unsafe-html check alike, so the two cannot disagree.
extensions.append("scripts.sphinxext.html_gate")
