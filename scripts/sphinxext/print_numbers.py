"""Number chapters, sections, figures and tables in the single-page HTML that the tagged PDF is made from.

The site and the EPUB leave headings unnumbered (a reader of a web page has no use for "4.2"), but a
printed book needs them: the table of contents, the running heads and the cross-references say
"Chapter 4", "4.2" and "Figure 4.1". The root toctree is made ``:numbered:`` for the ``singlehtml``
builder only (scripts/build.py runs it for the PDF), so Sphinx itself numbers the sections and,
with ``numfig_secnum_depth = 1``, the figures and tables per chapter; ``{numref}`` follows.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

# Chapters, sections and subsections carry numbers ("4", "4.2", "4.2.1"), as the LaTeX PDF's did.
NUMBERED_DEPTH = 3


def number_the_book(app: Sphinx, doctree: nodes.document) -> None:
    """Mark the root document's toctrees numbered, before Sphinx's toctree collector reads them."""
    if app.builder.name != "singlehtml" or app.env.docname != app.config.root_doc:
        return
    for toctree in doctree.findall(addnodes.toctree):
        toctree["numbered"] = NUMBERED_DEPTH


def setup(app: Sphinx) -> dict:
    # Sphinx's TocTreeCollector records numbered toctrees on doctree-read at the default priority
    # (500); this handler must run first.
    app.connect("doctree-read", number_the_book, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
