"""Give the site's templates the hosting organisation's name (from branding.toml, read by conf.py).

``_templates/handbook-organisation.html`` shows it under the handbook's title in the sidebar, the
book theme's header. An empty name (the default) shows nothing.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def add_organisation(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["handbook_organisation"] = app.config.handbook_organisation


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_organisation", "", "html", types=[str])
    app.connect("html-page-context", add_organisation)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
