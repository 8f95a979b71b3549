"""What every rule module shares: the registry, the style profile and the problem record.

A rule is a small function ``rule(entry, profile) -> Iterable[Problem]`` registered with
:func:`rule`, which records the styles it applies to and hands it to checkkit's
:class:`~scripts.checkkit.Registry` (its id is the function name with hyphens). Its docstring starts
with a one-line summary, names the section of the rule reference ``scripts/check_citations/RULES.md``
that says what the rule checks and where the manual says so (``Reference: §3.1 in RULES.md.``) and
gives a Bad / Good pair.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable

from scripts.check_citations.parse import Authors, ParsedEntry, Span
from scripts.checkkit import Registry, Severity

registry = Registry()

STYLES = ("apa", "mla", "chicago", "harvard")
EDITIONS = {"apa": (7,), "mla": (9,), "chicago": (17, 18), "harvard": (12,)}
"""The editions each style's rules describe (Harvard means Cite Them Right)."""
DEFAULT_EDITIONS = {"apa": 7, "mla": 9, "chicago": 18, "harvard": 12}
CHICAGO_SYSTEMS = ("notes-bibliography", "author-date")
CHICAGO_ET_AL_LIMITS = {17: (10, 7), 18: (6, 3)}
"""Chicago lists every author up to the first number; above it, the second number of names and "et al."."""


@dataclasses.dataclass(frozen=True)
class Profile:
    """The style an entry is checked against."""

    style: str
    """One of :data:`STYLES`."""
    edition: int
    system: str = "notes-bibliography"
    """Chicago's system: ``notes-bibliography`` or ``author-date`` (ignored by the other styles)."""

    @property
    def author_date(self) -> bool:
        """The date follows the authors (APA, Harvard, Chicago author-date)."""
        return self.style != "mla" and (self.style != "chicago" or self.system == "author-date")

    @property
    def names_before_et_al(self) -> int | None:
        """How many names Chicago's edition gives before "et al." (the parser reads an ambiguous first
        author by it); None for the other styles, whose lists leave no such doubt."""
        return CHICAGO_ET_AL_LIMITS[self.edition][1] if self.style == "chicago" else None

    @functools.cached_property
    def label(self) -> str:
        names = {"apa": "APA", "mla": "MLA", "chicago": "Chicago", "harvard": "Harvard (Cite Them Right)"}
        system = f" {self.system}" if self.style == "chicago" else ""
        return f"{names[self.style]} {self.edition}{system}"


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """What a rule reports; the runner adds the rule id, the file and the line."""

    message: str
    start: int
    """Offset in the entry's plain text (mapped back to the text as written on output)."""
    end: int
    severity: Severity = "error"


PAGE_LABEL_RE = re.compile(r"\b(pp?)\.\s?$")
LEADING_ZERO_RE = re.compile(r"\b0(\d)")
"""A day's leading zero (removed before a date's form is judged: the zero is day-zero-padded's finding)."""
GIVEN_NAME_SPLIT_RE = re.compile(r"[\s.]+")
"""What separates given names or initials (their first letters make the initials)."""
EDITOR_LABEL_RE = re.compile(r"\((?:[Ee]ds?\.?|[Ee]ditors?)\)")


def page_label_before(entry: ParsedEntry, position: int) -> re.Match | None:
    """``p.`` or ``pp.`` (maybe and a space) ending right before *position*; the label has at most five
    characters, so only the few before *position* are searched, not the whole entry."""
    return PAGE_LABEL_RE.search(entry.plain, max(0, position - 6), position)


def titled_container(entry: ParsedEntry) -> Span | None:
    """The container when it is a title (a journal, book or website, or an italic element); None for the
    roman element after the italic title of a book or report, which describes it ("Technology appraisal
    guidance no. TA279") or names its publisher, and takes no title case."""
    if entry.container is not None and (entry.container_italic or entry.type in ("journal", "chapter", "web")):
        return entry.container
    return None


def chapter_without_italic_book(entry: ParsedEntry) -> bool:
    """A chapter with no italic element after its title: the title of the book it is in lost its italics
    (APA, Chicago and Cite Them Right set it in italics, and a chapter has no other italic part)."""
    return (entry.type == "chapter" and entry.title is not None
            and not any(run.start > entry.title.end for run in entry.italics))


RuleFunction = Callable[[ParsedEntry, Profile], Iterable[Problem]]


def rule(*styles: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule for *styles* (all four when none are given)."""

    def register(function: RuleFunction) -> RuleFunction:
        function.styles = styles or STYLES
        registry.check(function)
        return function

    return register


def at(span: Span | None, message: str, severity: Severity = "error", whole: ParsedEntry | None = None) -> Problem:
    """A problem at *span*, or at the whole entry when the part is missing."""
    if span is None:
        return Problem(message, 0, len(whole.plain) if whole else 0, severity)
    return Problem(message, span.start, span.end, severity)


def first_author_inverted_only(entry: ParsedEntry, style_name: str) -> Iterable[Problem]:
    """Problems with name order where only the first author is inverted (MLA 9 and Chicago)."""
    names = entry.authors.names if entry.authors else ()
    for index, name in enumerate(names):
        if name.group:
            continue
        if index == 0 and not name.inverted:
            yield at(name.span, f"first author '{name.span.text}' in direct order; {style_name} inverts the first "
                                f"name: '{name.family}, {name.given}'")
        elif index > 0 and name.inverted:
            yield at(name.span, f"'{name.span.text}' inverted; {style_name} inverts only the first author: "
                                f"'{name.given} {name.family}'")


def author_joiner_problems(authors: Authors, last_joiner: str, last_advice: str,
                           between_advice: str) -> Iterable[Problem]:
    """Problems with the joiners of a list of two or more authors: *last_joiner* before the last, commas between.

    *last_advice* and *between_advice* say what the style expects; each message starts with the joiner found.
    """
    *others, last = authors.joiners
    if last.text != last_joiner:
        yield at(last, f"'{last.text.strip() or last.text}' before the last author; {last_advice}")
    for joiner in others:
        if joiner.text.strip() != ",":
            yield at(joiner, f"'{joiner.text.strip()}' between authors; {between_advice}")


def in_quotes(title: str) -> str:
    """*title* as MLA and Chicago quote it, the period inside, or no period after a question or exclamation."""
    return f'"{title}"' if title.endswith(("?", "!")) else f'"{title}."'
