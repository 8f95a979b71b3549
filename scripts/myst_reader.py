"""Read a MyST chapter the way the build reads it: myst-parser's own markdown-it parser, same settings.

``conf.py`` takes its MyST settings from :data:`ENABLE_EXTENSIONS` and :data:`HEADING_ANCHORS`, and
:data:`PARSER` is built from them with myst-parser's ``create_md_parser``, so a checker sees exactly
the tokens Sphinx sees. :func:`walk` yields every token with its 1-based line (from ``token.map``),
descending into directives whose content MyST parses as Markdown; :func:`read` gathers what the
checkers and tests look at into small frozen records, each with its line.

markdown-it gives lines to blocks only. An inline element is placed at its paragraph's line plus the
line breaks before it in the paragraph's source; the reader's parser records where in that source
each inline token was read (markdown-it joins a role or code span that wraps, so counting line
breaks between the tokens would lose them). A directive option is at the line where its name
stands in the options block.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from docutils.parsers.rst.directives.misc import TestDirective
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.base import compute_unique_slug
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser

# The MyST settings of the build: conf.py sets myst_enable_extensions and myst_heading_anchors from these.
ENABLE_EXTENSIONS = ("colon_fence", "deflist")
# Headings down to this level get an anchor (slug), so chapters can link to [a section](other.md#its-slug).
HEADING_ANCHORS = 3

CONFIG = MdParserConfig(enable_extensions=set(ENABLE_EXTENSIONS), heading_anchors=HEADING_ANCHORS)
PARSER = create_md_parser(CONFIG, RendererHTML)

# The reader's parser: the same, plus two things that change no token. It keeps link targets that
# markdown-it refuses (javascript:, data:, ...) as links, so a checker can name the link the author
# wrote (:attr:`Link.refused` marks them); and it records in ``token.meta["source"]`` the span of
# the inline source each inline token was read from, since markdown-it joins a role or code span
# that wraps onto the next line and so loses the line of what follows it.
_READER = create_md_parser(CONFIG, RendererHTML)
_READER.validateLink = lambda url: True


def _recording_source_span(rule):
    def recording(state, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent:
            for token in state.tokens[count:]:
                if token.type != "text":  # pending text pushed ahead of this rule's own tokens
                    token.meta.setdefault("source", (start, state.pos))
        return matched
    return recording


for _rule in _READER.inline.ruler.__rules__:
    _rule.fn = _recording_source_span(_rule.fn)
_READER.inline.ruler.__cache__ = None

# Directives whose content is not Markdown: MyST hands it to the directive as text.
LITERAL_DIRECTIVES = frozenset({
    "code", "code-block", "sourcecode", "code-cell", "literalinclude", "math", "graphviz", "digraph", "graph",
    "mermaid", "csv-table", "eval-rst", "raw", "toctree",
})
# The {name} at the start of a fence's info string (the fence token has isolated the info string).
DIRECTIVE_NAME = re.compile(r"^\{(?P<name>[^{}\s]+)\}\s*(?P<argument>.*)$")
# The explicit target of a role's content, e.g. {term}`shown text <Term>`.
EXPLICIT_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>\s*$", re.DOTALL)


@dataclasses.dataclass(frozen=True)
class Located:
    """A token and the 1-based line of the source where it starts."""

    token: Token
    line: int
    directive: str | None
    """The name of the innermost directive this token is inside, if any."""


@dataclasses.dataclass(frozen=True)
class FrontMatter:
    """The YAML block between ``---`` lines at the top of the file."""

    text: str
    """The YAML, without the ``---`` lines."""
    end_line: int
    """The line of the closing ``---``."""


@dataclasses.dataclass(frozen=True)
class Target:
    """A ``(label)=`` line."""

    line: int
    label: str


@dataclasses.dataclass(frozen=True)
class Heading:
    """A section heading."""

    line: int
    level: int
    text: str
    """The heading's text as written (inline markup included)."""
    slug: str | None
    """Its anchor, as MyST makes it (down to :data:`HEADING_ANCHORS`), or None."""


@dataclasses.dataclass(frozen=True)
class Option:
    """One option of a directive."""

    name: str
    value: str
    line: int


