"""Give the site's templates the hosting organisation's line (from branding.toml, read by conf.py),
and its logo a text alternative, in the language being built.

``_templates/handbook-organisation.html`` shows "Provided by NAME" under the handbook's title in the
sidebar, the book theme's header. An empty name (the default) shows nothing. The logo (``html_logo``)
is named "NAME logo" in its ``alt`` text. Both are handbook messages (handbook.pot), the same ones the
tagged PDF's title page prints (scripts/print_pdf.py), so one translation serves the site and the PDF.
"""

from __future__ import annotations

import html

from sphinx.application import Sphinx
from sphinx.config import Config

from scripts.sphinxext.translation_status import handbook_text, message, text_in_language

PROVIDED_BY = message("Provided by {organisation}")
LOGO_ALT = message("{organisation} logo")


def add_organisation(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    name = app.config.handbook_organisation
    context["handbook_organisation_line"] = handbook_text(app, PROVIDED_BY, organisation=name) if name else ""


def name_the_logo(app: Sphinx, config: Config) -> None:
    """Give the theme's logo (set in conf.py when branding.toml names one) its text alternative."""
    logo = config.html_theme_options.get("logo")
    if logo is None:
        return
    name = config.handbook_organisation
    # The theme writes the text into the attribute as it is: escaped here.
    logo["alt_text"] = html.escape(text_in_language(config, app.srcdir, LOGO_ALT, organisation=name) if name else "")


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_organisation", "", "html", types=[str])
    app.connect("config-inited", name_the_logo)
    app.connect("html-page-context", add_organisation)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
