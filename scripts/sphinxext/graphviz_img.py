"""Put SVG graphs into HTML as ``<img alt="...">`` instead of Sphinx's ``<object>``.

Sphinx embeds an SVG graph in an ``<object>`` whose text alternative is a paragraph inside it;
screen readers and axe (rule ``object-alt``) see an object with no accessible name, and a strict
Content-Security-Policy (``object-src 'none'``) blocks it. An ``<img>`` with the ``:alt:`` text
has a name, is allowed by ``img-src 'self'``, and shows the same drawing. The EPUB gets the same
markup, which EPUB readers show as they show any image.

Warnings (type ``handbook``, subtype ``graphviz-alt``): a graph without ``:alt:`` (Sphinx would use
the dot source as its text alternative).
"""

from __future__ import annotations

import html

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.ext.graphviz import GraphvizError, graphviz, html_visit_graphviz, render_dot
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)


def visit_graphviz(self: HTML5Translator, node: graphviz) -> None:
    if self.builder.config.graphviz_output_format != "svg":
        html_visit_graphviz(self, node)
        return
    if not node.get("alt"):
        logger.warning("graph without :alt: text; add ':alt: <what the graph shows>' to the graphviz directive",
                       location=node, type="handbook", subtype="graphviz-alt")
    try:
        fname, _ = render_dot(self, node["code"], node["options"], "svg", "graphviz", node.get("filename"))
    except GraphvizError as error:
        logger.warning("dot code %r: %s", node["code"], error, location=node)
        raise nodes.SkipNode from error
    classes = " ".join(["graphviz", *node.get("classes", [])])
    alignment = f" align-{node['align']}" if "align" in node else ""
    alt = html.escape(node.get("alt", ""), quote=True)
    self.body.append(f'<div class="graphviz{alignment}"><img src="{fname.as_posix()}" alt="{alt}" class="{classes}" /></div>\n')
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx.ext.graphviz")
    app.add_node(graphviz, override=True, html=(visit_graphviz, None))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
