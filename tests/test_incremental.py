"""A cheap edit-rebuild loop that stays correct: an incremental build publishes what a cold one would.

scripts/build.py keeps Sphinx's work folder between builds, skips re-checking unchanged sources and
publishes by hard-linking every file that did not change since the last publish. Each shortcut must
give the bytes a cold build gives.
"""

from __future__ import annotations

import pathlib
import shutil

from bs4 import BeautifulSoup
from sphinx.search import js_index
from sphinx.testing.util import SphinxTestApp

from scripts import build
from scripts.layout import BuildLayout
from tests.helpers import DOCS, REPO, strict_build

ROOTS = REPO / "tests" / "roots"


def tree(folder: pathlib.Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def build_test_root(srcdir: pathlib.Path, builddir: pathlib.Path) -> SphinxTestApp:
    """Build the site of *srcdir* into *builddir* (incrementally, if built there before); fail on any warning."""
    return strict_build("html", srcdir, builddir=builddir)


def test_publishing_again_replaces_changed_files_and_keeps_the_rest(tmp_path):
    source, target = tmp_path / "out", tmp_path / "site"
    (source / "sub").mkdir(parents=True)
    (source / "page.html").write_text("first", encoding="utf-8")
    (source / "sub" / "kept.css").write_text("kept", encoding="utf-8")
    build.publish(source, target)
    (source / "page.html").write_text("again", encoding="utf-8")  # the same size, new bytes
    (source / "new.html").write_text("new", encoding="utf-8")
    build.publish(source, target)
    assert tree(target) == {"new.html": b"new", "page.html": b"again", "sub/kept.css": b"kept"}
    # Published files are files of their own: the next build rewriting its output cannot touch them.
    (source / "sub" / "kept.css").write_text("changed", encoding="utf-8")
    assert (target / "sub" / "kept.css").read_text(encoding="utf-8") == "kept"


def test_an_incremental_build_after_an_edit_equals_a_cold_build(tmp_path):
    source = tmp_path / "docs"
    shutil.copytree(DOCS, source)
    incremental, cold = BuildLayout(tmp_path / "incremental"), BuildLayout(tmp_path / "cold")
    build.build("html", incremental, source, extra=["-q"])
    chapter = source / "alternatives.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence added by the test.\n", encoding="utf-8")
    build.build("html", incremental, source, extra=["-q"])
    build.build("html", cold, source, extra=["-q"])
    incremental_site, cold_site = tree(incremental.html), tree(cold.html)
    assert "A sentence added by the test." in cold_site["alternatives.html"].decode("utf-8")
    assert sorted(incremental_site) == sorted(cold_site)
    assert [name for name in cold_site if incremental_site[name] != cold_site[name]] == []


def test_the_search_index_keeps_a_term_added_two_builds_ago(tmp_path):
    # Sphinx collects index entries (glossary terms) while writing, after saving its environment.
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["myst_parser", "scripts.sphinxext.site_files"]\n', encoding="utf-8")
    (srcdir / "index.md").write_text("# Home\n\n```{toctree}\nglossary\nother\n```\n", encoding="utf-8")
    glossary, other = srcdir / "glossary.md", srcdir / "other.md"
    glossary.write_text("# Glossary\n\n```{glossary}\nCement\n  Bone cement.\n```\n", encoding="utf-8")
    other.write_text("# Other\n\nText.\n", encoding="utf-8")
    build_test_root(srcdir, tmp_path / "build")
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("```\n", "\nNeedle\n  A hollow needle.\n```\n"),
                        encoding="utf-8")
    build_test_root(srcdir, tmp_path / "build")
    other.write_text("# Other\n\nMore text.\n", encoding="utf-8")
    app = build_test_root(srcdir, tmp_path / "build")
    index = js_index.loads((app.outdir / "searchindex.js").read_text(encoding="utf-8"))
    assert sorted(index["indexentries"]) == ["cement", "needle"]


# -- Settings and sources that every page shows: a rebuild in the same folder shows the new ones --------


def test_editing_a_bib_entry_rebuilds_every_page_that_cites_it(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-citation_styles", srcdir)
    build_test_root(srcdir, tmp_path / "build")
    bib = srcdir / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("A randomized trial of vertebroplasty",
                                                           "A corrected trial title"), encoding="utf-8")
    app = build_test_root(srcdir, tmp_path / "build")
    index = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    page = BeautifulSoup((app.outdir / "page.html").read_text(encoding="utf-8"), "html.parser")
    assert "A corrected trial title" in index.select_one("div.citation").get_text()
    # page.md did not change, but its citation's tooltip quotes the entry
    assert "A corrected trial title" in page.select_one("span.bibtex-citation a")["title"]


def test_changing_the_branding_rebuilds_every_page(tmp_path, monkeypatch):
    source = tmp_path / "docs"
    shutil.copytree(ROOTS / "test-branding", source)
    (source / "index.md").write_text((source / "index.md").read_text(encoding="utf-8")
                                     + "\n```{toctree}\nsecond\n```\n", encoding="utf-8")
    (source / "second.md").write_text("---\nlast_reviewed: 2026-11-25\n---\n\n# A second page\n\nText.\n",
                                      encoding="utf-8")
    layout = BuildLayout(tmp_path / "build")
    for variable in ("HANDBOOK_ORG_NAME", "HANDBOOK_ORG_LOGO", "HANDBOOK_ORG_CONTACT", "HANDBOOK_BASE_URL"):
        monkeypatch.setenv(variable, "")
    build.build("html", layout, source, extra=["-q"])
    monkeypatch.setenv("HANDBOOK_ORG_NAME", "St Elsewhere Hospital")
    monkeypatch.setenv("HANDBOOK_ORG_CONTACT", "Spinal unit: 0100 000 0000")
    build.build("html", layout, source, extra=["-q"])
    for name in ("index.html", "second.html"):
        page = BeautifulSoup((layout.html / name).read_text(encoding="utf-8"), "html.parser")
        assert page.select_one(".handbook-organisation").get_text() == "Provided by St Elsewhere Hospital"
        assert page.select_one(".handbook-contact").get_text() == "Spinal unit: 0100 000 0000"


def test_changing_the_paper_size_rebuilds_the_latex_book(tmp_path):
    source = tmp_path / "docs"
    shutil.copytree(ROOTS / "test-branding", source)
    layout = BuildLayout(tmp_path / "build")
    for paper in ("a4", "letter"):
        environment = build.build_environment(layout, source, paper)
        out = build.run_sphinx("latexpdf", layout, source, environment, ["-q"])
    tex = (out / "vertebroplasty-handbook.tex").read_text(encoding="utf-8")
    assert "letterpaper" in tex and "a4paper" not in tex
