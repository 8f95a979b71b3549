"""Both cores: every local extension gives the same output when Sphinx reads and writes in parallel.

scripts/build.py runs Sphinx with ``-j auto``; each extension declares itself parallel-safe. The test
root tests/roots/test-parallel_extensions uses the extensions that keep something between documents or
builds (CSL citations and their cache, charts drawn while reading, the inline-asset pass, review dates,
the HTML gate, the Downloads page) over enough chapters for two processes to share the work; it is built
serially and with two processes, and the two sites must be the same, byte for byte.
"""

from __future__ import annotations

import pathlib
import shutil

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from tests.helpers import REPO, strict_build

ROOT = REPO / "tests" / "roots" / "test-parallel_extensions"


def site_files(outdir: pathlib.Path) -> dict[str, bytes]:
    """Every file of a built site by its path, without Sphinx's record of its own configuration."""
    return {path.relative_to(outdir).as_posix(): path.read_bytes()
            for path in sorted(outdir.rglob("*")) if path.is_file() and path.name != ".buildinfo"}


def build_site(srcdir: pathlib.Path, builddir: pathlib.Path, builder: str, parallel: int) -> SphinxTestApp:
    return strict_build(builder, srcdir, builddir=builddir, parallel=parallel,
                        confoverrides={"handbook_build_dir": str(builddir / "products")})


@pytest.mark.parametrize("builder", ["html", "singlehtml"])
def test_a_parallel_build_gives_the_same_site_as_a_serial_one(tmp_path, builder):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    serial = build_site(srcdir, tmp_path / "serial", builder, parallel=0)
    parallel = build_site(srcdir, tmp_path / "parallel", builder, parallel=2)
    # Sphinx went parallel: no extension vetoed it (an undeclared one would, with a warning).
    assert parallel.parallel == 2
    assert parallel.is_parallel_allowed("read") and parallel.is_parallel_allowed("write")
    serial_files, parallel_files = site_files(serial.outdir), site_files(parallel.outdir)
    assert sorted(parallel_files) == sorted(serial_files)
    assert [name for name in serial_files if parallel_files[name] != serial_files[name]] == []
    # The extensions' work is in what was compared: citations, a chart, review dates, cite-this-page,
    # and (on the site) the table's column widths moved from style attributes into a stylesheet.
    page = BeautifulSoup(serial_files["one.html" if builder == "html" else "index.html"], "html.parser")
    assert page.select_one("span.bibtex-citation a").get_text() == "Buchbinder et al., 2009"
    assert page.select_one("#fig-trials img")["src"] == "_images/one-fig-trials.svg"
    assert page.select_one("p.last-reviewed").get_text() == "Last reviewed: 24 November 2026"
    if builder == "html":  # the single page is the home page, which has no "Cite this page"
        assert page.select_one("div.cite-this-page p:not(.rubric)").get_text().startswith("The Vertebroplasty")
        table = BeautifulSoup(serial_files["three.html"], "html.parser").select_one("table col")
        assert "style" not in table.attrs and any(name.startswith("s-") for name in table["class"])


def test_an_edit_to_one_chapter_is_read_in_the_main_process_and_written_on_both_cores(tmp_path, monkeypatch):
    """scripts/sphinxext/serial_small_reads.py: a parallel worker would send the whole environment back."""
    from sphinx.builders import Builder

    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    phases = []
    for method in ("_read_serial", "_read_parallel", "_write_serial", "_write_parallel"):
        def spy(self, docnames, *args, _method=method, _real=getattr(Builder, method), **kwargs):
            phases.append((_method, sorted(docnames)))
            return _real(self, docnames, *args, **kwargs)
        monkeypatch.setattr(Builder, method, spy)

    build_site(srcdir, tmp_path / "build", "html", parallel=2)
    assert phases[0] == ("_read_parallel", ["five", "four", "index", "one", "three", "two"])
    phases.clear()
    (srcdir / "two.md").write_text((srcdir / "two.md").read_text(encoding="utf-8") + "\nOne more line.\n",
                                   encoding="utf-8")
    rebuilt = build_site(srcdir, tmp_path / "build", "html", parallel=2)
    assert phases[0] == ("_read_serial", ["two"])
    assert phases[1][0] == "_write_parallel" and "two" in phases[1][1], phases
    assert rebuilt.parallel == 2
    assert "One more line." in (rebuilt.outdir / "two.html").read_text(encoding="utf-8")
