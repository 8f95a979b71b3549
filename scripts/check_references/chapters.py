"""Read MyST chapters into frozen records of what they cite, reference, link, show and define, each with its line.

The reader is line-based and knows just enough MyST to tell prose from code: front matter,
fenced code, directives (```` ```{name} ```` and ``:::{name}``, nested, with ``:option:`` lines or a
``---`` options block), and inline code. Prose is then searched as a whole, so a link or an HTML tag
that wraps onto the next line is still found at the line where it starts.
"""

from __future__ import annotations

import bisect
import dataclasses
import pathlib
import posixpath
import re
import urllib.parse

from myst_parser.slugs import github_slugify, unique_slug

from scripts import html_safety

# myst_heading_anchors in conf.py: headings down to this level get an anchor (slug).
HEADING_ANCHOR_LEVEL = 3
# Directives whose content is not Markdown: nothing in it is a citation, link or heading.
LITERAL_DIRECTIVES = frozenset({
    "code", "code-block", "sourcecode", "code-cell", "literalinclude", "math", "graphviz", "digraph", "graph",
    "mermaid", "csv-table", "eval-rst", "raw",
})
# Directives whose content is a list of names, not prose.
LIST_DIRECTIVES = frozenset({"toctree"})
# Labels every Sphinx project has.
BUILTIN_LABELS = frozenset({"genindex", "modindex", "search"})

