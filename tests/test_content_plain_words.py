"""The chapters explain their medical words and state out-of-date advice with what has happened since.

These read the chapters' source text, as tests/test_content.py does: the properties are about wording,
which the source shows exactly.
"""

from __future__ import annotations

import re

import pytest

from scripts import myst_reader
from tests.helpers import DOCS

CHAPTERS = sorted(path for path in DOCS.glob("*.md") if path.name != "glossary.md")
# Words a patient may not know, each with the glossary entry that explains it (about.md promises that
# medical words are explained at their first use on a page).
PLAIN_WORDS = {
    r"placebo": "placebo",
    r"double[ -]blind|not blinded|unblinded": "double blind",
    r"Medicare": "medicare",
    r"serious adverse event": "serious adverse event",
    # "level" as a count of vertebrae, not "the level of the fracture" or "level T5"
    r"(?<!fracture )\blevels?\b(?! of)(?!\s+T\d)": "spinal level",
}
# Phrases the 2026 fact-check found wrong, with the reason.
WRONG_PHRASES = {
    r"\bdye\b": "barium sulfate is a powder mixed into the cement, not a dye",
    r"about 19 in 100": "the source gives 19.2%: do not round it away",
    r"should start promptly[^.]*whatever else": "NOGG says offer or consider, not 'should' for everyone",
}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda path: path.name)
@pytest.mark.parametrize("pattern", PLAIN_WORDS, ids=list(PLAIN_WORDS.values()))
def test_medical_word_is_linked_to_the_glossary_at_its_first_use(path, pattern):
    text = path.read_text(encoding="utf-8")
    body = text.split("\n# ", 1)[-1]
    match = re.search(pattern, body, re.IGNORECASE)
    if match is None:
        return
    line = body[:match.start()].count("\n") + text.split("\n# ", 1)[0].count("\n") + 2
    # {term}`Term` or {term}`shown text <Term>`, as the build reads it, on the line of that first use.
    linked = any(role.name == "term" and role.line <= line <= role.line + role.source.count("\n")
                 and re.search(pattern, role.content, re.IGNORECASE) for role in myst_reader.read(text).roles)
    assert linked, (f"{path.name}:{line}: first use of {match.group(0)!r} is not linked to the glossary "
                    f"entry {PLAIN_WORDS[pattern]!r} with {{term}}")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda path: path.name)
def test_no_phrase_the_fact_check_found_wrong(path):
    text = path.read_text(encoding="utf-8")
    found = [f"{path.name}: {match.group(0)!r}: {reason}"
             for pattern, reason in WRONG_PHRASES.items()
             for match in re.finditer(pattern, text, re.IGNORECASE)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda path: path.name)
def test_nice_is_spelled_out_before_its_first_bare_use(path):
    body = " ".join(path.read_text(encoding="utf-8").split("\n# ", 1)[-1].split())
    bare = re.search(r"(?<![(<`])\bNICE\b(?![)>`])", body)
    if bare is None:
        return
    spelled = body.find("National Institute for Health and Care Excellence")
    assert 0 <= spelled < bare.start() + 60, (
        f"{path.name}: 'NICE' is used before it is spelled out or linked to the glossary")


@pytest.mark.parametrize(("medicine", "dates"), [
    ("strontium ranelate", ("2014", "2017")),
    ("calcitonin", ("2012",)),
])
def test_withdrawn_medicines_are_given_with_what_has_happened_since(medicine, dates):
    for path in CHAPTERS:
        text = path.read_text(encoding="utf-8")
        if re.search(medicine, text, re.IGNORECASE):
            missing = [year for year in dates if year not in text]
            assert not missing, f"{path.name} names {medicine} but not what happened in {', '.join(missing)}"


def test_specialist_team_statement_is_cited_to_the_procedure_guidance():
    for path in CHAPTERS:
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            if "specialist team" in paragraph and "NICE" in paragraph:
                assert "nice2003ipg12" in paragraph, (
                    f"{path.name}: NICE's specialist-team statement comes from IPG12, not TA279")


@pytest.mark.parametrize("path", [DOCS / "after-the-procedure.md", DOCS / "complications.md"],
                         ids=lambda path: path.name)
def test_when_to_get_help_box_has_urgent_and_call_your_team_lists(path):
    boxes = [directive for directive in myst_reader.read(path.read_text(encoding="utf-8")).directives
             if directive.name == "warning"]
    assert boxes, f"{path.name} has no warning box"
    body = "\n".join(boxes[0].body)
    assert "When to get help" in body
    assert "urgent help" in body and "Call your team" in body
    for symptom in ("chest", "short of breath", "bladder", "fever"):
        assert symptom in body, f"{path.name}: the box leaves out {symptom!r}"
    assert "krames2017discharge" in body and "drugs2025compression" in body
