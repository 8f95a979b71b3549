"""Whether raw HTML or a link from a chapter is safe to publish: the one decision the build and the checker share.

Hospitals serve the site under a strict Content-Security-Policy, and chapters come from several
authors. A chapter may therefore carry only a short list of harmless inline tags
(:data:`ALLOWED_TAGS`) with plain-text attributes (:data:`ALLOWED_ATTRIBUTES`); everything else
that can run code, load or frame other content, or restyle the page is refused: ``<script>``,
``<iframe>``, ``<object>``, ``<embed>``, ``<form>``, ``<base>``, ``<meta>``, ``<link>``, ``<style>``,
``<svg>``, ``<math>``, ``style=`` and ``on...=`` attributes, and ``javascript:``, ``vbscript:`` and
``data:`` URLs in any spelling a browser still obeys (entities, mixed case, white space and
control characters inside the scheme).

HTML is read with the standard library's :mod:`html.parser`, never with regular expressions: an
attribute value may contain ``>``, entities hide ``javascript:`` and tag names are case-insensitive,
and the parser decodes and lower-cases them as a browser does. Anything it cannot read to the end
(an unfinished tag or comment) is refused too, because a browser would read the chapter's next
lines as part of it.

Used by the build (scripts/sphinxext/html_gate.py, on every raw HTML node, link and image of the
doctree) and by the reference checker's ``unsafe-html`` check (scripts/check_references).
"""

from __future__ import annotations

import dataclasses
import html.parser
from collections.abc import Iterator

# The inline tags a chapter may write as raw HTML: text-level semantics with no way to load,
# run or restyle anything. Everything else has a MyST form (links, images, figures, tables, admonitions).
ALLOWED_TAGS = frozenset({"abbr", "b", "br", "cite", "code", "em", "i", "kbd", "q", "s", "small", "span",
                          "strong", "sub", "sup", "wbr"})
# Their attributes: plain text only. No class or id (they would restyle the page with the theme's
# rules, or clobber the names the theme's scripts look up), no style, no URL.
ALLOWED_ATTRIBUTES = frozenset({"title", "lang"})
# Why a tag is refused, for the tags an author (or an attacker) is most likely to try.
REFUSED_TAGS = {
    "script": "it runs code",
    "noscript": "it changes how the page's own markup is read",
    "template": "it hides markup that scripts can bring to life",
    "iframe": "it frames another page", "frame": "it frames another page", "frameset": "it frames other pages",
    "object": "it loads and runs another file", "embed": "it loads and runs another file",
    "applet": "it loads and runs another file", "portal": "it frames another page",
    "form": "it sends what readers type to another address", "input": "it belongs to a form",
    "button": "it belongs to a form", "textarea": "it belongs to a form", "select": "it belongs to a form",
    "base": "it changes where every link of the page points",
    "meta": "it can redirect the reader or change the page's policy",
    "link": "it loads another file into the page",
    "style": "it restyles the page",
    "svg": "SVG can carry scripts, event handlers and links; use an SVG figure file instead",
    "math": "MathML can carry links and scripts; write maths with the {math} role or directive",
    "a": "write a Markdown link, [text](https://...), which the build checks",
    "img": "write a Markdown image, ![alt text](figures/...), or use the {figure} directive",
    "video": "it loads another file", "audio": "it loads another file", "source": "it loads another file",
    "picture": "it loads another file", "track": "it loads another file",
}
# URL schemes that run code or smuggle a whole document into a link or attribute.
REFUSED_SCHEMES = ("javascript:", "vbscript:", "data:")


@dataclasses.dataclass(frozen=True)
class Tag:
    """One piece of markup read from raw HTML, with the line where it starts."""

    line: int
    name: str
    """The tag name in lower case; empty for anything but a start or end tag."""
    attributes: tuple[tuple[str, str, int], ...] = ()
    """(name in lower case, value with entities decoded, line) for each attribute."""
    kind: str = "start"
    """``start``, ``end``, ``comment``, ``declaration`` (``<!...>``, ``<?...>``), ``unfinished`` (cut off
    at the end) or ``unreadable`` (markup the parser took for text, or a control character, where a
    browser might still see a tag)."""
    text: str = ""
    """The markup as written (for a declaration or unfinished markup, to quote it in the message)."""


@dataclasses.dataclass(frozen=True)
class Problem:
    """Why some markup may not be published, and the line it is on."""

    line: int
    message: str


