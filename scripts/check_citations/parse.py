"""Parse one formatted reference entry into a :class:`ParsedEntry` with typed parts.

Parsing is separate from checking: the parser is tolerant (it finds the parts of an entry even when
they are in the wrong form or place, so that the checks can say what is wrong with them) and never
judges. It knows the shapes of the four styles only as far as it needs to find the parts: where the
author list ends, where the date and the title are.

All spans are offsets into :attr:`ParsedEntry.plain`, the entry with its italics markup removed and
its typographic quotes, dashes and spaces normalised; :meth:`ParsedEntry.source_span` maps them back
to the entry as written.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from scripts.check_citations.given_names import is_given_name

SOURCE_TYPES = ("journal", "periodical", "web", "book", "chapter", "report", "repository", "thesis", "unknown")
"""The source types the checker tells apart (``unknown`` when no cue fits): ``periodical`` is an online
newspaper or magazine article (no volume), ``repository`` a work whose publisher is the repository or
preprint server it was deposited in (a preprint, a data set), ``thesis`` a thesis or dissertation."""
# A thesis names itself so after its title ("PhD thesis, University of Oxford") or in APA's bracket after it.
# The pattern starts with a class of the two words' first letters, either case, and only then looks behind
# it for a word character ("\bthesis") and turns case-blind: a search can skip to the next t or d (a
# pattern whose first letter is case-blind, or that starts with a look-behind, is tried at every position).
THESIS_RE = re.compile(r"[tTdD](?<!\w.)(?i:(?<=t)hesis|(?<=d)issertation)\b")
THESIS_LABEL_RE = re.compile(r"\[[^\]]*\b(?:thesis|dissertation)\]", re.IGNORECASE)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MONTH_WORD = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|" \
             r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"

# Single quotation marks around a title (Cite Them Right), told apart from apostrophes by what
# surrounds them.
# (The opening quote comes first and looks behind itself for a space or the start, so that the search
# skips from quote to quote.)
OPENING_SINGLE_QUOTE_RE = re.compile(r"'(?<!\S')(?=\S)")
CLOSING_SINGLE_QUOTE_RE = re.compile(r"'(?=[\s,.;:)]|$)")
ELEMENT_RE = re.compile(r"[^.,]+")
# Words that start the element after a title when it is not a container (a link, an access date, editors).
NOT_A_CONTAINER_RE = re.compile(rf"(?:Available|Retrieved|Accessed|viewed|In\b|in\b|edited|Eds?\.|https?:|www\.|"
                                rf"[Vv]ersion\b|[Vv]ol\.|{MONTH_WORD}(?!\w))")

# Italics as Markdown (*x*, _x_ at word boundaries) or HTML (<i>, <em>); bold (**x**) is not italics.
# Each branch starts with its marker and looks behind it only then ("\*(?<!\*\*)" is "(?<!\*)\*"), so
# that the search can skip to the next "<", "*" or "_" (a look-behind first makes it try every position).
ITALIC_RE = re.compile(r"<(?P<tag>i|em)>(?P<html>.*?)</(?P=tag)>"
                       r"|\*(?<!\*\*)(?!\*)(?=\S)(?P<star>[^*]*?\S)\*(?!\*)"
                       r"|_(?<![\w_]_)(?=\S)(?P<under>[^_]*?\S)_(?![\w_])", re.IGNORECASE)
# Characters normalised one for one, so that offsets stay aligned: curly quotes and primes to
# straight quotes, no-break and thin spaces to a space.
NORMALISE = (("\u201c", '"'), ("\u201d", '"'), ("\u201e", '"'), ("\u2018", "'"), ("\u2019", "'"),
             ("\u00a0", " "), ("\u2009", " "), ("\u202f", " "))
LIST_MARKER_RE = re.compile(r"^\s*(?:[-*+\u2022]\s+|\d{1,3}[.)]\s+|\[\d{1,3}\]\s+)")

# DOIs in every form seen in the wild; the checks judge the prefix.
DOI_RE = re.compile(r"(?P<prefix>https?://(?:dx\.)?doi\.org/|\bdoi:\s?|\bDOI:?\s?)(?P<doi>10\.\d{4,9}/[^\s<>]+)")
# URLs with a protocol, www. URLs and protocol-less host/path URLs (MLA 9 drops the protocol).
URL_RE = re.compile(r"https?://[^\s<>]+|\bwww\.[^\s<>]+")
HOST_PATH_RE = re.compile(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|int|uk|au|ca|nz|ie|eu|io|de|nl)"
                          r"/[^\s<>]*")
TLD_SLASH_RE = re.compile(r"\.(?:com|org|net|edu|gov|int|uk|au|ca|nz|ie|eu|io|de|nl)/")
# An access or retrieval date with its wording: "Retrieved on October 04, 2023 from", "(accessed
# October 4, 2023)", "Accessed 4 Oct. 2023", "(Accessed: 4 October 2023)", "viewed 04 October 2023".
ACCESS_RE = re.compile(r"(?P<open>\()?(?P<word>[Rr]etrieved|[Aa]ccessed|[Vv]iewed)\b(?P<body>[^()]*?\d{4})"
                       r"(?P<from>,?\s+from\b)?(?P<close>\))?")
# "Retrieved from" (APA 6), or a bare "Retrieved" right before the address (a retrieval date left out).
RETRIEVED_FROM_RE = re.compile(r"\bRetrieved(?: from\b|(?=\s+(?:https?://|www\.)))", re.IGNORECASE)
# The date element of APA and Harvard: "(2009)", "(2021, February 4)", "(n.d.)", "(no date)"; two
# undated works of one author get a letter: "(n.d.-a)" (APA), "(no date a)" (Cite Them Right).
PAREN_DATE_RE = re.compile(r"\((?P<body>(?:\d{4}[a-z]?|n\.\s?d\.(?:-[a-z])?|no date(?: [a-z])?)"
                           r"(?:,\s*[^()]{0,30}?)?)\)")
# A year standing alone as an element after the authors (Chicago author-date): ". 2009.", ". n.d.", and
# for two undated works of one author ". n.d.-a."
BARE_YEAR_RE = re.compile(r"(?<=\. )(?P<body>(?:\d{4}[a-z]?|n\.d\.-[a-z])(?=\.(?:\s|$))|n\.d\.(?=\s|$))")
# A publication date later in the entry (MLA, Chicago notes-bibliography).
# What may come before the year of a later date: "4 Feb. ", "February 4, ", "Apr. ", "spring ".
DATE_PREFIX_RE = re.compile(rf"\b(?:\d{{1,2}}\s+{MONTH_WORD}\s+|{MONTH_WORD}\s+\d{{1,2}},\s+|{MONTH_WORD}\s+"
                            r"|(?:spring|summer|autumn|fall|winter)\s+)$")
# A year from 1500 to 2099: its first two digits come before the look-behind that asks for no word
# character before them (a leading "\b" would make the search try every position, not skip to a 1 or 2).
YEAR_RE = re.compile(r"(?:1[5-9]|20)(?<!\w\d\d)\d\d\b")
# A sentence boundary inside an entry: ". ", "? ", "! " (the title of a roman-title entry ends here).
BOUNDARY_RE = re.compile(r"[.?!](?=\s|$)")
# A full stop after a word of two characters or more, that may end an element (an initial's never does).
# The stop comes first in the pattern, so that the search skips from one "." to the next, and only then
# the look-behind asks for the two word characters before it.
WORD_STOP_RE = re.compile(r"\.(?<=\w\w\.)(?=\s|$)")
# The full stop of an initial with a word after it ("P. Long-Term"), or of a suffix ("Jr. Outcomes"): the
# end of the names only when a title follows (:func:`title_follows`).
NAME_SUFFIX_WORDS = frozenset({"Jr", "Sr"})
INITIAL_STOP_RE = re.compile(r"\.(?<=\b[A-Z]\.) (?=[A-Z\u00c0-\u024f](?!\.))")  # not "R. H.": two initials
SEGMENT_RE = re.compile(r"[^,.(*]*")
TITLE_MARK_RE = re.compile(r"[:?!]")
LOWER_CASE_WORD_RE = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")
# Abbreviations whose period does not end an element (initials are handled separately).
ABBREVIATIONS = frozenset({"al", "ed", "eds", "Ed", "Eds", "edn", "vol", "no", "pp", "p", "Vol", "No", "St", "Jr",
                           "Sr", "Dr", "vs", "Th", "Ch", "Mr", "Mrs", "Inc", "Ltd", "Co", "Jan", "Feb", "Mar", "Apr",
                           "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "rev", "trans", "n.d", "e.g", "i.e", "U.S",
                           "U.K"})
# Volume, issue and pages in each style's form; the checks compare the form found with the style's.
# A volume is "\d(?<!\w\d)\d*", which is "\b\d+" with the look-behind after the first digit: a pattern
# that starts with "\b" is tried at every position, one that starts with a digit only at digits.
VOLUME_FORMS = (  # (form, literal every match contains, expression)
    # Chicago author-date, an issue dated by season or month with no year (the year follows the authors):
    # "11, no. 1 (Spring): 1–34", as the Chicago Manual's author-date quick guide prints it.
    ("author-date", ", no.", re.compile(r"(?P<volume>\d(?<!\w\d)\d*(?:-[A-Z])?),\s*no\.\s*(?P<issue>[\w-]+)\s\("
                                       rf"(?:Spring|Summer|Fall|Autumn|Winter|{MONTH_WORD})\):")),
    ("notes", ", no.", re.compile(r"(?P<volume>\d(?<!\w\d)\d*(?:-[A-Z])?),\s*no\.\s*(?P<issue>[\w-]+)\s*\(")),
    # Chicago notes-bibliography without an issue: "343 (2011): d3952" (a year, not an issue, in brackets).
    ("notes", "):", re.compile(r"(?P<volume>\d(?<!\w\d)\d*(?:-[A-Z])?)\s\((?:[A-Z][a-z]+\.?\s)?(?:1[5-9]|20)\d\d\):")),
    ("mla", "vol.", re.compile(r"\bvol\.\s*(?P<volume>[\w-]+)(?:,\s*no\.\s*(?P<issue>[\w-]+))?")),
    ("author-date", "):", re.compile(r"(?P<volume>\d(?<!\w\d)\d*(?:-[A-Z])?)\s\((?P<issue>[\w-]+)\):")),
    # Chicago author-date without pages (an article whose pages the source does not give): "8 (9)."
    ("author-date", ").", re.compile(r"(?P<volume>\d(?<!\w\d)\d*(?:-[A-Z])?)\s\((?P<issue>[\w-]+)\)\.(?:\s|$)")),
    ("apa", "(", re.compile(r"(?P<volume>\d(?<!\w\d)\d*(?:-[A-Z])?)(?P<space>\s?)\((?P<issue>[^()\s]{1,10})\)")),
    ("mla7", " (", re.compile(r"(?P<volume>\d(?<!\w\d)\d*)\.(?P<issue>\d+)\s\(\d{4}\)")),
)
PAGE_RANGE = r"(?P<pages>[A-Za-z]{0,2}\d+(?:\s?[-\u2013\u2014]\s?[A-Za-z]?\d+)?)"
# Pages in the order of preference: labelled ("pp. 557-68"), after a colon ("(2009): 557-68"), an
# article number ("Article k1551"), or bare after a comma and before the next element.
PAGES_FORMS = (re.compile(rf"\bpp?\.\s?{PAGE_RANGE}"), re.compile(rf"\):\s?{PAGE_RANGE}"),
               re.compile(rf"\bArticle\s{PAGE_RANGE}"), re.compile(rf",\s{PAGE_RANGE}(?=[.,;]|$)"))
LABELLED_PAGES_FORMS = tuple(zip(("p.", "):", "Article"), PAGES_FORMS[:3]))
"""The labelled forms with a literal every match contains; the bare form is the last of PAGES_FORMS."""
EDITION_RE = re.compile(r"\b(?P<number>\d+)(?:st|nd|rd|th)\s(?P<label>ed\.|edn\.?|edition|Ed\.)", re.IGNORECASE)
EDITORS_RE = re.compile(r"\((?P<label>[Ee]ds?\.?|[Ee]ditors?)\)|\bedited by\b|\b(?P<short>[Ee]ds?\.)(?=\s)")
# Cues of a chapter in an edited book: "In E. Editor (Eds.)", "in E. Editor (eds)", "In *Book*",
# "edited by" (tested as a plain string), MLA 7's "Ed. Given Surname".
IN_CUE_RE = re.compile(r"[.,]\s[Ii]n\s(?:[A-Z*_<]|$)")
EDITOR_CUE_RE = re.compile(r"\([Ee]ds?\.?\)|(?:^|\.\s)Eds?\.\s[A-Z]")
# A journal's name and its volume in one italic run: "Spine, 48" (the name is group 1).
ITALIC_NAME_AND_VOLUME_RE = re.compile(r"(.*\S),\s\d+$")
# A date to the day, in either order: "January 4, 2018", "4 Jan. 2018".
DAY_DATE_RE = re.compile(rf"\b{MONTH_WORD}\s\d{{1,2}}\b|\b\d{{1,2}}\s{MONTH_WORD}(?!\w)")
# "City: Publisher" or "City, ST: Publisher" (a place of publication before a publisher).
PLACE_RE = re.compile(r"(?<![\w'])(?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+)*(?:,\s[A-Z]{2})?):\s"
                      r"(?P<publisher>[A-Z][^.,:]*)")
PLACE_BEFORE_COLON_RE = re.compile(r"(?<![\w'])(?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+)*(?:,\s[A-Z]{2})?)$")
PUBLISHER_RE = re.compile(r"[A-Z][^.,:]*")
# The roman element after the title of a deposited work: the genre label CSL prints before a preprint's
# server, or the name of a repository or preprint server (a name it does not know is added here).
PREPRINT_SERVERS = r"medRxiv|bioRxiv|arXiv|SSRN|Research Square|PsyAr[Xx]iv|OSF Preprints"
REPOSITORY_RE = re.compile(rf"(?:Preprint|\[Preprint\]|Zenodo|[Ff]igshare|Dryad|GitHub|Harvard Dataverse|{PREPRINT_SERVERS})$")
PREPRINT_SERVER_RE = re.compile(rf"(?:{PREPRINT_SERVERS})$")
# Words that name a report, a report number run together ("HSE168") or a catalogue number ("Cat. no. HSE 168").
REPORT_CUE_RE = re.compile(r"\b(?:[Gg]uidance|[Gg]uideline|[Rr]eport|[Pp]ractice [Pp]arameter"
                           r"|[Pp]osition [Ss]tatement)\b|\b[A-Z]{2,4}\d{2,4}\b|\bCat\. no\.\s")
ORGANISATION_WORDS = frozenset({
    "Institute", "Society", "College", "Association", "Academy", "Organisation", "Organization", "Council",
    "Department", "Ministry", "Agency", "Foundation", "University", "Centre", "Center", "Committee", "Board",
    "Group", "Investigators", "investigators", "contributors", "Excellence", "Service", "Services", "Office",
    "Federation", "Commission", "Trust", "Network", "Collaboration", "Health", "NICE", "WHO", "NHS",
    # News agencies that write newspaper articles ("Associated Press"; "Press" alone is also a surname).
    "Associated", "Reuters"})
# Initials as APA, Harvard or Chicago write them: "R.", "R. H.", "R.H.", "J.-C.", "Th.", and capitals beyond
# ASCII: "M. Ø." (Mikkel Østergaard), "Ł.", "Š."
CAPITAL = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0106\u010c\u0141\u015a\u0160\u0179\u017b\u017d"
INITIALS_RE = re.compile(rf"^(?:(?:[{CAPITAL}]|Th|Ch)\.(?:-[{CAPITAL}]\.)?\s?)+$")
# What separates two names; the group keeps the delimiters in NAME_DELIMITER_RE.split's list, between the names:
# ", & ", " and ", ", ". It starts with the class of its first characters (a comma or a space) and only then
# tells the delimiters apart, so that the split skips from one to the next: ",?\s+(?:&|and)\s+|,\s*", the
# same delimiters, starts with an optional comma and is tried at every character of the names.
NAME_DELIMITER_RE = re.compile(r"([,\s](?:(?<=,)(?:\s+(?:&|and)\s+|\s*)|(?<!,)\s*(?:&|and)\s+))")
# The full stop that ends an author list belongs to an initial or an abbreviation here.
ABBREVIATION_AT_END_RE = re.compile(r"(?:\b[A-Z]|\bal|\bJr|\bSr|\bTh|\bCh)\.$")
SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
ET_AL_RE = re.compile(r",?\s*\bet\s+al\.?")
# The label after the names when editors stand in the author's place (an edited book), or a translator
# does (Chicago's "Lattimore, Richmond, trans.").
EDITORS_AS_AUTHORS_RE = re.compile(r"(?:,?\s\((?:[Ee]ds?\.?|[Ee]ditors?)\)|,\s(?:editors?|eds?\.?|trans\.?|translators?))$")
# Name particles that CSL (and the manuals' examples) print after the given names of an inverted name,
# "Vries, J. de", or before the family name of a direct one, "Cornelis van Kuijk": part of the family name.
PARTICLES = frozenset({"van", "von", "de", "der", "den", "du", "le", "la", "da", "di", "del", "della", "dos", "das",
                       "do", "ten", "ter", "te", "zu", "vom", "op"})
# Lower-case words a list of names may hold: particles, joiners, labels and group words ("KAVIAR investigators").
NAME_LIST_WORDS = PARTICLES | {"and", "et", "al", "y", "ed", "eds", "trans", "editor", "editors", "translator",
                               "translators"} | {word for word in ORGANISATION_WORDS if word.islower()}
# The 3-em dash that MLA and Chicago print for the author of the entry above (the same names again).
REPEATED_AUTHOR_RE = re.compile(r"(?:\u2014{3}|\u2014\u2014|-{3})(?=\.\s)")
# Capitalised words that open a family name of two words and are given names too ("Saint", "Ben"):
# "Van Meirhaeghe, Jan Karel, and …" is one inverted name, whatever the name lists say of "Van".
FAMILY_NAME_PREFIXES = frozenset({"Mac", "Mc", "Fitz", "Saint", "St.", "Ste.", "San", "Santa", "Ibn", "Bin",
                                  "Ben", "Abu", "Al", "El", "Ap"})
INITIAL_WORD_RE = re.compile(r"(?:^|\s)[A-Z]\.(?=\s|$)")
# The ellipsis of a truncated APA list with the comma and spaces before it: ",?\s*(?:\.\s\.\s\.|\.\.\.|\u2026)\s*",
# written to start with the class of its possible first characters and only then to tell the cases apart,
# so that the search skips to the next comma, space, full stop or "…" (the optional comma and spaces at the
# start made it try every character of a twenty-author list).
ELLIPSIS_RE = re.compile(r"[,\s.\u2026](?:(?<=[,\s])\s*(?:\.\s\.\s\.|\.\.\.|\u2026)|(?<=\.)(?:\s\.\s\.|\.\.)|(?<=\u2026))\s*")
WORD_RE = re.compile(r"\w+")
MONTH_RE = re.compile(MONTH_WORD)
NUMBER_RE = re.compile(r"\b\d+\b")
RANGE_DASH_RE = re.compile(r"\d\s?[-\u2013]")
# Where an "edited by" editor list ends, and what introduces a "In E. Editor (Eds.)" one.
EDITED_BY_END_RE = re.compile(r"(?<![A-Z])\.(?:\s|$)|,\s(?=\d)")
IN_RE = re.compile(r"\b[Ii]n\s")


class Span(NamedTuple):
    """A part of the entry: its offsets in :attr:`ParsedEntry.plain` and its text (a named tuple:
    the parser makes about fifteen per entry, and tuples are the cheapest immutable record)."""

    start: int
    end: int
    text: str


class Name(NamedTuple):
    """One author (or editor) as written (a named tuple, like :class:`Span`)."""

    span: Span
    """Where the whole name is, e.g. ``Thomas, Liji``."""
    family: str
    """The family name, or the whole name of a group author."""
    given: str
    """Given names or initials as written (empty for a group author)."""
    inverted: bool
    """Written family name first (``Thomas, Liji``) rather than ``Liji Thomas``."""
    group: bool
    """A group or organisation author (``National Institute for Health and Care Excellence``)."""

    @property
    def initials_only(self) -> bool:
        """The given names are initials only (``R. H.``)."""
        return bool(self.given) and INITIALS_RE.match(self.given) is not None


class Authors(NamedTuple):
    """The author list and the words that join it."""

    span: Span
    """The whole author block, without the period or spaces that end it."""
    names: tuple[Name, ...]
    joiners: tuple[Span, ...]
    """The delimiter before each name after the first (``, ``, ``, & ``, `` and ``)."""
    et_al: Span | None
    """``et al.`` (with the comma before it, if any)."""
    ellipsis: Span | None
    """The ``. . .`` of a truncated APA list."""
    editors_label: Span | None = None
    """``(Eds.)``, ``(eds)``, ``, editors`` or ``, eds.`` after the names of an edited book's editors, or
    ``, trans.`` after a translator's."""


