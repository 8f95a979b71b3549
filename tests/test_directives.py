"""Chapters use only directives that render in HTML, LaTeX and EPUB alike.

Theme-only directives (sphinx-book-theme's margin, sphinx-design's cards and tabs, ...) look fine
in the site and break or vanish in the PDF and EPUB. The whole handbook is built in every format by
the product tests; this test names the offending directive and file before any build.
"""

from __future__ import annotations

from scripts import myst_reader
from tests.helpers import DOCS

# Directives known to render in all three formats (docutils, Sphinx, MyST and our extensions).
PORTABLE_DIRECTIVES = {
    "admonition", "note", "warning", "important", "tip", "caution", "attention", "danger", "error", "hint",
    "seealso", "figure", "image", "table", "list-table", "csv-table", "glossary", "graphviz",
    "bibliography", "toctree", "code-block", "epigraph", "rubric", "only",
    # scripts/sphinxext/csl_citations.py: a definition list, which every builder renders.
    "cite-this-handbook",
    # scripts/sphinxext/data_charts.py: an image (SVG, or PDF for LaTeX) and a table, in every builder.
    "data-chart", "data-table",
}


def test_chapters_use_only_portable_directives():
    found = []
    for path in sorted(DOCS.rglob("*.md")):
        for directive in myst_reader.read(path.read_text(encoding="utf-8")).directives:
            if directive.name and directive.name not in PORTABLE_DIRECTIVES:
                found.append(f"{path.relative_to(DOCS)}:{directive.line}: {{{directive.name}}}")
    assert not found, ("directives that do not render in every format (use an admonition, figure or "
                       "table instead):\n" + "\n".join(found))
