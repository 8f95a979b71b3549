"""The labelled corpora of reference entries: one reader for the tests and the benchmarks.

A corpus file is named ``<style><edition>[-<system>].txt`` (``apa7.txt``, ``chicago18-author-date.txt``)
and holds one entry per line, annotated with what the checker must give it::

    ENTRY  # TYPE: valid                  -- no error (warnings allowed)
    ENTRY  # TYPE: rule-a, rule-b         -- exactly these errors; "~rule" is a warning it must also get

The corpus of real published examples (``tests/fixtures/citations-real/``) adds where each entry was
read and, for an entry the checker is known to get wrong, why::

    ENTRY  # TYPE: labels  # source: URL-or-repo:path  # miss: why the checker gets it wrong

Lines starting with ``#`` are comments. Its held-out part (:func:`held_out`) is decided by the entry's
text alone, so it was fixed before the checker ever saw an entry.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pathlib
import re

from scripts.check_citations.check import check_entry
from scripts.check_citations.document import Line
from scripts.check_citations.rules import Profile, rules_for
from scripts.layout import ROOT

TEAM_CORPUS = ROOT / "tests" / "fixtures" / "citations"
"""Written by this team from the verified references and rules."""
REAL_CORPUS = ROOT / "tests" / "fixtures" / "citations-real"
"""Copied from style manuals' sites and library guides: nobody here wrote them."""

# The file's stem names the profile every entry in it is checked against.
FILE_NAME_RE = re.compile(r"^(?P<style>apa|mla|chicago|harvard)(?P<edition>\d+)"
                          r"(?:-(?P<system>notes-bibliography|author-date))?$")
# Two spaces, then the annotation; labels are rule ids (or "valid"), a "~" marking a warning.
LABEL_RE = re.compile(r"^(?P<entry>.*\S)\s{2}# (?P<type>\w+): (?P<labels>~?[\w-]+(?:, ~?[\w-]+)*)"
                      r"(?:\s{2}# source: (?P<source>\S+))?(?:\s{2}# miss: (?P<miss>.+))?$")


class CorpusError(ValueError):
    """A corpus line without a well-formed annotation; the message names the file and line."""


@dataclasses.dataclass(frozen=True)
class Labelled:
    """One corpus entry with what the checker must give it."""

    profile: Profile
    path: pathlib.Path
    line: int
    text: str
    type: str
    """The source type the checker must detect (``journal``, ``book``, ...)."""
    errors: frozenset[str]
    """Exactly the error rules the entry must get (empty: the entry is correct)."""
    warnings: frozenset[str]
    """Warning rules the entry must get at least."""
    source: str | None = None
    """Where a real example was read (URL, or ``owner/repo:path``)."""
    miss: str | None = None
    """Why the checker is known to get this entry wrong (real corpus only)."""

    @property
    def held_out(self) -> bool:
        """Kept out of development: about a third of the entries, those whose text's SHA-256 is divisible by 3."""
        return int(hashlib.sha256(self.text.encode("utf-8")).hexdigest(), 16) % 3 == 0

    def __str__(self) -> str:
        return f"{self.path.name}:{self.line}"


def profile_of(path: pathlib.Path) -> Profile:
    match = FILE_NAME_RE.match(path.stem)
    if not match:
        raise CorpusError(f"{path}: a corpus file is named <style><edition>[-<system>].txt")
    return Profile(match.group("style"), int(match.group("edition")), match.group("system") or "notes-bibliography")


def read_file(path: pathlib.Path) -> list[Labelled]:
    profile = profile_of(path)
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        match = LABEL_RE.match(line)
        if not match:
            raise CorpusError(f"{path}:{number}: no '  # type: labels' annotation")
        labels = [label.strip() for label in match.group("labels").split(",")]
        errors = frozenset(label for label in labels if label != "valid" and not label.startswith("~"))
        warnings = frozenset(label[1:] for label in labels if label.startswith("~"))
        if ("valid" in labels) == bool(errors):
            raise CorpusError(f"{path}:{number}: 'valid' with errors, or neither")
        entries.append(Labelled(profile, path, number, match.group("entry"), match.group("type"), errors, warnings,
                                match.group("source"), match.group("miss")))
    return entries


def read_corpus(directory: pathlib.Path) -> list[Labelled]:
    """Every entry of every corpus file in *directory*, in file and line order."""
    return [entry for path in sorted(directory.glob("*.txt")) for entry in read_file(path)]


@dataclasses.dataclass(frozen=True)
class Verdict:
    """What the checker gave one labelled entry, and whether that is what the entry must get."""

    entry: Labelled
    type: str
    """The source type the checker detected."""
    errors: frozenset[str]
    warnings: frozenset[str]
    findings: tuple[str, ...]
    """Every finding as ``path:line: message (check-id)``, for the report of a wrong verdict."""

    @property
    def right(self) -> bool:
        return (self.type == self.entry.type and self.errors == self.entry.errors
                and self.entry.warnings <= self.warnings)


def verdict(labelled: Labelled) -> Verdict:
    result = check_entry(str(labelled.path), Line(labelled.line, labelled.text, 0), labelled.profile,
                         rules_for(labelled.profile.style))
    return Verdict(labelled, result.type,
                   frozenset(f.check for f in result.findings if f.severity == "error"),
                   frozenset(f.check for f in result.findings if f.severity == "warning"),
                   tuple(f.as_text() for f in result.findings))
