"""Refuse chapter HTML and links that could run code, load or frame other content, or restyle the page.

Every route by which a chapter's markup reaches the output ends in the doctree, so the gate looks
there, after each document is read: raw nodes for HTML (HTML blocks and inline HTML in Markdown,
``{raw} html``, ``.. raw:: html`` inside ``{eval-rst}``, and the same in included files), reference
and target nodes for link targets, image nodes for image sources, and meta nodes (``html_meta`` front
matter, ``.. meta::``) for ``http-equiv``. What is safe is decided by scripts/html_safety.py, which the
reference checker's ``unsafe-html`` check calls too, so the build and the checker cannot disagree.

Each refusal is a warning at the file and line of the markup, of type ``handbook`` and subtype
``unsafe-html``; under ``-W`` (every build of the handbook) it fails the build, and scripts/build.py
then keeps the last good output. The refused node is also taken out of the doctree, so even the
failed build's work folder never holds the markup.
"""

from __future__ import annotations

import pathlib

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.util import logging

from scripts import html_safety

logger = logging.getLogger(__name__)


class Gate:
    """Checks one document's doctree, warning once per problem and place."""

    def __init__(self, doctree: nodes.document) -> None:
        self.document_source = doctree["source"]
        self.warned: set[tuple[str, str]] = set()
        self.source_lines: dict[str, list[str]] = {}

    def refuse(self, node: nodes.Node, message: str, line: int | None = None) -> None:
        """Warn at *line* of *node*'s file (by default *node*'s own line, or its nearest ancestor's)."""
        source, node_line = get_source_line(node)
        line = line or node_line
        if not line:  # a node made from the front matter (html_meta): the file's first line
            source, line = self.document_source, 1
        where = f"{source}:{line}"
        if (where, message) not in self.warned:
            self.warned.add((where, message))
            logger.warning(message, location=where, type="handbook", subtype="unsafe-html")

    def first_line(self, node: nodes.raw) -> int | None:
        """The line where *node*'s HTML starts in its file.

        The node's own line is that of its directive or paragraph; the HTML is looked up from there
        (a line locator, not a parser: the text is the parser's own output).
        """
        source, line = get_source_line(node)
        first = next((text.strip() for text in node.astext().splitlines() if text.strip()), "")
        if not (source and line and first):
            return line
        if source not in self.source_lines:
            try:
                self.source_lines[source] = pathlib.Path(source).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self.source_lines[source] = []
        lines = self.source_lines[source]
        return next((number for number in range(line, len(lines) + 1) if first in lines[number - 1]), line)

    def check(self, doctree: nodes.document) -> None:
        for node in list(doctree.findall(nodes.raw)):
            if "html" in node.get("format", "").split():
                first_line = self.first_line(node) or 1
                problems = html_safety.html_problems(node.astext(), first_line)
                for problem in problems:
                    self.refuse(node, problem.message, problem.line)
                if problems:
                    node.parent.remove(node)
        for node in list(doctree.findall(lambda found: isinstance(found, (nodes.reference, nodes.target)))):
            if problem := html_safety.url_problem(node.get("refuri", "")):
                self.refuse(node, f"link target {node['refuri']!r}: {problem}")
                node["refuri"] = ""  # the link stays, pointing at its own page
        for node in list(doctree.findall(nodes.image)):
            if problem := html_safety.url_problem(node.get("uri", "")):
                self.refuse(node, f"image source {node['uri']!r}: {problem}")
                node.parent.remove(node)
        for node in list(doctree.findall(nodes.meta)):
            if "http-equiv" in node.attributes:
                self.refuse(node, f"<meta http-equiv={node['http-equiv']!r}> is not allowed: "
                                  f"{html_safety.REFUSED_TAGS['meta']}")
                node.parent.remove(node)


def check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    Gate(doctree).check(doctree)


def setup(app: Sphinx) -> dict:
    # Before Sphinx's collectors (priority 500) copy section titles into the tables of contents and
    # the previous/next links of other pages: what the gate takes out must not have reached them.
    app.connect("doctree-read", check_doctree, priority=100)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
