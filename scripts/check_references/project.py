"""Everything the checks look at, read once: the bibliography, the chapters and the allow-list of uncited entries."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import pathlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scripts.checkkit import InputError, read_text
from scripts.check_references.bibliography import Bibliography, Entry, read_bibliography
from scripts.check_references.chapters import BUILTIN_LABELS, Definition, Document, document_name, parse_document

if TYPE_CHECKING:  # the online module (urllib) is needed only for the type here
    from scripts.check_references.online import Client

# The allow-list of entries that may stay uncited, in the docs folder (conf.py keeps Sphinx off it).
ALLOW_LIST_NAME = "uncited-references.txt"
# The list of entries whose authors no verified source shows, so they may have no author field.
NO_AUTHOR_LIST_NAME = "authorless-references.txt"
# One allow-list line: a key, then "# reason".
ALLOW_LIST_LINE = re.compile(r"^(?P<key>[^\s#]+)\s*(?:#\s*(?P<reason>.*?))?\s*$")
# Folders under the docs folder that hold no chapters.
SKIPPED_FOLDERS = frozenset({"_build", "_static", "_templates", ".ipynb_checkpoints"})


@dataclasses.dataclass(frozen=True)
class AllowedEntry:
    """One line of the allow-list: an entry that may stay uncited, and why."""

    line: int
    key: str
    reason: str
    """The text after ``#``; empty if the line gives none (which is reported)."""


@dataclasses.dataclass(frozen=True)
class Project:
    """The inputs of one run of the checker."""

    docs_dir: pathlib.Path
    """The chapters' folder as given on the command line."""
    bibliography: Bibliography
    documents: tuple[Document, ...]
    allow_list_path: pathlib.Path
    allowed_uncited: tuple[AllowedEntry, ...]
    today: datetime.date
    """The date against which future years and access dates are judged."""
    online: Client | None = None
    """The network client, when the online checks run."""
    no_author_list_path: pathlib.Path | None = None
    allowed_without_author: tuple[AllowedEntry, ...] = ()
    """Entries that may lack an author field (authorless-references.txt), each with its reason."""

    @functools.cached_property
    def documents_by_name(self) -> dict[str, Document]:
        return {document.name: document for document in self.documents}

    @functools.cached_property
    def labels(self) -> dict[str, tuple[Document, Definition]]:
        """Every label (lower case) with the first document that defines it."""
        found: dict[str, tuple[Document, Definition]] = {}
        for document in self.documents:
            for label in document.labels:
                found.setdefault(label.name, (document, label))
        return found

    @functools.cached_property
    def label_names(self) -> frozenset[str]:
        return frozenset(self.labels) | BUILTIN_LABELS

    @functools.cached_property
    def terms(self) -> frozenset[str]:
        return frozenset(term.name for document in self.documents for term in document.terms)

    @functools.cached_property
    def cited_keys(self) -> frozenset[str]:
        """Every cited key, lower case (BibTeX keys are compared without regard to case)."""
        return frozenset(citation.key.lower() for document in self.documents for citation in document.citations)

    @functools.cached_property
    def entries_by_key(self) -> dict[str, Entry]:
        """The entries by lower-case key."""
        return self.bibliography.by_key()


def chapter_paths(docs_dir: pathlib.Path) -> Iterator[pathlib.Path]:
    """The Markdown files under *docs_dir*, in a stable order, skipping build and theme folders."""
    for path in sorted(docs_dir.rglob("*.md")):
        if not SKIPPED_FOLDERS.intersection(path.relative_to(docs_dir).parts[:-1]):
            yield path


def read_allow_list(path: pathlib.Path) -> tuple[AllowedEntry, ...]:
    """Parse the allow-list; a missing file is an empty list."""
    if not path.is_file():
        return ()
    entries = []
    for number, line in enumerate(read_text(str(path)).splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = ALLOW_LIST_LINE.match(line.strip())
        if match:
            entries.append(AllowedEntry(number, match["key"], match["reason"] or ""))
    return tuple(entries)


def load_project(docs_dir: pathlib.Path, bib_path: pathlib.Path, today: datetime.date | None = None,
                 online: Client | None = None) -> Project:
    """Read the chapters under *docs_dir* and the bibliography *bib_path*.

    Raises :class:`InputError` for a folder or file that cannot be read (exit status 2).
    """
    if not docs_dir.is_dir():
        raise InputError(str(docs_dir), "no such folder; give the folder of chapters (default: docs)")
    if not bib_path.is_file():
        raise InputError(str(bib_path), "no such bibliography file; give it with --bib FILE")
    try:
        bibliography = read_bibliography(bib_path)
    except OSError as error:
        raise InputError(str(bib_path), f"cannot read: {error.strerror or error}") from None
    documents = tuple(parse_document(path, document_name(docs_dir, path), read_text(str(path)))
                      for path in chapter_paths(docs_dir))
    allow_list_path = docs_dir / ALLOW_LIST_NAME
    no_author_list_path = docs_dir / NO_AUTHOR_LIST_NAME
    return Project(docs_dir, bibliography, documents, allow_list_path, read_allow_list(allow_list_path),
                   today or datetime.date.today(), online, no_author_list_path,
                   read_allow_list(no_author_list_path))
