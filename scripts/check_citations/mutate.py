"""Realistic single mistakes, made in correct entries, that the checker must find with the expected rule.

Each mutation is a small function ``(entry, item, style) -> str | None`` registered with :func:`mutation`
with the rules that may report it in each style: it changes one thing in *entry* (the CSL rendering
of the CSL-JSON *item*, italics as ``*x*``) the way writers and citation generators get it wrong, or
returns None when the entry has nothing to change (a mutation of DOIs on an entry without one).
tests/test_check_citations_differential.py applies them to a sample, scripts/bench_mutations.py to
thousands of generated entries and reports the share each rule finds.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping

Mutate = Callable[[str, Mapping, str], "str | None"]


@dataclasses.dataclass(frozen=True)
class Mutation:
    """One kind of mistake."""

    id: str
    """The function name with hyphens, e.g. ``doi-prefix``."""
    function: Mutate
    expected: Mapping[str, frozenset[str]]
    """Style → the rules that find the mistake there (styles without an entry are not mutated)."""
    summary: str


CATALOGUE: list[Mutation] = []


def mutation(**expected: str | tuple[str, ...]) -> Callable[[Mutate], Mutate]:
    """Register a mutation with, for each style it applies to, the rule or rules that must find it."""

    def register(function: Mutate) -> Mutate:
        rules = {style: frozenset((ids,) if isinstance(ids, str) else ids) for style, ids in expected.items()}
        CATALOGUE.append(Mutation(function.__name__.replace("_", "-"), function, rules,
                                  (function.__doc__ or "").strip().splitlines()[0]))
        return function

    return register


def persons(item: Mapping) -> list[Mapping]:
    """The item's authors when they are all people (no organisation)."""
    names = item.get("author", [])
    return names if names and all("family" in name for name in names) else []


def author_block_end(entry: str, style: str) -> int:
    """Where the author list ends: before the date (APA, Harvard, Chicago author-date) or the title (MLA)."""
    if style == "mla":
        match = re.search(r"\.\s(?=[\u201c*])", entry)
    elif style == "chicago":
        match = re.search(r"\.\s(?=\d{4}[a-z]?\.)", entry)
    else:
        match = re.search(r"\s\((?:\d{4}|n\.d\.|no date)", entry)
    return match.start() if match else -1


def initials_of(given: str, spaced: bool) -> str:
    parts = [part for part in re.split(r"[\s.]+", given) if part]
    return (" " if spaced else "").join(part[0] + "." for part in parts)


@mutation(apa="apa-author-initials", harvard="harvard-author-initials", mla="mla-author-names",
          chicago="chicago-author-names")
def name_order(entry, item, style):
    """The first author in direct order (``R. Buchbinder``, ``Rachelle Buchbinder``)."""
    people = persons(item)
    if not people or "suffix" in people[0] or "non-dropping-particle" in people[0]:
        return None
    family = people[0]["family"]
    match = re.match(rf"{re.escape(family)}, (?P<given>[^,]+?)(?=,|\s\(|\.\s|\s\*et)", entry)
    if match is None:
        return None
    given = match["given"]
    return f"{given} {family}" + entry[match.end():]


@mutation(apa="apa-author-initials", harvard="harvard-author-initials", mla="mla-author-initials")
def initials(entry, item, style):
    """Given names spelled out where the style wants initials, or initials where it wants names."""
    people = persons(item)
    if not people or (style == "mla" and "." in people[0]["given"]):
        return None  # MLA: a given name already with initials has nothing to shorten
    family, given = people[0]["family"], people[0]["given"]
    if "non-dropping-particle" in people[0] or "suffix" in people[0]:
        return None
    if style in ("apa", "harvard"):
        written = initials_of(given, style == "apa")
        if not entry.startswith(f"{family}, {written}"):
            return None
        return f"{family}, {given}" + entry[len(f"{family}, {written}"):]
    if not entry.startswith(f"{family}, {given}") or "-" in given:
        return None
    return f"{family}, {initials_of(given, True)}" + entry[len(f"{family}, {given}"):]


@mutation(apa="apa-author-joiner", harvard="harvard-author-joiner", mla="mla-author-joiner",
          chicago="chicago-author-joiner")
def and_ampersand(entry, item, style):
    """``and`` where APA writes ``&``, or ``&`` where the other styles write ``and``."""
    end = author_block_end(entry, style)
    if end < 0 or not persons(item):  # the "and" in an organisation's name is its own spelling, not a joiner
        return None
    wrong, right = {"apa": (", & ", " and "), "harvard": (" and ", " & ")}.get(style, (", and ", " & "))
    position = entry.rfind(wrong, 0, end)
    if position < 0:
        return None
    return entry[:position] + right + entry[position + len(wrong):]


