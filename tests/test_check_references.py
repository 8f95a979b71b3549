"""The reference checker (scripts/check_references), offline: fixtures, the BibTeX reader, the command line.

Each folder under tests/fixtures/references/ is a small docs folder (chapters, references.bib, maybe
uncited-references.txt) whose expected.txt lists the findings it must produce, one
``path:line: check-id`` per line; the test checks each is reported and nothing else is.
"""

from __future__ import annotations

import collections
import datetime
import json
import pathlib
import random
import subprocess
import sys

import pybtex.database
import pybtex.errors
import pytest
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError

from scripts.check_references import __main__ as cli
from scripts.check_references import bibliography
from scripts.check_references.chapters import parse_document
from scripts.check_references.checks import registry
from scripts.check_references.project import load_project
from scripts.sphinxext import bibcheck
from tests.helpers import DOCS, REPO

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "references"
CASES = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())
# A fixed "today", so the fixtures' judgements of future years and dates never change.
TODAY = datetime.date(2026, 11, 25)


def expected_findings(case: pathlib.Path) -> collections.Counter:
    """The (path, line, check) triples that expected.txt declares."""
    expected = collections.Counter()
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            location, check = line.rsplit(": ", 1)
            path, number = location.rsplit(":", 1)
            expected[(path, int(number), check.strip())] += 1
    return expected


def findings_of(case: pathlib.Path, checks=None) -> list:
    project = load_project(case, case / "references.bib", today=TODAY)
    return cli.run_checks(project, checks if checks is not None else registry.select())


@pytest.mark.parametrize("name", CASES)
def test_fixture_reports_exactly_its_expected_findings(name):
    case = FIXTURES / name
    found = collections.Counter((pathlib.Path(f.path).relative_to(case).as_posix(), f.line, f.check)
                                for f in findings_of(case))
    expected = expected_findings(case)
    assert found == expected, (f"missing: {sorted((expected - found).elements())}\n"
                               f"unexpected: {sorted((found - expected).elements())}")


def test_every_offline_check_is_exercised_by_a_fixture():
    declared = {check for name in CASES for _, _, check in expected_findings(FIXTURES / name)}
    offline = {check.id for check in registry if check.enabled_by_default}
    assert offline - declared == set()


def test_clean_fixtures_exist_and_every_finding_is_an_error():
    assert not expected_findings(FIXTURES / "clean")
    assert all(finding.severity == "error" for name in CASES for finding in findings_of(FIXTURES / name))


@pytest.mark.parametrize("check", list(registry), ids=lambda check: check.id)
def test_every_check_documents_itself_with_a_bad_and_a_good_example(check):
    assert "Bad:" in check.doc and "Good:" in check.doc
    assert check.summary.endswith((".", ")"))


def test_the_real_handbook_is_clean():
    assert findings_of(DOCS) == []


# -- the BibTeX reader ---------------------------------------------------------------------------------


def test_reader_records_the_line_of_every_entry_and_field():
    text = ('% comment\n@string{lancet = "The " # {Lancet}}\n\n@Article(smith2020,\n  title = {A {Nested} title},\n'
            '  journal = lancet # {, London},\n  year = 2020, month = mar,\n)\n@comment{ignored {\n@misc{x,}\n')
    parsed = bibliography.parse_text(text)
    assert parsed.problems == ()
    smith, misc = parsed.entries
    assert (smith.key, smith.type, smith.line) == ("smith2020", "article", 4)
    assert {name: (field.line, field.value) for name, field in smith.fields.items()} == {
        "title": (5, "A {Nested} title"), "journal": (6, "The Lancet, London"), "year": (7, "2020"),
        "month": (7, "March")}
    assert (misc.key, misc.line, misc.fields) == ("x", 10, {})


@pytest.mark.parametrize("bib", [FIXTURES / "clean" / "references.bib", DOCS / "references.bib"],
                         ids=["fixture", "handbook"])
