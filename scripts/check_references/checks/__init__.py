"""The checks, registered in :data:`registry` by the modules of this package.

Every check is a function ``check(project) -> Iterable[(path, line, message)]``; the runner adds the
check's id (its name with hyphens) to each finding. The checks in :mod:`.network` are off by default
and are what ``--online`` turns on.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

from scripts.checkkit import Registry

registry = Registry()

Problem = tuple[pathlib.Path | str, int, str]
"""What a check yields: the file, the 1-based line, and the message."""
Problems = Iterator[Problem]

# Importing the modules registers their checks, in this order in --list-checks.
from scripts.check_references.checks import (  # noqa: E402
    entries, identifiers, citations, crossrefs, media, network)

__all__ = ["registry", "Problem", "Problems", "entries", "identifiers", "citations", "crossrefs", "media",
           "network"]
