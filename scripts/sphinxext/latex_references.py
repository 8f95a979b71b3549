"""Give the PDF one "References" chapter that holds the entries.

Sphinx's LaTeX builder gathers every citation into a "Bibliography" chapter at the end of the book
(sphinx.builders.latex.transforms.BibliographyTransform), which leaves the handbook's own
References chapter empty. This post-transform removes that emptied chapter and gives the trailing
bibliography its title instead.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform


def has_content(section: nodes.section) -> bool:
    """Whether *section* has any text besides its title (the bibliography leaves an empty container)."""
    return any(child.astext().strip() for child in section.children if not isinstance(child, nodes.title))


class TitleBibliographyAfterReferencesChapter(SphinxPostTransform):
    """Replace the empty references chapter by a bibliography carrying its title (LaTeX only)."""

    formats = ("latex",)
    default_priority = 760  # after BibliographyTransform (750) has gathered the entries

    def run(self, **kwargs) -> None:
        bibliography = next(iter(self.document.findall(thebibliography)), None)
        if bibliography is None:
            return
        label = self.config.handbook_references_label
        for section in self.document.findall(nodes.section):
            if label in section["ids"] and not has_content(section):
                title = section[0].astext()
                section.parent.remove(section)
                command = rf"\renewcommand{{\bibname}}{{{title}}}" + "\n"
                bibliography.parent.insert(bibliography.parent.index(bibliography),
                                           nodes.raw("", command, format="latex"))
                return


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_references_label", "references", "env", types=[str])
    app.add_post_transform(TitleBibliographyAfterReferencesChapter)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
