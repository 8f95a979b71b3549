"""Give the site's templates the hosting organisation's name (from branding.toml, read by conf.py),
and its logo a text alternative in the language being built.

``_templates/handbook-organisation.html`` shows the name under the handbook's title in the sidebar, the
book theme's header. An empty name (the default) shows nothing. The logo (``html_logo``) is named
"NAME logo" in its ``alt`` text, a handbook message (handbook.pot) that a translation translates.
"""

from __future__ import annotations

import html

from sphinx.application import Sphinx
from sphinx.config import Config

from scripts.sphinxext.translation_status import message, text_in_language

# The same message as the tagged PDF's title page (scripts/print_pdf.py): one translation serves both.
LOGO_ALT = message("{organisation} logo")


def add_organisation(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["handbook_organisation"] = app.config.handbook_organisation


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
