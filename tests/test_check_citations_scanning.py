"""Properties of the citation parser's scanning helpers on text that varies without end (hypothesis).

The scanners look for their marker first and only then at what surrounds it (the speed of issue #12);
these properties say what each one finds, whatever the text around it.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.check_citations import case
from scripts.check_citations.parse import ABBREVIATIONS, THESIS_RE, YEAR_RE, Span, first_boundary, normalise, parse

PIECES = st.sampled_from(list("*_<>/iem.,:;?!'\" \t-0123456789aAbBzZ") +
                         ["**", "<i>", "</i>", "<I>", "</EM>", "<em>", "\u201c", "\u201d", "\u2019", "\u00a0", "\u2009",
                          "é", "ß", "al", "ed", "Smith", "R. H.", "et al.", "1999", "2024", "1499", "of", "Is", ": ",
                          "thesis", "Thesis", "DISSERTATION", "dissertation", "\u017f", "\u0131", "\u0130"])
TEXT = st.one_of(st.text(max_size=80), st.lists(PIECES, max_size=40).map("".join))
WORD = re.compile(r"\w+")


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_each_italic_run_maps_back_to_its_text_as_written(text):
    entry = parse(text)
    assert len(normalise(text)) == len(text)
    for run in entry.italics:
        start, end = entry.source_span(run.start, run.end)
        assert run.text == entry.plain[run.start:run.end] == normalise(text[start:end])


def ends_an_element(plain: str, stop: int, position: int) -> bool:
    """What first_boundary looks for, as its docstring says it: a full stop before *stop*, then a space or
    the end, after a word of two characters or more that is not an abbreviation (but ``al``)."""
    end = min(stop + 1, len(plain))
    if position >= end or plain[position] != "." or not (position + 1 == end or plain[position + 1].isspace()):
        return False
    word_start = position
    while word_start > 0 and WORD.fullmatch(plain[word_start - 1]):
        word_start -= 1
    word = plain[word_start:position]
    return len(word) > 1 and (word not in ABBREVIATIONS or word == "al")


@settings(max_examples=500, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=90))
def test_first_boundary_is_the_first_full_stop_after_a_word(plain, stop):
    found = first_boundary(plain, stop)
    expected = next((position for position in range(len(plain)) if ends_an_element(plain, stop, position)), None)
    assert found == expected


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_a_year_is_four_digits_from_1500_to_2099_standing_alone(text):
    for match in YEAR_RE.finditer(text):
        assert 1500 <= int(match.group()) <= 2099
        before, after = text[match.start() - 1:match.start()], text[match.end():match.end() + 1]
        assert not WORD.fullmatch(before or " ") and not WORD.fullmatch(after or " ")


THESIS_WORD = re.compile("thesis|dissertation", re.IGNORECASE)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_thesis_and_dissertation_are_found_as_whole_words_in_any_case(text):
    found = [match.span() for match in THESIS_RE.finditer(text)]
    expected = []
    position = 0
    while position < len(text):
        word = THESIS_WORD.match(text, position)
        if word and not WORD.fullmatch(text[position - 1:position] or " ") and not WORD.fullmatch(
                text[word.end():word.end() + 1] or " "):
            expected.append(word.span())
            position = word.end()
        else:
            position += 1
    assert found == expected


@settings(max_examples=500, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=5))
def test_title_words_and_subtitle_openers_point_into_the_title(text, offset):
    title = Span(offset, offset + len(text), text)
    words = case.words(title)
    assert [start for start, *_ in words] == sorted({start for start, *_ in words})
    for start, end, word, _, _ in words:
        assert text[start - offset:end - offset] == word and case.WORD_RE.fullmatch(word)
    for start, end, word in case.lower_case_subtitles(title):
        assert (start, end, word) in {(start, end, word) for start, end, word, opens, _ in words if opens}
        assert word[0].islower() and text[:start - offset].rstrip().endswith(":")
