"""pybtex (the build's and the checkers' reader of docs/references.bib) and pandoc (which reads it for CSL) agree.

The checks and sphinxcontrib-bibtex read the .bib with pybtex (scripts/check_references/bibliography.py);
the reference lists are rendered from pandoc's reading of it (scripts/csl.py, ``pandoc -f bibtex -t
csljson``). Both must see the same entries in the same order, and every field one of them reads must
reach the other with the same value: a field pandoc drops or reads differently would be checked by
the checkers but printed differently, or not at all.
"""

from __future__ import annotations

import calendar

import pytest

from scripts import csl
from scripts.check_references.bibliography import family_name, normalised, read_bibliography, split_names
from tests.helpers import DOCS

BIB = DOCS / "references.bib"
# Fields the handbook keeps for its editors, not for citing: CSL has no variable for them.
EDITORS_ONLY = frozenset({"verified"})
# The CSL variables pandoc makes without a field of their own: the key, the entry type and a short
# title (the part of the title before a colon).
DERIVED = frozenset({"id", "type", "title-short"})


def csl_name(name: dict) -> str:
    return " ".join(name[part] for part in ("dropping-particle", "non-dropping-particle", "family", "literal")
                    if part in name)


def bib_name(name: str) -> str:
    return family_name(name) or name


def date_parts(item: dict) -> list[int]:
    return item["issued"]["date-parts"][0]


# For each .bib field: the CSL variables it becomes, and (.bib value, CSL item) → the two values to compare.
FIELDS = {
    "title": (("title",), lambda value, item: (normalised(value), normalised(item["title"]))),
    "author": (("author",), lambda value, item: ([normalised(bib_name(name)) for name in split_names(value)],
                                                 [normalised(csl_name(name)) for name in item["author"]])),
    "journal": (("container-title",), lambda value, item: (value, item["container-title"])),
    # biblatex @online has no field for the site's name: the handbook gives it as organization (scripts/csl.py).
    "organization": (("container-title",), lambda value, item: (value, item["container-title"])),
    "institution": (("publisher",), lambda value, item: (value, item["publisher"])),
    "howpublished": (("publisher",), lambda value, item: (normalised(value), normalised(item["publisher"]))),
    "address": (("publisher-place",), lambda value, item: (value, item["publisher-place"])),
    "type": (("genre",), lambda value, item: (value, item["genre"])),
    "volume": (("volume",), lambda value, item: (value, item["volume"])),
    "number": (("issue", "number"), lambda value, item: (value, item.get("issue", item.get("number")))),
    "pages": (("page",), lambda value, item: (normalised(value), normalised(item["page"]))),
    "doi": (("DOI",), lambda value, item: (value, item["DOI"])),
    "pmid": (("PMID",), lambda value, item: (value, item["PMID"])),
    "url": (("URL",), lambda value, item: (value, item["URL"])),
    "note": (("note",), lambda value, item: (value, item["note"])),
    "year": (("issued",), lambda value, item: (int(value), date_parts(item)[0])),
    "month": (("issued",), lambda value, item: (value, calendar.month_name[date_parts(item)[1]])),
    "date": (("issued",), lambda value, item: (value, "-".join(f"{part:02d}" for part in date_parts(item)))),
}


@pytest.fixture(scope="module")
def both_readings():
    return read_bibliography(BIB), csl.bibtex_to_csl(BIB)


def test_both_read_the_same_entries_in_the_same_order(both_readings):
    ours, pandocs = both_readings
    assert not ours.problems
    assert [entry.key for entry in ours.entries] == [item["id"] for item in pandocs]


def test_every_field_reaches_csl_with_the_same_value(both_readings):
    ours, pandocs = both_readings
    for entry, item in zip(ours.entries, pandocs):
        unknown = set(entry.fields) - set(FIELDS) - EDITORS_ONLY
        assert not unknown, f"{entry.key}: no known CSL variable for {sorted(unknown)}"
        made = set(DERIVED)
        for name, field in entry.fields.items():
            if name in EDITORS_ONLY:
                continue
            variables, values = FIELDS[name]
            assert any(variable in item for variable in variables), f"{entry.key}: pandoc dropped {name}"
            made.update(variables)
            ours_value, pandocs_value = values(field.value, item)
            assert ours_value == pandocs_value, f"{entry.key}: {name}"
        assert set(item) <= made, f"{entry.key}: pandoc read {sorted(set(item) - made)}, which pybtex did not"
