"""In-text citations against the reference list of one Markdown document.

Every author–date citation in the body — ``(Buchbinder et al., 2009)``, ``Clark et al. (2016)``,
``(Thomas 2021; NICE 2013)`` — must match an entry by first author's surname (or group name) and year,
and every entry must be cited at least once (RULES.md §7: missing and orphaned entries).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence

from scripts.check_citations.document import Line
from scripts.check_citations.parse import ParsedEntry
from scripts.checkkit import Finding, Registry

registry = Registry()
"""The document-level checks (the per-entry rules are in :mod:`scripts.check_citations.rules`)."""

SURNAME = r"(?:(?:van|von|de|der|den|du|le|la|da)\s)*[A-Z][\w'\u2019-]+"
NAMES = rf"(?P<names>{SURNAME}(?:\s{SURNAME})*(?:\set\sal\.?|,?\s(?:and|&)\s{SURNAME}(?:\s{SURNAME})*)?)"
YEAR = r"(?P<year>\d{4}[a-z]?|n\.d\.|no date)"
# Inside brackets, one citation of a ";"-separated group: "see Buchbinder et al., 2009, p. 560".
PAREN_ITEM_RE = re.compile(rf"^(?:(?:see|e\.g\.,?|cf\.)\s)?{NAMES},?\s{YEAR}(?:,\s.*)?$")
PAREN_GROUP_RE = re.compile(r"\(([^()]*\d{4}[a-z]?[^()]*|[^()]*n\.d\.[^()]*)\)")
# A narrative citation: "Clark et al. (2016)".
NARRATIVE_RE = re.compile(rf"{NAMES}\s\({YEAR}(?:,\s[^)]*)?\)")


def key(name: str) -> str:
    """The matching key of a surname or group name: lower case, accents and spaces dropped."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", folded.lower())


def first_surname(names: str) -> str:
    return re.split(r"\set\sal|,?\s(?:and|&)\s", names)[0]


def citations(lines: Iterable[Line]) -> Iterable[tuple[Line, int, int, str, str]]:
    """Yield ``(line, start, end, first author, year)`` for every author–date citation in *lines*."""
    for line in lines:
        for group in PAREN_GROUP_RE.finditer(line.text):
            offset = group.start(1)
            for part in group.group(1).split(";"):
                stripped = part.strip()
                start = offset + part.find(stripped) if stripped else offset
                if match := PAREN_ITEM_RE.match(stripped):
                    yield line, start, start + len(stripped), first_surname(match.group("names")), match.group("year")
                offset += len(part) + 1
        for match in NARRATIVE_RE.finditer(line.text):
            yield line, match.start(), match.end(), first_surname(match.group("names")), match.group("year")


def entry_year(entry: ParsedEntry) -> str | None:
    """The year a citation must give: with its a/b suffix when the entry has one (``2009a``)."""
    if entry.date is not None and (match := re.search(r"\b\d{4}[a-z]\b", entry.date.text)):
        return match.group()
    return entry.year


def is_acronym_of(acronym: str, name: str) -> bool:
    """``NICE`` for National Institute for Health and Care Excellence: the letters of the acronym are,
    in order, initials of the name's capitalised words (a group's acronym may skip a word)."""
    initials = iter(word[0] for word in name.split() if word[0].isupper())
    return len(acronym) >= 2 and all(letter in initials for letter in acronym)


@dataclasses.dataclass(frozen=True)
class Citation:
    """One author–date citation in the body text."""

    line: Line
    start: int
    """Offset of the citation in :attr:`Line.text`."""
    end: int
    surname: str
    year: str


@dataclasses.dataclass(frozen=True)
class Matching:
    """Citations and entries of one document and which cite which."""

    path: str
    entries: Sequence[tuple[Line, ParsedEntry]]
    citations: Sequence[Citation]
    cited_entry: Sequence[int | None]
    """For each citation, the index of the entry it matches, or None."""


def match(path: str, entries: Sequence[tuple[Line, ParsedEntry]], body: Sequence[Line]) -> Matching:
    """Pair each citation of *body* with the entry of the same first author (or group acronym) and year."""
    firsts = [(entry.authors.names[0] if entry.authors and entry.authors.names else None, entry_year(entry))
              for _, entry in entries]
    found = [Citation(*item) for item in citations(body)]

    def entry_for(citation: Citation) -> int | None:
        for index, (first, year) in enumerate(firsts):
            if first is None or year != citation.year:
                continue
            if key(first.family) == key(citation.surname) or (
                    first.group and citation.surname.isupper() and is_acronym_of(citation.surname, first.family)):
                return index
        return None

    return Matching(path, entries, found, [entry_for(citation) for citation in found])


@registry.check
def citation_without_entry(matching: Matching):
    """An author–date citation in the text with no reference-list entry of that first author and year.

    Reference: §7 in RULES.md.
    Bad: ``… as a trial showed (Buchbiner et al., 2009).`` with the entry under Buchbinder
    Good: ``… as a trial showed (Buchbinder et al., 2009).``
    """
    for citation, index in zip(matching.citations, matching.cited_entry):
        if index is None:
            line = citation.line
            yield Finding(matching.path, line.number, "citation-without-entry",
                          f"'{line.text[citation.start:citation.end]}' is cited but no reference-list entry has the "
                          f"first author '{citation.surname}' and the year {citation.year}; add the entry or correct "
                          "the citation", "error", citation.start, citation.end)


@registry.check
def entry_not_cited(matching: Matching):
    """A reference-list entry that no citation in the text points to.

    Reference: §7 in RULES.md.
    Bad: an entry for Clark et al. (2016) and no ``(Clark et al., 2016)`` in the text
    Good: every entry cited at least once
    """
    cited = set(matching.cited_entry)
    for index, (line, entry) in enumerate(matching.entries):
        if index not in cited:
            who = entry.authors.names[0].family if entry.authors and entry.authors.names else "?"
            yield Finding(matching.path, line.number, "entry-not-cited",
                          f"the entry for {who} ({entry.year or 'no year'}) is never cited in the text; cite it or "
                          "remove it from the reference list", "error", 0, len(line.text))
