"""MLA 9th edition works-cited rules (RULES.md §4), and the quotation rule MLA shares with Chicago."""

from __future__ import annotations

import re

from scripts.check_citations import case
from scripts.check_citations.parse import ParsedEntry
from scripts.check_citations.rules.base import (LEADING_ZERO_RE, Problem, Profile, at, first_author_inverted_only,
                                                in_quotes, page_label_before, rule, titled_container)

MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
MLA_DATE_RE = re.compile(rf"^(?:(?:\d{{1,2}} )?(?:{'|'.join(re.escape(m) for m in MLA_MONTHS)}) \d{{4}}|"
                         r"(?:spring|summer|fall|winter) \d{4}|\d{4})$")
MLA_ACCESS_RE = re.compile(rf"^Accessed \d{{1,2}} (?:{'|'.join(re.escape(m) for m in MLA_MONTHS)}) \d{{4}}$")
FULL_MONTH = {"January": "Jan.", "February": "Feb.", "March": "Mar.", "April": "Apr.", "August": "Aug.",
              "September": "Sept.", "October": "Oct.", "November": "Nov.", "December": "Dec."}
PART_OF_CONTAINER = ("journal", "chapter", "web")
NO_DATE_RE = re.compile(r"\bn\.\s?d\.")
PADDED_DAY_RE = re.compile(r"\b0(\d)\b")
US_DATE_RE = re.compile(r"^(\w+)\.? (\d{1,2}), (\d{4})$")
PAGE_RANGE_RE = re.compile(r"\d\s?[-\u2013]")
ACCESS_WORD_RE = re.compile(r"^\(?\w+(?: on)?:?\s*|\)$")
# Supplemental elements that MLA 9 also places at the end of the entry (Handbook 5.105-5.119), so they may
# follow the access date: publication history, medium, a thesis's description, a series.
END_OF_ENTRY_ELEMENT_RE = re.compile(r"^\.\s+(?:Originally (?:published|broadcast|released|performed)"
                                     r"|Rpt\.? in|Reprinted in|Transcript|Print|Audiobook|E-book"
                                     r"|PhD dissertation|MA thesis|Series)\b")
PROTOCOL_RE = re.compile(r"https?://")
MLA7_EDITORS_RE = re.compile(r"\((?:[Ee]ds?\.?)\)|(?<![\w.])(?:Ed|Eds)\.(?=\s)")


def mla_date(text: str) -> str:
    """*text* rewritten as MLA writes dates (``04 October 2023`` → ``4 Oct. 2023``), as far as it can tell."""
    text = PADDED_DAY_RE.sub(r"\1", text)
    if match := US_DATE_RE.match(text):
        text = f"{match.group(2)} {match.group(1)} {match.group(3)}"
    for full, short in FULL_MONTH.items():
        text = text.replace(full, short)
    return text


@rule("mla")
def mla_author_names(entry: ParsedEntry, profile: Profile):
    """Authors not written ``Surname, Given`` (first author) and ``Given Surname`` (the second).

    Reference: §4.1 in RULES.md.
    Bad: ``Pears, Richard, and Shields, Graham.``
    Good: ``Pears, Richard, and Graham Shields.``
    """
    yield from first_author_inverted_only(entry, "MLA 9")


@rule("mla")
def mla_author_initials(entry: ParsedEntry, profile: Profile):
    """Initials in place of given names (MLA gives names as printed; a warning, as some sources print initials).

    Reference: §4.1 in RULES.md.
    Bad: ``Buchbinder, R., et al.``
    Good: ``Buchbinder, Rachelle, et al.``
    """
    for name in entry.authors.names if entry.authors else ():
        if name.initials_only:
            yield at(name.span, f"initials only in '{name.span.text}'; MLA 9 gives names as printed in the source",
                     "warning")


@rule("mla")
def mla_author_joiner(entry: ParsedEntry, profile: Profile):
    """Two authors not joined ``Surname, Given, and Given Surname`` (``and``, never ``&``).

    Reference: §4.1 in RULES.md.
    Bad: ``Pears, Richard & Graham Shields.``
    Good: ``Pears, Richard, and Graham Shields.``
    """
    authors = entry.authors
    if authors is None or len(authors.names) < 2:
        return
    last = authors.joiners[-1]
    if last.text != ", and ":
        yield at(last, f"'{last.text.strip()}' between the two authors; MLA 9 writes ', and '")