# An opening or closing fence: backticks, tildes or colons (colon_fence), then an info string.
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*?)\s*$")
# The info string of a directive: {name} argument.
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[\w:.+-]+)\}\s*(?P<argument>.*)$")
# A directive option line, e.g. ":alt: A needle in the spine".
OPTION = re.compile(r"^\s*:(?P<name>[\w-]+):\s*(?P<value>.*?)\s*$")
# An ATX heading.
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.*?)(?:\s+#+)?\s*$")
# A MyST target, "(label)=", on a line of its own.
TARGET = re.compile(r"^\s*\((?P<label>[^()\s]+)\)=\s*$")
# A role, e.g. {cite:p}`smith2020,jones2021`; the content may wrap onto the next line.
ROLE = re.compile(r"\{(?P<name>[A-Za-z][\w:+.-]*)\}`(?P<content>[^`]+)`")
# Inline code, whose content is shown as written.
CODE_SPAN = re.compile(r"(?P<ticks>`+)[^\n]+?(?<!`)(?P=ticks)(?!`)")
# An HTML comment: shown to nobody, run by nothing, and MyST reads no roles in it.
HTML_COMMENT = re.compile(r"<!--[\s\S]*?-->")
# A role, inline code or an HTML comment, whichever starts first: ``{cite}`key` `` is code, not a citation.
ROLE_OR_CODE = re.compile(f"(?P<role>{ROLE.pattern})|(?P<code>{CODE_SPAN.pattern})|{HTML_COMMENT.pattern}")
# [text](target "title") and ![alt](src "title").
MARKDOWN_LINK = re.compile(r"(?P<image>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(?:<(?P<angled>[^>]*)>|"
                           r"(?P<target>[^\s()]*(?:\([^\s()]*\)[^\s()]*)*))(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
# <https://example.org> autolinks.
AUTOLINK = re.compile(r"<(?P<url>[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]+)>")
# [name]: target link definitions.
LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(?P<target>[^\s>]+)>?", re.MULTILINE)
# A URL scheme such as https: or mailto:.
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Pre- and post-text of a citation, {see}key{p. 5}, around the key.
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


@dataclasses.dataclass
class _Directive:
    """A directive being read: its fence and what the reader has collected so far."""

    name: str
    argument: str
    fence: str
    line: int
    options: dict[str, str] = dataclasses.field(default_factory=dict)
    reading_options: bool = True
    in_yaml_options: bool = False
    caption: list[str] = dataclasses.field(default_factory=list)
    caption_done: bool = False


def strip_roles(text: str) -> str:
    """*text* with roles removed and inline code kept as its content, as MyST builds a heading's slug."""
    text = ROLE.sub("", text)
    text = CODE_SPAN.sub(lambda m: m.group()[len(m["ticks"]):-len(m["ticks"])], text)
    text = MARKDOWN_LINK.sub(lambda m: m["text"], text)
    return re.sub(r"(\*{1,3}|_{1,3})(\S.*?\S|\S)\1", r"\2", text)


class _Reader:
    """Reads one chapter in two passes: structure line by line, then inline markup in the prose."""

    def __init__(self, path: pathlib.Path, name: str, text: str) -> None:
        self.path = path
        self.name = name
        self.lines = text.split("\n")
        self.prose = [""] * len(self.lines)
        self.citations: list[Citation] = []
        self.references: list[Reference] = []
        self.links: list[Link] = []
        self.images: list[Image] = []
        self.html_tags: list[HtmlTag] = []
        self.labels: list[Definition] = []
        self.terms: list[Definition] = []
        self.anchors: list[Definition] = []
        self.slugs: set[str] = set()

    # -- the line pass: structure ------------------------------------------------------------------

    def read_structure(self) -> None:
        lines = self.lines
        index = self.skip_front_matter()
        stack: list[_Directive] = []
        while index < len(lines):
            line = lines[index]
            fence = FENCE.match(line)
            top = stack[-1] if stack else None
            if fence and top and not fence["info"] and fence["fence"][0] == top.fence[0] \
                    and len(fence["fence"]) >= len(top.fence):
                self.finish_directive(stack.pop())
                index += 1
                continue
            if fence and (fence["info"] or fence["fence"][0] != ":"):
                directive = DIRECTIVE_INFO.match(fence["info"])
                if directive is None or directive["name"] in LITERAL_DIRECTIVES:
                    name, argument = (directive["name"], directive["argument"].strip()) if directive else ("", "")
                    index = self.skip_literal(index, _Directive(name, argument, fence["fence"], index + 1))
                    continue
                stack.append(_Directive(directive["name"], directive["argument"].strip(), fence["fence"], index + 1))
                index += 1
                continue
            if top is not None and top.reading_options and self.read_option(top, line, index):
                index += 1
                continue
            if top is not None:
                top.reading_options = False
                self.directive_content(top, line, index)
            if top is None or top.name not in LIST_DIRECTIVES:
                self.prose_line(line, index)
            index += 1
        for directive in reversed(stack):  # unclosed at the end of the file: MyST closes them there
            self.finish_directive(directive)

    def skip_front_matter(self) -> int:
        if self.lines and self.lines[0].strip() == "---":
            for index in range(1, len(self.lines)):
                if self.lines[index].strip() in ("---", "..."):
                    return index + 1
        return 0

    def skip_literal(self, index: int, literal: _Directive) -> int:
        """Skip a code block or literal directive opened at *index*; return the index after its closing fence.

        A literal directive's options are still read (a graphviz figure has a :name: and an :alt:), and
        the content of ``{raw} html`` is kept as prose for the HTML checks.
        """
        raw_html = literal.name == "raw" and literal.argument.lower() == "html"
        end = index + 1
        while end < len(self.lines):
            line = self.lines[end]
            fence = FENCE.match(line)
            if fence and not fence["info"] and fence["fence"][0] == literal.fence[0] \
                    and len(fence["fence"]) >= len(literal.fence):
                break
            if not (literal.name and literal.reading_options and self.read_option(literal, line, end)):
                literal.reading_options = False
                if raw_html:
                    self.prose[end] = line
            end += 1
        self.finish_directive(literal)
        return end + 1

    def read_option(self, directive: _Directive, line: str, index: int) -> bool:
        """Record *line* if it is one of *directive*'s options (``:name: value`` or a ``---`` block)."""
        if directive.in_yaml_options:
            if line.strip() == "---":
                directive.in_yaml_options = False
                directive.reading_options = False
            elif match := re.match(r"^\s*(?P<name>[\w-]+)\s*:\s*(?P<value>.*?)\s*$", line):
                self.add_option(directive, match["name"], match["value"].strip("\"'"), index)
            return True
        if line.strip() == "---" and not directive.options:
            directive.in_yaml_options = True
            return True
        if match := OPTION.match(line):
            self.add_option(directive, match["name"], match["value"], index)
            return True
        return False

    def add_option(self, directive: _Directive, name: str, value: str, index: int) -> None:
        directive.options[name] = value
        if name == "name" and value:
            self.labels.append(Definition(index + 1, value.lower()))
        if name == "filter" and directive.name == "bibliography" and "key" in value:
            for match in QUOTED.finditer(value):
                self.citations.append(Citation(index + 1, match[1] or match[2], "bibliography"))

    def directive_content(self, directive: _Directive, line: str, index: int) -> None:
        if directive.name == "figure" and not directive.caption_done:
            if line.strip():
                directive.caption.append(line.strip())
            elif directive.caption:
                directive.caption_done = True
        elif directive.name == "glossary" and line.strip() and not line[0].isspace():
            term = line.split(" : ")[0].strip()
            self.terms.append(Definition(index + 1, term.lower()))
        elif directive.name == "toctree" and line.strip():
            entry = line.strip()
            target = re.search(r"<([^<>]+)>$", entry)
            target = target[1] if target else entry
            if target != "self" and not SCHEME.match(target) and not ("glob" in directive.options and "*" in target):
                self.references.append(Reference(index + 1, "toctree", target))

    def finish_directive(self, directive: _Directive) -> None:
        if directive.name == "graphviz":  # a drawing: its file (if any) and its alt text are checked too
            self.images.append(Image(directive.line, directive.argument, directive.options.get("alt"), "graphviz",
                                     directive.options.get("caption")))
        elif directive.name in ("image", "figure"):
            self.images.append(Image(directive.line, directive.argument, directive.options.get("alt"),
                                     directive.name, " ".join(directive.caption) if directive.name == "figure"
                                     else None))

    def prose_line(self, line: str, index: int) -> None:
        if line.startswith("%"):
            return  # a MyST comment
        if target := TARGET.match(line):
            self.labels.append(Definition(index + 1, target["label"].lower()))
            return
        if heading := HEADING.match(line):
            level = len(heading["hashes"])
            if level <= HEADING_ANCHOR_LEVEL:
                slug = github_slugify(strip_roles(heading["title"]))
                if slug:
                    slug = unique_slug(slug, self.slugs)
                    self.slugs.add(slug)
                    self.anchors.append(Definition(index + 1, slug))
        self.prose[index] = line

    # -- the prose pass: inline markup --------------------------------------------------------------

    def read_inline(self) -> None:
        text = "\n".join(self.prose)
        newlines = [match.start() for match in re.finditer("\n", text)]

        def line_of(offset: int) -> int:
            return bisect.bisect_left(newlines, offset) + 1

        def blank(match: re.Match) -> str:
            return re.sub(r"[^\n]", " ", match.group())

        def role_or_code(match: re.Match) -> str:
            if match["role"]:
                self.role(match["name"], line_of(match.start("content")), match["content"])
            return blank(match)

        text = ROLE_OR_CODE.sub(role_or_code, text)
        for link in MARKDOWN_LINK.finditer(text):
            target = link["angled"] if link["angled"] is not None else link["target"]
            if link["image"]:
                self.images.append(Image(line_of(link.start()), target, link["text"], "markdown"))
            else:
                self.links.append(Link(line_of(link.start()), target))
        for link in AUTOLINK.finditer(text):
            self.links.append(Link(line_of(link.start()), link["url"], "autolink"))
        for definition in LINK_DEFINITION.finditer(text):
            self.links.append(Link(line_of(definition.start()), definition["target"], "definition"))
        # Autolinks are not HTML; everything else that looks like markup is read by the build's HTML reader.
        for tag in html_safety.read_tags(AUTOLINK.sub(blank, text)):
            self.html_tag(tag)

    def role(self, name: str, line: int, content: str) -> None:
        if name == "cite" or name.startswith(("cite:", "footcite")):
            offset = 0
            for part in content.split(","):
                key = CITE_AFFIX.sub("", part).strip()
                if key:
                    key_offset = offset + len(part) - len(part.lstrip())
                    self.citations.append(Citation(line + content.count("\n", 0, key_offset), key, name))
                offset += len(part) + 1
        elif name in ("ref", "numref", "term", "doc"):
            explicit = re.search(r"<([^<>]+)>\s*$", content)
            target = explicit[1] if explicit else content
            self.references.append(Reference(line, name, " ".join(target.split())))

    def html_tag(self, tag: HtmlTag) -> None:
        self.html_tags.append(tag)
        if tag.kind != "start":
            return
        start_line, name = tag.line, tag.name
        values = {attribute_name: value for attribute_name, value, _ in tag.attributes}
        if name == "img":
            self.images.append(Image(start_line, values.get("src", ""), values.get("alt"), "html"))
        elif name == "a" and "href" in values:
            self.links.append(Link(start_line, values["href"], "html"))

    def document(self) -> Document:
        return Document(self.path, self.name, tuple(self.citations), tuple(self.references), tuple(self.links),
                        tuple(sorted(self.images, key=lambda image: image.line)), tuple(self.html_tags),
                        tuple(self.labels), tuple(self.terms), tuple(self.anchors))


def parse_document(path: pathlib.Path, name: str, text: str) -> Document:
    """Read the MyST *text* of document *name* (found at *path*)."""
    reader = _Reader(path, name, text)
    reader.read_structure()
    reader.read_inline()
    return reader.document()


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
