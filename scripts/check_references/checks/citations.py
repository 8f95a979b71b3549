"""Checks that the chapters and the bibliography agree: every cited key exists, every entry is cited."""

from __future__ import annotations

from scripts.check_references.checks import Problems, registry
from scripts.check_references.project import Project


@registry.check
def unknown_key(project: Project) -> Problems:
    """Every key cited in a chapter ({cite}, {cite:p}, {cite:t}, ... or a {bibliography} filter) is in the .bib.

    Bad:  Cement leaks are common {cite:p}`smtih2020`.
    Good: Cement leaks are common {cite:p}`smith2020`.
    """
    entries = project.entries_by_key
    for document in project.documents:
        for citation in document.citations:
            if citation.key.lower() not in entries:
                yield (document.path, citation.line,
                       f"{{{citation.role}}} cites '{citation.key}', which is not in {project.bibliography.path.name}")


@registry.check
def uncited_entry(project: Project) -> Problems:
    """Every bibliography entry is cited somewhere, or listed with a reason in uncited-references.txt.

    Bad:  @book{spare2019, ...} cited nowhere
    Good: cite it, remove it, or add the line  spare2019  # background for the evidence chapter
    """
    allowed = {entry.key.lower() for entry in project.allowed_uncited}
    for entry in project.bibliography.entries:
        key = entry.key.lower()
        if key not in project.cited_keys and key not in allowed:
            yield (project.bibliography.path, entry.line,
                   f"'{entry.key}' is cited in no chapter; cite it, remove it, or list it with a reason in "
                   f"{project.allow_list_path.name}")


@registry.check
def allow_list(project: Project) -> Problems:
    """Each line of uncited-references.txt names an uncited entry of the .bib and gives a reason.

    Bad:  spare2019
    Good: spare2019  # background reading for the authors, not for readers
    """
    entries = project.entries_by_key
    for allowed in project.allowed_uncited:
        key = allowed.key.lower()
        if key not in entries:
            yield (project.allow_list_path, allowed.line,
                   f"'{allowed.key}' is not in {project.bibliography.path.name}; remove the line")
        elif key in project.cited_keys:
            yield project.allow_list_path, allowed.line, f"'{allowed.key}' is cited after all; remove the line"
        elif not allowed.reason:
            yield (project.allow_list_path, allowed.line,
                   f"'{allowed.key}' has no reason; write it after the key: {allowed.key}  # why it stays uncited")
