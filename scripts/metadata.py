"""The handbook's own metadata, read from CITATION.cff (the single source for every format).

Besides the title page and package metadata, it gives the handbook's citation: :meth:`HandbookMetadata.csl_item`
(the whole handbook) and :meth:`HandbookMetadata.page_csl_item` (one page) are CSL-JSON items for
scripts/csl.py, dated with the release date, never the clock, so rebuilds cite alike.
"""

from __future__ import annotations

import dataclasses
import datetime
import pathlib
import urllib.parse

import yaml

CITATION_FILE = pathlib.Path(__file__).resolve().parent.parent / "CITATION.cff"
# The editions in words, by major version ("1.0.0" is the "First edition"); the tagged PDF's title
# page shows them translated (scripts/print_pdf.py declares each a message of handbook.pot).
EDITIONS = ("First edition", "Second edition", "Third edition", "Fourth edition", "Fifth edition",
            "Sixth edition", "Seventh edition", "Eighth edition", "Ninth edition", "Tenth edition")


@dataclasses.dataclass(frozen=True)
class Name:
    """An author as citations need it: a group's name, or a person's family and given names."""

    literal: str = ""
    """A group author's name, e.g. "The Vertebroplasty Handbook Team" (empty for a person)."""
    family: str = ""
    """A person's family name with any particle, e.g. "van der Berg"."""
    given: str = ""
    """A person's given names, e.g. "Anna M."."""

    def csl(self) -> dict[str, str]:
        """The name in CSL-JSON form."""
        return {"literal": self.literal} if self.literal else {"family": self.family, "given": self.given}


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
    url: str
    """Where the handbook is published, ending in "/", e.g. "https://example.org/vertebroplasty-handbook/"."""
    names: tuple[Name, ...]
    """The authors again, structured for citations."""

    @property
    def author(self) -> str:
        return " and ".join(self.authors)

    @property
    def edition(self) -> str:
        """The edition in words, from the major version: "1.0.0" is the "First edition"."""
        major = int(self.version.split(".")[0])
        return EDITIONS[major - 1] if 1 <= major <= len(EDITIONS) else f"Edition {major}"

    def _csl_common(self) -> dict:
        released = [[self.released.year, self.released.month, self.released.day]]
        # The release date stands for the access date too, so Harvard's "Accessed:" never reads the clock.
        return {"author": [name.csl() for name in self.names], "issued": {"date-parts": released},
                "accessed": {"date-parts": released}}

    def csl_item(self) -> dict:
        """The whole handbook as a CSL-JSON item (a book with a version, at :attr:`url`)."""
        return {"id": "handbook", "type": "book", "title": self.title, "version": self.version, "URL": self.url,
                **self._csl_common()}

    def page_csl_item(self, title: str, path: str) -> dict:
        """One page of the handbook as a CSL-JSON item: a web page in the handbook, at :attr:`url` + *path*."""
        return {"id": "page", "type": "webpage", "title": title, "container-title": self.title,
                "URL": urllib.parse.urljoin(self.url, path), **self._csl_common()}


class MetadataError(ValueError):
    """CITATION.cff is missing a field or has one in the wrong form; the message names it."""


def _person_name(author: dict) -> str:
    if not isinstance(author, dict):
        raise MetadataError("each entry under 'authors' must be a mapping with 'name' or 'family-names'")
    if "name" in author:
        return str(author["name"])
    parts = [author.get("given-names", ""), author.get("name-particle", ""), author.get("family-names", "")]
    name = " ".join(part for part in parts if part)
    if not name:
        raise MetadataError("an entry under 'authors' has neither 'name' nor 'family-names'")
    return name


def _citation_name(author: dict) -> Name:
    if "name" in author:
        return Name(literal=str(author["name"]))
    family = " ".join(str(author[part]) for part in ("name-particle", "family-names") if author.get(part))
    return Name(family=family, given=str(author.get("given-names", "")))


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
    url = field("url", str, "a web address")
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise MetadataError(f"{path}: field 'url' must be an http(s) address such as "
                            f"\"https://example.org/vertebroplasty-handbook/\", not {url!r}")
    return HandbookMetadata(
        title=field("title", str, "a string"),
        authors=authors,
        version=str(field("version", (str, int, float), "a version such as \"1.0.0\"")),
        released=released,
        abstract=" ".join(field("abstract", str, "a string").split()),
        keywords=tuple(str(k) for k in field("keywords", list, "a list")),
        license=field("license", str, "an SPDX licence id"),
        # Page paths are joined to it, so it must name a folder.
        url=url if url.endswith("/") else f"{url}/",
        names=tuple(_citation_name(author) for author in data["authors"]),
    )
