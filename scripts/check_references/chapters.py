"""Read MyST chapters into frozen records of what they cite, reference, link, show and define, each with its line.

Chapters are read by :mod:`scripts.myst_reader` (myst-parser's own tokens, with the build's settings);
this module keeps what the reference checks need from them. Raw HTML is read with the standard
library's HTML parser.
"""

from __future__ import annotations

import dataclasses
import pathlib
import posixpath
import re
import urllib.parse

from scripts import html_safety, myst_reader

HEADING_ANCHOR_LEVEL = myst_reader.HEADING_ANCHORS
# Labels every Sphinx project has.
BUILTIN_LABELS = frozenset({"genindex", "modindex", "search"})

# A URL scheme such as https: or mailto:.
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Pre- and post-text of a citation, {see}key{p. 5}, around the key (in a role's content).
CITE_AFFIX = re.compile(r"\{[^{}]*\}")
# Quoted strings in a bibliography filter such as: key in {"smith2020", "jones2021"}.
QUOTED = re.compile(r"\"([^\"]+)\"|'([^']+)'")


@dataclasses.dataclass(frozen=True)
class Citation:
    """A key cited by a role ({cite}, {cite:p}, ...) or named in a {bibliography} filter."""

    line: int
    key: str
    role: str
    """The role name, e.g. ``cite:p``, or ``bibliography`` for a filter."""


@dataclasses.dataclass(frozen=True)
class Reference:
    """A cross-reference to a label, term or document."""

    line: int
    role: str
    """``ref``, ``numref``, ``term``, ``doc`` or ``toctree``."""
    target: str
    """The target as written, without the link text."""


@dataclasses.dataclass(frozen=True)
class Link:
    """A Markdown link, autolink or link definition (not an image)."""

    line: int
    target: str
    kind: str = "markdown"
    """``markdown`` ([text](target)), ``autolink`` (<https://...>), ``definition`` ([name]: target) or ``html``."""


@dataclasses.dataclass(frozen=True)
class Image:
    """An image: Markdown ``![alt](src)``, the {image} or {figure} directive, or an HTML ``<img>``."""

    line: int
    source: str
    alt: str | None
    """The alternative text, or None if none is given at all."""
    kind: str
    """``markdown``, ``image``, ``figure``, ``graphviz`` or ``html``."""
    caption: str | None = None
    """For a figure, its caption (the first paragraph of its content), ``""`` if it has none; for a
    graphviz drawing its ``:caption:`` option, if any."""


# A raw HTML tag in prose or a {raw} html block, as the HTML reader the build's gate uses finds it.
HtmlTag = html_safety.Tag


@dataclasses.dataclass(frozen=True)
class Definition:
    """A name a document defines: a label, a glossary term or a heading anchor."""

    line: int
    name: str


@dataclasses.dataclass(frozen=True)
class Document:
    """One chapter and everything in it that the checks look at."""

    path: pathlib.Path
    """The file as found (under the folder given on the command line)."""
    name: str
    """The Sphinx document name: the path below the docs folder, ``/``-separated, without ``.md``."""
    citations: tuple[Citation, ...]
    references: tuple[Reference, ...]
    links: tuple[Link, ...]
    images: tuple[Image, ...]
    html_tags: tuple[HtmlTag, ...]
    labels: tuple[Definition, ...]
    """``(label)=`` targets and ``:name:`` options, lower-cased as Sphinx compares them."""
    terms: tuple[Definition, ...]
    """Glossary terms, lower-cased."""
    anchors: tuple[Definition, ...]
    """Heading anchors (slugs) down to :data:`HEADING_ANCHOR_LEVEL`."""


def html_tags(piece: myst_reader.Html) -> tuple[HtmlTag, ...]:
    """Every tag of a piece of raw HTML, read as the build's gate reads it."""
    return html_safety.read_tags(piece.text, piece.line)


def citations_of(role: myst_reader.Role) -> list[Citation]:
    """The keys a {cite} role names, each at its own line (the content is a comma-separated list, maybe
    with {pre}/{post} text around a key)."""
    citations, offset = [], 0
    written = role.source[role.source.index("`") + 1:-1]
    for part in written.split(","):
        if key := CITE_AFFIX.sub("", part).strip():
            citations.append(Citation(role.line_of(offset + len(part) - len(part.lstrip())), key, role.name))
        offset += len(part) + 1
    return citations


def is_citation_role(name: str) -> bool:
    return name == "cite" or name.startswith(("cite:", "footcite"))


def directive_records(directive: myst_reader.Directive, citations: list, references: list, images: list,
                      labels: list, terms: list) -> None:
    """What a directive defines, cites or shows: its :name:, a bibliography filter, a figure, glossary terms."""
    if name := directive.option("name"):
        labels.append(Definition(name.line, name.value.lower()))
    alt = directive.option("alt")
    alt = alt.value if alt else None
    if directive.name == "bibliography" and (found := directive.option("filter")) and "key" in found.value:
        citations.extend(Citation(found.line, match[1] or match[2], "bibliography")
                         for match in QUOTED.finditer(found.value))
    elif directive.name == "graphviz":  # a drawing: its file (if any) and its alt text are checked too
        caption = directive.option("caption")
        images.append(Image(directive.line, directive.argument, alt, "graphviz", caption.value if caption else None))
    elif directive.name == "image":
        images.append(Image(directive.line, directive.argument, alt, "image"))
    elif directive.name == "figure":
        # The caption is the first paragraph of the content.
        paragraph = []
        for text in directive.body:
            if not text.strip() and paragraph:
                break
            if text.strip():
                paragraph.append(text.strip())
        images.append(Image(directive.line, directive.argument, alt, "figure", " ".join(paragraph)))
    elif directive.name == "glossary":
        # Sphinx's glossary: a term on an unindented line (" : " starts a classifier), its definition indented.
        terms.extend(Definition(directive.body_line + index, text.split(" : ")[0].strip().lower())
                     for index, text in enumerate(directive.body) if text.strip() and not text[0].isspace())
    elif directive.name == "toctree":
        for index, text in enumerate(directive.body):
            entry = text.strip()
            explicit = myst_reader.EXPLICIT_TARGET.match(entry)
            target = explicit["target"] if explicit else entry
            if entry and target != "self" and not SCHEME.match(target) \
                    and not (directive.option("glob") and "*" in target):
                references.append(Reference(directive.body_line + index, "toctree", target))


def parse_document(path: pathlib.Path, name: str, text: str) -> Document:
    """Read the MyST *text* of document *name* (found at *path*)."""
    read = myst_reader.read(text)
    citations, references, images, html_found, terms = [], [], [], [], []
    labels = [Definition(target.line, target.label.lower()) for target in read.targets]
    links = [Link(link.line, link.target, link.kind) for link in read.links]
    for directive in read.directives:
        directive_records(directive, citations, references, images, labels, terms)
    for role in read.roles:
        if is_citation_role(role.name):
            citations.extend(citations_of(role))
        elif role.name in ("ref", "numref", "term", "doc"):
            references.append(Reference(role.line, role.name, role.target))
    images.extend(Image(image.line, image.source, image.alt, "markdown") for image in read.images)
    for piece in read.html:
        for tag in html_tags(piece):
            html_found.append(tag)
            if tag.kind != "start":
                continue
            values = {attribute: value for attribute, value, _ in tag.attributes}
            if tag.name == "img":
                images.append(Image(tag.line, values.get("src", ""), values.get("alt"), "html"))
            elif tag.name == "a" and "href" in values:
                links.append(Link(tag.line, values["href"], "html"))
    anchors = [Definition(heading.line, heading.slug) for heading in read.headings if heading.slug]
    return Document(path, name, tuple(sorted(citations, key=lambda citation: citation.line)), tuple(references),
                    tuple(sorted(links, key=lambda link: link.line)),
                    tuple(sorted(images, key=lambda image: image.line)), tuple(html_found), tuple(labels),
                    tuple(terms), tuple(anchors))


def document_name(docs_dir: pathlib.Path, path: pathlib.Path) -> str:
    return path.relative_to(docs_dir).with_suffix("").as_posix()


def resolve_document(current: str, target: str) -> str:
    """The document name that *target* (relative to document *current*, or ``/``-absolute) refers to."""
    target = target.removesuffix(".md")
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(current), target))


def split_link(target: str) -> tuple[str, str]:
    """(path, anchor) of a local link target, both URL-decoded; either may be empty."""
    path, _, anchor = target.partition("#")
    return urllib.parse.unquote(path), urllib.parse.unquote(anchor)


def is_external(target: str) -> bool:
    """Whether *target* has a URL scheme (https:, mailto:, javascript:, ...)."""
    return bool(SCHEME.match(target))
