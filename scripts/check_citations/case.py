"""Sentence case and title case ("headline style") of titles, with the word lists they need.

Reference (RULES.md): §3.3 (APA sentence case), §4.2 (MLA title case: principal words, *Is*, words after
hyphens, prepositions of any length lower case), §5.2 (Chicago headline style; CMOS 17 lower-cases
prepositions regardless of length, CMOS 18 lets the longer ones be capitalised), §6.3 (Cite Them Right:
sentence case, a warning only).
"""

from __future__ import annotations

import functools
import re

from babel import Locale

from scripts.check_citations.parse import PARTICLES, Span

# Words that title case keeps lower case unless first, last or first after a colon: articles,
# coordinating conjunctions, "to" and "as", and prepositions of any length (MLA 9 and CMOS 17).
ARTICLES_AND_CONJUNCTIONS = frozenset({"a", "an", "the", "and", "but", "or", "nor", "for", "yet", "so", "to", "as"})
PREPOSITIONS = frozenset({
    "about", "above", "across", "after", "against", "along", "among", "around", "at", "before", "behind",
    "below", "beneath", "beside", "besides", "between", "beyond", "by", "despite", "down", "during", "except",
    "for", "from", "in", "inside", "into", "like", "near", "of", "off", "on", "onto", "out", "outside", "over",
    "past", "per", "since", "than", "through", "throughout", "toward", "towards", "under", "underneath",
    "until", "unto", "up", "upon", "versus", "via", "vs", "with", "within", "without"})
MINOR_WORDS = ARTICLES_AND_CONJUNCTIONS | PREPOSITIONS
# Prefixes whose hyphenated second element is not capitalised by every guide ("Non-surgical",
# "Meta-analysis"): either case is accepted after them.
PREFIXES = frozenset({"anti", "co", "meta", "multi", "non", "post", "pre", "re", "semi", "sub", "inter",
                      "intra"})
# Proper nouns and adjectives seen in the handbook's references that keep their capital in sentence
# case. Deliberately small: anything else capitalised inside a sentence-case title is a warning, never
# an error, because only the author knows which words are names.
PROPER_NOUNS = frozenset({
    "Medicare", "Cochrane", "Protelos", "Osseor", "Miacalcic", "European", "America", "American", "Australian", "Britain",
    "British", "Canadian", "England", "English", "French", "German", "Dutch", "Swiss", "UK", "US",
    "London", "Kerala", "Genant", "Parkinson", "Kümmell", "Kummell", "Sphinx", "Harvard", "Chicago",
    "Vertos"})  # Vertos: the VERTOS trials, as the Lancet prints the name
# Places that sentence case keeps capitalised besides the countries and regions CLDR names (place_names).
OTHER_PLACE_NAMES = ("Hong Kong", "Northern Ireland", "New York")
PLACE_NAME_RE = re.compile(r"[A-Z][\w'\u2019.-]*(?: [A-Z][\w'\u2019.-]*)*")
# A run of capitalised words followed by its acronym in brackets names an organisation or a trial:
# "Society of Interventional Radiology (SIR)".
NAMED_RUN_RE = re.compile(r"(?:[A-Z][\w-]*\s(?:(?:of|and|the|for|on|in)\s)*)+\([A-Z][A-Z\w-]+\)")
# A capitalised word: a capital and then lower case only (acronyms and mixed case are the author's).
CAPITALISED_RE = re.compile(r"(?<![\w'\u2019./-])[A-Z][a-z\u00df-\u00ff'\u2019]+(?=[^\w]|$)")
# A word: a letter, then letters, digits and apostrophes (runs of letters and digits matched as runs, not
# one character and one alternation at a time).
WORD_RE = re.compile(r"[^\W\d_](?:[^\W_]+|['\u2019])*")
# The first word after a colon (and the spaces after it): the word WORD_RE finds there.
WORD_AFTER_COLON_RE = re.compile(rf":\s*({WORD_RE.pattern})")
# What separates a subtitle from the title before it: a colon, "?", "!", a full stop or a spaced dash.
SUBTITLE_BREAK_RE = re.compile(r"[:?!.]|\s[\u2014\u2013]|\s--")


