"""The chapter-conventions checker: data-driven fixtures, the command line, and the real handbook."""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from scripts import check_chapters, myst_reader
from tests.helpers import DOCS, SHARED_SOURCES

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
    text = check_chapters.reader_text(":class: key-points\n\n- A {term}`vertebra <Vertebra>` heals "
                                      "{cite:p}`barr2014`.\n- *Rest* helps {cite:t}`a,b`.\n")
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
    status, out, err = run(capsys, "--source-article", str(SHARED_SOURCES / "what-is-vertebroplasty.txt"), str(DOCS))
    assert status == 0, err
    assert "warning" not in err, f"Key points above the grade aimed for:\n{err}"
