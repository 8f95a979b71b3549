"""Give the site's pages the full language tag of their text, e.g. ``<html lang="en-GB">``, and link
each page to the same page in the handbook's other languages; a right-to-left language's pages get
``dir="rtl"``.

Sphinx's ``language`` stays ``en`` for English: it also picks the PDF's hyphenation and the interface
translations, which need no change. Screen readers use the page's ``lang`` for pronunciation and
spell checkers for spelling, so the HTML carries the BCP 47 tag from ``handbook_language_tag``.

``handbook_languages`` lists the languages whose sites are built side by side (English in
``_build/html``, each translation in ``_build/LANG/html``; scripts/build.py): every page gets a
``<link rel="alternate" hreflang>`` to each, and the sidebar's language switch
(_templates/language-switch.html) lists them, each named in its own language.

A right-to-left language's site and EPUB carry their own font for its script: FreeSerif (Debian's
fonts-freefont-otf, which the PDF uses too) is copied into ``_static/fonts/`` with a stylesheet that
uses it, so a reader's device needs no font of its own and nothing is fetched from elsewhere.
"""

from __future__ import annotations

import dataclasses
import pathlib
import shutil

from babel import Locale, UnknownLocaleError
from sphinx.application import Sphinx

from scripts import translations


@dataclasses.dataclass(frozen=True)
class LanguageLink:
    """The same page in one of the handbook's languages."""

    code: str
    name: str
    """The language's name in that language (Babel's), e.g. "Français"; the code when Babel has none."""
    url: str
    """Relative to the current page."""
    current: bool


def site_path(app: Sphinx, language: str, docname: str) -> str:
    """The path of *docname* in *language*'s site, relative to that page in the site being built."""
    # English's site is BUILDDIR/html, a translation's BUILDDIR/LANG/html (scripts/build.py).
    to_build_dir = "../" * (docname.count("/") + (1 if app.config.language == "en" else 2))
    return f"{to_build_dir}{'' if language == 'en' else f'{language}/'}html/{docname}.html"


def language_name(code: str) -> str:
    try:
        locale = Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        return code
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def set_language_tag(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # pydata-sphinx-theme writes <html lang="{{ language }}">.
    context["language"] = app.config.handbook_language_tag
    # _templates/layout.html writes it on <body>: the theme writes <html> outside any template block.
    context["handbook_direction"] = translations.direction(app.config.language)
    if app.builder.name != "html":
        return  # the single-page book and the EPUB stand alone
    languages = list(dict.fromkeys(["en", *app.config.handbook_languages, app.config.language]))
    links = [LanguageLink(code, language_name(code), site_path(app, code, pagename), code == app.config.language)
             for code in languages]
    context["handbook_language_links"] = links if len(links) > 1 else []
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" hreflang="{link.code}" href="{link.url}">' for link in links if len(links) > 1)


# FreeSerif covers Hebrew, Arabic and Persian (fontconfig's languages for it; FreeSans lacks Arabic);
# system-packages.txt installs it for html, epub and pdf.
FONT_FOLDER = pathlib.Path("/usr/share/fonts/opentype/freefont")
FONTS = {"normal": "FreeSerif.otf", "bold": "FreeSerifBold.otf"}
RTL_STYLESHEET = "handbook-rtl.css"


def add_script_font(app: Sphinx) -> None:
    """Copy FreeSerif into a right-to-left site or EPUB and give its pages the stylesheet that uses it."""
    if translations.direction(app.config.language) != "rtl" or app.builder.format != "html":
        return
    fonts = pathlib.Path(app.outdir, "_static", "fonts")
    fonts.mkdir(parents=True, exist_ok=True)
    faces = []
    for weight, name in FONTS.items():
        shutil.copyfile(FONT_FOLDER / name, fonts / name)
        faces.append(f'@font-face {{ font-family: "FreeSerif"; font-weight: {weight}; '
                     f'src: url("fonts/{name}") format("opentype"); }}')
    rules = "\n".join([*faces, 'body, h1, h2, h3, h4, h5, h6 { font-family: "FreeSerif", serif; }', ""])
    pathlib.Path(app.outdir, "_static", RTL_STYLESHEET).write_text(rules, encoding="utf-8")
    app.add_css_file(RTL_STYLESHEET)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", add_script_font)
    app.add_config_value("handbook_language_tag", "en-GB", "html", types=[str])
    app.add_config_value("handbook_languages", [], "html", types=[list])
    app.connect("html-page-context", set_language_tag)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
