"""Rules shared by the four styles (their messages name the form the chosen style expects)."""

from __future__ import annotations

import re

from scripts.check_citations.parse import MONTH_WORD, ParsedEntry
from scripts.check_citations.rules.base import Problem, Profile, at, rule

# Two marks in a row, maybe with a closing quote between ('?".'); double_punctuation keeps "?.",
# "!.", ".." (not part of an ellipsis), ",," and ",." and lets ".," (after an initial) and "?," pass.
PUNCTUATION_PAIR_RE = re.compile(r"[?!.,][\"']?[.,]")
# The pairs double_punctuation keeps: one of them is where any kept pair is, so an entry without one
# (most entries, whose ".," after an initial the full pattern would find and skip) is done at once.
# It starts with one class, "[?!.,]", so that the search skips to the next mark; written as two
# alternatives ("[?!.,]['\"]?\.|,['\"]?,") it would be tried at every character.
KEPT_PAIR_RE = re.compile(r"[?!.,](?:[\"']?\.|(?<=,)[\"']?,)")
ZERO_PADDED_DAY_RE = re.compile(rf"\b(?P<before>0[1-9])(?=\s+{MONTH_WORD}(?!\w))|\b{MONTH_WORD}\s(?P<after>0[1-9])\b")
DATE_EXAMPLE = {"apa": "(2021, February 4) / Retrieved October 4, 2023, from", "mla": "4 Feb. 2021",
                "chicago": "February 4, 2021", "harvard": "4 October 2023"}
HYPHEN_RANGE_RE = re.compile(r"\d\s?-\s?[A-Za-z]?\d")


@rule()
def double_punctuation(entry: ParsedEntry, profile: Profile):
    """Two punctuation marks where the style has one (``?.``, ``?".``, ``..``, ``,,``).

    Reference: §2.1 in RULES.md.
    Bad: ``What is vertebroplasty?. News-Medical.``
    Good: ``What is vertebroplasty? News-Medical.``
    """
    plain = entry.plain
    if not KEPT_PAIR_RE.search(plain):
        return
    for match in PUNCTUATION_PAIR_RE.finditer(plain):
        mark = match.group()
        first, last = mark[0], mark[-1]
        if last == "," and first != ",":
            continue
        if first == "." and "." in (plain[match.start() - 1:match.start()], plain[match.end():match.end() + 1]):
            continue  # an ellipsis
        keep = mark[:-1] if mark[0] in "?!" else mark[0] if mark[0] == "," and mark[-1] == "." else mark[:-1]
        yield Problem(f"double punctuation {mark!r}: a title's own '?' or '!' replaces the full stop, and one "
                      f"mark ends an element; write {keep!r}", match.start(), match.end())


@rule()
def day_zero_padded(entry: ParsedEntry, profile: Profile):
    """A day of the month written with a leading zero (``04``).

    Reference: §2.2 in RULES.md.
    Bad: ``(2021, February 04)``
    Good: ``(2021, February 4)``
    """
    if " 0" not in entry.plain and "(0" not in entry.plain:
        return
    for match in ZERO_PADDED_DAY_RE.finditer(entry.plain):
        group = "before" if match.group("before") else "after"
        day = match.group(group)
        yield Problem(f"day '{day}' has a leading zero; write '{day[1]}' ({profile.label}: "
                      f"{DATE_EXAMPLE[profile.style]})", match.start(group), match.end(group))


@rule()
def doi_form(entry: ParsedEntry, profile: Profile):
    """A DOI written as ``doi:10…``, ``DOI: 10…`` or ``http://dx.doi.org/10…``.

    Reference: §2.3 in RULES.md.
    Bad: ``doi:10.1056/NEJMoa0900429``
    Good: ``https://doi.org/10.1056/NEJMoa0900429``
    """
    doi = entry.doi
    if doi is not None and not doi.text.startswith("https://doi.org/"):
        target = "https://doi.org/" + doi.text[doi.text.find("10."):]
        yield at(doi, f"DOI written as '{doi.text}'; {profile.label} writes DOIs as a link: '{target}'")


@rule()
def url_angle_brackets(entry: ParsedEntry, profile: Profile):
    """A URL or DOI in angle brackets (an MLA 7 convention).

    Reference: §2.4 in RULES.md.
    Bad: ``<https://www.nice.org.uk/guidance/ta279>``
    Good: ``https://www.nice.org.uk/guidance/ta279``
    """
    for link in (entry.doi, entry.url):
        if link is not None and link.start > 0 and entry.plain[link.start - 1] == "<":
            end = link.end + 1 if entry.plain[link.end:link.end + 1] == ">" else link.end
            yield Problem(f"link in angle brackets; {profile.label} gives the bare link without '< >'",
                          link.start - 1, end)


@rule("apa", "chicago", "harvard")
def page_range_dash(entry: ParsedEntry, profile: Profile):
    """A page range joined by a hyphen where the style prints an en dash.

    Reference: §2.5 in RULES.md.
    Bad: ``557-568``
    Good: ``557–568``
    """
    if entry.pages is not None and HYPHEN_RANGE_RE.search(entry.pages.text):
        yield at(entry.pages, f"page range '{entry.pages.text}' uses a hyphen; {profile.label} prints an en dash "
                              f"('{entry.pages.text.replace('-', '–')}')")


@rule("mla", "chicago", "harvard")
def final_full_stop(entry: ParsedEntry, profile: Profile):
    """An entry that does not end with a full stop.

    Reference: §2.6 in RULES.md.
    Bad: ``… https://doi.org/10.1056/NEJMoa0900429``
    Good: ``… https://doi.org/10.1056/NEJMoa0900429.``
    """
    stripped = entry.plain.rstrip()
    if stripped and not stripped.endswith((".", '."', ".'")) and not stripped.endswith(("?", "!")):
        yield Problem(f"the entry does not end with a full stop; {profile.label} ends every entry with '.'",
                      len(stripped) - 1, len(stripped))