@dataclasses.dataclass(frozen=True)
class Directive:
    """A fenced block: a directive (```` ```{note} ````, ``:::{warning}``) or a code block (```` ```python ````)."""

    line: int
    """The line of the opening fence."""
    name: str
    """The directive's name, or ``""`` for a code block."""
    argument: str
    """The rest of the opening line (a code block's language)."""
    options: tuple[Option, ...]
    body: tuple[str, ...]
    """The content's lines after the options (a code block's whole content)."""
    body_line: int
    """The line of the first body line."""
    closed: bool
    """False when no closing fence was found: the block then runs to the end of its container."""
    fence: str
    """The opening fence's marker, e.g. ``````` or ``:::``."""

    def option(self, name: str) -> Option | None:
        return next((option for option in self.options if option.name == name), None)


@dataclasses.dataclass(frozen=True)
class Role:
    """An inline role, e.g. ``{cite:p}`barr2014```."""

    line: int
    name: str
    content: str
    """The content, lines joined (as MyST hands it to the role)."""
    source: str
    """The role as written, line breaks kept."""

    def line_of(self, offset: int) -> int:
        """The line of the character at *offset* in the content as written."""
        return self.line + self.source.count("\n", 0, self.source.index("`") + 1 + offset)

    @property
    def target(self) -> str:
        """What the role points at: the ``<target>`` of ``text <target>``, or the whole content."""
        explicit = EXPLICIT_TARGET.match(self.content)
        return " ".join((explicit["target"] if explicit else self.content).split())

    @property
    def text(self) -> str:
        """What a reader sees of it: the text before ``<target>``, or the whole content."""
        explicit = EXPLICIT_TARGET.match(self.content)
        return explicit["text"] if explicit else self.content


@dataclasses.dataclass(frozen=True)
class Link:
    """A Markdown link or an autolink (a link definition makes a link where it is used)."""

    line: int
    target: str
    kind: str
    """``markdown`` ([text](target) or [text][name] with its definition) or ``autolink`` (<https://...>)."""
    refused: bool = False
    """markdown-it makes no link of this target (javascript:, vbscript:, file:, data:): the text stays as written."""


@dataclasses.dataclass(frozen=True)
class Image:
    """A Markdown image ``![alt](src)``."""

    line: int
    source: str
    alt: str


@dataclasses.dataclass(frozen=True)
class Html:
    """Raw HTML: an HTML block, inline HTML, or the content of a ``{raw} html`` directive."""

    line: int
    text: str
    kind: str
    """``block``, ``inline`` or ``raw``."""


@dataclasses.dataclass(frozen=True)
class Document:
    """What a MyST file says, each thing with its line."""

    front_matter: FrontMatter | None
    targets: tuple[Target, ...]
    headings: tuple[Heading, ...]
    directives: tuple[Directive, ...]
    """Every fenced block, nested ones included, in the order they open."""
    roles: tuple[Role, ...]
    links: tuple[Link, ...]
    images: tuple[Image, ...]
    html: tuple[Html, ...]
    paragraphs: tuple[Located, ...]
    """The inline token of every paragraph, heading, list item, table cell and term (see :func:`inline_children`)."""
    top_level: tuple[Located, ...]
    """The block tokens outside any directive, in order (for checks of a chapter's opening)."""


def split_directive(fence: Token, line: int) -> tuple[str, str, tuple[Option, ...], tuple[str, ...], int]:
    """(name, argument, options, body lines, line of the first body line) of the fence opened at *line*."""
    info = DIRECTIVE_NAME.match(fence.info.strip())
    if info is None:
        return "", fence.info.strip(), (), tuple(fence.content.splitlines()), line + 1
    # myst-parser's own option reading; TestDirective takes any option and one argument, unconverted.
    parsed = parse_directive_text(TestDirective, info["argument"], fence.content, line=line)
    option_lines = fence.content.splitlines()[:max(parsed.body_offset, 0)]
    options = tuple(Option(name, str(value), line + 1 + _option_index(option_lines, name))
                    for name, value in parsed.options.items())
    return info["name"], info["argument"].strip(), options, tuple(parsed.body), line + 1 + parsed.body_offset


