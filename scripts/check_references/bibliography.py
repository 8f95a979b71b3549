"""Read a BibTeX file into frozen records that remember the line of every entry and field.

This is the one BibTeX reader of the repository's checks: the reference checker uses its records,
and the Sphinx extension ``scripts.sphinxext.bibcheck`` uses its problem list to warn about what
pybtex cannot read before sphinxcontrib-bibtex parses the file. So the grammar and the error
recovery follow pybtex's parser (``pybtex.database.input.bibtex.LowLevelParser``): after a syntax
error the entry read so far is kept and reading resumes at the next ``@``; keys are compared without
regard to case; ``@comment`` is skipped; ``@string`` macros and ``#`` concatenation are expanded.

Problem subtypes (the ``subtype`` of :class:`BibProblem`, also the Sphinx warning subtypes):
``encoding``, ``syntax``, ``duplicate_key``, ``duplicate_field``, ``undefined_macro``.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re
import unicodedata

# Predefined like pybtex's: month abbreviations expand to the month's name.
MONTH_MACROS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
    "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December",
}

# pybtex's NAME: entry types, field names and macro names.
NAME = re.compile(r"[A-Za-z@!$&*+\-./:;<>?\[\\\]^_`|~\x7f][A-Za-z0-9@!$&*+\-./:;<>?\[\\\]^_`|~\x7f]*")
# Entry keys end at white space or a comma (or at the closing brace of a braced entry).
KEY_IN_BRACES = re.compile(r"[^\s,}]+")
KEY_IN_PARENS = re.compile(r"[^\s,]+")
NUMBER = re.compile(r"[0-9]+")
WHITESPACE = re.compile(r"\s*")
AT_SIGN = re.compile(r"@")
BRACE = re.compile(r"[{}]")
QUOTE_OR_BRACE = re.compile(r'["{}]')
# The common field, read in one step: ", name = {flat value}" (or "value", or digits) before a comma or
# the entry's end. Anything else (nested braces, # concatenation, macros) takes the general path.
SIMPLE_FIELD = re.compile(r'\s*,\s*(?P<name>[A-Za-z][\w\-:.+]*)\s*=\s*'
                          r'(?:\{(?P<braced>[^{}]*)\}|"(?P<quoted>[^"{}]*)"|(?P<number>[0-9]+))(?=\s*[,})])')
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


class _SyntaxError(Exception):
    def __init__(self, position: int, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


class _Reader:
    """A hand-written scanner over the whole text; positions become lines only when recorded."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        # Lines are counted from the last position asked about: the reader only moves forward.
        self.counted_to = 0
        self.counted_lines = 1
        self.macros = dict(MONTH_MACROS)
        self.entries: list[Entry] = []
        self.problems: list[BibProblem] = []

    def line(self, position: int) -> int:
        if position < self.counted_to:
            return self.text.count("\n", 0, position) + 1
        self.counted_lines += self.text.count("\n", self.counted_to, position)
        self.counted_to = position
        return self.counted_lines

    def problem(self, position: int, subtype: str, message: str) -> None:
        self.problems.append(BibProblem(self.line(position), subtype, message))

    def skip_space(self) -> None:
        self.pos = WHITESPACE.match(self.text, self.pos).end()

    def required(self, pattern: re.Pattern, description: str) -> str:
        self.skip_space()
        match = pattern.match(self.text, self.pos)
        if not match:
            raise _SyntaxError(self.pos, f"{description} expected" if self.pos < len(self.text)
                               else "premature end of file")
        self.pos = match.end()
        return match.group()

    def optional(self, literal: str) -> bool:
        self.skip_space()
        if self.text.startswith(literal, self.pos):
            self.pos += len(literal)
            return True
        return False

    def read(self) -> None:
        while (match := AT_SIGN.search(self.text, self.pos)) is not None:
            self.pos = match.end()
            try:
                self.read_command(match.start())
            except _SyntaxError as error:
                self.pos = error.position
                if error.position >= len(self.text):
                    self.problem(match.start(), "syntax", "syntax error: premature end of file, inside the entry "
                                 "that starts here; look for an unclosed brace or quote in it")
                else:
                    self.problem(error.position, "syntax", f"syntax error: {error.message}; look for an unclosed "
                                 "brace or a missing comma in the entry that starts above this line")

    def read_command(self, start: int) -> None:
        line = self.line(start)
        command = self.required(NAME, "a valid name").lower()
        self.skip_space()
        opener = self.text[self.pos: self.pos + 1]
        if opener not in ("{", "("):
            raise _SyntaxError(self.pos, "'(' or '{' expected")
        self.pos += 1
        closer = "}" if opener == "{" else ")"
        if command == "comment":
            return  # like pybtex: the rest is skipped up to the next @
        if command == "string":
            name = self.required(NAME, "a valid name")
            self.expect("=")
            self.macros[name.lower()] = self.read_value()
            self.expect(closer)
            return
        if command == "preamble":
            self.read_value()
            self.expect(closer)
            return
        key = self.required(KEY_IN_BRACES if closer == "}" else KEY_IN_PARENS, "entry key")
        fields: dict[str, Field] = {}
        complete = False
        try:
            after_key = True  # like pybtex, the first field needs no comma before it
            while True:
                if simple := SIMPLE_FIELD.match(self.text, self.pos):
                    self.pos = simple.end()
                    # The value's group is the last one that matched (the look-ahead has none).
                    self.add_field(key, fields, simple["name"].lower(), simple[simple.lastgroup], simple.start("name"))
                    continue
                if not self.optional(",") and not after_key:
                    break
                after_key = False
                self.skip_space()
                name_match = NAME.match(self.text, self.pos)
                if not name_match:
                    continue  # an empty field, as pybtex allows: ",," or a comma before the closing brace
                name_position = self.pos
                self.pos = name_match.end()
                self.expect("=")
                self.add_field(key, fields, name_match.group().lower(), self.read_value(), name_position)
            self.expect(closer)
            complete = True
        finally:
            # Kept even after a syntax error, as pybtex keeps what it has read of the entry.
            self.entries.append(Entry(key, command, line, fields, complete))

    def add_field(self, key: str, fields: dict[str, Field], name: str, value: str, position: int) -> None:
        if name in fields:
            self.problem(position, "duplicate_field", f"the entry '{key}' has a second '{name}' field (first at "
                                                      f"line {fields[name].line}); keep one of them")
        else:
            fields[name] = Field(name, " ".join(value.split()), self.line(position))

    def expect(self, literal: str) -> None:
        if not self.optional(literal):
            raise _SyntaxError(self.pos, f"'{literal}' expected" if self.pos < len(self.text)
                               else "premature end of file")

    def read_value(self) -> str:
        parts = [self.read_value_part()]
        while self.optional("#"):
            parts.append(self.read_value_part())
        return "".join(parts)

    def read_value_part(self) -> str:
        self.skip_space()
        char = self.text[self.pos: self.pos + 1]
        if char in ('"', "{"):
            self.pos += 1
            return self.read_delimited(char)
        if number := NUMBER.match(self.text, self.pos):
            self.pos = number.end()
            return number.group()
        if name := NAME.match(self.text, self.pos):
            self.pos = name.end()
            if name.group().lower() not in self.macros:
                self.problem(name.start(), "undefined_macro",
                             f"undefined string '{name.group()}'; put the value in braces, or define it "
                             f"with @string{{{name.group()} = {{...}}}}")
                return ""
            return self.macros[name.group().lower()]
        raise _SyntaxError(self.pos, "field value expected" if self.pos < len(self.text) else "premature end of file")

    def read_delimited(self, opener: str) -> str:
        """Read up to the brace or quote that closes *opener* (already consumed), braces balanced inside."""
        start = self.pos
        pattern = QUOTE_OR_BRACE if opener == '"' else BRACE
        depth = 0
        while (match := pattern.search(self.text, self.pos)) is not None:
            self.pos = match.end()
            char = match.group()
            if char == "{":
                depth += 1
            elif char == "}" and depth:
                depth -= 1
            elif char == "}":
                if opener == "{":
                    return self.text[start: match.start()]
                raise _SyntaxError(match.start(), "unbalanced braces")
            elif depth == 0:  # the closing quote
                return self.text[start: match.start()]
        raise _SyntaxError(len(self.text), "premature end of file")


