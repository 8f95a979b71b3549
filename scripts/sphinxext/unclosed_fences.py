"""Warn, at the line where it opens, about a fence left open in a MyST chapter.

markdown-it closes a fence only with a line of the same marker, at least as long; one left open
(```` ```{note} ```` or ``:::{warning}`` without its closing line) silently takes the rest of the
chapter, or of the box around it, into the block, and MyST says nothing. This extension reads each
Markdown source with the checkers' reader (``scripts/myst_reader.py``: myst-parser's tokens, the
build's settings) as Sphinx reads it, and warns for every fence that markdown-it ran to the end of
its container; under ``-W`` the build fails. ``make check`` reports the same (``unclosed-fence``).

Warnings: type ``handbook``, subtype ``unclosed-fence``.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

from scripts import myst_reader

logger = logging.getLogger(__name__)


def message(directive: myst_reader.Directive) -> str:
    """What the author reads, for both the build and the checker."""
    what = f"the {{{directive.name}}} directive" if directive.name else "the code block"
    return (f"{what} opened here with {directive.fence} is never closed, so it takes in everything after it; "
            f"close it with {directive.fence} on a line of its own")


def warn_about_unclosed_fences(app: Sphinx, docname: str, source: list[str]) -> None:
    if not str(app.env.doc2path(docname)).endswith(".md"):
        return
    for directive in myst_reader.read(source[0]).directives:
        if not directive.closed:
            logger.warning(message(directive), location=(docname, directive.line), type="handbook",
                           subtype="unclosed-fence")


def setup(app: Sphinx) -> dict:
    app.connect("source-read", warn_about_unclosed_fences)
    # Each document is read on its own, and nothing is kept between documents.
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
