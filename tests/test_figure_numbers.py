"""Figure numbers kept from the last build when no chapter's outline changed (scripts/sphinxext/figure_numbers.py).

The root tests/roots/test-figure_numbers has three chapters of numbered tables, numbered on across the
chapters, and a reference from the first to the last. Each test edits a built copy, builds again, and
compares every page with a cold build of the edited chapters; it also records whether Sphinx's own
numbering walk ran.
"""

from __future__ import annotations

import pathlib
import re
import shutil

import pytest

from scripts.sphinxext import figure_numbers
from tests.helpers import REPO, strict_build

ROOT = REPO / "tests" / "roots" / "test-figure_numbers"


def pages(outdir: pathlib.Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(outdir.glob("*.html"))}


def table_numbers(page: str) -> list[str]:
    return re.findall(r'<span class="caption-number">(Table \d+) </span>', page)


@pytest.fixture
def walks(monkeypatch) -> list[str]:
    """The builds in which Sphinx's numbering walk ran."""
    ran = []
    real = figure_numbers.SPHINX_ASSIGN_FIGURE_NUMBERS

    def sphinx_walk(collector, env):
        ran.append("walk")
        return real(collector, env)

    monkeypatch.setattr(figure_numbers, "SPHINX_ASSIGN_FIGURE_NUMBERS", sphinx_walk)
    return ran


def edit_and_compare(tmp_path: pathlib.Path, walks: list[str], edit, parallel: int = 0) -> tuple[dict[str, str], int]:
    """Build, edit, build again (with *parallel* processes); return the pages of the second build and
    how many walks it made, after checking them against a cold build of the edited chapters."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    strict_build("html", srcdir, builddir=tmp_path / "build", parallel=parallel)
    assert walks == ["walk"], "a cold build walks"
    edit(srcdir)
    rebuilt = strict_build("html", srcdir, builddir=tmp_path / "build", parallel=parallel)
    walks_in_rebuild = len(walks) - 1
    cold = strict_build("html", srcdir, builddir=tmp_path / "cold")
    assert pages(rebuilt.outdir) == pages(cold.outdir)
    return pages(rebuilt.outdir), walks_in_rebuild


def append(path: pathlib.Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "parallel"])
def test_an_edit_that_keeps_the_outline_keeps_the_numbers_without_the_walk(tmp_path, walks, parallel):
    """In parallel, the outlines are recorded by the workers and merged into the main process's."""
    def add_text(src):
        for name in ("one.md", "two.md", "three.md"):
            append(src / name, "\nMore text.\n")
    built, walks_in_rebuild = edit_and_compare(tmp_path, walks, add_text, parallel)
    assert walks_in_rebuild == 0
    assert table_numbers(built["two.html"]) == ["Table 2", "Table 3"]
    assert table_numbers(built["three.html"]) == ["Table 4"]
    assert "More text." in built["two.html"]


def test_a_new_table_renumbers_the_chapters_after_it(tmp_path, walks):
    new_table = "\n```{list-table} A new table\n:name: tbl-new\n\n* - e\n```\n"
    built, walks_in_rebuild = edit_and_compare(tmp_path, walks, lambda src: append(src / "one.md", new_table))
    assert walks_in_rebuild == 1
    assert table_numbers(built["two.html"]) == ["Table 3", "Table 4"]
    assert table_numbers(built["three.html"]) == ["Table 5"]
    assert "Table 5" in built["one.html"], "the reference to the last table follows it"


def test_a_caption_taken_away_renumbers(tmp_path, walks):
    def uncaption(src):
        page = src / "two.md"
        page.write_text(page.read_text(encoding="utf-8").replace("{list-table} Second table", "{list-table}"),
                        encoding="utf-8")
    built, walks_in_rebuild = edit_and_compare(tmp_path, walks, uncaption)
    assert walks_in_rebuild == 1
    assert table_numbers(built["three.html"]) == ["Table 3"]


def test_a_chapter_added_renumbers(tmp_path, walks):
    def add_chapter(src):
        (src / "four.md").write_text("# Four\n\n```{list-table} Fifth table\n:name: tbl-four\n\n* - f\n```\n",
                                     encoding="utf-8")
        index = src / "index.md"
        index.write_text(index.read_text(encoding="utf-8").replace("two\n", "four\ntwo\n"), encoding="utf-8")
    built, walks_in_rebuild = edit_and_compare(tmp_path, walks, add_chapter)
    assert walks_in_rebuild == 1
    assert table_numbers(built["four.html"]) == ["Table 2"]
    assert table_numbers(built["three.html"]) == ["Table 5"]
