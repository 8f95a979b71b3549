"""Split an input file into reference entries and, for a Markdown document, its body text.

A file whose headings include a reference-list heading ("References", "Bibliography", "Works Cited",
"Reference list") is a document: the lines under that heading (up to the next heading of the same or
a higher level) are entries and every other line is body text. Any other file is a list: every line
that is not blank, a heading, a comment or a fenced code block is one entry.
"""

from __future__ import annotations

import dataclasses
import re

from scripts.check_citations.parse import LIST_MARKER_RE

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
REFERENCE_HEADING_RE = re.compile(r"^(?:references?|reference list|bibliography|works cited|sources)$", re.IGNORECASE)
FENCE_RE = re.compile(r"^\s*(```|~~~)")
COMMENT_RE = re.compile(r"^\s*<!--.*-->\s*$")


@dataclasses.dataclass(frozen=True, slots=True)
class Line:
    """A line of input that is an entry or body text."""

    number: int
    """1-based line number in the file."""
    text: str
    """The entry or text, without the list marker and surrounding spaces."""
    column: int
    """Where :attr:`text` starts in the line (0-based)."""


@dataclasses.dataclass(frozen=True)
class Document:
    """The entries of a file and, when it has a reference-list section, its body text."""

    entries: tuple[Line, ...]
    body: tuple[Line, ...]
    has_reference_section: bool


def content(number: int, raw: str) -> Line:
    marker = LIST_MARKER_RE.match(raw)
    start = marker.end() if marker else len(raw) - len(raw.lstrip())
    text = raw[start:].rstrip()
    return Line(number, text, start)


def split(text: str) -> Document:
    """Split *text* into entries and body lines."""
    entries, body = [], []
    in_fence = False
    in_references = False
    reference_level = 0
    has_section = False
    # Each pattern is tried only on a line that holds its literal: most lines are entries, and a
    # substring test costs a fraction of a failed match.
    for number, raw in enumerate(text.splitlines(), start=1):
        if ("```" in raw or "~~~" in raw) and FENCE_RE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence or not raw.strip() or ("<!--" in raw and COMMENT_RE.match(raw)):
            continue
        if raw.startswith("#") and (heading := HEADING_RE.match(raw)):
            level = len(heading.group(1))
            if REFERENCE_HEADING_RE.match(heading.group(2)):
                in_references, reference_level, has_section = True, level, True
            elif in_references and level <= reference_level:
                in_references = False
            continue
        (entries if in_references else body).append(content(number, raw))
    if not has_section:
        return Document(tuple(body), (), False)
    return Document(tuple(entries), tuple(body), True)