@mutation(apa="apa-et-al", mla="mla-et-al", harvard="harvard-et-al", chicago="chicago-et-al")
def et_al_threshold(entry, item, style):
    """A list shortened, or not shortened, against the style's et al. rule."""
    people = persons(item)
    end = author_block_end(entry, style)
    if len(people) < 3 or end < 0:
        return None
    first = entry.find(", ", len(people[0]["family"]) + 2)  # after "Family, Given"
    if style == "apa":
        # Three or more authors cut to the first and et al. (APA 6 and other styles' habit).
        return entry[:first] + ", et al." + entry[end:] if first > 0 else None
    second = people[1]
    if style == "mla" and ", et al." in entry[:end + 9]:
        return entry.replace(", et al.", f", {second['given']} {second['family']}, et al.", 1)
    if style == "harvard" and " *et al.*" in entry[:end + 9]:
        return entry.replace(" *et al.*", f", {second['family']}, {initials_of(second['given'], False)} *et al.*", 1)
    if style == "chicago" and ", et al." in entry[:end + 9] and first > 0:
        return entry[:first] + ", et al." + entry[end:]
    return None


@mutation(apa=("apa-journal-italics", "apa-title-italics"), mla=("mla-container", "mla-title-format"),
          chicago=("chicago-title-format", "chicago-volume-issue"),
          harvard=("harvard-title-format", "harvard-journal-form"))
def italics_dropped(entry, item, style):
    """The italic element (journal, book, report or page title) set in roman."""
    for match in re.finditer(r"\*(?P<text>[^*]+)\*", entry):
        if match["text"] != "et al." and not match["text"].isdigit():
            return entry[:match.start()] + match["text"] + entry[match.end():]
    return None


@mutation(apa="apa-title-sentence-case", harvard="harvard-title-sentence-case", mla="mla-title-case",
          chicago="chicago-title-case")
def title_case(entry, item, style):
    """A sentence-case style's title in title case, or a title-case style's title with a word in lower case."""
    words = item["title"].split(" ")
    if style in ("apa", "harvard"):
        if item["title"] not in entry or len(words) < 3:
            return None
        minor = {"of", "in", "for", "and", "a", "the", "on", "after", "from", "to"}
        cased = " ".join(word if index == 0 or word in minor else word[:1].upper() + word[1:]
                         for index, word in enumerate(words))
        return entry.replace(item["title"], cased, 1) if cased != item["title"] else None
    match = re.search(r"(?:^|(?<=\s))[\u201c*](?P<first>[^\s*\u201d]+) (?P<second>[A-Z][a-z]{3,})\b", entry)
    if match is None:
        return None
    return entry[:match.start("second")] + match["second"].lower() + entry[match.end("second"):]


@mutation(mla="mla-title-format", chicago="chicago-title-format", harvard="harvard-title-format",
          apa="apa-title-quotes")
def quotation_marks(entry, item, style):
    """A quoted title without its quotation marks, or an APA article title put in quotation marks."""
    if style == "apa":
        if item.get("type") != "article-journal" or item["title"] not in entry:
            return None
        return entry.replace(item["title"], f"\u201c{item['title']}\u201d", 1)
    opening, closing = ("\u2018", "\u2019") if style == "harvard" else ("\u201c", "\u201d")
    match = re.search(rf"{opening}(?P<title>[^{closing}]+){closing}", entry)
    if match is None:
        return None
    return entry[:match.start()] + match["title"] + entry[match.end():]


@mutation(apa="apa-volume-issue", harvard="harvard-journal-form", mla="mla-volume-issue")
def page_label(entry, item, style):
    """``pp.`` before a journal article's pages in APA, or left out in MLA and Cite Them Right."""
    if item.get("type") != "article-journal" or "page" not in item or "-" not in item["page"]:
        return None
    if style == "apa":
        match = re.search(r"\), (?=\d+\u2013\d+)", entry)
        return entry[:match.end()] + "pp. " + entry[match.end():] if match else None
    return entry.replace(" pp. ", " ", 1) if " pp. " in entry else None


@mutation(apa="apa-retrieval-wording")
def retrieved_from(entry, item, style):
    """APA 6's ``Retrieved from`` before a URL."""
    if "URL" not in item or "Retrieved" in entry:
        return None
    position = entry.rfind("https://")
    return entry[:position] + "Retrieved from " + entry[position:] if position > 0 else None


