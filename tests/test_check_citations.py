"""The citation-format checker against its labelled corpus, the source article's four entries and odd input.

The corpus (tests/fixtures/citations/, read by :mod:`scripts.check_citations.corpus`, which describes its
format) was written by this team. Each entry must be detected as its type and give exactly its expected
errors.
"""

from __future__ import annotations

import pathlib
import re

import pytest

from scripts.check_citations.check import check_entry
from scripts.check_citations.corpus import TEAM_CORPUS, read_corpus, verdict
from scripts.check_citations.document import Line
from scripts.check_citations.rules import Profile, registry, rules_for

FIXTURES = TEAM_CORPUS
CORPUS = read_corpus(TEAM_CORPUS)


@pytest.mark.parametrize("labelled", CORPUS, ids=str)
def test_corpus_entry_gives_its_expected_findings(labelled):
    result = verdict(labelled)
    assert result.type == labelled.type
    assert result.errors == labelled.errors, result.findings
    assert labelled.warnings <= result.warnings, result.findings


# -- The source article's four "cite this article" entries --------------------------------------------

CITE_THIS = FIXTURES / "news-medical-cite-this.tsv"


def source_entry(style_name: str) -> str:
    """The article's own entry for *style_name* ("APA", "MLA", "Chicago" or "Harvard")."""
    rows = (line.split("\t") for line in CITE_THIS.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#"))
    return dict(rows)[style_name]


def findings_of(text: str, profile: Profile):
    return check_entry("source", Line(1, text, 0), profile, rules_for(profile.style)).findings


def span_text(text: str, finding) -> str:
    return text[finding.start:finding.end]


SOURCE_CASES = {
    "APA": (Profile("apa", 7),
            {"apa-author-initials", "day-zero-padded", "apa-title-italics", "double-punctuation",
             "apa-retrieval-wording", "apa-link-final-period", "apa-title-sentence-case"},
            {"apa-retrieval-date-unneeded"}),
    "MLA": (Profile("mla", 9),
            {"mla-title-case", "double-punctuation", "mla-container", "mla-date-form", "day-zero-padded",
             "url-angle-brackets"},
            {"mla-url-protocol"}),
    "Chicago": (Profile("chicago", 18),
                {"chicago-title-case", "double-punctuation", "chicago-access-date", "day-zero-padded"},
                {"chicago-publication-date"}),
    "Harvard": (Profile("harvard", 12),
                {"harvard-author-initials", "harvard-year-form", "harvard-title-format", "double-punctuation",
                 "harvard-access-date", "harvard-available-at", "day-zero-padded"},
                {"harvard-title-sentence-case"}),
}


@pytest.mark.parametrize("style_name", SOURCE_CASES)
def test_source_article_entry_gets_exactly_its_errors(style_name):
    profile, errors, warnings = SOURCE_CASES[style_name]
    findings = findings_of(source_entry(style_name), profile)
    assert {f.check for f in findings if f.severity == "error"} == errors
    assert {f.check for f in findings if f.severity == "warning"} == warnings


def test_source_apa_entry_points_at_each_mistake():
    text = source_entry("APA")
    findings = {f.check: f for f in findings_of(text, Profile("apa", 7))}
    assert span_text(text, findings["apa-author-initials"]) == "Thomas, Liji"
    assert "'Thomas, L.'" in findings["apa-author-initials"].message
    assert span_text(text, findings["double-punctuation"]) == "?."
    assert span_text(text, findings["apa-retrieval-wording"]) == "Retrieved on October 04, 2023 from"
    assert "Retrieved October 4, 2023, from" in findings["apa-retrieval-wording"].message
    padded = [f for f in findings_of(text, Profile("apa", 7)) if f.check == "day-zero-padded"]
    assert [span_text(text, f) for f in padded] == ["04", "04"]


def test_source_mla_entry_points_at_each_mistake():
    text = source_entry("MLA")
    findings = {f.check: f for f in findings_of(text, Profile("mla", 9))}
    assert span_text(text, findings["mla-title-case"]) == "is"
    assert span_text(text, findings["double-punctuation"]) == '?".'
    assert span_text(text, findings["url-angle-brackets"]).startswith("<https://")
    assert "4 Oct. 2023" in findings["mla-date-form"].message


def test_source_chicago_entry_is_also_wrong_as_author_date():
    findings = findings_of(source_entry("Chicago"), Profile("chicago", 17, "author-date"))
    assert "chicago-date-position" in {f.check for f in findings}
    access = [f for f in findings if f.check == "chicago-access-date"]
    assert any("before it" in f.message for f in access)
    assert any("Accessed October 4, 2023." in f.message for f in access)


def test_source_harvard_entry_names_the_australian_wording():
    text = source_entry("Harvard")
    findings = {f.check: f for f in findings_of(text, Profile("harvard", 12))}
    assert span_text(text, findings["harvard-access-date"]) == "viewed 04 October 2023"
    assert "Australian" in findings["harvard-access-date"].message
    assert "(Accessed: 4 October 2023)" in findings["harvard-access-date"].message


# -- Rules and their sources -------------------------------------------------------------------------

RULE_REFERENCE = pathlib.Path(__file__).parent.parent / "scripts" / "check_citations" / "RULES.md"
SECTION_HEADING_RE = re.compile(r"^#{2,3} (\d+(?:\.\d+)?)\.? ")
RULE_ID_RE = re.compile(r"`([a-z]+(?:-[a-z]+)+)`")


def rule_reference_sections() -> dict[str, str]:
    """Section number → its text (heading excluded), for every numbered section of RULES.md."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in RULE_REFERENCE.read_text(encoding="utf-8").splitlines():
        heading = SECTION_HEADING_RE.match(line)
        if heading:
            current = sections.setdefault(heading.group(1), [])
        elif current is not None:
            current.append(line)
    return {number: "\n".join(lines) for number, lines in sections.items()}


def every_check():
    from scripts.check_citations.consistency import registry as document_registry
    return [*registry, *document_registry]


def test_every_rule_cites_the_section_of_the_rule_reference_that_describes_it_and_has_bad_and_good():
    sections = rule_reference_sections()
    for check in every_check():
        cited = re.findall(r"Reference: §(\d+(?:\.\d+)?) in RULES\.md", check.doc)
        assert len(cited) == 1, f"{check.id} names no section of RULES.md"
        assert cited[0] in sections, f"{check.id} cites §{cited[0]}, which RULES.md does not have"
        assert f"`{check.id}`" in sections[cited[0]], f"RULES.md §{cited[0]} does not describe {check.id}"
        assert "Bad" in check.doc and "Good" in check.doc, check.id


def test_every_rule_section_names_its_manual_and_only_existing_rules():
    ids = {check.id for check in every_check()}
    described = set()
    for number, text in rule_reference_sections().items():
        named = set(RULE_ID_RE.findall(text))
        assert named <= ids, f"RULES.md §{number} names rules that do not exist: {sorted(named - ids)}"
        if number == "1":
            continue  # the severity policy names the rules that warn; their sections are further on
        described |= named
        if named:
            assert "\nManual: " in f"\n{text}", f"RULES.md §{number} names no manual section"
    assert described == ids, f"rules RULES.md does not describe: {sorted(ids - described)}"


def test_corpus_covers_every_style_and_source_type_valid_and_invalid():
    assert len(CORPUS) >= 250
    for style in ("apa", "mla", "chicago", "harvard"):
        for source_type in ("journal", "web", "book", "chapter", "report"):
            kinds = {bool(e.errors) for e in CORPUS if e.profile.style == style and e.type == source_type}
            assert kinds == {True, False}, (style, source_type, kinds)


def test_the_severity_policy_lists_exactly_the_rules_that_can_warn():
    import inspect
    policy = rule_reference_sections()["1"]
    listed = set(RULE_ID_RE.findall(policy[policy.index("Which rules give warnings"):]))
    warning_rules = {check.id for check in registry if '"warning"' in inspect.getsource(check.function)}
    assert listed == warning_rules
    # What the manuals require is an error: the en dash of a page range, APA's sentence case.
    for text, rule in (("Buchbinder, R. (2009). A trial. *Spine*, *4*(6), 557-568.", "page-range-dash"),
                       ("Buchbinder, R. (2009). A Trial of Cement. *Spine*, *4*(6), 557–568.",
                        "apa-title-sentence-case")):
        assert {(f.check, f.severity) for f in findings_of(text, Profile("apa", 7))} == {(rule, "error")}
