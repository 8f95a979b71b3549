"""The MyST reader (scripts/myst_reader.py) puts what it finds at the line where it is written.

Chapters are generated from pieces whose lines are known (paragraphs that wrap, roles that wrap,
boxes in boxes, a fence left open), and the reader must give back each role, directive and
unclosed fence at the line it was written on.
"""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from scripts import myst_reader

WORDS = st.sampled_from(["bone", "cement", "the", "spine", "heals", "x-ray", "*pain*", "`code`", "(a)", "«b»"])
KEYS = st.sampled_from(["barr2014", "klazen2010", "smith2020"])


@dataclasses.dataclass(frozen=True)
class Written:
    """A piece of MyST and what the reader must find in it, with lines counted from the piece's first line."""

    lines: tuple[str, ...]
    roles: tuple[tuple[int, str], ...] = ()
    """(line, key) of each cite role, at the line where the role starts."""
    directives: tuple[tuple[int, str, bool], ...] = ()
    """(line, name, closed) of each fenced directive."""

    def shifted(self, by: int) -> Written:
        return Written(self.lines, tuple((line + by, key) for line, key in self.roles),
                       tuple((line + by, name, closed) for line, name, closed in self.directives))


@st.composite
def paragraphs(draw) -> Written:
    """A paragraph of a few lines; some lines carry a cite role, maybe wrapped after its first key."""
    lines, roles = [], []
    for _ in range(draw(st.integers(1, 4))):
        words = " ".join(draw(st.lists(WORDS, min_size=1, max_size=6)))
        if draw(st.booleans()):
            first, second = draw(KEYS), draw(KEYS)
            roles.append((len(lines), first))
            if draw(st.booleans()):  # the role wraps onto the next line
                lines += [f"{words} {{cite:p}}`{first},", f"{second}` {words}"]
            else:
                lines.append(f"{words} {{cite:p}}`{first},{second}` {words}")
        else:
            lines.append(words)
    return Written(tuple(lines), tuple(roles))


@st.composite
def boxes(draw, depth: int = 0) -> Written:
    """A closed box (backtick or colon fence), with an option and paragraphs or a box inside."""
    name = draw(st.sampled_from(["note", "warning", "important"]))
    colons = draw(st.booleans())
    inner = draw(boxes(depth + 1)) if depth < 2 and draw(st.booleans()) else draw(paragraphs())
    # An outer colon fence is longer than any fence inside it, so it closes only its own box.
    fence = ":" * (3 + 2 - depth) if colons else "`" * (3 + 2 - depth)
    head = [f"{fence}{{{name}}}", ":class: extra", ""]
    body = inner.shifted(len(head))
    return Written((*head, *inner.lines, fence), body.roles, ((0, name, True), *body.directives))


def chapter(pieces: list[Written], unclosed: Written | None) -> tuple[str, list, list]:
    lines, roles, directives = ["# Title", ""], [], []
    for piece in pieces + ([unclosed] if unclosed else []):
        shifted = piece.shifted(len(lines) + 1)
        lines += [*piece.lines, ""]
        roles += shifted.roles
        directives += shifted.directives
    return "\n".join(lines), roles, directives


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(paragraphs(), boxes()), max_size=5), st.one_of(st.none(), paragraphs()))
def test_roles_and_fences_are_found_at_their_lines(pieces, left_open):
    unclosed = None
    if left_open is not None:  # a box whose closing line is missing: it runs to the end of the file
        body = left_open.shifted(1)
        unclosed = Written(("```{warning}", *left_open.lines), body.roles, ((0, "warning", False),))
    text, roles, directives = chapter(pieces, unclosed)
    document = myst_reader.read(text)
    assert [(role.line, role.content.split(",")[0]) for role in document.roles] == roles, text
    assert [(directive.line, directive.name, directive.closed) for directive in document.directives] == directives, text
