"""Read a BibTeX file with pybtex, the parser the build uses, into frozen records that know their lines.

This is the one BibTeX reader of the repository's checks: the reference checker uses its records,
and the Sphinx extension ``scripts.sphinxext.bibcheck`` uses its problem list to warn about what
pybtex cannot read before sphinxcontrib-bibtex parses the file. pybtex's own ``Parser`` reads the
file (``@string`` macros, ``#`` concatenation, ``@comment``, error recovery at the next ``@``, keys
compared without regard to case), with its errors captured rather than raised; a small locator then
finds the line where each entry pybtex read, and each of its fields, starts, since pybtex keeps no
lines. Person fields (``author``, ``editor``) are kept as written, not split into names.

Problem subtypes (the ``subtype`` of :class:`BibProblem`, also the Sphinx warning subtypes):
``encoding``, ``syntax``, ``duplicate_key``, ``duplicate_field``, ``undefined_macro``.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re
import unicodedata

import pybtex.errors
from pybtex import textutils
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyDataError, Person
from pybtex.database.input.bibtex import DuplicateField, Parser, UndefinedMacro
from pybtex.scanner import PrematureEOF, PybtexSyntaxError

# LaTeX accent commands and other control sequences, for normalising titles and names.
LATEX_COMMAND = re.compile(r"\\(?:[a-zA-Z]+\*?|.)\s*")
# What a normalised title or name drops: everything but letters and digits (combining accents too).
NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


@dataclasses.dataclass(frozen=True)
class Field:
    """One ``name = value`` pair of an entry."""

    name: str
    """The field name in lower case, e.g. ``doi``."""
    value: str
    """The value without its outer delimiters, macros expanded, ``#`` parts joined, white space normalised
    (as pybtex does); inner braces kept."""
    line: int
    """1-based line on which the field's name stands."""


@dataclasses.dataclass(frozen=True)
class Entry:
    """One bibliography entry, e.g. ``@article{smith2020, ...}``."""

    key: str
    """The citation key as written."""
    type: str
    """The entry type in lower case, e.g. ``article``."""
    line: int
    """1-based line of the ``@``."""
    fields: dict[str, Field]
    """The fields by lower-case name, in the order written (a repeated name keeps its first value)."""
    complete: bool = True
    """False when a syntax error cut the entry short: some of its fields may be missing or wrong."""

    def value(self, name: str) -> str:
        """The value of field *name*, or ``""`` if it is missing."""
        found = self.fields.get(name)
        return found.value if found else ""

    def line_of(self, name: str) -> int:
        """The line of field *name*, or the entry's line if it has no such field."""
        found = self.fields.get(name)
        return found.line if found else self.line


@dataclasses.dataclass(frozen=True)
class BibProblem:
    """Something that keeps a BibTeX reader (ours and pybtex) from reading the file as written."""

    line: int
    """1-based line of the problem."""
    subtype: str
    """One of ``encoding``, ``syntax``, ``duplicate_key``, ``duplicate_field``, ``undefined_macro``."""
    message: str
    """What is wrong and how to fix it."""


@dataclasses.dataclass(frozen=True)
class Bibliography:
    """A parsed ``.bib`` file."""

    path: pathlib.Path
    entries: tuple[Entry, ...]
    """Every entry in file order, duplicates included (each is reported as a problem)."""
    problems: tuple[BibProblem, ...]
    """Everything that is malformed, in file order."""

    def by_key(self) -> dict[str, Entry]:
        """The entries by lower-case key (the first one wins for a repeated key, as in pybtex)."""
        keyed: dict[str, Entry] = {}
        for entry in self.entries:
            keyed.setdefault(entry.key.lower(), entry)
        return keyed


class _Locator:
    """Finds, in file order, the line where an entry pybtex read starts, and where each of its fields does.

    It searches only for what pybtex has already read (``@type{key`` and ``name =``), each after the
    one before, so it needs no grammar of its own.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = text.lower()
        self.searched_to = 0
        # Lines are counted on from the last position asked about: the locator moves forward.
        self.counted_to = 0
        self.counted_lines = 1

    def line(self, position: int) -> int:
        if position < self.counted_to:
            return self.text.count("\n", 0, position) + 1
        self.counted_lines += self.text.count("\n", self.counted_to, position)
        self.counted_to = position
        return self.counted_lines

    def entry(self, entry_type: str, key: str) -> int:
        """The position of the ``@`` of the next entry *entry_type* / *key*."""
        at = self.next_word(entry_type, "{(", before="@")
        if key:
            self.next_word(key, ",}) \t\r\n")
        return at

    def field(self, name: str) -> int:
        """The position of the next field *name* of the entry being located."""
        return self.next_word(name, "=")

    def next_word(self, word: str, followed_by: str, before: str = "") -> int:
        """The position of *word* (without regard to case) after the last one found, standing on its own:
        white space and then one of *followed_by* after it; before it, white space after *before* if given,
        else no letter, digit, ``-`` or ``_``. Returns the position of *before*, or of the word."""
        text, word, position = self.lower, word.lower(), self.searched_to
        while (position := text.find(word, position)) >= 0:
            start = position
            position += len(word)
            after = position
            while after < len(text) and text[after].isspace():
                after += 1
            ahead = start - 1
            while ahead >= 0 and text[ahead].isspace():
                ahead -= 1
            preceding = text[ahead] if ahead >= 0 else ""
            stands_alone = preceding == before if before else not (preceding.isalnum() or preceding in "-_")
            if after < len(text) and text[after] in followed_by and stands_alone:
                self.searched_to = position
                return ahead if before else start
        return self.searched_to


class _LocatingParser(Parser):
    """pybtex's parser, which also hands each entry it reads, with the errors it caused, to a locator."""

    def __init__(self, text: str, captured: list) -> None:
        super().__init__(person_fields=())
        self.locator = _Locator(text)
        self.captured = captured
        self.entries: list[Entry] = []
        self.entry_positions: list[int] = []
        self.problems: list[BibProblem] = []

    def process_entry(self, entry_type, key, fields):
        errors_before = len(self.captured)
        position = self.locator.entry(entry_type, key or "")
        if key is None:  # keyless, after a syntax error: pybtex names it so
            key = f"unnamed-{self.unnamed_entry_counter}"
        super().process_entry(entry_type, key, fields)
        line = self.locator.line(position)
        located: dict[str, Field] = {}
        repeated: list[tuple[str, int]] = []
        for name, value_list in fields:
            field_line = self.locator.line(self.locator.field(name))
            if name.lower() in located:
                repeated.append((name.lower(), field_line))
            else:
                value = textutils.normalize_whitespace(self.flatten_value_list(value_list))
                located[name.lower()] = Field(name.lower(), value, field_line)
        entry = Entry(key, entry_type.lower(), line, located)
        for error in self.captured[errors_before:]:
            if isinstance(error, DuplicateField) and repeated:
                name, field_line = repeated.pop(0)
                self.problems.append(BibProblem(field_line, "duplicate_field", f"the entry '{key}' has a second "
                                                f"'{name}' field (first at line {located[name].line}); keep one of them"))
            elif isinstance(error, BibliographyDataError):  # pybtex's "repeated bibliography entry"
                first = next((earlier.line for earlier in self.entries if earlier.key.lower() == key.lower()), line)
                self.problems.append(BibProblem(line, "duplicate_key", f"the key '{key}' is used for a second entry "
                                                f"(first at line {first}); give one of them another key"))
        self.entries.append(entry)
        self.entry_positions.append(position)


