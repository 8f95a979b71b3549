"""Checks of the bibliography's entries: syntax, required fields, dates and pages."""

from __future__ import annotations

import datetime
import re

from scripts.check_references.checks import Problems, registry
from scripts.check_references.project import Project

# Fields each entry type needs; each item is one field or its accepted alternatives (BibTeX, biblatex).
YEAR = ("year", "date")
ONLINE_PAGE = (("author", "organization", "editor"), ("title",), ("url",))
REQUIRED_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (("author",), ("title",), ("journal", "journaltitle"), YEAR),
    "book": (("author", "editor"), ("title",), ("publisher",), YEAR),
    "inbook": (("author",), ("title",), ("booktitle",), ("publisher",), YEAR),
    "incollection": (("author",), ("title",), ("booktitle",), ("publisher",), YEAR),
    "report": (("author",), ("title",), ("institution", "organization", "publisher"), YEAR),
    "techreport": (("author",), ("title",), ("institution", "organization", "publisher"), YEAR),
    "online": ONLINE_PAGE,
    "www": ONLINE_PAGE,
    "electronic": ONLINE_PAGE,
}
# The earliest year a cited work can plausibly have (the printing press).
EARLIEST_YEAR = 1450
# biblatex date fields, ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD, or a range of two with "/".
DATE_FIELDS = ("date", "urldate", "origdate", "eventdate")
ISO_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
# One part of a pages field: a range with any dash, or a single page such as 166, e12345 or xii.
PAGE_RANGE = re.compile(r"^(?P<start>[^\s\-–—]+)\s*(?P<dash>-+|–|—)\s*(?P<end>[^\s\-–—]+)$")
PAGE_NUMBER = re.compile(r"^(?P<prefix>[A-Za-z]*)(?P<number>\d+)$")
SINGLE_PAGE = re.compile(r"^[A-Za-z]*\d+[A-Za-z]*$|^[ivxlcdm]+$", re.IGNORECASE)


@registry.check
def bib_syntax(project: Project) -> Problems:
    """The .bib file can be read: UTF-8, balanced braces, every key and field once, strings defined.

    Bad:  @article{smith2020, title = {An {unbalanced title}, year = 2020}
    Good: @article{smith2020, title = {A {balanced} title}, year = 2020}
    """
    for problem in project.bibliography.problems:
        yield project.bibliography.path, problem.line, problem.message


@registry.check
def missing_field(project: Project) -> Problems:
    """Each entry has the fields its type needs (article, book, chapter, report, online page).

    Bad:  @article{smith2020, author = {Smith, Ann}, title = {A trial}, year = 2020}
    Good: @article{smith2020, author = {Smith, Ann}, title = {A trial}, journal = {The Lancet}, year = 2020}

    An @misc entry with a url is checked as an online page. An entry cut short by a syntax error is
    left to bib-syntax. An entry listed with a reason in authorless-references.txt (no verified source
    shows its authors, and none may be guessed) may have no author field.
    """
    without_author = {allowed.key.lower() for allowed in project.allowed_without_author}
    for entry in project.bibliography.entries:
        if not entry.complete:
            continue
        entry_type = "online" if entry.type == "misc" and entry.value("url") else entry.type
        for alternatives in REQUIRED_FIELDS.get(entry_type, ()):
            if alternatives[0] == "author" and entry.key.lower() in without_author:
                continue
            if not any(entry.value(name) for name in alternatives):
                others = f" (or {' or '.join(alternatives[1:])})" if len(alternatives) > 1 else ""
                yield (project.bibliography.path, entry.line,
                       f"the @{entry.type} entry '{entry.key}' has no {alternatives[0]} field{others}; add it")


