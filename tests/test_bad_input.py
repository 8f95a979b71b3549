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


def test_a_chapter_that_is_not_utf8_is_named_with_its_line_before_sphinx_starts(tmp_path):
    from scripts.build import BuildError, check_sources_are_text
    (tmp_path / "good.md").write_text("# Good\n", encoding="utf-8")
    (tmp_path / "latin1.md").write_bytes("# Oed\xe8me\n\nOed\xe8me.\n".encode("latin-1"))
    with pytest.raises(BuildError, match=r"latin1\.md: line 1: is not valid UTF-8 \(byte 0xe8\)"):
        check_sources_are_text(tmp_path)


def test_a_chapter_saved_as_latin1_after_a_good_build_is_still_named(tmp_path):
    # The record of checked files lets a rebuild skip unchanged ones; an edited file is read again.
    from scripts.build import BuildError, check_sources_are_text
    chapter, record = tmp_path / "docs" / "chapter.md", tmp_path / "work" / "sources-are-text.json"
    chapter.parent.mkdir()
    chapter.write_text("# Oed\u00e8me\n", encoding="utf-8")
    check_sources_are_text(chapter.parent, record)
    assert str(chapter) in record.read_text(encoding="utf-8")
    chapter.write_bytes("# Oed\xe8me\n".encode("latin-1"))
    with pytest.raises(BuildError, match=r"chapter\.md: line 1: is not valid UTF-8 \(byte 0xe8\)"):
        check_sources_are_text(chapter.parent, record)


@pytest.mark.parametrize(("variable", "value"), [("PAPER", "b5"), ("CITATION_STYLE", "vancouver")])
def test_a_bad_setting_in_the_environment_is_a_usage_error_not_a_sphinx_crash(monkeypatch, capsys, variable, value):
    from scripts import build
    monkeypatch.setenv(variable, value)
    with pytest.raises(SystemExit) as stopped:
        build.main(["html"])
    assert stopped.value.code == 2
    assert f"{variable}={value!r}" in capsys.readouterr().err


def test_a_malformed_bib_fails_the_real_build_at_its_lines_without_a_traceback(tmp_path):
    source = tmp_path / "docs"
    source.mkdir()
    (source / "index.md").write_text("# Tiny\n\n{cite:p}`smith2020`\n\n```{bibliography}\n```\n", encoding="utf-8")
    (source / "references.bib").write_text(
        "@article{smith2020,\n  author = {Smith, Ann},\n  title = {A title},\n  year = {2020},\n}\n\n"
        "@article{smith2020,\n  author = {Smith, Ann},\n  title = {An {unclosed title},\n}\n", encoding="utf-8")
    result = run_build(source, tmp_path / "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Extension error" not in result.stderr
    assert "references.bib:7: WARNING: syntax error" in result.stderr
    assert "references.bib:7: WARNING: the key 'smith2020' is used for a second entry (first at line 1)" in result.stderr