def _syntax_problem(error: PybtexSyntaxError, text: str) -> BibProblem:
    """A located problem for one of pybtex's syntax errors."""
    entry_start, line, _ = error.error_context_info
    if isinstance(error, UndefinedMacro):
        name = error.args[0]
        return BibProblem(line, "undefined_macro", f"undefined string '{name}'; put the value in braces, or define "
                                                   f"it with @string{{{name} = {{...}}}}")
    if isinstance(error, PrematureEOF):
        return BibProblem(text.count("\n", 0, entry_start) + 1, "syntax",
                          "syntax error: premature end of file, inside the entry that starts here; look for an "
                          "unclosed brace or quote in it")
    return BibProblem(line, "syntax", f"syntax error: {error.args[0]}; look for an unclosed brace or a missing "
                                      "comma in the entry that starts above this line")


def parse_text(text: str, path: pathlib.Path = pathlib.Path("references.bib")) -> Bibliography:
    """Parse BibTeX *text* (read from *path*, used only to name it)."""
    with pybtex.errors.capture() as captured:
        parser = _LocatingParser(text, captured)
        parser.parse_string(text)
    problems = list(parser.problems)
    cut_short = set()
    for error in captured:
        if isinstance(error, PybtexSyntaxError):
            problems.append(_syntax_problem(error, text))
            if not isinstance(error, UndefinedMacro):
                cut_short.add(error.error_context_info[0])
        elif not isinstance(error, BibliographyDataError):  # not one process_entry located
            problems.append(BibProblem(1, "syntax", f"pybtex cannot read the file: {error}"))
    entries = tuple(dataclasses.replace(entry, complete=position not in cut_short)
                    for entry, position in zip(parser.entries, parser.entry_positions))
    return Bibliography(path, entries, tuple(sorted(problems, key=lambda problem: problem.line)))


def read_bibliography(path: pathlib.Path) -> Bibliography:
    """Read and parse *path*; a file that is not UTF-8 is reported as a problem and read with replacements.

    Raises :class:`OSError` if the file cannot be read at all.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        bibliography = parse_text(data.decode("utf-8", errors="replace"), path)
        encoding = BibProblem(line, "encoding", f"not valid UTF-8 (byte 0x{data[error.start]:02x}); "
                                                "save the file as UTF-8")
        return dataclasses.replace(bibliography, problems=(encoding, *bibliography.problems))
    return parse_text(text, path)


def bibliography_problems(path: pathlib.Path) -> list[tuple[int, str, str]]:
    """Every problem that keeps pybtex from reading *path*, as (line, subtype, message)."""
    return [(problem.line, problem.subtype, problem.message) for problem in read_bibliography(path).problems]


def plain_text(value: str) -> str:
    """*value* without LaTeX markup: accents applied where simple, commands and braces dropped."""
    # {\'e} and \'{e} and \'e: drop the accent command, keep the letter.
    text = LATEX_COMMAND.sub("", value)
    return " ".join(text.replace("{", "").replace("}", "").replace("~", " ").split())


def normalised(text: str) -> str:
    """Lower-case letters and digits only, accents removed: for comparing titles and names."""
    return NOT_LETTER_OR_DIGIT.sub("", unicodedata.normalize("NFKD", plain_text(text).lower()))


def split_names(value: str) -> list[str]:
    """The names of an ``author`` or ``editor`` field, as pybtex splits them (on ``and`` outside braces)."""
    return [name.strip() for name in split_name_list(value) if name.strip()]


def family_name(name: str) -> str | None:
    """The family name of one BibTeX name, particles included ("van Erkel"), as pybtex reads it; None for a
    {Corporate} author."""
    name = name.strip()
    if not name or name.startswith("{") and name.endswith("}"):
        return None
    with pybtex.errors.capture():  # a malformed name ("a, b, c, d") is read as far as pybtex can
        person = Person(name)
    return " ".join(person.prelast_names + person.last_names) or None
