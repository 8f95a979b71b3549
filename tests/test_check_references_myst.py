"""The reference checker's chapter reader finds what MyST's own parser finds, at the same lines.

The checker reads chapters with a small line-based reader (fast enough for 500 chapters); this test
parses the same files with MyST's markdown-it parser, descending into directives as MyST does, and
compares the citations, cross-references, links and Markdown images the two find.
"""

from __future__ import annotations

import collections
import pathlib
import re

import pytest
from docutils.core import publish_doctree
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.docutils_ import Parser as DocutilsMystParser
from myst_parser.parsers.mdit import create_md_parser

from scripts.check_references.chapters import (
    CITE_AFFIX, HEADING_ANCHOR_LEVEL, LIST_DIRECTIVES, LITERAL_DIRECTIVES, parse_document)
from tests.helpers import DOCS

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "references"
CHAPTERS = sorted(FIXTURES.rglob("*.md")) + sorted(DOCS.glob("*.md"))
MARKDOWN = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML)
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[\w:.+-]+)\}")
REFERENCE_ROLES = ("ref", "numref", "term", "doc")
# Link targets markdown-it refuses to make links of (it leaves the text as written); the checker
# still reports them, as unsafe-html, because the author meant a link that runs code.
REFUSED_LINK = re.compile(r"^(vbscript|javascript|file|data):", re.IGNORECASE)
# MyST joins the lines of a role that wraps, so it puts every key at the role's first line; the
# reader puts each key at its own line, up to this many lines further down.
WRAPPED_ROLE_LINES = 2


def without_options(content: str) -> str:
    """A directive's content with its options blanked (kept as empty lines, so line numbers hold)."""
    lines = content.split("\n")
    if lines and lines[0].strip() == "---":
        end = next((index for index in range(1, len(lines)) if lines[index].strip() == "---"), 0)
        return "\n" * (end + 1) + "\n".join(lines[end + 1:])
    count = next((index for index, line in enumerate(lines) if not re.match(r"^\s*:[\w-]+:", line)), len(lines))
    return "\n" * count + "\n".join(lines[count:])


def myst_inventory(text: str, offset: int = 0) -> collections.Counter:
    """What MyST's parser finds in *text*: (kind, line, ...) with 1-based lines, *offset* lines down."""
    found = collections.Counter()
    for token in MARKDOWN.parse(text):
        if token.type in ("fence", "colon_fence") and (directive := DIRECTIVE_INFO.match(token.info.strip())):
            name = directive["name"]
            if name not in LITERAL_DIRECTIVES and name not in LIST_DIRECTIVES:
                found += myst_inventory(without_options(token.content), offset + token.map[0] + 1)
        if token.type != "inline":
            continue
        line = offset + token.map[0] + 1
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "myst_role" and (child.meta["name"] == "cite"
                                                or child.meta["name"].startswith(("cite:", "footcite"))):
                position = 0
                for part in child.content.split(","):
                    key = CITE_AFFIX.sub("", part).strip()
                    if key:
                        start = position + len(part) - len(part.lstrip())
                        found["cite", line + child.content.count("\n", 0, start), key] += 1
                    position += len(part) + 1
            elif child.type == "myst_role" and child.meta["name"] in REFERENCE_ROLES:
                found["reference", line, child.meta["name"]] += 1
            elif child.type == "link_open":
                found["link", line, child.attrs["href"]] += 1
            elif child.type == "image":
                found["image", line, child.attrs["src"], child.content] += 1
            if child.type == "myst_role":
                line += child.content.count("\n")
    return found


def reader_inventory(path: pathlib.Path) -> collections.Counter:
    """The same, as the checker's reader finds it."""
    document = parse_document(path, path.stem, path.read_text(encoding="utf-8"))
    found = collections.Counter()
    for citation in document.citations:
        if citation.role != "bibliography":  # a filter option, not a role in the text
            found["cite", citation.line, citation.key] += 1
    for reference in document.references:
        if reference.role in REFERENCE_ROLES:
            found["reference", reference.line, reference.role] += 1
    for link in document.links:
        if link.kind in ("markdown", "autolink") and not REFUSED_LINK.match(link.target):
            found["link", link.line, MARKDOWN.normalizeLink(link.target)] += 1
    for image in document.images:
        if image.kind == "markdown":
            found["image", image.line, MARKDOWN.normalizeLink(image.source), image.alt] += 1
    return found


def citation_lines(found: collections.Counter) -> dict[str, list[int]]:
    lines = collections.defaultdict(list)
    for (kind, line, *rest), count in found.items():
        if kind == "cite":
            lines[rest[0]] += [line] * count
    return {key: sorted(found_lines) for key, found_lines in lines.items()}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda path: path.relative_to(path.parents[1]).as_posix())
def test_reader_finds_what_myst_finds(path):
    mine, theirs = reader_inventory(path), myst_inventory(path.read_text(encoding="utf-8"))
    mine_cited, theirs_cited = citation_lines(mine), citation_lines(theirs)
    assert mine_cited.keys() == theirs_cited.keys()
    for key, lines in mine_cited.items():
        assert len(lines) == len(theirs_cited[key]) and all(
            0 <= ours - their <= WRAPPED_ROLE_LINES for ours, their in zip(lines, theirs_cited[key])), key
    mine = collections.Counter({item: count for item, count in mine.items() if item[0] != "cite"})
    theirs = collections.Counter({item: count for item, count in theirs.items() if item[0] != "cite"})
    assert mine == theirs, (f"only the reader: {sorted((mine - theirs).elements())}\n"
                            f"only MyST: {sorted((theirs - mine).elements())}")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda path: path.relative_to(path.parents[1]).as_posix())
def test_heading_anchors_are_the_slugs_myst_makes(path):
    text = path.read_text(encoding="utf-8")
    # Docutils alone knows none of Sphinx's roles and directives; its complaints do not matter here.
    doctree = publish_doctree(text, parser=DocutilsMystParser(), settings_overrides={
        "myst_heading_anchors": HEADING_ANCHOR_LEVEL, "myst_enable_extensions": ["colon_fence", "deflist"],
        "report_level": 5, "halt_level": 5})
    theirs = {slug: line for slug, (line, *_) in doctree.myst_slugs.items()}
    document = parse_document(path, path.stem, text)
    assert {anchor.name: anchor.line for anchor in document.anchors} == theirs


def test_the_comparison_sees_something():
    total = sum((myst_inventory(path.read_text(encoding="utf-8")) for path in CHAPTERS), collections.Counter())
    assert {kind for kind, *_ in total} == {"cite", "reference", "link", "image"}