def _option_index(option_lines: list[str], name: str) -> int:
    """Where option *name* stands in the options block (``:name:`` or ``name:`` in a ``---`` block)."""
    return next((index for index, text in enumerate(option_lines)
                 if text.lstrip().startswith((f":{name}:", f"{name}:"))), 0)


def fence_is_closed(fence: Token, line: int, lines: list[str]) -> bool:
    """Whether markdown-it found a closing fence for *fence*, opened at *line* of the file's *lines*.

    markdown-it runs an unclosed fence to the end of its container; a closed one's last line is its
    closing fence (CommonMark's rule: the same character, at least as many, nothing else).
    """
    first, end = fence.map
    if end - first < 2:
        return False
    last = lines[line - 1 + end - first - 1].strip()
    return len(last) >= len(fence.markup) and set(last) == {fence.markup[0]}


def walk(text: str, offset: int = 0, directive: str | None = None, parser=_READER) -> Iterator[Located]:
    """Every token of MyST *text* with its line (*offset* lines down), directive content included."""
    for token in parser.parse(text, {}):
        line = offset + token.map[0] + 1 if token.map else 0
        yield Located(token, line, directive)
        if token.type in ("fence", "colon_fence"):
            name, _, _, body, body_line = split_directive(token, line)
            if name and name not in LITERAL_DIRECTIVES:
                yield from walk("\n".join(body), body_line - 1, name, parser)


def inline_children(located: Located) -> Iterator[tuple[Token, int, str]]:
    """The children of an inline token, each with its line and the source it was read from."""
    source, line = located.token.content, located.line
    for child in located.token.children or ():
        start, end = child.meta.get("source", (None, None))
        if start is not None:
            line = located.line + source.count("\n", 0, start)
        yield child, line, source[start:end] if start is not None else child.content


def read(text: str) -> Document:
    """Read MyST *text* into a :class:`Document`."""
    front_matter, targets, headings, directives, roles = None, [], [], [], []
    links, images, html, paragraphs, top_level = [], [], [], [], []
    slugs: dict[str, object] = {}
    lines = text.split("\n")
    located_tokens = list(walk(text))
    for index, located in enumerate(located_tokens):
        token, line = located.token, located.line
        if token.map and located.directive is None and token.level == 0:
            top_level.append(located)
        if token.type == "front_matter":
            front_matter = FrontMatter(token.content, token.map[1])
        elif token.type == "myst_target":
            targets.append(Target(line, token.content))
        elif token.type == "heading_open":
            inline = located_tokens[index + 1].token
            level = int(token.tag[1])
            slug = None
            if level <= HEADING_ANCHORS:
                tree = SyntaxTreeNode([token, inline, Token("heading_close", token.tag, -1)])
                slug = compute_unique_slug(tree.children[0], slugs) or None
                if slug:
                    slugs[slug] = line
            headings.append(Heading(line, level, inline.content, slug))
        elif token.type in ("fence", "colon_fence"):
            name, argument, options, body, body_line = split_directive(token, line)
            closed = fence_is_closed(token, line, lines)
            directives.append(Directive(line, name, argument, options, body, body_line, closed, token.markup))
            if name == "raw" and argument.lower() == "html":
                html.append(Html(body_line, "\n".join(body), "raw"))
        elif token.type == "html_block":
            html.append(Html(line, token.content, "block"))
        elif token.type == "inline":
            paragraphs.append(located)
            read_inline(located, roles, links, images, html)
    return Document(front_matter, tuple(targets), tuple(headings), tuple(directives), tuple(roles),
                    tuple(sorted(links, key=lambda link: link.line)), tuple(images), tuple(html),
                    tuple(paragraphs), tuple(top_level))


def read_inline(located: Located, roles: list, links: list, images: list, html: list) -> None:
    for child, line, source in inline_children(located):
        if child.type == "myst_role":
            roles.append(Role(line, child.meta["name"], child.content, source))
        elif child.type == "link_open":
            target = child.attrs.get("href", "")
            kind = "autolink" if child.markup == "autolink" else "markdown"
            links.append(Link(line, target, kind, refused=not PARSER.validateLink(target)))
        elif child.type == "image":
            images.append(Image(line, child.attrs.get("src", ""), child.content))
        elif child.type == "html_inline":
            html.append(Html(line, child.content, "inline"))