@rule("mla")
def mla_et_al(entry: ParsedEntry, profile: Profile):
    """Three or more authors not shortened to ``First, Given, et al.``.

    Reference: §4.1 in RULES.md.
    Bad: ``Buchbinder, Rachelle, Richard H. Osborne, and Peter R. Ebeling.``
    Good: ``Buchbinder, Rachelle, et al.``
    """
    authors = entry.authors
    if authors is None:
        return
    people = len(authors.names)
    if authors.et_al is None and people >= 3:
        first = authors.names[0]
        yield at(authors.span, f"{people} authors listed; MLA 9 gives the first and 'et al.' for three or more: "
                               f"'{first.span.text}, et al.'")
    elif authors.et_al is not None:
        if people > 1:
            yield at(authors.et_al, f"{people} authors before 'et al.'; MLA 9 gives only the first")
        if not authors.et_al.text.startswith(","):
            yield at(authors.et_al, "no comma before 'et al.'; MLA 9 writes 'Surname, Given, et al.'")


@rule("mla")
def mla_title_case(entry: ParsedEntry, profile: Profile):
    """Title words not in MLA title case (principal words capitalised, including *Is* and words after hyphens).

    The work's title and its containers' (a database's or website's name, a second container, included).

    Reference: §4.2 in RULES.md.
    Bad: ``"What is Vertebroplasty?"``
    Good: ``"What Is Vertebroplasty?"``
    """
    container = titled_container(entry)
    # A second container (the database or website a work was found in) is a title too, in italics after the first.
    later = [run for run in entry.italics if container is not None and run.start >= container.end]
    for span in (entry.title, container, *later):
        if span is None:
            continue
        for start, end, word, expected in case.title_case_errors(span, long_prepositions_free=False):
            yield Problem(f"'{word}' in a title; MLA 9 title case writes '{expected}'", start, end)


@rule("mla")
def mla_title_format(entry: ParsedEntry, profile: Profile):
    """A title set off the wrong way: parts of a container in double quotes, whole works in italics.

    A preprint or data set named with its repository (``"Title." figshare, 2020``) is quoted (§4.2).

    Reference: §4.2 in RULES.md.
    Bad: ``Thomas, Liji. What Is Vertebroplasty? *News-Medical*, …``
    Good: ``Thomas, Liji. "What Is Vertebroplasty?" *News-Medical*, …``
    """
    title = entry.title
    if title is None or entry.type == "unknown":
        return
    if entry.type in (*PART_OF_CONTAINER, "repository") and entry.title_markup != "double-quotes":
        kind = {"web": "a web page", "repository": "a preprint or data set"}.get(entry.type, "an article or chapter")
        yield at(title, f"the title of {kind} goes in double quotation marks in MLA 9: '{in_quotes(title.text)}'")
    elif entry.type in ("book", "report", "thesis") and entry.title_markup != "italic":
        yield at(title, f"the title of a {entry.type} must be in italics in MLA 9: '*{title.text}*'")


@rule("mla", "chicago")
def punctuation_outside_quotes(entry: ParsedEntry, profile: Profile):
    """A full stop or comma after the closing quotation mark of a title (it goes inside).

    Reference: §2.7 in RULES.md.
    Bad: ``"Currents in the Study of Persuasion".``
    Good: ``"Currents in the Study of Persuasion."``
    """
    title = entry.title
    if title is None or entry.title_markup != "double-quotes" or title.text.endswith(("?", "!")):
        return
    following = entry.plain[title.end + 1:title.end + 2]
    if following in (".", ","):
        yield Problem(f"'{following}' after the closing quotation mark; {profile.label} puts it inside: "
                      f"'…{title.text[-12:]}{following}\"'", title.end, title.end + 2)


@rule("mla")
def mla_container(entry: ParsedEntry, profile: Profile):
    """A container (journal, website, book) not in italics, or not followed by a comma.

    Reference: §4.3 in RULES.md.
    Bad: ``"What Is Vertebroplasty?" News-Medical. 4 Feb. 2021.``
    Good: ``"What Is Vertebroplasty?" *News-Medical*, 4 Feb. 2021,``
    """
    container = entry.container
    if entry.type not in PART_OF_CONTAINER or container is None:
        return
    if not entry.container_italic:
        yield at(container, f"container '{container.text}' must be in italics in MLA 9: '*{container.text}*'")
    following = entry.plain[container.end:container.end + 1]
    if following not in (",", ""):
        yield Problem(f"'{following}' after the container; MLA 9 separates the elements of a container with commas: "
                      f"'*{container.text}*,'", container.end, container.end + 1)