def test_reader_reads_the_same_values_as_pybtex(bib):
    """Reading person fields as written (for their lines and checks) changes no entry and no other value."""
    theirs = pybtex.database.parse_file(str(bib))
    ours = bibliography.read_bibliography(bib)
    assert [entry.key for entry in ours.entries] == list(theirs.entries.keys())
    for entry in ours.entries:
        expected = {name.lower(): value for name, value in theirs.entries[entry.key].fields.items()}
        for role, persons in theirs.entries[entry.key].persons.items():
            expected[role.lower()] = entry.value(role.lower()) if persons else ""
        assert {name: field.value for name, field in entry.fields.items()} == expected


@pytest.mark.parametrize("name", [name for name in CASES if name.startswith("bib-")])
def test_every_malformed_bib_fixture_is_one_pybtex_refuses(name):
    with pybtex.errors.capture() as errors:
        try:
            pybtex.database.parse_file(str(FIXTURES / name / "references.bib"))
        except UnicodeDecodeError as error:
            errors.append(error)
        except PybtexError as error:
            errors.append(error)
    assert errors


def test_the_sphinx_extension_uses_the_same_reader():
    assert bibcheck.bibliography_problems is bibliography.bibliography_problems
    problems = bibliography.bibliography_problems(REPO / "tests" / "roots" / "test-broken_bib" / "refs.bib")
    assert [(line, subtype) for line, subtype, _ in problems] == [(8, "syntax"), (15, "duplicate_key")]


def test_reader_never_raises_on_garbage():
    for text in ["@", "@article", "@article{", "@article{x, title = ", '@article{x, title = "a}b"}', "}}}{{{",
                 "@article{x, title = {a} b = {c}}", "@string{ = {x}}", "@article{x, = {y}}", "\x00@misc{y}"]:
        parsed = bibliography.parse_text(text)
        assert all(problem.line >= 1 for problem in parsed.problems)


def test_names_and_titles_are_normalised_for_comparison():
    assert bibliography.normalised(r"Note pr{\'e}liminaire: {FREE}") == bibliography.normalised("Note préliminaire FREE")
    assert bibliography.split_names("Barr, John D. and {Society of {and} Radiology} and Jensen, M.") == [
        "Barr, John D.", "{Society of {and} Radiology}", "Jensen, M."]
    assert [bibliography.family_name(name) for name in ("Barr, John", "Mary Jensen", "{NICE}")] == [
        "Barr", "Jensen", None]


# -- the chapter reader ----------------------------------------------------------------------------------


def test_chapter_reader_finds_each_thing_at_its_line():
    text = ("---\ntitle: x\n---\n# Title `code` and {term}`PMMA`\n\n## Title\n\n"
            "{cite:p}`a,\n  b` and <a\n  onclick=\"x()\">x</a>\n")
    document = parse_document(pathlib.Path("x.md"), "x", text)
    assert [(c.line, c.key) for c in document.citations] == [(8, "a"), (9, "b")]
    # As MyST: roles are left out of the slug, inline code is kept, and the trailing space becomes a hyphen.
    assert [(a.line, a.name) for a in document.anchors] == [(4, "title-code-and-"), (6, "title")]
    assert [(t.line, t.name, t.attributes) for t in document.html_tags if t.kind == "start"] == [
        (9, "a", (("onclick", "x()", 10),))]


# -- the command line ----------------------------------------------------------------------------------


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_clean_folder_exits_0_and_says_so(capsys):
    assert run_cli(capsys, str(FIXTURES / "clean")) == (0, "No problems found.\n", "")


def test_cli_reports_path_line_message_and_id_and_exits_1(capsys):
    status, out, err = run_cli(capsys, str(FIXTURES / "citations"))
    assert status == 1 and out == ""
    first = err.splitlines()[0]
    assert first == (f"{FIXTURES / 'citations' / 'index.md'}:3: {{cite:p}} cites 'smtih2020', which is not in "
                     "references.bib (unknown-key)")


def test_cli_json_lists_every_finding(capsys):
    status, out, err = run_cli(capsys, "--format", "json", str(FIXTURES / "identifiers"))
    document = json.loads(out)
    assert status == 1 and err == ""
    assert {item["check"] for item in document} >= {"bad-doi", "bad-isbn", "bad-url", "insecure-url"}
    assert all({"path", "line", "check", "message", "severity"} <= set(item) for item in document)


