"""The citation-format checker against its labelled corpus, the source article's four entries and odd input.

The corpus (tests/fixtures/citations/<style><edition>[-<system>].txt) has one entry per line followed
by ``  # <type>: valid`` or ``  # <type>: rule-id, rule-id``; a ``~rule-id`` is a warning the entry
must also get. Each entry must be detected as its type and give exactly its expected errors.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re

import pytest

from scripts.check_citations.check import check_entry
from scripts.check_citations.document import Line
from scripts.check_citations.rules import Profile, registry, rules_for

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "citations"
FIXTURE_NAME_RE = re.compile(r"^(?P<style>apa|mla|chicago|harvard)(?P<edition>\d+)(?:-(?P<system>notes-bibliography|author-date))?$")
LABEL_RE = re.compile(r"^(?P<entry>.*\S)\s{2}# (?P<type>\w+): (?P<labels>.+)$")


@dataclasses.dataclass(frozen=True)
class Labelled:
    """One corpus entry with what it must give."""

    profile: Profile
    path: pathlib.Path
    line: int
    text: str
    type: str
    errors: frozenset[str]
    warnings: frozenset[str]

    def __str__(self) -> str:
        return f"{self.path.name}:{self.line}"


def profile_of(path: pathlib.Path) -> Profile:
    match = FIXTURE_NAME_RE.match(path.stem)
    return Profile(match.group("style"), int(match.group("edition")), match.group("system") or "notes-bibliography")


def corpus() -> list[Labelled]:
    entries = []
    for path in sorted(FIXTURES.glob("*.txt")):
        profile = profile_of(path)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            match = LABEL_RE.match(line)
            assert match, f"{path.name}:{number}: no '  # type: labels' annotation"
            labels = [label.strip() for label in match.group("labels").split(",")]
            errors = frozenset(label for label in labels if label != "valid" and not label.startswith("~"))
            warnings = frozenset(label[1:] for label in labels if label.startswith("~"))
            assert ("valid" in labels) == (not errors), f"{path.name}:{number}: 'valid' with errors, or neither"
            entries.append(Labelled(profile, path, number, match.group("entry"), match.group("type"), errors, warnings))
    return entries


CORPUS = corpus()


def run(labelled: Labelled):
    return check_entry(str(labelled.path), Line(labelled.line, labelled.text, 0), labelled.profile,
                       rules_for(labelled.profile.style))


@pytest.mark.parametrize("labelled", CORPUS, ids=str)
def test_corpus_entry_gives_its_expected_findings(labelled):
    result = run(labelled)
    errors = {f.check for f in result.findings if f.severity == "error"}
    warnings = {f.check for f in result.findings if f.severity == "warning"}
    assert result.entry.type == labelled.type
    assert errors == labelled.errors, [f.as_text() for f in result.findings]
    assert labelled.warnings <= warnings, [f.as_text() for f in result.findings]
