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
# A surname of several words, or a group's name with its small words: "American College of Radiology",
# "Radiopaedia contributors".
NAME = rf"{SURNAME}(?:\s(?:(?:of|for|and|the|on|in)\s)*{SURNAME})*(?:\s(?:contributors|investigators|collaborators))?"
# One to three names ("Kaufmann, Trout and Kallmes") or a name and et al.; an italic "et al." is plain here.
NAMES = rf"(?P<names>{NAME}(?:,\s{NAME})*(?:,?\s\*?et\sal\.?\*?|,?\s(?:and|&)\s{NAME})?)"
YEAR = r"(?P<year>\d{4}[a-z]?|n\.d\.|no date)"
ET_AL_RE = re.compile(r",?\s\*?et\sal\.?\*?")
NAME_SEPARATOR_RE = re.compile(r",?\s(?:and|&)\s|,\s")
UNDATED = frozenset({"n.d.", "no date"})
"""How APA and Chicago ("n.d.") and Cite Them Right ("no date") write a missing year."""
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
    return NAME_SEPARATOR_RE.split(ET_AL_RE.sub("", names))[0]


def citations(lines: Iterable[Line]) -> Iterable[tuple[Line, int, int, str, str]]:
    """Yield ``(line, start, end, names, year)`` for every author–date citation in *lines*."""
    for line in lines:
        for group in PAREN_GROUP_RE.finditer(line.text):
            offset = group.start(1)
            for part in group.group(1).split(";"):
                stripped = part.strip()
                start = offset + part.find(stripped) if stripped else offset
                if match := PAREN_ITEM_RE.match(stripped):
                    yield line, start, start + len(stripped), match.group("names"), match.group("year")
                offset += len(part) + 1
        for match in NARRATIVE_RE.finditer(line.text):
            yield line, match.start(), match.end(), match.group("names"), match.group("year")


def entry_year(entry: ParsedEntry) -> str | None:
    """The year a citation must give: with its a/b suffix when the entry has one (``2009a``)."""
    if entry.date is not None and (match := re.search(r"\b\d{4}[a-z]\b", entry.date.text)):
        return match.group()
    if entry.year is None and entry.date is not None and any(form in entry.date.text for form in UNDATED):
        return "n.d."
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
    names: str
    """The names as written: ``Buchbinder et al.``, ``Kaufmann, Trout and Kallmes``, ``NICE``."""
    year: str
    """The year as written, ``n.d.`` for an undated work however the style writes it."""

    @property
    def surname(self) -> str:
        """The first author's surname, or a group's name."""
        return first_surname(self.names)


@dataclasses.dataclass(frozen=True)
class Matching:
    """Citations and entries of one document and which cite which."""

    path: str
    entries: Sequence[tuple[Line, ParsedEntry]]
    citations: Sequence[Citation]
    cited_entry: Sequence[int | None]
    """For each citation, the index of the entry it matches, or None."""


def group_citations(body: Sequence[Line], groups: Iterable[str]) -> list[Citation]:
    """Citations of the list's group authors found by their whole names, ``(Drugs.com, 2025)``,
    ``Medicines and Healthcare products Regulatory Agency (2012)``: a group's name may hold what no
    person's does (a full stop, a lower-case word), which the name pattern of :func:`citations` stops at."""
    patterns = {name: re.compile(rf"(?<![\w.]){re.escape(name)}(?:,\s|\s\(){YEAR}") for name in groups}
    return [Citation(line, found.start(), found.end(), name,
                     "n.d." if found.group("year") in UNDATED else found.group("year"))
            for line in body for name, pattern in patterns.items() for found in pattern.finditer(line.text)]


def overlaps(citation: Citation, other: Citation) -> bool:
    return citation.line is other.line and citation.start < other.end and other.start < citation.end


def match(path: str, entries: Sequence[tuple[Line, ParsedEntry]], body: Sequence[Line]) -> Matching:
    """Pair each citation of *body* with the entry of the same first author (or group acronym) and year."""
    firsts = [(entry.authors.names[0] if entry.authors and entry.authors.names else None, entry_year(entry))
              for _, entry in entries]
    found = [Citation(line, start, end, names, "n.d." if year in UNDATED else year)
             for line, start, end, names, year in citations(body)]
    by_name = group_citations(body, {first.family for first, _ in firsts if first is not None and first.group})
    found = [citation for citation in found if not any(overlaps(citation, other) for other in by_name)] + by_name

    def is_first_author(first, citation: Citation) -> bool:
        if key(first.family) == key(citation.surname):
            return True
        # A group's name may hold "and" ("… for Health and Care Excellence"), which first_surname cuts at.
        return first.group and (key(first.family) == key(ET_AL_RE.sub("", citation.names))
                                or (citation.surname.isupper() and is_acronym_of(citation.surname, first.family)))

    def entry_for(citation: Citation) -> int | None:
        candidates = [index for index, (first, year) in enumerate(firsts)
                      if first is not None and year == citation.year and is_first_author(first, citation)]
        if len(candidates) < 2:
            return candidates[0] if candidates else None
        # Works with the same first author and year: APA and Chicago name as many co-authors as it takes
        # to tell them apart ("Klazen, Venmans, et al., 2010"): the entry whose names start so wins.
        cited = [key(name) for name in NAME_SEPARATOR_RE.split(ET_AL_RE.sub("", citation.names))]

        def names_in_order(index: int) -> int:
            listed = [key(name.family) for name in entries[index][1].authors.names]
            return next((n for n, (a, b) in enumerate(zip(cited, listed)) if a != b), min(len(cited), len(listed)))

        return max(candidates, key=names_in_order)

    def entry_at_sentence_start(citation: Citation) -> int | None:
        # A narrative citation may take in the capitalised word that starts its sentence ("As NICE
        # (2013) advised"): without a match, try again without the leading words.
        index, names = entry_for(citation), citation.names
        while index is None and " " in first_surname(names):
            names = names.split(" ", 1)[1]
            index = entry_for(dataclasses.replace(citation, names=names))
        return index

    return Matching(path, entries, found, [entry_at_sentence_start(citation) for citation in found])


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
