"""Report a malformed bibliography file as ``file:line: WARNING: message``, like any other problem.

sphinxcontrib-bibtex parses ``bibtex_bibfiles`` when the builder starts and lets pybtex's first
syntax error escape as a crash report that names no file. This extension reads the same files just
before it, with the reader the reference checker uses (``scripts/check_references/bibliography.py``:
pybtex's own parser, its errors captured, plus a locator of lines), and warns once per problem, at
its line: not UTF-8, a syntax error
(usually an unbalanced brace above the reported line), a key or a field used twice, an undefined
``@string``. It then lets pybtex skip what it cannot read, so the build goes on and reports
everything else too; ``-W`` still fails it.

Warnings: type ``bibtex``, subtypes ``encoding``, ``syntax``, ``duplicate_key``, ``duplicate_field``,
``undefined_macro``, ``missing_file``.
"""

from __future__ import annotations

import pathlib

import pybtex.errors
from sphinx.application import Sphinx
from sphinx.util import logging

# The one BibTeX reader of the repository, shared with the reference checker (scripts/check_references).
from scripts.check_references.bibliography import bibliography_problems

logger = logging.getLogger(__name__)


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
