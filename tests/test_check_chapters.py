"""The chapter-conventions checker: data-driven fixtures, the command line, and the real handbook."""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from scripts import check_chapters, myst_reader, source_shingles
from tests.helpers import DOCS

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "chapters"
FIXTURE_SOURCE = FIXTURES / "source-article.txt"
# An expected finding, in a MyST comment line of the fixture: "% expect: LINE CHECK-ID".
EXPECT = re.compile(r"^\s*expect: (?P<line>\d+) (?P<check>[a-z-]+)$", re.MULTILINE)
CASES = sorted(path for path in FIXTURES.glob("*.md") if path.name != "README.md")


def expected(case: pathlib.Path) -> set[tuple[int, str]]:
    """The (line, check id) pairs that *case*'s comment lines declare."""
    return {(int(match["line"]), match["check"]) for located in myst_reader.walk(case.read_text(encoding="utf-8"))
            if located.token.type == "myst_line_comment" for match in EXPECT.finditer(located.token.content)}


def docs_with(tmp_path: pathlib.Path, *chapters: pathlib.Path) -> pathlib.Path:
    """A docs folder whose root toctree lists copies of *chapters*."""
    docs = tmp_path / "docs"
    docs.mkdir()
    names = "\n".join(path.stem for path in chapters)
    (docs / "index.md").write_text(f"# Test\n\n```{{toctree}}\n:hidden:\n\n{names}\n```\n", encoding="utf-8")
    for path in chapters:
        (docs / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return docs


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = check_chapters.main([*args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("case", CASES, ids=[path.stem for path in CASES])
def test_fixture_reports_exactly_its_expected_findings(case, tmp_path, capsys):
    docs = docs_with(tmp_path, case)
    status, out, _ = run(capsys, "--format", "json", "--source-article", str(FIXTURE_SOURCE), str(docs))
    reported = {(f["line"], f["check"]) for f in json.loads(out)["findings"]}
    assert reported == expected(case)
    errors = [check for _, check in expected(case) if check != "key-points-too-hard"]
    assert status == (1 if errors else 0)


def test_every_check_has_a_failing_fixture():
    covered = {check for case in CASES for _, check in expected(case)}
    assert covered == set(check_chapters.registry.ids())


def test_text_output_names_file_line_and_check_and_lists_grades(tmp_path, capsys):
    docs = docs_with(tmp_path, FIXTURES / "clean.md", FIXTURES / "no-label.md")
    status, out, err = run(capsys, "--source-article", str(FIXTURE_SOURCE), str(docs))
    assert status == 1
    assert f"{docs / 'no-label.md'}:6: the title has no label; put '(no-label)=' on the line before it (missing-label)" in err
    assert re.search(rf"{re.escape(str(docs / 'clean.md'))}\s+\d+\.\d", out), out


def test_clean_chapters_print_no_problems(tmp_path, capsys):
    docs = docs_with(tmp_path, FIXTURES / "clean.md")
    status, out, err = run(capsys, "--source-article", str(FIXTURE_SOURCE), str(docs))
    assert (status, err) == (0, "")
    assert "No problems found." in out


def test_key_points_are_graded_as_a_reader_sees_them():
    box, = myst_reader.read("```{admonition} Key points\n:class: key-points\n\n- A {term}`vertebra <Vertebra>` "
                            "heals {cite:p}`barr2014`.\n- *Rest* helps {cite:t}`a,b`.\n```\n").directives
    text = check_chapters.reader_text(box.body)
    assert text == "A vertebra heals. Rest helps."


def test_unreadable_front_matter_is_an_input_error(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("```{toctree}\nbroken\n```\n", encoding="utf-8")
    (docs / "broken.md").write_text("---\nlast_reviewed: [2026\n---\n# Broken\n", encoding="utf-8")
    status, _, err = run(capsys, "--source-article", str(FIXTURE_SOURCE), str(docs))
    assert status == 2
    assert f"{docs / 'broken.md'}: line 2: the front matter is not valid YAML" in err


def test_unknown_check_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        check_chapters.main(["--disable", "no-such-check"])
    assert exit_info.value.code == 2


def test_the_handbook_keeps_its_conventions(capsys):
    """With the committed hashes of the source article's runs, as make check runs it (no copy of the article)."""
    status, out, err = run(capsys, str(DOCS))
    assert status == 0, err
    assert "warning" not in err, f"Key points above the grade aimed for:\n{err}"


def test_words_are_compared_without_case_quotes_dashes_or_punctuation():
    assert source_shingles.words("Don\u2019t \u201cQUOTE\u201d \u2014 the Lighthouse-Keeper's (log), 2020.") == [
        "dont", "quote", "the", "lighthouse", "keepers", "log", "2020"]


def test_the_hashes_find_what_the_article_finds(tmp_path, capsys):
    """scripts.source_shingles writes the runs of an article as hashes; checking against them finds the same."""
    assert source_shingles.main([str(FIXTURE_SOURCE)]) == 0
    shingles = tmp_path / "shingles.txt"
    shingles.write_text(capsys.readouterr().out, encoding="utf-8")
    docs = docs_with(tmp_path, *(FIXTURES / name for name in ("copied.md", "copied-rewrapped.md", "clean.md")))
    found = []
    for option, source in (("--source", FIXTURE_SOURCE), ("--source-shingles", shingles)):
        status, out, _ = run(capsys, "--format", "json", option, str(source), str(docs))
        found.append((status, json.loads(out)["findings"]))
    assert found[0] == found[1] and len(found[0][1]) == 3


def test_the_committed_hashes_say_what_they_are_and_hold_only_hashes():
    lines = source_shingles.DEFAULT_SHINGLES.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    hashes = [line for line in lines if not line.startswith("#")]
    assert lines[:len(header)] == source_shingles.HEADER.splitlines()
    assert len(hashes) > 100 and hashes == sorted(set(hashes))
    assert all(re.fullmatch(r"[0-9a-f]{16}", line) for line in hashes)
