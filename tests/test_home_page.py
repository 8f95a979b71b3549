"""The home page routes each kind of reader, gives the review date, and points to the downloads."""

from __future__ import annotations

import datetime

import yaml

from scripts import myst_reader
from tests.helpers import DOCS

HOME = (DOCS / "index.md").read_text(encoding="utf-8")
READ = myst_reader.read(HOME)


def test_home_page_has_a_review_date_in_its_front_matter():
    assert isinstance(yaml.safe_load(READ.front_matter.text)["last_reviewed"], datetime.date)


def test_home_page_says_what_the_handbook_is_and_who_it_is_for():
    intro = HOME.split("**Where to start.**")[0]
    assert "vertebroplasty" in intro.lower()
    for reader in ("families", "carers", "doctors"):
        assert reader in intro


def test_each_kind_of_reader_is_sent_to_existing_chapters():
    start = HOME.split("**Where to start.**")[1].split("**Reading offline.**")[0]
    for reader in ("broken bone in your spine", "family member or carer", "clinician"):
        paragraph = next(block for block in start.split("\n\n") if reader in block)
        linked = [role.content for role in myst_reader.read(paragraph).roles if role.name == "doc"]
        assert linked, f"no chapter linked for the reader with {reader!r}"
        assert all((DOCS / f"{name}.md").is_file() for name in linked)


def test_home_page_text_is_for_the_site_and_the_e_book_only():
    # In the PDFs the text would stand before the first chapter, and a heading would become a chapter.
    only = [directive for directive in READ.directives if directive.name == "only"]
    assert [directive.argument for directive in only] == ["html and not singlehtml"]
    assert "**Where to start.**" in "\n".join(only[0].body)
    assert [heading.level for heading in READ.headings] == [1]


def test_home_page_points_to_the_downloads():
    assert "PDF" in HOME and "EPUB" in HOME and "Downloads page" in HOME
