"""The handbook's own metadata, read from CITATION.cff (the single source for every format)."""

from __future__ import annotations

import dataclasses
import datetime
import pathlib

import yaml

CITATION_FILE = pathlib.Path(__file__).resolve().parent.parent / "CITATION.cff"


@dataclasses.dataclass(frozen=True)
class HandbookMetadata:
    """What the title page, the EPUB package and the HTML header say about the handbook."""

    title: str
    """The handbook's title, e.g. "The Vertebroplasty Handbook"."""
    authors: tuple[str, ...]
    """Authors as display names: a group author's name, or "Given Family" for a person."""
    version: str
    """Semantic version of this edition, e.g. "1.0.0"."""
    released: datetime.date
    """The release date; used wherever a build would otherwise read the clock."""
    abstract: str
    """One-paragraph description (EPUB description, PDF subject)."""
    keywords: tuple[str, ...]
    """Subject keywords (PDF keywords, EPUB subjects)."""
    license: str
    """SPDX licence id of the text, e.g. "CC-BY-4.0"."""

    @property
    def author(self) -> str:
        return " and ".join(self.authors)

    @property
    def edition(self) -> str:
        """The edition in words, from the major version: "1.0.0" is the "First edition"."""
        ordinals = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth"]
        major = int(self.version.split(".")[0])
        return f"{ordinals[major - 1]} edition" if 1 <= major <= len(ordinals) else f"Edition {major}"


class MetadataError(ValueError):
    """CITATION.cff is missing a field or has one in the wrong form; the message names it."""


def _person_name(author: dict) -> str:
    if "name" in author:
        return str(author["name"])
    parts = [author.get("given-names", ""), author.get("name-particle", ""), author.get("family-names", "")]
    name = " ".join(part for part in parts if part)
    if not name:
        raise MetadataError("an entry under 'authors' has neither 'name' nor 'family-names'")
    return name


def load(path: pathlib.Path = CITATION_FILE) -> HandbookMetadata:
    """Read *path*; raise :class:`MetadataError` naming the file and field on any problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise MetadataError(f"{path}: cannot be read as YAML: {error}") from None
    if not isinstance(data, dict):
        raise MetadataError(f"{path}: expected a YAML mapping of CFF fields")

    def field(name: str, kind: type, described: str):
        value = data.get(name)
        if not isinstance(value, kind) or not value:
            raise MetadataError(f"{path}: field '{name}' is missing or not {described}; "
                                "see https://citation-file-format.github.io for its form")
        return value

    released = data.get("date-released")
    if isinstance(released, str):
        try:
            released = datetime.date.fromisoformat(released)
        except ValueError:
            released = None
    if not isinstance(released, datetime.date):
        raise MetadataError(f"{path}: field 'date-released' must be an ISO date such as \"2026-11-24\"")
    try:
        authors = tuple(_person_name(author) for author in field("authors", list, "a list"))
    except MetadataError as error:
        raise MetadataError(f"{path}: {error}") from None
    return HandbookMetadata(
        title=field("title", str, "a string"),
        authors=authors,
        version=str(field("version", (str, int, float), "a version such as \"1.0.0\"")),
        released=released,
        abstract=" ".join(field("abstract", str, "a string").split()),
        keywords=tuple(str(k) for k in field("keywords", list, "a list")),
        license=field("license", str, "an SPDX licence id"),
    )
