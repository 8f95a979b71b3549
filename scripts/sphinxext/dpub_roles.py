"""Write bibliography entries with the ``listitem`` role instead of the deprecated ``doc-biblioentry``.

docutils marks each citation ``role="doc-biblioentry"`` inside a ``role="list"`` wrapper. DPUB-ARIA 1.1
deprecated that role: EPUBCheck warns about it (RSC-017) and axe reports ``aria-deprecated-role``.
``listitem`` keeps the list semantics that the wrapper requires.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


class ListItemCitationTranslator(HTML5Translator):
    """Sphinx's HTML5 translator with citations as list items."""

    def visit_citation(self, node: nodes.citation) -> None:
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def setup(app: Sphinx) -> dict:
    for builder in ("html", "dirhtml", "epub"):
        app.set_translator(builder, ListItemCitationTranslator)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