@rule("mla")
def mla_volume_issue(entry: ParsedEntry, profile: Profile):
    """Volume, issue and pages without the labels ``vol.``, ``no.`` and ``pp.``.

    Reference: §4.3 in RULES.md.
    Bad: ``*New England Journal of Medicine*, 361(6), 557-68.``
    Good: ``*New England Journal of Medicine*, vol. 361, no. 6, 6 Aug. 2009, pp. 557-68.``
    """
    if entry.type != "journal":
        return
    if entry.volume is not None and entry.volume_form != "mla":
        yield at(entry.volume, "volume and issue without labels; MLA 9 writes 'vol. 361, no. 6'")
    pages = entry.pages
    if pages is not None and not page_label_before(entry, pages.start):
        label = "pp." if PAGE_RANGE_RE.search(pages.text) else "p."
        yield at(pages, f"pages '{pages.text}' without a label; MLA 9 writes '{label} {pages.text}'")


@rule("mla")
def mla_date_form(entry: ParsedEntry, profile: Profile):
    """A date not written ``Day Mon. Year`` (months longer than four letters abbreviated; no ``n.d.``).

    Reference: §4.5 in RULES.md.
    Bad: ``04 October 2023`` or ``February 4, 2021``
    Good: ``4 Oct. 2023`` and ``4 Feb. 2021``
    """
    date = entry.date
    if date is not None and not MLA_DATE_RE.match(LEADING_ZERO_RE.sub(r"\1", date.text)):
        yield at(date, f"date written '{date.text}'; MLA 9 writes day, abbreviated month, year: "
                       f"'{mla_date(date.text)}'")
    for match in NO_DATE_RE.finditer(entry.plain) if "d." in entry.plain else ():
        yield Problem("'n.d.' in an MLA entry; MLA 9 leaves an undated source without a date (add an access "
                      "date instead)", match.start(), match.end())


@rule("mla")
def mla_access_date(entry: ParsedEntry, profile: Profile):
    """An access date not written ``Accessed 4 Oct. 2023.`` at the end (only other end-of-entry elements follow it).

    Reference: §4.5 in RULES.md.
    Bad: ``(accessed on 4 October 2023)``
    Good: ``Accessed 4 Oct. 2023.``
    """
    access = entry.access
    if access is None:
        return
    text = LEADING_ZERO_RE.sub(r"\1", access.text)  # a padded day is day-zero-padded's finding
    if not MLA_ACCESS_RE.match(text):
        body = ACCESS_WORD_RE.sub("", text)
        yield at(access, f"access date written '{access.text}'; MLA 9 writes 'Accessed {mla_date(body)}.'")
    elif entry.plain[access.end:].strip() != "." and not END_OF_ENTRY_ELEMENT_RE.match(entry.plain[access.end:]):
        yield at(access, "the access date is not at the end; MLA 9 places 'Accessed 4 Oct. 2023.' after the "
                         "location (URL or DOI), followed only by other supplemental elements such as "
                         "'Originally published in ...'")


@rule("mla")
def mla_url_protocol(entry: ParsedEntry, profile: Profile):
    """A URL that keeps ``http://`` or ``https://`` (MLA recommends dropping it; a warning).

    Reference: §4.6 in RULES.md.
    Bad: ``https://www.nice.org.uk/guidance/ta279.``
    Good: ``www.nice.org.uk/guidance/ta279.``
    """
    url = entry.url
    if url is not None and (match := PROTOCOL_RE.match(url.text)):
        yield Problem(f"URL with '{match.group()}'; MLA 9 recommends leaving it out: '{url.text[match.end():]}'",
                      url.start, url.start + match.end(), "warning")


@rule("mla")
def mla_editors(entry: ParsedEntry, profile: Profile):
    """Editors marked ``Ed.``/``(Eds.)`` where MLA 9 writes ``edited by``.

    Reference: §4.4 in RULES.md.
    Bad: ``*Media Effects*. Ed. Mary Beth Oliver et al.``
    Good: ``*Media Effects*, edited by Mary Beth Oliver et al.``
    """
    for match in MLA7_EDITORS_RE.finditer(entry.plain) if "Ed" in entry.plain or "(ed" in entry.plain else ():
        yield Problem(f"editors marked '{match.group()}'; MLA 9 writes 'edited by' before the editors' names",
                      match.start(), match.end())


@rule("mla")
def mla_publisher_city(entry: ParsedEntry, profile: Profile):
    """A city of publication before the publisher.

    Reference: §4.4 in RULES.md.
    Bad: ``12th ed., London: Bloomsbury Academic, 2022.``
    Good: ``12th ed., Bloomsbury Academic, 2022.``
    """
    if entry.place is not None:
        yield Problem(f"city of publication '{entry.place.text}:'; MLA 9 gives the publisher only",
                      entry.place.start, entry.publisher.start)
