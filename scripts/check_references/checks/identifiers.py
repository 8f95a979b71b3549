"""Checks of identifiers: DOI, PMID, PMCID, ISBN, ISSN and URLs (in the .bib and in the chapters), and
of entries that identify the same work."""

from __future__ import annotations

import re
import urllib.parse

from scripts.check_references.bibliography import normalised
from scripts.check_references.chapters import is_external
from scripts.check_references.checks import Problems, registry
from scripts.check_references.project import Project

# A DOI: "10.", a registrant code of 4 to 9 digits (with optional sub-parts), "/", a suffix.
DOI = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")
# What people paste in front of a DOI; the doi field holds the bare DOI.
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
PMID = re.compile(r"^[1-9]\d{0,8}$")
PMCID = re.compile(r"^PMC\d+$")
ISSN = re.compile(r"^(\d{4})-?(\d{3}[\dX])$")


def doi_of(value: str) -> str:
    """The bare DOI in a doi field value (prefixes removed), for comparing entries."""
    return DOI_PREFIX.sub("", value.strip())


def isbn_digits(value: str) -> str:
    """The ISBN's digits (and X), without hyphens or spaces."""
    return re.sub(r"[\s-]", "", value).upper()


def isbn13_check_digit(first_twelve: str) -> str:
    """The check digit that completes the ISBN-13 whose first twelve digits are given."""
    total = sum(int(char) * (1 if index % 2 == 0 else 3) for index, char in enumerate(first_twelve))
    return str((10 - total % 10) % 10)


def isbn13(value: str) -> str:
    """The ISBN-13 form of an ISBN (an ISBN-10 gains 978 and a new check digit), for comparing entries."""
    digits = isbn_digits(value)
    return "978" + digits[:9] + isbn13_check_digit("978" + digits[:9]) if len(digits) == 10 else digits


def isbn_error(value: str) -> str | None:
    """Why *value* is not a valid ISBN-10 or ISBN-13, or None."""
    digits = isbn_digits(value)
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - index) * (10 if char == "X" else int(char)) for index, char in enumerate(digits))
        return None if total % 11 == 0 else "has a wrong check digit (ISBN-10)"
    if re.fullmatch(r"97[89]\d{10}", digits):
        return None if digits[12] == isbn13_check_digit(digits[:12]) else "has a wrong check digit (ISBN-13)"
    return "is neither an ISBN-10 (10 characters) nor an ISBN-13 (13 digits starting 978 or 979)"


