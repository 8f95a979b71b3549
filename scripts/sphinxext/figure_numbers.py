"""Figure numbers kept from the last build when no chapter's numbering can have changed.

With ``numfig``, Sphinx numbers the figures, tables and code blocks of the whole book in one walk over
every chapter's doctree, loaded back from disk, after every build however small: at 200 chapters that
walk took 0.63 s of the plain-Sphinx floor's 1.74 s rebuild after touching one chapter (1.11 s without
``numfig``). The numbers depend only on each chapter's outline (its sections, toctrees and captioned
figures, tables and code blocks, in order, with their ids), on the section numbers, on the list of
chapters and on the configuration. So each chapter's outline is recorded when it is read, and a build
that re-read only chapters whose outlines did not change, with the same chapters, section numbers and
configuration, keeps the last build's numbers instead of walking again. Every other build walks, and
when the walk changes a number, every page is written again, where Sphinx writes only the chapters whose
own numbers changed: a reference to a table in another chapter ({numref}) prints its number too.

Sphinx has no event for this: the walk, ``TocTreeCollector.assign_figure_numbers``, is wrapped, and
calls Sphinx's own whenever anything it depends on may have changed. tests/test_figure_numbers.py
builds edits that keep and that change the numbering and compares every page with a cold build's.
"""

from __future__ import annotations

import dataclasses
import hashlib

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.domains.std import StandardDomain
from sphinx.environment import CONFIG_OK, BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector

# The environment's attribute holding the record (pickled with the environment).
ATTRIBUTE = "handbook_figure_numbering"
SPHINX_ASSIGN_FIGURE_NUMBERS = TocTreeCollector.assign_figure_numbers


@dataclasses.dataclass
class Numbering:
    """Each chapter's outline, and what this build changed of what the numbers depend on."""

    outlines: dict[str, str] = dataclasses.field(default_factory=dict)
    # This build only: the outline and numbers of each chapter read again, as they were before.
    previous: dict[str, tuple[str | None, dict | None]] = dataclasses.field(default_factory=dict)
    chapters_or_configuration_changed: bool = True
    section_numbers_before: dict | None = None

    def unchanged(self, env: BuildEnvironment) -> bool:
        """Whether the last build's figure numbers hold for this one."""
        return (not self.chapters_or_configuration_changed
                and self.section_numbers_before == env.toc_secnumbers
                and all(outline is not None and self.outlines.get(docname) == outline
                        for docname, (outline, _) in self.previous.items()))

    def forget_this_build(self) -> None:
        self.previous.clear()
        self.chapters_or_configuration_changed = True
        self.section_numbers_before = None


def numbering(env: BuildEnvironment) -> Numbering:
    if not hasattr(env, ATTRIBUTE):
        setattr(env, ATTRIBUTE, Numbering())
    return getattr(env, ATTRIBUTE)


def figure_type(domains: list[Domain], node: nodes.Node) -> str | None:
    """The type a node is numbered as, decided as Sphinx's walk decides it (uncaptioned: none);
    *domains* are the environment's, in Sphinx's order."""
    for domain in domains:
        kind = domain.get_enumerable_node_type(node)
        if isinstance(domain, StandardDomain) and not domain.get_numfig_title(node):
            continue
        if kind:
            return kind
    return None


def outline(env: BuildEnvironment, doctree: nodes.document) -> str:
    """What of *doctree* Sphinx's numbering walk reads, in the order it reads it, as a digest."""
    items: list[tuple] = []
    domains = list(env.domains.sorted())  # sorted once per chapter, not once per node as Sphinx's walk does

    def walk(node: nodes.Element) -> None:
        for child in node.children:
            if isinstance(child, nodes.section):
                items.append(("section", child["ids"][0] if child["ids"] else ""))
                walk(child)
                items.append(("end",))
            elif isinstance(child, addnodes.toctree):
                items.append(("toctree", tuple(name for _, name in child["entries"])))
            elif isinstance(child, nodes.Element):
                if (kind := figure_type(domains, child)) and child["ids"]:
                    items.append((kind, child["ids"][0]))
                walk(child)

    walk(doctree)
    return hashlib.sha256(repr(items).encode("utf-8")).hexdigest()


def assign_figure_numbers(collector: TocTreeCollector, env: BuildEnvironment) -> list[str]:
    """Sphinx's walk, or the last build's numbers when nothing they depend on changed."""
    record = getattr(env, ATTRIBUTE, None)
    if record is None:
        return SPHINX_ASSIGN_FIGURE_NUMBERS(collector, env)
    keep = env.config.numfig and record.unchanged(env)
    if keep:
        for docname, (_, figure_numbers) in record.previous.items():
            if figure_numbers is not None:
                env.toc_fignumbers[docname] = figure_numbers
    record.forget_this_build()
    if keep:
        return []
    renumbered = SPHINX_ASSIGN_FIGURE_NUMBERS(collector, env)
    # Sphinx rewrites the chapters whose own numbers changed; a {numref} in another chapter prints them
    # too, and would keep the old number until that chapter changed. So every page is written again.
    return sorted(env.found_docs) if renumbered else []


# -- Keeping the record ----------------------------------------------------------------------------

def note_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                  removed: set[str]) -> list[str]:
    # The configuration's status is read here: Sphinx resets it once the chapters are read.
    numbering(env).chapters_or_configuration_changed = bool(added or removed) or env.config_status != CONFIG_OK
    return []


def note_section_numbers(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    # Sphinx assigns the section numbers again after reading, just before the figure numbers.
    numbering(env).section_numbers_before = dict(env.toc_secnumbers)


def keep_previous(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Before Sphinx forgets a chapter read again (priority 400: before its collectors at 500)."""
    record = numbering(env)
    if docname not in record.previous:
        record.previous[docname] = (record.outlines.pop(docname, None), env.toc_fignumbers.get(docname))


def record_outline(app: Sphinx, doctree: nodes.document) -> None:
    numbering(app.env).outlines[app.env.docname] = outline(app.env, doctree)


def merge_outlines(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    numbering(env).outlines.update((docname, digest) for docname, digest in numbering(other).outlines.items()
                                   if docname in docnames)


def setup(app: Sphinx) -> dict:
    TocTreeCollector.assign_figure_numbers = assign_figure_numbers
    app.connect("env-get-outdated", note_outdated)
    app.connect("env-before-read-docs", note_section_numbers)
    app.connect("env-purge-doc", keep_previous, priority=400)
    # After every other handler: the outline of the doctree as it is pickled.
    app.connect("doctree-read", record_outline, priority=900)
    app.connect("env-merge-info", merge_outlines)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
