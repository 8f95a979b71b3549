"""The chapter reader (scripts/myst_reader.py, through the reference checker) agrees with MyST's own renderer.

The reader walks myst-parser's markdown-it tokens; here the same files go through myst-parser's
docutils renderer, a separate path that reads directive options and nested content its own way, and
the two must find the same roles, links, images and heading anchors. (Lines of roles and links are
checked by the fixtures' expected findings: the renderer puts every inline node at its paragraph's line.)
"""

from __future__ import annotations

import collections
import pathlib

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives, roles
from myst_parser.parsers.docutils_ import Parser as DocutilsMystParser

from scripts import myst_reader
from scripts.check_references.chapters import is_external, parse_document
from tests.helpers import DOCS

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "references"
CHAPTERS = sorted(FIXTURES.rglob("*.md")) + sorted(DOCS.glob("*.md"))
ROLES = ("cite", "cite:p", "cite:t", "cite:ps", "cite:ts", "cite:ct", "cite:cp", "cite:alp", "cite:alt", "footcite",
         "ref", "numref", "term", "doc")
SETTINGS = {"myst_heading_anchors": myst_reader.HEADING_ANCHORS,
            "myst_enable_extensions": list(myst_reader.ENABLE_EXTENSIONS),
            # Docutils alone knows none of Sphinx's roles and directives; its complaints do not matter here.
            "report_level": 5, "halt_level": 5}


def any_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """Sphinx's roles stand-in: an inline node that remembers the role's name and content."""
    return [nodes.inline(rawtext, text, role=name)], []


class MarkdownContent(Directive):
    """Sphinx's glossary and only stand-in: its content parsed as MyST, as Sphinx parses a glossary's definitions."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"sorted": directives.flag}

    def run(self):
        node = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class TextContent(MarkdownContent):
    """Sphinx's toctree and sphinxcontrib-bibtex's bibliography stand-in: their content is not Markdown."""

    option_spec = {"hidden": directives.flag, "maxdepth": directives.unchanged, "filter": directives.unchanged,
                   "glob": directives.flag, "caption": directives.unchanged, "name": directives.unchanged}

    def run(self):
        return []


@pytest.fixture(scope="module", autouse=True)
def sphinx_stand_ins():
    for name in ROLES:
        roles.register_local_role(name, any_role)
    # Sphinx's only: its content is MyST, shown by the builders its expression names.
    for name in ("glossary", "only"):
        directives.register_directive(name, MarkdownContent)
    for name in ("toctree", "bibliography"):
        directives.register_directive(name, TextContent)
    yield
    for name in ROLES:
        roles._roles.pop(name, None)
    for name in ("glossary", "only", "toctree", "bibliography"):
        directives._directives.pop(name, None)


def renderer_inventory(text: str) -> collections.Counter:
    doctree = publish_doctree(text, parser=DocutilsMystParser(), settings_overrides=SETTINGS)
    found = collections.Counter()
    for node in doctree.findall(nodes.inline):
        if "role" in node:
            found["role", node["role"], " ".join(node.astext().split())] += 1
    for node in doctree.findall(nodes.reference):
        if is_external(node.get("refuri", "")):  # local links become cross-references, resolved by Sphinx
            found["link", node["refuri"]] += 1
    for node in doctree.findall(nodes.image):
        found["image", node["uri"], node.get("alt", "")] += 1
    return found


def reader_inventory(text: str) -> collections.Counter:
    document = myst_reader.read(text)
    found = collections.Counter()
    for role in document.roles:
        found["role", role.name, " ".join(role.content.split())] += 1
    for link in document.links:
        # A refused target stays text as written (the checker still reports it).
        if is_external(link.target) and not link.refused:
            found["link", link.target] += 1
    for image in document.images:
        found["image", image.source, image.alt] += 1
    for directive in document.directives:
        if directive.name in ("image", "figure"):
            alt = directive.option("alt")
            found["image", directive.argument, alt.value if alt else ""] += 1
    return found


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda path: path.relative_to(path.parents[1]).as_posix())
def test_reader_finds_what_myst_renders(path):
    text = path.read_text(encoding="utf-8")
    mine, theirs = reader_inventory(text), renderer_inventory(text)
    assert mine == theirs, (f"only the reader: {sorted((mine - theirs).elements())}\n"
                            f"only MyST: {sorted((theirs - mine).elements())}")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda path: path.relative_to(path.parents[1]).as_posix())
def test_heading_anchors_are_the_slugs_myst_makes(path):
    text = path.read_text(encoding="utf-8")
    doctree = publish_doctree(text, parser=DocutilsMystParser(), settings_overrides=SETTINGS)
    theirs = {slug: line for slug, (line, *_) in doctree.myst_slugs.items()}
    document = parse_document(path, path.stem, text)
    assert {anchor.name: anchor.line for anchor in document.anchors} == theirs


def test_the_comparison_sees_something():
    total = sum((renderer_inventory(path.read_text(encoding="utf-8")) for path in CHAPTERS), collections.Counter())
    assert {kind for kind, *_ in total} == {"role", "link", "image"}
    assert {name for kind, name, *_ in total if kind == "role"} >= {"cite:p", "cite:t", "ref", "term", "doc"}


def test_a_wrapped_role_puts_each_key_at_its_own_line():
    text = "# Title\n\nSee {cite:p}`a,\n  b` and <a\n  onclick=\"x()\">x</a>\n"
    document = parse_document(pathlib.Path("x.md"), "x", text)
    assert [(c.line, c.key) for c in document.citations] == [(3, "a"), (4, "b")]
    assert [(t.line, t.kind, t.name, t.attributes) for t in document.html_tags] == [
        (4, "start", "a", (("onclick", "x()", 5),)), (5, "end", "a", ())]
