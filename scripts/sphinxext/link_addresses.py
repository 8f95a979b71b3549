"""Mark the links that show their own address, so that no printed output prints it twice.

A printed page cannot be clicked, so three outputs print a link's address after its text: the print
stylesheet of the site (``_static/handbook.css``), the tagged PDF (``scripts/print_pdf.py``) and the
LaTeX PDF (``latex_show_urls``). Most of the handbook's links are their own address already: a
reference's DOI or URL, the "cite this page" address, and MLA's URLs written without ``https://``
(``scripts/csl.py``). In HTML such a link gets the class ``shows-address``, which the stylesheet
leaves alone; LaTeX gets the whole address as the text of an MLA one, instead of a footnote that
repeats it.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

PROTOCOL_RE = re.compile(r"^https?://")
SHOWS_ADDRESS = "shows-address"


def shows_address(text: str, address: str) -> bool:
    """A link whose *text* is its *address*, whole or without the protocol (as MLA prints URLs)."""
    return text == address or text == PROTOCOL_RE.sub("", address)


def external_links(document: nodes.document):
    """The links of *document* to a web address, with their address and text."""
    for reference in document.findall(nodes.reference):
        address = reference.get("refuri", "")
        if PROTOCOL_RE.match(address):
            yield reference, address, reference.astext()


def mark_links_that_show_their_address(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give the class ``shows-address`` to each link whose text is its address (HTML and EPUB).

    On doctree-resolved, late: the "cite this page" box is added on that event too
    (scripts/sphinxext/csl_citations.py), after the post-transforms."""
    if app.builder.format != "html":
        return
    for reference, address, text in external_links(doctree):
        if shows_address(text, address):
            reference["classes"].append(SHOWS_ADDRESS)


class WholeAddressInLatex(SphinxPostTransform):
    """Give LaTeX the whole address of a link that shows it without its protocol.

    With ``latex_show_urls`` Sphinx footnotes the address of every link whose text is not the address
    (its ShowUrlsTransform, priority 400): ``www.nice.org.uk/…`` would get a footnote that repeats it.
    MLA allows the whole URL, so the PDF prints that instead (when it prints addresses at all)."""

    formats = ("latex",)
    default_priority = 390

    def run(self, **kwargs) -> None:
        if self.config.latex_show_urls in (False, "no"):
            return
        for reference, address, text in list(external_links(self.document)):
            if text != address and shows_address(text, address):
                reference.children = [nodes.Text(address)]


def setup(app: Sphinx) -> dict:
    app.connect("doctree-resolved", mark_links_that_show_their_address, priority=900)
    app.add_post_transform(WholeAddressInLatex)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
