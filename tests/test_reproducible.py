"""Two builds of one commit are byte-identical: every file of the site, both tagged PDFs and the EPUB.

The second build runs later, in another folder, under another time zone and another Python hash
seed, so a date from the clock, a local time, an absolute path or a set's order would show up.
"""

from __future__ import annotations

import pathlib
import time
import zipfile

import pypdf
import pytest
from bs4 import BeautifulSoup

from scripts import build, reproducible
from scripts.layout import BuildLayout


def product_files(layout: BuildLayout) -> dict[str, pathlib.Path]:
    """Every published file, keyed by its path relative to the build folder."""
    files = {path.relative_to(layout.build_dir).as_posix(): path
             for path in sorted(layout.html.rglob("*")) if path.is_file()}
    for product in (layout.pdf, layout.large_print_pdf, layout.epub):
        files[product.relative_to(layout.build_dir).as_posix()] = product
    return files


def differing_members(first: pathlib.Path, second: pathlib.Path) -> list[str]:
    """Names of the members of two zip archives (EPUBs) that differ, in content or in their header."""
    with zipfile.ZipFile(first) as one, zipfile.ZipFile(second) as two:
        names = sorted(set(one.namelist()) | set(two.namelist()))
        return [name for name in names
                if name not in one.namelist() or name not in two.namelist()
                or one.read(name) != two.read(name)
                or one.getinfo(name).date_time != two.getinfo(name).date_time]


@pytest.fixture(scope="module")
def second_build(tmp_path_factory, handbook) -> BuildLayout:
    """The handbook built again from scratch, after the session's build."""
    layout = BuildLayout(tmp_path_factory.mktemp("handbook-rebuild"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: a local date would differ from UTC's
        patch.setenv("PYTHONHASHSEED", "12345")
        for fmt in build.ALL_ORDER:
            try:
                build.build(fmt, layout, extra=["-q"])
            except build.BuildError as error:
                pytest.fail(f"building the handbook again as {fmt} failed: {error}")
    return layout


def test_two_builds_have_the_same_files(handbook, second_build):
    assert sorted(product_files(handbook)) == sorted(product_files(second_build))


def test_two_builds_are_byte_identical(handbook, second_build):
    first, second = product_files(handbook), product_files(second_build)
    differing = []
    for name in sorted(first.keys() & second.keys()):
        if first[name].read_bytes() != second[name].read_bytes():
            detail = ""
            if name.endswith(".epub"):
                detail = f" (members: {', '.join(differing_members(first[name], second[name]))})"
            differing.append(name + detail)
    assert not differing, "files that differ between two builds of the same commit:\n  " + "\n  ".join(differing)


def test_dates_inside_the_outputs_are_the_last_commits(handbook):
    """Every date the outputs carry is SOURCE_DATE_EPOCH (the last commit), not the time of the build."""
    when = time.gmtime(reproducible.source_date_epoch())
    assert pypdf.PdfReader(handbook.pdf).metadata["/CreationDate"].startswith(time.strftime("D:%Y%m%d%H%M%S", when))
    with zipfile.ZipFile(handbook.epub) as epub:
        # A zip entry's time counts seconds in twos.
        assert {info.date_time for info in epub.infolist()} == {(*when[:5], when.tm_sec // 2 * 2)}
        opf = BeautifulSoup(epub.read("content.opf"), "xml")
    assert opf.find("meta", property="dcterms:modified").text == time.strftime("%Y-%m-%dT%H:%M:%SZ", when)


def test_a_malformed_source_date_epoch_stops_the_build(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert build.main(["--builddir", str(tmp_path), "html"]) == 1
    assert "SOURCE_DATE_EPOCH='yesterday' is not a number of seconds since 1970" in capsys.readouterr().err


def test_no_page_shows_when_it_was_built(handbook):
    """Pages show the chapter's review date (scripts/sphinxext/reviewed.py), never a "last updated" build stamp."""
    for page in sorted(handbook.html.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not soup.select(".last-updated"), f"{page.name} shows a build-time 'last updated' stamp"
        assert "Last updated" not in soup.get_text(), f"{page.name} says 'Last updated'"