@registry.check
def bad_year(project: Project) -> Problems:
    """A year is four digits between 1450 and next year.

    Bad:  year = {20020}    year = {in press}
    Good: year = {2002}
    """
    for entry in project.bibliography.entries:
        year = entry.value("year")
        if not year:
            continue
        if not re.fullmatch(r"\d{4}", year):
            yield (project.bibliography.path, entry.line_of("year"),
                   f"'{entry.key}': year '{year}' is not a four-digit year; write it as e.g. 2014")
        elif not EARLIEST_YEAR <= int(year) <= project.today.year + 1:
            yield (project.bibliography.path, entry.line_of("year"),
                   f"'{entry.key}': year {year} is implausible (expected {EARLIEST_YEAR} to "
                   f"{project.today.year + 1}); check the source")


def date_error(value: str, today: datetime.date, must_be_day: bool) -> str | None:
    """Why *value* is not a valid ISO 8601 date (or range), or None if it is."""
    for part in value.split("/"):
        if not part and "/" in value:
            continue  # an open-ended range, e.g. 2019/
        match = ISO_DATE.match(part)
        if not match:
            return "is not an ISO 8601 date; write YYYY-MM-DD (or YYYY-MM, YYYY)"
        try:
            parsed = datetime.date(int(match["year"]), int(match["month"] or 1), int(match["day"] or 1))
        except ValueError:
            return "is not a real calendar date"
        if must_be_day and not match["day"]:
            return "needs the day too; write YYYY-MM-DD"
        if parsed > today and must_be_day:
            return "is in the future"
        if not EARLIEST_YEAR <= parsed.year <= today.year + 1:
            return f"has an implausible year (expected {EARLIEST_YEAR} to {today.year + 1})"
    return None


@registry.check
def bad_date(project: Project) -> Problems:
    """Dates are ISO 8601 (date, urldate, ...), real, and an access date (urldate) is a full past day.

    Bad:  urldate = {25/11/2026}    date = {2021-02-30}
    Good: urldate = {2026-11-25}    date = {2021-02}
    """
    for entry in project.bibliography.entries:
        for name in DATE_FIELDS:
            value = entry.value(name)
            if value and (error := date_error(value, project.today, must_be_day=name == "urldate")):
                yield project.bibliography.path, entry.line_of(name), f"'{entry.key}': {name} '{value}' {error}"


def page_range_error(part: str) -> str | None:
    """Why one comma-separated part of a pages field is wrong, or None."""
    if SINGLE_PAGE.match(part):
        return None
    match = PAGE_RANGE.match(part)
    if not match:
        return "is neither a page nor a range start--end"
    if match["dash"] != "--":
        return f"separates the range with '{match['dash']}'; write {match['start']}--{match['end']}"
    start, end = PAGE_NUMBER.match(match["start"]), PAGE_NUMBER.match(match["end"])
    if start and end and start["prefix"] == end["prefix"] and int(start["number"]) > int(end["number"]):
        return "ends before it starts; write the full last page, e.g. 1016--1024 not 1016--24"
    return None


@registry.check
def bad_pages(project: Project) -> Problems:
    """Page ranges are written start--end (two hyphens) with start <= end.

    Bad:  pages = {171-181}    pages = {1016--24}
    Good: pages = {171--181}   pages = {e012345}
    """
    for entry in project.bibliography.entries:
        pages = entry.value("pages")
        for part in filter(None, (part.strip() for part in pages.split(","))):
            if error := page_range_error(part):
                yield project.bibliography.path, entry.line_of("pages"), f"'{entry.key}': pages '{part}' {error}"



@registry.check
def authorless_list(project: Project) -> Problems:
    """Each line of authorless-references.txt names an entry without authors and gives a reason.

    Bad:  trial2023
    Good: trial2023  # the stored PubMed copy shows no author list
    """
    entries = project.entries_by_key
    for allowed in project.allowed_without_author:
        entry = entries.get(allowed.key.lower())
        if entry is None:
            yield (project.no_author_list_path, allowed.line,
                   f"'{allowed.key}' is not in {project.bibliography.path.name}; remove the line")
        elif entry.value("author"):
            yield project.no_author_list_path, allowed.line, f"'{allowed.key}' has authors after all; remove the line"
        elif not allowed.reason:
            yield (project.no_author_list_path, allowed.line,
                   f"'{allowed.key}' has no reason; write it after the key: {allowed.key}  # why no author is given")
