"""The online checks (off by default; ``--online`` turns them on): DOIs resolve and agree, pages answer.

They ask the network through ``project.online`` (:class:`scripts.check_references.online.Client`).
An answer that never came (a timeout, a 5xx after every retry) is a warning, not an error: it says
nothing certain about the reference.
"""

from __future__ import annotations

import difflib

from scripts.check_references.bibliography import family_name, normalised, split_names
from scripts.check_references.checks import Problems, registry
from scripts.check_references.checks.identifiers import DOI, url_error, web_addresses
from scripts.check_references.project import Project

# How alike two normalised titles must be to count as the same (a typo or a dropped article may differ).
TITLE_SIMILARITY = 0.9


def doi_entries(project: Project):
    """(entry, DOI) for every entry whose doi field is a well-formed bare DOI."""
    return [(entry, entry.value("doi")) for entry in project.bibliography.entries if DOI.match(entry.value("doi"))]


def doi_records(project: Project):
    return project.online.resolve_dois(doi for _, doi in doi_entries(project))


@registry.check(enabled=False)
def unresolved_doi(project: Project) -> Problems:
    """A DOI is registered: doi.org resolves it (online).

    Bad:  doi = {10.1016/j.jvir.2013.10.0001}    (doi.org: not found)
    Good: doi = {10.1016/j.jvir.2013.10.001}
    """
    records = doi_records(project)
    for entry, doi in doi_entries(project):
        record = records[doi]
        if record.state == "not-found":
            yield (project.bibliography.path, entry.line_of("doi"),
                   f"'{entry.key}': doi.org does not know the DOI {doi}; check it against the publisher's page")
        elif record.state == "unknown":
            yield (project.bibliography.path, entry.line_of("doi"),
                   f"'{entry.key}': could not check the DOI {doi}: {record.detail}", "warning")


def titles_agree(ours: str, registered: str) -> bool:
    ours, registered = normalised(ours), normalised(registered)
    if not ours or not registered or ours.startswith(registered) or registered.startswith(ours):
        return True  # one may carry a subtitle or a translation the other lacks
    return difflib.SequenceMatcher(None, ours, registered, autojunk=False).ratio() >= TITLE_SIMILARITY


@registry.check(enabled=False)
def doi_metadata_mismatch(project: Project) -> Problems:
    """The DOI's registered title, year and first author agree with the entry (online).

    Bad:  an entry whose DOI belongs to another paper (doi.org gives another title or first author)
    Good: title, year and first author's family name as registered (a subtitle may be left out)
    """
    records = doi_records(project)
    path = project.bibliography.path
    for entry, doi in doi_entries(project):
        record = records[doi]
        if record.state != "found":
            continue
        if not titles_agree(entry.value("title"), record.title):
            yield (path, entry.line_of("title"),
                   f"'{entry.key}': the DOI {doi} is registered with the title '{record.title}'; "
                   "is it the right DOI for this entry?")
        year = entry.value("year") or entry.value("date")[:4]
        if year.isdigit() and record.years and int(year) not in record.years:
            yield (path, entry.line_of("year") if entry.value("year") else entry.line_of("date"),
                   f"'{entry.key}': year {year}, but the DOI {doi} is registered for "
                   f"{' or '.join(map(str, record.years))}")
        authors = split_names(entry.value("author"))
        ours = family_name(authors[0]) if authors else None
        if ours and record.first_author and normalised(ours) != normalised(record.first_author):
            yield (path, entry.line_of("author"),
                   f"'{entry.key}': first author {ours}, but the DOI {doi} is registered with "
                   f"{record.first_author} first")


@registry.check(enabled=False)
def dead_link(project: Project) -> Problems:
    """A web address (a url field or a chapter's link) answers without an error (online).

    Bad:  url = {https://www.nice.org.uk/guidance/ipg999}    (404 Not Found)
    Good: url = {https://www.nice.org.uk/guidance/ipg12}
    """
    addresses = [address for address in web_addresses(project) if not url_error(address[2])]  # bad-url's
    statuses = project.online.check_pages(url for _, _, url, _ in addresses)
    for path, line, url, where in addresses:
        status = statuses[url]
        if status.state == "broken":
            yield path, line, f"{where} '{url}' answers {status.status}; update or remove it"
        elif status.state == "unknown":
            yield path, line, f"{where} '{url}' could not be checked: {status.detail}", "warning"