@mutation(apa="doi-form", mla="doi-form", chicago="doi-form", harvard="doi-form")
def doi_prefix(entry, item, style):
    """A DOI written ``doi:10…`` instead of ``https://doi.org/10…``."""
    return entry.replace("https://doi.org/", "doi:", 1) if "https://doi.org/" in entry else None


@mutation(harvard="harvard-available-at", apa="apa-link-label")
def available_at(entry, item, style):
    """``Available at:`` left out in Cite Them Right, or put in in APA."""
    if style == "harvard":
        return entry.replace("Available at: ", "", 1) if "Available at: " in entry else None
    position = entry.rfind("https://")
    return entry[:position] + "Available at: " + entry[position:] if position > 0 else None


@mutation(harvard="harvard-access-date", mla="mla-access-date")
def access_date(entry, item, style):
    """A web page's access date left out (Cite Them Right), or worded ``Accessed on`` (MLA)."""
    if item.get("type") != "webpage":
        return None
    if style == "harvard":
        match = re.search(r" \(Accessed: [^)]+\)", entry)
        return entry[:match.start()] + entry[match.end():] if match else None
    return entry.replace("Accessed ", "Accessed on ", 1) if "Accessed " in entry else None


@mutation(apa="apa-publisher-location", mla="mla-publisher-city")
def place_of_publication(entry, item, style):
    """A city before the publisher, where the style gives none."""
    if item.get("type") != "book" or not item.get("publisher") or item["publisher"] not in entry:
        return None
    return entry.replace(item["publisher"], f"{item.get('publisher-place', 'London')}: {item['publisher']}", 1)


@mutation(apa="apa-date-form", harvard="harvard-year-form", chicago="chicago-date-position")
def date_position(entry, item, style):
    """The year moved from after the authors to the end of the entry."""
    pattern = {"apa": r" \((?P<year>\d{4}[a-z]?)\)\.", "harvard": r" \((?P<year>\d{4}[a-z]?)\)",
               "chicago": r"\. (?P<year>\d{4}[a-z]?)\."}[style]
    match = re.search(pattern, entry)
    if match is None or match.start() != author_block_end(entry, style):
        return None
    ending = "." if style == "chicago" else ""
    rest = entry[match.end():].rstrip(".")
    return entry[:match.start()] + ending + rest + f", {match['year']}."


@mutation(harvard=("harvard-edition-form", "harvard-editor-label"), apa="apa-chapter-editors",
          mla="mla-editors", chicago="chicago-editors")
def edition_or_editor_label(entry, item, style):
    """An edition or editor label in another style's form (``ed.`` for ``edn``, ``(Eds.)`` for ``edited by``)."""
    if style == "harvard":
        for wrong, right in ((" edn.", " ed."), (" (eds)", " (editors)"), (" (ed.)", " (editor)")):
            if wrong in entry:
                return entry.replace(wrong, right, 1)
        return None
    if style == "apa":
        return entry.replace(" (Eds.),", " (eds),", 1) if " (Eds.)," in entry else None
    match = re.search(r"edited by (?P<names>[^.]+?)(?=[.,] )", entry)
    if match is None:
        return None
    return entry[:match.start()] + f"{match['names']} (Eds.)" + entry[match.end():]


@mutation(apa="page-range-dash", chicago="page-range-dash", harvard="page-range-dash")
def hyphen_for_en_dash(entry, item, style):
    """A page range joined by a hyphen instead of an en dash."""
    match = re.search(r"(?<=\d)\u2013(?=\d)", entry)
    return entry[:match.start()] + "-" + entry[match.end():] if match else None


@mutation(mla="final-full-stop", chicago="final-full-stop", harvard="final-full-stop", apa="apa-link-final-period")
def final_punctuation(entry, item, style):
    """The full stop that ends the entry left out, or one added after APA's closing DOI or URL."""
    if style == "apa":
        return entry + "." if entry.endswith(tuple("0123456789abcdefghijklmnopqrstuvwxyz/")) else None
    return entry[:-1] if entry.endswith(".") and not entry.endswith("..") else None


@mutation(apa="double-punctuation", mla="double-punctuation", chicago="double-punctuation",
          harvard="double-punctuation")
def doubled_punctuation(entry, item, style):
    """A full stop doubled after an element (``..``) or added after a question mark (``?.``)."""
    match = re.search(r"\?(?=[\u201d\u2019*]?[ ,])", entry)
    if match is not None:
        return entry[:match.end()] + "." + entry[match.end():]
    match = re.search(r"(?<=[a-z])\. (?=[A-Z])", entry)
    return entry[:match.start()] + ".." + entry[match.start() + 1:] if match else None
