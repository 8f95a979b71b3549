"""Report a malformed bibliography file as ``file:line: WARNING: message``, like any other problem.

sphinxcontrib-bibtex parses ``bibtex_bibfiles`` when the builder starts and lets pybtex's first
syntax error escape as a crash report that names no file. This extension parses the same files just
before it and warns once per problem, at its line: not UTF-8, a syntax error (usually an unbalanced
brace above the reported line), or a key used twice. It then lets pybtex skip what it cannot read,
so the build goes on and reports everything else too; ``-W`` still fails it.

Warnings: type ``bibtex``, subtypes ``encoding``, ``syntax``, ``duplicate_key``, ``missing_file``.
"""

from __future__ import annotations

import pathlib
import re

import pybtex.errors
from pybtex.database import BibliographyDataError
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexSyntaxError
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

REPEATED_KEY = re.compile(r"repeated bibliography entry: (?P<key>.+)$")


def entry_line(text: str, key: str, occurrence: int) -> int:
    """The line of the *occurrence*-th (1-based) entry with *key* in *text*, or 0 if not found."""
    starts = [m.start() for m in re.finditer(r"@\w+\s*[{(]\s*" + re.escape(key) + r"\s*,", text)]
    return text.count("\n", 0, starts[occurrence - 1]) + 1 if len(starts) >= occurrence else 0


def bibliography_problems(path: pathlib.Path) -> list[tuple[int, str, str]]:
    """Every problem that keeps pybtex from reading *path*, as (line, subtype, message)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [(line, "encoding", f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8")]
    problems = []
    with pybtex.errors.capture() as errors:
        try:
            Parser().parse_string(text)
        except PybtexSyntaxError as error:  # raised when the parser cannot go on at all
            errors.append(error)
    for error in errors:
        if isinstance(error, PybtexSyntaxError):
            problems.append((error.lineno, "syntax", f"{error.error_type}: {error.args[0]}; look for an unclosed "
                             "brace or a missing comma in the entry that starts above this line"))
        elif isinstance(error, BibliographyDataError) and (match := REPEATED_KEY.search(str(error))):
            key = match["key"]
            problems.append((entry_line(text, key, 2), "duplicate_key",
                             f"the key '{key}' is used for a second entry (first at line "
                             f"{entry_line(text, key, 1)}); give one of them another key"))
        else:
            problems.append((0, "syntax", str(error)))
    return problems


def check_bibliography_files(app: Sphinx) -> None:
    found_problems = False
    for name in app.config.bibtex_bibfiles:
        path = pathlib.Path(app.confdir, name)
        if not path.is_file():
            logger.warning("no such bibliography file (named in bibtex_bibfiles)", location=str(path),
                           type="bibtex", subtype="missing_file")
            continue
        for line, subtype, message in bibliography_problems(path):
            found_problems = True
            logger.warning(message, location=f"{path}:{line}", type="bibtex", subtype=subtype)
    if found_problems:
        # Have pybtex collect (not raise) its errors while sphinxcontrib-bibtex parses the files,
        # so it reads the intact entries and the build goes on to report every other problem.
        app.handbook_pybtex_capture = pybtex.errors.capture()
        app.handbook_pybtex_capture.__enter__()


def stop_capturing_pybtex_errors(app: Sphinx) -> None:
    capture = getattr(app, "handbook_pybtex_capture", None)
    if capture is not None:
        capture.__exit__(None, None, None)
        app.handbook_pybtex_capture = None


def setup(app: Sphinx) -> dict:
    # sphinxcontrib-bibtex parses the files in its builder-inited handler, at the default priority 500.
    app.connect("builder-inited", check_bibliography_files, priority=400)
    app.connect("builder-inited", stop_capturing_pybtex_errors, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