class _TagReader(html.parser.HTMLParser):
    """Collects every tag, declaration and unfinished piece of *text*, numbering lines from *first_line*."""

    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.tags: list[Tag] = []
        self.data_ended_with_lt = False

    def line(self, line_in_text: int) -> int:
        return self.first_line + line_in_text - 1

    def handle_starttag(self, name: str, attributes: list[tuple[str, str | None]]) -> None:
        line, _ = self.getpos()
        text = self.get_starttag_text() or ""
        self.tags.append(Tag(self.line(line), name, tuple(
            (attribute, value or "", self.line(line + attribute_line))
            for (attribute, value), attribute_line in zip(attributes, _attribute_lines(text))), "start", text))

    def handle_startendtag(self, name: str, attributes: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(name, attributes)

    def handle_endtag(self, name: str) -> None:
        self.tags.append(Tag(self.line(self.getpos()[0]), name, (), "end", f"</{name}>"))

    def handle_data(self, data: str) -> None:
        # A browser starts a tag at "<" followed by a letter, "/", "!" or "?". Where the parser read such
        # a "<" as text (a NUL inside the tag name, say), the two disagree: refuse rather than guess.
        following = [data[index + 1] if index + 1 < len(data) else "" for index, character in enumerate(data)
                     if character == "<"]
        if self.data_ended_with_lt:
            following.append(data[:1])
        self.data_ended_with_lt = data.endswith("<")
        if any(character.isascii() and (character.isalpha() or character in "/!?") for character in following if character):
            self.tags.append(Tag(self.line(self.getpos()[0]), "", (), "unreadable", data))

    def handle_comment(self, data: str) -> None:
        self.tags.append(Tag(self.line(self.getpos()[0]), "", (), "comment", f"<!--{data}-->"))

    def declaration(self, text: str) -> None:
        self.tags.append(Tag(self.line(self.getpos()[0]), "", (), "declaration", text))

    def handle_decl(self, text: str) -> None:
        self.declaration(f"<!{text}>")

    def unknown_decl(self, text: str) -> None:
        self.declaration(f"<![{text}]>")

    def handle_pi(self, text: str) -> None:
        self.declaration(f"<?{text}>")

    def read(self, text: str) -> list[Tag]:
        for number, line in enumerate(text.split("\n"), start=1):
            if any(_is_control(character) for character in line):
                self.tags.append(Tag(self.line(number), "", (), "unreadable", line))
        self.feed(text)
        # What the parser holds back at the end is markup it could not finish: a browser would read
        # the page's next lines as part of it.
        leftover = self.rawdata[self.rawdata.find("<"):] if "<" in self.rawdata else ""
        if leftover:
            self.tags.append(Tag(self.line(self.getpos()[0]), "", (), "unfinished", leftover))
        self.rawdata = ""
        return self.tags


def _is_control(character: str) -> bool:
    """A C0 control character other than tab, newline, form feed and carriage return, or DEL.

    Browsers replace a NUL inside a tag name but keep reading the tag; the parser stops there.
    """
    return (ord(character) < 0x20 and character not in "\t\n\f\r") or character == "\x7f"


def _attribute_lines(start_tag: str) -> Iterator[int]:
    """How many lines below the tag's first line each attribute of *start_tag* starts.

    Uses html.parser's own attribute pattern, so the attributes are those the parser found, in order.
    """
    position = html.parser.tagfind_tolerant.match(start_tag, 1).end()
    for attribute in html.parser.attrfind_tolerant.finditer(start_tag, position):
        yield start_tag.count("\n", 0, attribute.start())


def read_tags(text: str, first_line: int = 1) -> tuple[Tag, ...]:
    """Every tag in the HTML *text*, whose first line is line *first_line* of its file."""
    return tuple(_TagReader(first_line).read(text))


def url_problem(url: str) -> str | None:
    """Why *url* (a link target, an image source, an attribute value) must not be published, or None.

    A browser drops ASCII tabs and newlines anywhere in a URL and control characters and spaces at
    its ends, and compares the scheme without regard to case; entities are decoded before this.
    """
    squeezed = "".join(character for character in url
                       if ord(character) > 0x20 and character not in "\x7f\ufffd").lower()
    for scheme in REFUSED_SCHEMES:
        if squeezed.startswith(scheme):
            return f"a {scheme} URL is not allowed: " + (
                "it runs code" if scheme != "data:" else "it embeds a file that can hold code; link to a file instead")
    return None


def tag_problems(tag: Tag) -> Iterator[Problem]:
    """Why *tag* must not be published (nothing if it may)."""
    if tag.kind == "unfinished":
        yield Problem(tag.line, f"unfinished HTML {_quote(tag.text)} is not allowed: "
                                "a browser would read what follows as part of it; close the tag or comment")
        return
    if tag.kind == "unreadable":
        yield Problem(tag.line, f"HTML {_quote(tag.text)} is not allowed: it holds a control character or a "
                                "'<' that a browser may read as a tag where this check cannot")
        return
    if tag.kind == "declaration":
        yield Problem(tag.line, f"HTML declaration {_quote(tag.text)} is not allowed in a chapter")
        return
    if tag.kind == "comment":
        # A browser may end a comment early ("<!-->", "--!>"); one without ">" inside ends where the parser ends it.
        if ">" in tag.text[4:-3]:
            yield Problem(tag.line, f"HTML comment {_quote(tag.text)} is not allowed: it holds '>', which "
                                    "may end it early in a browser; write a MyST comment (a line starting with %)")
        return
    if tag.name not in ALLOWED_TAGS:
        reason = REFUSED_TAGS.get(tag.name, "it is not one of the inline tags a chapter may use ("
                                  + ", ".join(sorted(ALLOWED_TAGS)) + ")")
        # An end tag reads as its start tag, so the pair on one line is reported once.
        yield Problem(tag.line, f"<{tag.name}> is not allowed: {reason}")
    for name, value, line in tag.attributes:
        if name.startswith("on"):
            yield Problem(line, f"event-handler attribute {name}= on <{tag.name}> is not allowed: it runs code")
        elif name == "style":
            yield Problem(line, f"style= on <{tag.name}> is not allowed: it restyles the page "
                                "(and the site's security policy blocks it)")
        elif problem := url_problem(value):
            yield Problem(line, f"{name}= on <{tag.name}>: {problem}")
        elif name not in ALLOWED_ATTRIBUTES:
            yield Problem(line, f"attribute {name}= on <{tag.name}> is not allowed: only "
                                + ", ".join(f"{allowed}=" for allowed in sorted(ALLOWED_ATTRIBUTES)) + " may be used")


def html_problems(text: str, first_line: int = 1) -> tuple[Problem, ...]:
    """Why the raw HTML *text* (starting at line *first_line*) must not be published; empty if it may."""
    return tuple(dict.fromkeys(problem for tag in read_tags(text, first_line) for problem in tag_problems(tag)))


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[:limit] + "...")
