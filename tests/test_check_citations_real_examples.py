"""The citation checker against real published examples that nobody here wrote.

tests/fixtures/citations-real/ holds reference-list examples copied from the style manuals' sites and
library guides, each with its source (format: :mod:`scripts.check_citations.corpus`). Only the
development part runs here: the held-out part (about a third, by the SHA-256 of each entry's text) is
measured by `make bench` alone (scripts/bench_real_examples.py), so that its figures stay honest.
An entry marked ``# miss:`` is a known checker miss with its reason: its test asserts that the checker
still gets it wrong, so the test fails as soon as the checker gets it right and the mark has to go
(an xfail would do the same, but CI reports nothing as skipped or expected to fail).
"""

from __future__ import annotations

import pytest

from scripts.check_citations.corpus import REAL_CORPUS, CorpusError, read_corpus, read_file, verdict

REAL = read_corpus(REAL_CORPUS)
DEVELOPMENT = [entry for entry in REAL if not entry.held_out]


@pytest.mark.parametrize("labelled", [entry for entry in DEVELOPMENT if not entry.miss], ids=str)
def test_real_example_gets_its_verdict(labelled):
    result = verdict(labelled)
    assert result.right, (result.type, sorted(result.errors), result.findings)


@pytest.mark.parametrize("labelled", [entry for entry in DEVELOPMENT if entry.miss], ids=str)
def test_known_miss_is_still_missed_until_its_mark_goes(labelled):
    assert not verdict(labelled).right, f"the checker now gets this right: remove its '# miss: {labelled.miss}'"


def test_every_real_example_names_where_it_was_read():
    assert all(entry.source and entry.source.startswith("https://") for entry in REAL)


def test_a_third_or_so_is_held_out_in_every_style():
    for style in ("apa", "mla", "chicago", "harvard"):
        held_out = [entry.held_out for entry in REAL if entry.profile.style == style]
        assert len(held_out) >= 10 and any(held_out) and not all(held_out), style
    assert 0.2 <= sum(entry.held_out for entry in REAL) / len(REAL) <= 0.45


def test_a_line_without_its_annotation_is_an_error_naming_file_and_line(tmp_path):
    corpus = tmp_path / "apa7.txt"
    corpus.write_text("# comment\nSmith, J. (2020). *A book*. Routledge.  # book valid\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"apa7\.txt:2: no '  # type: labels' annotation"):
        read_file(corpus)


def test_a_file_named_for_no_style_is_an_error(tmp_path):
    corpus = tmp_path / "vancouver1.txt"
    corpus.write_text("", encoding="utf-8")
    with pytest.raises(CorpusError, match="vancouver1.txt"):
        read_file(corpus)