def test_cli_enable_and_disable_choose_the_checks(capsys):
    status, out, _ = run_cli(capsys, "--disable", "unknown-key,uncited-entry,allow-list", str(FIXTURES / "citations"))
    assert (status, out) == (0, "No problems found.\n")
    status, _, err = run_cli(capsys, "--disable", "all", "--enable", "uncited-entry", str(FIXTURES / "citations"))
    assert status == 1 and [line.rsplit(" ", 1)[1] for line in err.splitlines()] == ["(uncited-entry)"]


def test_cli_bib_option_names_another_file(capsys):
    bib = FIXTURES / "citations" / "references.bib"
    status, _, err = run_cli(capsys, "--bib", str(bib), str(FIXTURES / "clean"))
    assert status == 1 and "'barr2014', which is not in references.bib (unknown-key)" in err


@pytest.mark.parametrize("argv, message", [
    (["no-such-folder"], "error: no-such-folder: no such folder"),
    (["--bib", "no-such.bib", "docs"], "error: no-such.bib: no such bibliography file; give it with --bib FILE"),
])
def test_cli_unreadable_input_exits_2_naming_it(capsys, argv, message):
    status, out, err = run_cli(capsys, *argv)
    assert (status, out) == (2, "") and message in err and "Traceback" not in err


@pytest.mark.parametrize("argv, message", [
    (["--enable", "no-such-check"], "unknown check id(s): no-such-check"),
    (["--format", "xml"], "invalid choice: 'xml'"),
])
def test_cli_usage_errors_exit_2(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2 and message in capsys.readouterr().err


def test_cli_lists_the_checks_with_the_online_ones_off(capsys):
    status, out, _ = run_cli(capsys, "--list-checks")
    lines = out.splitlines()
    assert status == 0 and len(lines) == len(registry.ids())
    assert [line.split()[0] for line in lines if line.endswith("[off by default]")] == cli.network_check_ids() == [
        "unresolved-doi", "doi-metadata-mismatch", "dead-link"]


def test_module_runs_from_the_command_line_on_the_handbook():
    result = subprocess.run([sys.executable, "-m", "scripts.check_references"], cwd=REPO, capture_output=True,
                            text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "No problems found.\n", "")


def test_malformed_bib_is_reported_at_its_lines_not_as_a_traceback():
    result = subprocess.run([sys.executable, "-m", "scripts.check_references", str(FIXTURES / "bib-encoding")],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == (f"{FIXTURES / 'bib-encoding' / 'references.bib'}:3: not valid UTF-8 (byte 0xe9); "
                             "save the file as UTF-8 (bib-syntax)\n")


def test_a_chapter_that_is_not_utf8_is_an_input_error_naming_its_line(tmp_path, capsys):
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    (tmp_path / "index.md").write_bytes(b"# Title\n\nCaf\xe9\n")
    status, out, err = run_cli(capsys, str(tmp_path))
    assert (status, out) == (2, "")
    assert err == f"error: {tmp_path / 'index.md'}: line 3: is not valid UTF-8 (byte 0xe9); save the file as UTF-8\n"


# Pieces of BibTeX, right and wrong, that random texts are made of.
BIBTEX_PIECES = ["@article{k3 title = {x}", "@article{", "@misc(", "k1", "k2", ",", " ", "\n", "title", "year", " = ",
                 "{", "}", "(", ")", '"', "#", "2020", "jan", "nomacro", "@string{", "@comment{", "@preamble{", "x",
                 "%"]


def test_reader_finds_a_problem_exactly_when_pybtex_refuses_and_else_reads_the_same_values():
    """So bibcheck warns before every pybtex error, and never for a file pybtex reads."""
    generator = random.Random(6)
    for _ in range(3000):
        text = "".join(generator.choice(BIBTEX_PIECES) for _ in range(generator.randint(1, 25)))
        ours = bibliography.parse_text(text)
        try:
            theirs = Parser().parse_string(text)  # strict by default: the first error is raised
        except PybtexError:
            assert ours.problems, text
            continue
        assert not ours.problems, text
        assert {entry.key: {name: field.value for name, field in entry.fields.items()} for entry in ours.entries} == {
            key: {name.lower(): value for name, value in entry.fields.items()} for key, entry in theirs.entries.items()
        }, text