def issn_error(value: str) -> str | None:
    """Why *value* is not a valid ISSN (NNNN-NNNC), or None."""
    match = ISSN.match(value.strip().upper())
    if not match:
        return "is not of the form 1234-567X"
    digits = match[1] + match[2]
    total = sum((8 - index) * int(char) for index, char in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    return None if digits[7] == ("X" if check == 10 else str(check)) else "has a wrong check digit"


def url_error(url: str) -> str | None:
    """Why *url* is not a well-formed http(s) URL, or None."""
    if re.search(r"\s", url):
        return "contains white space; encode spaces as %20"
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number up to 65535
    except ValueError:  # e.g. an unclosed [ of an IPv6 address, or a bad port
        host = ""
    if not url.lower().startswith(("http://", "https://")) or not host or "." not in host.strip(".") \
            and host != "localhost":
        return "is not a well-formed web address (https://host/path)"
    return None


def web_addresses(project: Project):
    """Every http(s) URL of the bibliography's url fields and the chapters' links, as (path, line, url, where)."""
    for entry in project.bibliography.entries:
        if url := entry.value("url"):
            yield project.bibliography.path, entry.line_of("url"), url, f"'{entry.key}': url"
    for document in project.documents:
        for link in document.links:
            if is_external(link.target) and link.target.lower().startswith(("http:", "https:")):
                yield document.path, link.line, link.target, "link"


@registry.check
def bad_doi(project: Project) -> Problems:
    """A doi field holds a bare DOI, 10.NNNN/suffix, without https://doi.org/ or doi: in front.

    Bad:  doi = {https://doi.org/10.1016/j.jvir.2013.10.001}    doi = {10.1016 j.jvir}
    Good: doi = {10.1016/j.jvir.2013.10.001}
    """
    for entry in project.bibliography.entries:
        value = entry.value("doi")
        if not value:
            continue
        if DOI_PREFIX.match(value):
            yield (project.bibliography.path, entry.line_of("doi"),
                   f"'{entry.key}': doi '{value}' has a prefix; write the bare DOI {doi_of(value)}")
        elif not DOI.match(value):
            yield (project.bibliography.path, entry.line_of("doi"),
                   f"'{entry.key}': doi '{value}' is not a DOI (10.NNNN/suffix)")


@registry.check
def bad_pmid(project: Project) -> Problems:
    """A pmid field holds the PubMed number only: digits, no prefix.

    Bad:  pmid = {PMID: 19246088}
    Good: pmid = {19246088}
    """
    for entry in project.bibliography.entries:
        value = entry.value("pmid")
        if value and not PMID.match(value):
            yield (project.bibliography.path, entry.line_of("pmid"),
                   f"'{entry.key}': pmid '{value}' is not a PubMed id (digits only, e.g. 19246088)")


@registry.check
def bad_pmcid(project: Project) -> Problems:
    """A pmcid field holds PMC followed by digits.

    Bad:  pmcid = {4757276}    pmcid = {pmc4757276}
    Good: pmcid = {PMC4757276}
    """
    for entry in project.bibliography.entries:
        value = entry.value("pmcid")
        if value and not PMCID.match(value):
            yield (project.bibliography.path, entry.line_of("pmcid"),
                   f"'{entry.key}': pmcid '{value}' is not a PubMed Central id (PMC and digits, e.g. PMC4757276)")


@registry.check
def bad_isbn(project: Project) -> Problems:
    """An isbn field is an ISBN-10 or ISBN-13 whose check digit is right.

    Bad:  isbn = {978-0-19-852663-7}
    Good: isbn = {978-0-19-852663-6}
    """
    for entry in project.bibliography.entries:
        value = entry.value("isbn")
        if value and (error := isbn_error(value)):
            yield project.bibliography.path, entry.line_of("isbn"), f"'{entry.key}': isbn '{value}' {error}"


@registry.check
def bad_issn(project: Project) -> Problems:
    """An issn field is NNNN-NNNC with the right check digit.

    Bad:  issn = {0140-6737}
    Good: issn = {0140-6736}
    """
    for entry in project.bibliography.entries:
        value = entry.value("issn")
        if value and (error := issn_error(value)):
            yield project.bibliography.path, entry.line_of("issn"), f"'{entry.key}': issn '{value}' {error}"


@registry.check
def bad_url(project: Project) -> Problems:
    """A web address (a url field or a link in a chapter) is well-formed: scheme, host, no spaces.

    Bad:  url = {https://example org/page}    [NICE](https:/www.nice.org.uk)
    Good: url = {https://example.org/page}    [NICE](https://www.nice.org.uk)
    """
    for path, line, url, where in web_addresses(project):
        if error := url_error(url):
            yield path, line, f"{where} '{url}' {error}"


@registry.check
def insecure_url(project: Project) -> Problems:
    """A web address uses https, not http (the handbook is served over https; mixed content is blocked).

    Bad:  url = {http://www.nice.org.uk/guidance/ipg12}
    Good: url = {https://www.nice.org.uk/guidance/ipg12}
    """
    for path, line, url, where in web_addresses(project):
        if url.lower().startswith("http:"):
            yield path, line, f"{where} '{url}' uses http; use https (most sites answer on both)"


@registry.check
def duplicate_entry(project: Project) -> Problems:
    """No work is in the bibliography twice: same DOI, PMID or ISBN, or same title and year, under two keys.

    Bad:  @article{smith2020, doi = {10.1000/x1}} ... @article{smith2020b, doi = {10.1000/X1}}
    Good: one entry, cited everywhere by the key smith2020
    """
    reported: set[tuple[str, str]] = set()
    seen: dict[tuple[str, str], object] = {}
    for entry in project.bibliography.entries:
        identities = [("DOI", doi_of(entry.value("doi")).lower()), ("PMID", entry.value("pmid")),
                      ("ISBN", isbn13(entry.value("isbn")))]
        title, year = normalised(entry.value("title")), entry.value("year") or entry.value("date")[:4]
        if title and year:
            identities.append(("title and year", f"{title}/{year}"))
        for kind, identity in identities:
            if not identity:
                continue
            first = seen.setdefault((kind, identity), entry)
            pair = (first.key.lower(), entry.key.lower())
            if first is not entry and pair[0] != pair[1] and pair not in reported:
                reported.add(pair)
                yield (project.bibliography.path, entry.line,
                       f"'{entry.key}' has the same {kind} as '{first.key}' (line {first.line}); keep one entry "
                       f"and cite it by one key")