def _duplicate_key_problems(reader: _Reader) -> None:
    first: dict[str, Entry] = {}
    for entry in reader.entries:
        earlier = first.setdefault(entry.key.lower(), entry)
        if earlier is not entry:
            reader.problems.append(BibProblem(
                entry.line, "duplicate_key", f"the key '{entry.key}' is used for a second entry (first at line "
                                             f"{earlier.line}); give one of them another key"))


def parse_text(text: str, path: pathlib.Path = pathlib.Path("references.bib")) -> Bibliography:
    """Parse BibTeX *text* (read from *path*, used only to name it)."""
    reader = _Reader(text)
    reader.read()
    _duplicate_key_problems(reader)
    problems = sorted(reader.problems, key=lambda problem: problem.line)
    return Bibliography(path, tuple(reader.entries), tuple(problems))


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
    """The names of an ``author`` or ``editor`` field, split on ``and`` outside braces."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            names.append(value[start: match.start()])
            start = match.end()
    names.append(value[start:])
    return [name.strip() for name in names if name.strip()]


def family_name(name: str) -> str | None:
    """The family name of one BibTeX name ("Last, First" or "First Last"); None for a {Corporate} author."""
    name = name.strip()
    if name.startswith("{") and name.endswith("}"):
        return None
    if "," in name:
        return name.split(",", 1)[0].strip()
    words = name.split()
    return words[-1] if words else None