def words(title: Span) -> list[tuple[int, int, str, bool, bool]]:
    """``(start, end, word, opens_phrase, after_hyphen)`` for each word of *title*.

    *opens_phrase*: first word of the title or of a subtitle (after a colon, ``?``, ``!`` or a dash).
    """
    text = title.text
    offset = title.start
    found = []
    previous_end = 0
    # The words as strings (no match objects): each is found again from where the last one ended, and
    # as a word starts with a letter and the gap before it has none, the first occurrence is the word.
    for word in WORD_RE.findall(text):
        start = text.find(word, previous_end)
        gap = text[previous_end:start]
        previous_end = start + len(word)
        if not found:
            found.append((offset + start, offset + previous_end, word, True, False))
        elif gap == " ":  # the common case: neither a subtitle break nor a hyphen
            found.append((offset + start, offset + previous_end, word, False, False))
        elif gap not in (".", "/"):  # not part of a domain name or path ("Radiopaedia.org")
            after_hyphen = gap == "-"
            opens = not after_hyphen and SUBTITLE_BREAK_RE.search(gap) is not None
            found.append((offset + start, offset + previous_end, word, opens, after_hyphen))
    return found


def is_special(word: str) -> bool:
    """Acronyms, mixed case and single letters: their case is the author's, not the style's."""
    return len(word) == 1 or word[1:] != word[1:].lower()


def title_case_errors(title: Span, long_prepositions_free: bool) -> list[tuple[int, int, str, str]]:
    """Words of *title* against title case: ``(start, end, word, expected)``.

    *long_prepositions_free*: prepositions of five letters or more may be capitalised (CMOS 18).
    """
    found = []
    items = words(title)
    last = len(items) - 1
    for index, (start, end, word, opens, after_hyphen) in enumerate(items):
        rest = word[1:]
        if not rest or rest != rest.lower():  # is_special(word), inline: this loop runs for every word
            continue
        if after_hyphen and index > 0 and items[index - 1][2].lower() in PREFIXES:
            continue
        initial_lower = word[0].islower()
        if opens or index == last or after_hyphen:
            if initial_lower:
                found.append((start, end, word, word[0].upper() + rest))
        elif (lower := word.lower()) in MINOR_WORDS:
            if word[0].isupper() and not (long_prepositions_free and lower in PREPOSITIONS and len(lower) >= 5):
                found.append((start, end, word, lower))
        elif initial_lower and not (word in PARTICLES and items[index - 1][2][:1].isupper()
                                    and items[index + 1][2][:1].isupper()):
            # A particle between two capitalised words is part of a name ("Hubert de Givenchy").
            found.append((start, end, word, word[0].upper() + rest))
    return found


@functools.cache
def place_names() -> tuple[frozenset[str], re.Pattern]:
    """The names of places in one word, and a pattern of those in more: the world's countries and regions
    as CLDR names them in English (through babel; "Bangladesh", "United States"), and OTHER_PLACE_NAMES."""
    names = [name for name in (*Locale("en").territories.values(), *OTHER_PLACE_NAMES) if PLACE_NAME_RE.fullmatch(name)]
    phrases = sorted((name for name in names if " " in name), key=len, reverse=True)
    return (frozenset(name for name in names if " " not in name),
            re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b"))


def sentence_case_capitals(title: Span) -> list[tuple[int, int, str]]:
    """Capitalised words of *title* that sentence case would lower-case (a heuristic: names are allowed)."""
    text = title.text
    one_word_places, places_in_more_words = place_names()
    found = []
    for match in CAPITALISED_RE.finditer(text):
        word = match.group()
        before = text[:match.start()].rstrip(" \"'([")
        if (not before or before[-1] in ":?!." or before.endswith(("\u2014", "\u2013", "--")) or word in PROPER_NOUNS
                or word in one_word_places):
            continue
        found.append((title.start + match.start(), title.start + match.end(), word))
    if found:
        # Words inside a name of several words: a named run before its acronym, or a place.
        names = [*(NAMED_RUN_RE.finditer(text) if "(" in text else ()), *places_in_more_words.finditer(text)]
        spans = [(title.start + m.start(), title.start + m.end()) for m in names]
        found = [item for item in found if not any(a <= item[0] < b for a, b in spans)]
    return found


def lower_case_subtitles(title: Span) -> list[tuple[int, int, str]]:
    """First words of subtitles (after a colon) that start with a lower-case letter."""
    if ":" not in title.text:
        return []
    # Only the word right after a colon can be one: found there, not among all the title's words.
    return [(title.start + match.start(1), title.start + match.end(1), word)
            for match in WORD_AFTER_COLON_RE.finditer(title.text)
            if (word := match.group(1))[0].islower() and not is_special(word)]
