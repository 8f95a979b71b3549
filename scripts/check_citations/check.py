"""Run the rules over the entries of a file: parsing, then checking, then (elsewhere) output."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from scripts.check_citations import consistency, document
from scripts.check_citations.document import Line
from scripts.check_citations.parse import ParsedEntry, parse
from scripts.check_citations.rules import Profile
from scripts.checkkit import Check, Finding

@dataclasses.dataclass(frozen=True, slots=True)
class EntryResult:
    """One entry with what the rules found in it.

    It keeps the entry's source type, not the whole :class:`ParsedEntry`: a file's result lives until
    its findings are printed, and the parsed entries would live with it, some thirty spans and names
    each, all tracked by the garbage collector (named tuples are never untracked, as plain tuples of
    atoms are), which walks every one of them at each full collection. Whoever needs more parses the
    line again (:func:`scripts.check_citations.correct.corrections`, for entries with findings only).
    """

    path: str
    line: Line
    type: str
    """The source type the parser detected, one of :data:`scripts.check_citations.parse.SOURCE_TYPES`."""
    findings: tuple[Finding, ...]

    @property
    def valid(self) -> bool:
        """No error (warnings allowed)."""
        return not any(finding.severity == "error" for finding in self.findings)


@dataclasses.dataclass(frozen=True)
class FileResult:
    """The entries of one file and the document-level findings (in-text ↔ reference list)."""

    path: str
    entries: tuple[EntryResult, ...]
    document_findings: tuple[Finding, ...]

    def findings(self) -> list[Finding]:
        return [f for result in self.entries for f in result.findings] + list(self.document_findings)


def check_entry(path: str, line: Line, profile: Profile, rules: Sequence[Check]) -> EntryResult:
    """Parse the entry on *line* and run *rules* (already filtered for the style) over it."""
    return check_parsed(path, line, parse(line.text, profile.style, profile.names_before_et_al), profile, rules)


def check_parsed(path: str, line: Line, entry: ParsedEntry, profile: Profile, rules: Sequence[Check]) -> EntryResult:
    """Run *rules* over *entry*, the parsed text of *line*."""
    findings = []
    for check in rules:
        for problem in check.function(entry, profile):
            start, end = entry.source_span(problem.start, problem.end)
            findings.append(Finding(path, line.number, check.id, problem.message, problem.severity, start, end))
    return EntryResult(path, line, entry.type, tuple(findings))


def check_text(path: str, text: str, profile: Profile, rules: Sequence[Check],
               document_checks: Sequence[Check], consistency_mode: str = "auto") -> FileResult:
    """Check every entry of *text*; compare in-text citations with the entries when asked.

    *consistency_mode*: ``auto`` (when the file has body text and a reference-list section), ``always``
    or ``never``. Only author–date styles have author–date citations to compare.
    """
    doc = document.split(text)
    wanted = consistency_mode == "always" or (consistency_mode == "auto" and doc.has_reference_section and doc.body)
    compared = bool(wanted and profile.author_date)
    results: list[EntryResult] = []
    parsed: list[tuple[Line, ParsedEntry]] = []  # kept for the comparison only (see EntryResult)
    for line in doc.entries:
        entry = parse(line.text, profile.style, profile.names_before_et_al)
        results.append(check_parsed(path, line, entry, profile, rules))
        if compared:
            parsed.append((line, entry))
    findings: list[Finding] = []
    if compared:
        matching = consistency.match(path, parsed, doc.body)
        for check in document_checks:
            findings += check.function(matching)
    return FileResult(path, tuple(results), tuple(findings))
