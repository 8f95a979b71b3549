"""Bad input fails the build with the file and line in the message, and loses nothing.

Each scenario is a tiny Sphinx project under tests/roots/. The build driver's own behaviour (exit
status, the last good output kept) is tested on a copy of the real chapters.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from scripts.layout import BuildLayout
from tests.helpers import DOCS, REPO


def warnings_of(app) -> list[str]:
    """The build's warning lines, without colour codes."""
    return [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in app.warning.getvalue().splitlines() if line.strip()]


def assert_warned(app, filename: str, line: int, message: str) -> None:
    lines = warnings_of(app)
    expected = f"{filename}:{line}: WARNING: "
    assert any(expected in found and message in found for found in lines), (
        f"expected a warning at {filename}:{line} containing {message!r}; got:\n" + "\n".join(lines))


@pytest.mark.sphinx("html", testroot="bad_citation_key")
def test_unknown_citation_key_is_reported_at_its_line(app):
    app.build()
    assert_warned(app, "index.md", 5, 'could not find bibtex key "smtih2020"')
    assert len(warnings_of(app)) == 1


@pytest.mark.sphinx("html", testroot="missing_image")
def test_missing_image_is_reported_at_its_line(app):
    app.build()
    assert_warned(app, "index.md", 5, "image file not readable: figures/not-there.png")


@pytest.mark.sphinx("html", testroot="broken_myst")
def test_broken_myst_is_reported_at_its_lines(app):
    app.build()
    assert_warned(app, "index.md", 1, "Malformed YAML")
    assert_warned(app, "index.md", 9, "Unknown directive type: 'figur'")


@pytest.mark.sphinx("html", testroot="broken_bib")
def test_malformed_bib_is_reported_at_its_lines_and_the_build_goes_on(app):
    app.build()
    assert_warned(app, "refs.bib", 8, "syntax error: '}' expected")
    assert_warned(app, "refs.bib", 15, "the key 'jones2021' is used for a second entry (first at line 8)")


@pytest.mark.sphinx("html", testroot="unclosed_fence")
def test_an_unclosed_fence_is_reported_at_the_line_where_it_opens(app):
    app.build()
    assert_warned(app, "index.md", 10, "the {warning} directive opened here with ``` is never closed")
    assert_warned(app, "index.md", 16, "the {warning} directive opened here with ::: is never closed")
    assert len(warnings_of(app)) == 2


def run_build(source, build_dir, fmt="html"):
    return subprocess.run([sys.executable, "-m", "scripts.build", "--source", str(source), "--builddir",
                           str(build_dir), "--sphinx-option=-q", fmt],
                          cwd=REPO, capture_output=True, text=True)


def test_a_failed_build_exits_non_zero_names_the_line_and_keeps_the_last_good_site(tmp_path):
    source = tmp_path / "docs"
    shutil.copytree(DOCS, source)
    layout = BuildLayout(tmp_path / "build")
    first = run_build(source, layout.build_dir)
    assert first.returncode == 0, first.stderr
    good_site = {path.relative_to(layout.html): path.read_bytes() for path in layout.html.rglob("*") if path.is_file()}

    chapter = next(path for path in sorted(source.glob("*.md")) if "{cite" in path.read_text(encoding="utf-8"))
    text = chapter.read_text(encoding="utf-8")
    broken_line = text[: text.index("{cite")].count("\n") + 1
    chapter.write_text(text.replace("{cite:p}`", "{cite:p}`no-such-key,", 1), encoding="utf-8")

    second = run_build(source, layout.build_dir)
    assert second.returncode == 1
    assert f"{chapter.name}:{broken_line}: WARNING: could not find bibtex key \"no-such-key\"" in second.stderr
    assert "the last good html output is unchanged" in second.stderr
    kept_site = {path.relative_to(layout.html): path.read_bytes() for path in layout.html.rglob("*") if path.is_file()}
    assert kept_site == good_site

    # The failure is reported again on the next build, not forgotten by the incremental build.
    third = run_build(source, layout.build_dir)
    assert third.returncode == 1 and "no-such-key" in third.stderr
