"""Give the site's pages the full language tag of their text, e.g. ``<html lang="en-GB">``.

Sphinx's ``language`` stays ``en``: it also picks the PDF's hyphenation and the interface
translations, which need no change. Screen readers use the page's ``lang`` for pronunciation and
spell checkers for spelling, so the HTML carries the BCP 47 tag from ``handbook_language_tag``.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def set_language_tag(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # pydata-sphinx-theme writes <html lang="{{ language }}">.
    context["language"] = app.config.handbook_language_tag


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_language_tag", "en-GB", "html", types=[str])
    app.connect("html-page-context", set_language_tag)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