class ParsedEntry(NamedTuple):
    """One reference entry split into its typed parts. ``None`` means the part was not found.

    A named tuple, like :class:`Span`: one is made for every entry checked, and a frozen dataclass of
    this many fields takes several times as long to make (each field is set through ``object.__setattr__``).
    """

    text: str
    """The entry as written (list marker and surrounding spaces removed)."""
    plain: str
    """The entry without italics markup, with straight quotes and plain spaces."""
    shifts: tuple[tuple[int, int], ...]
    """Where markup was removed: ``(plain offset, characters removed before it)``, in order; see
    :meth:`source_span`."""
    italics: tuple[Span, ...]
    """The italic runs."""
    type: str
    """One of :data:`SOURCE_TYPES`."""
    authors: Authors | None
    date: Span | None
    """The publication date element as written: ``(2021, February 4)``, ``2009``, ``4 Feb. 2021``."""
    date_after_authors: bool
    """The date element comes straight after the author list (APA, Harvard, Chicago author-date)."""
    year: str | None
    title: Span | None
    """The title of the work, without its quotation marks."""
    title_markup: str
    """How the title is set off: ``italic``, ``double-quotes``, ``single-quotes`` or ``roman``."""
    container: Span | None
    """The journal, website or book the work is part of."""
    container_italic: bool
    volume: Span | None
    issue: Span | None
    volume_form: str | None
    """Which style's volume/issue form was found: ``apa``, ``mla``, ``notes``, ``author-date``, ``mla7``."""
    pages: Span | None
    doi: Span | None
    """The DOI with its prefix as written (``https://doi.org/10...``, ``doi:10...``)."""
    url: Span | None
    """The first URL that is not the DOI (without angle brackets)."""
    access: Span | None
    """The access or retrieval date phrase with its wording (``Accessed 4 Oct. 2023``)."""
    editors: Span | None
    """The editor list of a chapter (``E. E. Editor & F. F. Editor`` or after ``edited by``)."""
    edition: Span | None
    place: Span | None
    """A place of publication written as ``City: Publisher``."""
    publisher: Span | None

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map plain offsets *start*, *end* to offsets in :attr:`text` (a span that ends where an
        italic run ends stops before its closing marker)."""
        source_start = self.source_offset(start, closing=False)
        return source_start, max(source_start, self.source_offset(end, closing=True))

    def source_offset(self, position: int, closing: bool) -> int:
        position = max(0, min(position, len(self.plain)))
        shift = 0
        for at, removed in self.shifts:
            if at > position or (closing and at == position):
                break
            shift = removed
        return position + shift

    def name_words(self) -> frozenset[str]:
        """The words of the author and publisher names (proper nouns wherever they recur in the entry)."""
        parts = [self.authors.span.text if self.authors else "", self.publisher.text if self.publisher else ""]
        return frozenset(WORD_RE.findall(" ".join(parts)))

    def is_italic(self, span: Span | None) -> bool:
        """Whether *span* lies wholly inside one italic run."""
        return span is not None and any(run.start <= span.start and span.end <= run.end for run in self.italics)


def first_index(text: str, *needles: str) -> int:
    """Where the first of *needles* occurs in *text* (-1 when none does): a regular expression whose
    matches start with one of them can begin its search there (``\\b`` and look-behinds still see the
    text before the start position), which is far quicker than scanning from the start."""
    found = -1
    for needle in needles:
        index = text.find(needle)
        if index >= 0 and (found < 0 or index < found):
            found = index
    return found


def normalise(text: str) -> str:
    """*text* with :data:`NORMALISE` applied: every character it replaces is non-ASCII, and one
    ``str.replace`` per character found is some thirty times quicker than ``str.translate``, which
    looks every character of a non-ASCII text up in its table."""
    if text.isascii():
        return text
    for character, replacement in NORMALISE:
        if character in text:
            text = text.replace(character, replacement)
    return text


def strip_markup(text: str) -> tuple[str, tuple[tuple[int, int], ...], tuple[Span, ...]]:
    """Remove italics markup; return the plain text, the shifts back to *text* and the italic runs.

    A shift ``(offset, removed)`` says that from plain *offset* on, *removed* characters of markup in
    all come before (an opening marker shifts its run's first character, a closing one what follows).
    """
    markup = first_index(text, "*", "_", "<")
    if markup < 0:
        return normalise(text), (), ()
    pieces: list[str] = []
    shifts: list[tuple[int, int]] = []
    italics: list[tuple[int, int]] = []
    position = length = removed = 0
    for match in ITALIC_RE.finditer(text, markup):
        # The inner text's group closes last in each branch: "html", "star" or "under".
        match_start, match_end = match.span()
        inner_start, inner_end = match.span(match.lastgroup)
        pieces += (text[position:match_start], text[inner_start:inner_end])
        start = length + match_start - position
        length = start + inner_end - inner_start
        removed += inner_start - match_start
        shifts.append((start, removed))
        removed += match_end - inner_end
        shifts.append((length, removed))
        italics.append((start, length))
        position = match_end
    pieces.append(text[position:])
    plain = normalise("".join(pieces))
    return plain, tuple(shifts), tuple(Span(start, end, plain[start:end]) for start, end in italics)


def span_of(match: re.Match, group: int | str = 0) -> Span:
    """The span of *group* of *match*."""
    return Span(match.start(group), match.end(group), match.group(group))


def trim_link(plain: str, start: int, end: int) -> int:
    """The end of a DOI or URL without the punctuation that follows it in the sentence."""
    while end > start and plain[end - 1] in ".,;:>\"'":
        end -= 1
    while end > start and plain[end - 1] == ")" and plain.count("(", start, end) < plain.count(")", start, end):
        end -= 1
    return end


def find_links(plain: str) -> tuple[Span | None, Span | None]:
    """The DOI (with its prefix) and the first other URL."""
    doi = None
    # The longest prefix, "https://dx.", starts 11 characters before "doi".
    cue = first_index(plain, "doi", "DOI") if "10." in plain else -1
    if cue >= 0 and (match := DOI_RE.search(plain, max(0, cue - 11))):
        end = trim_link(plain, match.start(), match.end())
        doi = Span(match.start(), end, plain[match.start():end])
    if "/" not in plain and "www." not in plain:
        return doi, None
    if (url_start := first_index(plain, "http", "www.")) >= 0 and (url := first_link(plain, URL_RE, url_start, doi)):
        return doi, url
    # Every host/path URL contains ".tld/"; when each of those lies in the DOI, none is left to find.
    if any(doi is None or not doi.start <= match.start() < doi.end for match in TLD_SLASH_RE.finditer(plain)):
        return doi, first_link(plain, HOST_PATH_RE, 0, doi)
    return doi, None


def first_link(plain: str, pattern: re.Pattern, start: int, doi: Span | None) -> Span | None:
    """The first match of *pattern* from *start* on that is not the DOI."""
    for match in pattern.finditer(plain, start):
        if doi is not None and match.start() < doi.end and doi.start < match.end():
            continue
        end = trim_link(plain, match.start(), match.end())
        return Span(match.start(), end, plain[match.start():end])
    return None


# A word no person's name has: a capital inside after lower case that no name prefix explains ("StayWell",
# "WebMD"; "McGraw", "MacLeod", "DeVries", "O'Toole" are names), or a web address ("Drugs.com").
BRAND_WORD_RE = re.compile(r"(?!Mc|Mac|Fitz|De|Di|Da|Du|La|Le|Van|Von)[A-Z][a-z]+[A-Z]|\w+\.(?:com|org|net)\b")


@functools.lru_cache(maxsize=4096)
def is_group_name(text: str) -> bool:
    """A comma-free author that reads as an organisation, not as ``Given Family``.

    Asked of every name token, twice for most (as a family name and as the given names that may follow
    it); the same family names and initials recur all through a reference list, hence the cache."""
    words = text.split()
    if len(words) == 1:  # most tokens: a family name or one initial
        return words[0].strip(".,()") in ORGANISATION_WORDS or BRAND_WORD_RE.match(words[0]) is not None
    # A person's name has at most three words besides particles and a suffix ("Mary Beth Wilson III"):
    # counted only when there are more than three words at all (most names are one or two).
    if len(words) > 3 and sum(word not in SUFFIXES and word not in PARTICLES for word in words) > 3:
        return True
    return (not ORGANISATION_WORDS.isdisjoint([word.strip(".,()") for word in words])
            or any(BRAND_WORD_RE.match(word) for word in words))


def whole_name(token: str) -> bool:
    """``Chun Y. Müller``, ``Cristina E. von Berg``: a name, an initial, then a family name.

    Given names alone end at such an initial or start with it ("Chun Y.", "F. Scott"); one that goes on
    to another name holds the family name too, so it is not the given names of the token before it."""
    if ". " not in token:  # most tokens: no initial with a name after it
        return False
    words = token.split()
    for index in range(1, len(words) - 1):
        if INITIAL_WORD_RE.fullmatch(words[index]) and not INITIAL_WORD_RE.fullmatch(words[index - 1]):
            after = next((word for word in words[index + 1:] if word not in PARTICLES), "")
            if after[:1].isupper() and not INITIAL_WORD_RE.fullmatch(after) and after not in SUFFIXES:
                return True
    return False


def without_particles(words: list[str]) -> tuple[list[str], list[str]]:
    """*words* of given names split into the given names and the lower-case particles that end them."""
    cut = len(words)
    while cut > 1 and words[cut - 1] in PARTICLES:
        cut -= 1
    return words[:cut], words[cut:]


def split_names(plain: str, start: int, end: int) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """Cut the author block into name tokens and the delimiters between them, as ``(start, end, text)``
    tuples: most of them are intermediate (a family name and its initials become one :class:`Name`), and
    a plain tuple costs a fraction of a :class:`Span`.

    One ``split`` gives every token and delimiter as strings (no match object per delimiter); their
    offsets follow from their lengths."""
    tokens, delimiters = [], []
    pieces = NAME_DELIMITER_RE.split(plain[start:end])  # token, delimiter, token, ..., token
    position = start
    last = len(pieces) - 1
    # A token of spaces alone (only at the start of a block: a delimiter takes the spaces after it) names
    # no one and is passed over like an empty one, and so is the delimiter after it.
    for index in range(0, last, 2):
        token, delimiter = pieces[index], pieces[index + 1]
        token_end = position + len(token)
        delimiter_end = token_end + len(delimiter)
        if token and not token.isspace():
            tokens.append((position, token_end, token))
            delimiters.append((token_end, delimiter_end, delimiter))
        position = delimiter_end
    if (token := pieces[last]) and not token.isspace():
        tokens.append((position, end, token))
    return tokens, delimiters


def parse_authors(plain: str, start: int, end: int, inverted_all: bool,
                  names_before_et_al: int | None = None) -> Authors | None:
    """Parse the author block ``plain[start:end]`` into names.

    *inverted_all* says whether the style writes every name family-first (APA, Harvard) or only the
    first (MLA, Chicago); it decides how a bare ``Family, Given`` pair later in the list is read.
    *names_before_et_al*, the number of names the style's edition gives before "et al." (Chicago),
    decides how a first pair of two full names is read (see :func:`two_names_in_direct_order`).
    """
    while end > start and plain[end - 1] in " ,":
        end -= 1
    # The abbreviation ends at *end* and is at most three characters long ("al.").
    if end > start and plain[end - 1] == "." and not ABBREVIATION_AT_END_RE.search(plain, max(start, end - 4), end):
        end -= 1
    if end <= start:
        return None
    editors_label = None
    if (" (E" in plain[start:end] or " (e" in plain[start:end] or ", e" in plain[start:end]
            or ", t" in plain[start:end]) and (
            label := EDITORS_AS_AUTHORS_RE.search(plain, start, end)):
        editors_label = span_of(label)
        end = label.start()
    block = Span(start, end, plain[start:end])
    et_al = ellipsis = None
    if "et al" in block.text and (match := ET_AL_RE.search(plain, start, end)):
        et_al = span_of(match)
    if (". ." in block.text or "..." in block.text or "\u2026" in block.text) and (
            match := ELLIPSIS_RE.search(plain, start, end)):
        ellipsis = span_of(match)
    names_end = first_position(et_al.start if et_al else None, ellipsis.start if ellipsis else None)
    if names_end is None:
        names_end = end
    if "," not in plain[start:names_end] and is_group_name(plain[start:names_end]):
        group = Span(start, names_end, plain[start:names_end])
        return Authors(block, (Name(group, group.text, "", False, True),), (), et_al, ellipsis, editors_label)
    tokens, delimiters = split_names(plain, start, names_end)
    if ellipsis is not None:
        last_start = ellipsis.end
        last_tokens, last_delimiters = split_names(plain, last_start, end)
        tokens += last_tokens
        delimiters += [ellipsis] + last_delimiters
    if not tokens:
        return None  # spaces alone: no author
    names, joiners = read_names(plain, tokens, delimiters, inverted_all, first_may_pair=True)
    if not inverted_all and two_names_in_direct_order(names, et_al is not None, names_before_et_al):
        names, joiners = read_names(plain, tokens, delimiters, inverted_all, first_may_pair=False)
    return Authors(block, tuple(names), tuple(joiners), et_al, ellipsis, editors_label)


def two_names_in_direct_order(names: list[Name], et_al: bool, names_before_et_al: int | None) -> bool:
    """Whether the first ``Family, Given`` pair of *names* (read so in a style that inverts only the
    first author) is better read as two names in direct order, the first author's not inverted.

    Each part must be a full name: two or more words (a suffix after them aside), capitalised but for
    particles between them, the last no initial ("Van Meirhaeghe, Jan" and "Buchbinder, Rachelle H." stay
    one name). Then one of two things must tell, as a reader would tell:

    - the count: the pair leaves the list one name short of *names_before_et_al*, the number the style
      gives before "et al." (``Jean-Luc Firanescu, Li Brown, Avram Osborne, et al.``, Chicago 18 giving
      three: read as one name, a family name of two words and a list one name short, two rare things at
      once; read as two, one common slip);
    - or, when no count says otherwise, the first word of the "family name" is a given name
      (``Fatima Firanescu, Priya Patel, and Li Chen``: :mod:`scripts.check_citations.given_names`).
    """
    first = names[0]
    if not first.inverted or first.group:
        return False
    for part in (first.family, first.given):
        words = part.split()
        if words and words[-1] in SUFFIXES:  # "Marco Müller III": a person's name, never given names alone
            words.pop()
        if (len(words) < 2 or not words[0][:1].isupper() or not words[-1][:1].isupper()
                or not all(word[:1].isupper() or word in PARTICLES for word in words[1:-1])
                or INITIAL_WORD_RE.fullmatch(words[-1])):
            return False
    if et_al and names_before_et_al is not None:
        return len(names) + 1 == names_before_et_al
    opening = first.family.split(None, 1)[0]
    return opening.lower() not in PARTICLES and opening not in FAMILY_NAME_PREFIXES and is_given_name(opening)


def read_names(plain: str, tokens: list[tuple[int, int, str]], delimiters: list[tuple[int, int, str]],
               inverted_all: bool, first_may_pair: bool) -> tuple[list[Name], list[Span]]:
    """The names and joiners of an author block cut by :func:`split_names`; with *first_may_pair* False,
    the first token is a whole name in direct order, never the family name of a pair."""
    names: list[Name] = []
    joiners: list[Span] = []

    index = 0
    count, delimiter_count = len(tokens), len(delimiters)
    while index < count:
        token_start, token_end, token_text = tokens[index]
        following = tokens[index + 1][2] if index + 1 < count else None
        pair_allowed = not names or inverted_all or " " not in token_text.strip()
        if not names and not first_may_pair:
            pair_allowed = False
        elif not names and not inverted_all and INITIAL_WORD_RE.search(token_text):
            pair_allowed = False  # "Rachelle H. Buchbinder, …": an initial is no part of a family name
        elif not names and not inverted_all and following is not None and whole_name(following):
            pair_allowed = False  # "Avram Allan Firanescu, Chun Y. Müller, …": no given names alone
        if (following is not None and index < delimiter_count and delimiters[index][2].strip() == ","
                and pair_allowed and following not in SUFFIXES and following[:1].isupper()
                and not is_group_name(following) and not is_group_name(token_text)):
            family, given = token_text, following
            # A particle ends the given names when there is one ("Vries, J. de"): most have none.
            if " " in given and (given_words := given.split())[-1] in PARTICLES:
                given_words, particles = without_particles(given_words)
                if particles:
                    family, given = " ".join([*particles, family]), " ".join(given_words)
            name_end = tokens[index + 1][1]
            next_index = index + 2
            if next_index < count and tokens[next_index][2] in SUFFIXES:
                name_end = tokens[next_index][1]
                next_index += 1
            names.append(Name(Span(token_start, name_end, plain[token_start:name_end]), family, given, True, False))
        else:
            words = token_text.split()
            group = len(words) == 1 or is_group_name(token_text)
            given_words, particles = without_particles(words[:-1])
            family = token_text if group else " ".join([*particles, words[-1]])
            given = "" if group else " ".join(given_words)
            names.append(Name(Span(token_start, token_end, token_text), family, given, False, group))
            next_index = index + 1
        if index > 0:
            joiners.append(Span(*delimiters[index - 1]))
        index = next_index
    return names, joiners


def first_position(*positions: int | None) -> int | None:
    """The smallest of *positions* that were found (None when none was)."""
    found = None
    for position in positions:
        if position is not None and (found is None or position < found):
            found = position
    return found


def element_start(plain: str, position: int) -> int:
    """Skip the punctuation and spaces that separate two elements."""
    while position < len(plain) and plain[position] in " .,":
        position += 1
    return position


def find_title(plain: str, start: int, italics: tuple[Span, ...]) -> tuple[Span | None, str]:
    """The title starting at *start*: an italic run, a quoted string or roman text to the next boundary."""
    if start >= len(plain):
        return None, "roman"
    italic = next((run for run in italics if run.start == start), None)
    if italic is not None:
        return italic, "italic"
    quote = plain[start]
    if quote == '"':
        close = plain.find('"', start + 1)
        if close > start:
            return Span(start + 1, close, plain[start + 1:close]), "double-quotes"
    if quote == "'":
        match = CLOSING_SINGLE_QUOTE_RE.search(plain, start + 1)
        if match:
            return Span(start + 1, match.start(), plain[start + 1:match.start()]), "single-quotes"
    end = len(plain)
    for match in BOUNDARY_RE.finditer(plain, start):
        mark = match.group()
        if mark == "." and ((word := word_before(plain, match.start())) in ABBREVIATIONS
                            or (len(word) == 1 and word.isupper())):
            continue
        end = match.end() if mark in "?!" else match.start()
        break
    next_italic = next((run.start for run in italics if run.start > start), None)
    if next_italic is not None and next_italic < end:
        end = next_italic
        while end > start and plain[end - 1] in " .,":
            end -= 1
    if end <= start:
        return None, "roman"
    return Span(start, end, plain[start:end]), "roman"


def find_container(plain: str, start: int, italics: tuple[Span, ...], stop: int) -> tuple[Span | None, bool]:
    """The first italic run after the title, or else the roman element that follows it.

    An italic run that ends in a volume number (APA's "*Spine, 48*(29)") holds the journal's name up to
    its comma: the volume is found after it, as in "*Spine*, *48*(29)"."""
    italic = next((run for run in italics if start <= run.start < stop), None)
    if italic is not None and not italic.text.isdigit():
        if (name := ITALIC_NAME_AND_VOLUME_RE.match(italic.text)) is not None:
            return Span(italic.start, italic.start + name.end(1), name.group(1)), True
        return italic, True
    if italic is not None:
        stop = italic.start  # an italic volume number: the journal before it is roman
    position = element_start(plain, start)
    match = ELEMENT_RE.match(plain, position, stop)
    if match is None:
        return None, False
    text = match.group().strip()
    if not text or text[0].isdigit() or text[0] == "(" or NOT_A_CONTAINER_RE.match(text):
        return None, False
    return Span(match.start(), match.start() + len(text), text), False


def detect_type(plain: str, authors: Authors | None, title_markup: str, container: Span | None,
                volume_form: str | None, doi: Span | None, url: Span | None, access: Span | None,
                date: Span | None, italic_web_titles: bool, after_title: int = 0,
                container_italic: bool = False) -> str:
    """The source type from cues: editors mean a chapter, volume/issue a journal, and so on.

    An online source is a web page, unless its title is in italics and either the style quotes
    web-page titles (MLA, Chicago) or an organisation wrote it with no day, month or access date:
    then it is a whole work, a book (or a report, by the cues above). An online article with a roman
    title in an italic container and no volume is a newspaper or magazine article in APA and Harvard,
    which italicise a web page's title instead. *after_title* is where the title ends: a colon inside
    it is no place of publication.
    """
    # Editors in the author's place make an edited book, not a chapter: look for the cues after them.
    cues = authors.editors_label.end if authors is not None and authors.editors_label is not None else 0
    editor_label = "(Ed" in plain or "(ed" in plain or "Ed. " in plain or "Eds. " in plain
    if ("edited by" in plain[cues:] or (editor_label and EDITOR_CUE_RE.search(plain, cues))
            or plain.startswith("In ") or IN_CUE_RE.search(plain, max(cues, after_title))):
        # "In" from the end of the title on: a title may itself start with it ("*In Other Words*").
        return "chapter"
    if authors is not None and authors.editors_label is not None:
        return "book"  # an edited book: its editors in the author's place
    if volume_form is None and (THESIS_RE.search(plain, after_title) or THESIS_LABEL_RE.search(plain)):
        return "thesis"
    # A known repository's name after a roman title (as CSL prints a deposited work), or a preprint
    # server's after an italic one (APA 7's examples of preprints).
    if (container is not None and not container_italic and REPOSITORY_RE.match(container.text)
            and (title_markup != "italic" or PREPRINT_SERVER_RE.match(container.text))):
        return "repository"
    if volume_form is not None or (doi is not None and container is not None and title_markup != "italic"):
        return "journal"
    if (url is not None or access is not None) and title_markup != "italic" and container_italic:
        return "periodical" if italic_web_titles else "web"  # MLA and Chicago set both alike
    group_author = authors is None or any(name.group for name in authors.names)
    # A cue word inside a quoted title ("Guidance on …") names the subject of a page, not a report; a title
    # followed by an italic journal or proceedings is a part of that, whatever its words.
    part_of_container = container_italic and title_markup != "italic"
    if (group_author and not part_of_container
            and REPORT_CUE_RE.search(plain, after_title if title_markup.endswith("quotes") else 0)):
        return "report"
    if url is not None or access is not None:
        if title_markup != "italic":
            return "web"
        # An italic title online: a web page in APA and Harvard, unless an organisation wrote it, it
        # has only a year and no access date -- then, as in MLA and Chicago, a whole work.
        dated_page = access is not None or (date is not None and MONTH_RE.search(date.text) is not None)
        if italic_web_titles and (not group_author or dated_page):
            return "web"
    if title_markup == "italic" or EDITION_RE.search(plain) or PLACE_RE.search(plain, after_title):
        return "book"
    if (container_italic and title_markup != "italic" and volume_form is None
            and DAY_DATE_RE.search(plain, container.end)):
        return "periodical"  # "*New York Times*, January 4, 2018": a newspaper or magazine, dated to the day
    if container is not None and NUMBER_RE.search(plain[container.end:]):
        return "journal"
    if (container is not None and not container_italic and url is None and doi is None
            and not plain[container.end:].strip(" .")):
        return "book"  # "Title. Wiley.": a roman title and its publisher, nothing else
    return "unknown"


def first_boundary(plain: str, stop: int) -> int | None:
    """The first full stop before *stop* that ends an element (not one after an abbreviation, nor one
    after an initial or "Jr." unless a title follows it; ``et al.`` does end the author list)."""
    for match in WORD_STOP_RE.finditer(plain, 0, stop + 1):
        full_stop = word_start = match.start()
        while word_start > 0 and (plain[word_start - 1].isalnum() or plain[word_start - 1] == "_"):  # \w
            word_start -= 1
        word = plain[word_start:full_stop]
        if (word not in ABBREVIATIONS or word == "al"
                or (word in NAME_SUFFIX_WORDS and title_follows(plain, full_stop + 1))):
            boundary = full_stop
            break
    else:
        boundary = None
    for match in INITIAL_STOP_RE.finditer(plain, 0, len(plain) if boundary is None else boundary):
        if title_follows(plain, match.end()):
            return match.start()
    return boundary


def title_follows(plain: str, position: int) -> bool:
    """What follows an initial's full stop at *position*, up to the next comma, full stop, bracket or
    italics ("Jr. (eds) (2021) *Title*"), is no name: it has a lower-case word that is no particle,
    joiner or group word, or a colon, question or exclamation mark ("Firanescu, Margaret P. Management
    of Fracture Healing. 2002." quotes no title; a year or an "(Ed.)" after the names is no title)."""
    segment = SEGMENT_RE.match(plain, position).group()
    if TITLE_MARK_RE.search(segment):
        return True
    return any(word not in NAME_LIST_WORDS for word in LOWER_CASE_WORD_RE.findall(segment))


def word_before(plain: str, position: int) -> str:
    """The run of letters, digits and dots that ends at *position* ("e.g" before "e.g.")."""
    start = position
    while start > 0 and (plain[start - 1].isalnum() or plain[start - 1] == "."):
        start -= 1
    return plain[start:position]


AUTHOR_DATE_FAMILY = frozenset({"apa", "harvard"})
"""Styles that write every author family name first and set web-page titles in italics (MLA and
Chicago invert only the first name and quote a web page's title); the parser reads names and tells
a web page from a book or report by this."""


def parse(text: str, style: str = "apa", names_before_et_al: int | None = None) -> ParsedEntry:
    """Parse one entry written in (or claiming to be in) *style*: ``apa``, ``mla``, ``chicago`` or ``harvard``;
    *names_before_et_al* as in :func:`parse_authors` (a profile's ``names_before_et_al``)."""
    inverted_all = style in AUTHOR_DATE_FAMILY
    plain, shifts, italics = strip_markup(text)
    if italics and any(run.text.rstrip(".") == "et al" for run in italics):
        # An italic "et al." (Cite Them Right prints it so) belongs to the author list, not to a title.
        italics = tuple(run for run in italics if run.text.rstrip(".") != "et al")
    doi, url = find_links(plain)
    access = None
    if (cue := first_index(plain, "etrieved", "ccessed", "iewed")) >= 0:
        # A match starts at its wording's first letter or at the bracket before it.
        if access_match := ACCESS_RE.search(plain, max(0, cue - 2)):
            access = span_of(access_match)
        elif match := RETRIEVED_FROM_RE.search(plain):
            access = span_of(match)

    first_italic = italics[0].start if italics else None
    double_quote = plain.find('"')
    single_quote = (match.start() if "'" in plain and (match := OPENING_SINGLE_QUOTE_RE.search(plain)) else None)
    paren_date = PAREN_DATE_RE.search(plain)
    links = first_position(doi.start if doi else None, url.start if url else None)
    author_end = first_position(paren_date.start() if paren_date else None, double_quote if double_quote >= 0 else None,
                                single_quote, first_italic, links)
    bare_year = BARE_YEAR_RE.search(plain, 0, len(plain) if author_end is None else author_end + 1)
    author_end = first_position(author_end, bare_year.start() if bare_year else None)
    author_end = first_position(author_end, first_boundary(plain, len(plain) if author_end is None else author_end))
    if repeated := REPEATED_AUTHOR_RE.match(plain):
        # The dash stands for the previous entry's names, which the rules checked there.
        author_end = repeated.end()
        span = Span(0, author_end, repeated.group())
        authors = Authors(span, (Name(span, span.text, "", True, False),), (), None, None)
    else:
        author_end = author_end or 0
        authors = parse_authors(plain, 0, author_end, inverted_all, names_before_et_al)

    date = None
    date_after_authors = False
    title_start = element_start(plain, author_end)
    for candidate in (paren_date, bare_year):
        if candidate is not None and candidate.start() == title_start:
            date = span_of(candidate, 0 if candidate is paren_date else "body")
            date_after_authors = True
            title_start = element_start(plain, candidate.end())
            break
    title, title_markup = find_title(plain, title_start, italics)
    after_title = title.end + (1 if title_markup.endswith("quotes") else 0) if title else title_start
    link_start = first_position(links, access.start if access else None)
    container, container_italic = find_container(plain, after_title, italics, link_start or len(plain))

    region_start = container.end if container else after_title
    volume = issue = None
    volume_form = None
    for form, literal, pattern in VOLUME_FORMS:
        match = literal in plain and pattern.search(plain, region_start, link_start or len(plain))
        if match:
            volume, volume_form = span_of(match, "volume"), form
            issue = span_of(match, "issue") if "issue" in pattern.groupindex and match.group("issue") else None
            break
    pages = None
    pages_start, pages_stop = volume.end if volume else region_start, link_start or len(plain)
    for literal, pattern in LABELLED_PAGES_FORMS:
        if literal in plain and (match := pattern.search(plain, pages_start, pages_stop)):
            pages = span_of(match, "pages")
            break
    else:
        # A bare number after a comma is a page (or article number) right after an APA/CTR volume;
        # anywhere else it must be a range, or it could be a year ("vol. 343, 2011,").
        for match in PAGES_FORMS[-1].finditer(plain, pages_start, pages_stop):
            if volume_form == "apa" or RANGE_DASH_RE.search(match.group()):
                pages = span_of(match, "pages")
                break
    if date is None:
        skip = [span for span in (doi, url, access) if span]
        for year in YEAR_RE.finditer(plain, after_title):
            if any(span.start <= year.start() < span.end for span in skip):
                continue
            window_start = max(after_title, year.start() - 20)
            before = DATE_PREFIX_RE.search(plain, window_start, year.start())
            start = before.start() if before else year.start()
            date = Span(start, year.end(), plain[start:year.end()])
            break
    year_match = YEAR_RE.search(date.text) if date else None

    source_type = detect_type(plain, authors, title_markup, container, volume_form, doi, url, access, date,
                              italic_web_titles=inverted_all, after_title=after_title,
                              container_italic=container_italic)
    editors = None
    if source_type == "chapter" and (match := EDITORS_RE.search(plain, after_title)):
        if match.group() == "edited by":
            end = EDITED_BY_END_RE.search(plain, match.end())
            stop = end.start() if end else len(plain)
            editors = Span(match.end() + 1, stop, plain[match.end() + 1:stop])
        else:
            intro = IN_RE.search(plain, after_title, match.start())
            if intro:
                editors = Span(intro.end(), match.start(), plain[intro.end():match.start()].rstrip())
    edition = span_of(m) if (" ed" in plain or " Ed" in plain) and (m := EDITION_RE.search(plain)) else None
    place = publisher = None
    # A colon inside a title or an italic element is not a place's; a roman "container" after a book's
    # title may be the "London: Routledge" itself.
    protected = [span for span in (title, container if container_italic else None, *italics) if span]
    colon = plain.find(": ", after_title)
    while colon >= 0 and place is None:
        # The place is looked for (a search through the 40 characters before the colon) only after the
        # publisher's capital is seen right after it ("Available at: https://..." has none).
        if ((after := PUBLISHER_RE.match(plain, colon + 2))
                and not any(span.start <= colon < span.end for span in protected)
                and (match := PLACE_BEFORE_COLON_RE.search(plain, max(after_title, colon - 40), colon))):
            place, publisher = span_of(match, "place"), span_of(after)
        colon = plain.find(": ", colon + 2)
    return ParsedEntry(text=text, plain=plain, shifts=shifts, italics=italics, type=source_type, authors=authors,
                       date=date, date_after_authors=date_after_authors,
                       year=year_match.group() if year_match else None, title=title, title_markup=title_markup,
                       container=container, container_italic=container_italic, volume=volume, issue=issue,
                       volume_form=volume_form, pages=pages, doi=doi, url=url, access=access, editors=editors,
                       edition=edition, place=place, publisher=publisher)
