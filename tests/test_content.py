"""The handbook's text as a whole: glossary terms are used, and sources are cited consistently."""

from __future__ import annotations

from scripts import myst_reader
from tests.helpers import DOCS


def glossary_terms() -> set[str]:
    """Every term the glossary defines (the unindented lines of its glossary directive's body)."""
    document = myst_reader.read((DOCS / "glossary.md").read_text(encoding="utf-8"))
    glossary = next(directive for directive in document.directives if directive.name == "glossary")
    return {line.strip() for line in glossary.body if line.strip() and not line[0].isspace()}


def term_uses() -> dict[str, list[str]]:
    """Each term a chapter links to, with the places (file:line) that link to it."""
    uses: dict[str, list[str]] = {}
    for path in sorted(DOCS.glob("*.md")):
        for role in myst_reader.read(path.read_text(encoding="utf-8")).roles:
            if role.name == "term":
                uses.setdefault(role.target.lower(), []).append(f"{path.name}:{role.line}")
    return uses


def test_every_glossary_term_is_used_in_a_chapter():
    used = term_uses()
    unused = sorted(term for term in glossary_terms() if term.lower() not in used)
    assert not unused, f"glossary terms no chapter links to with {{term}}: {', '.join(unused)}"


def test_every_term_link_has_a_glossary_entry():
    defined = {term.lower() for term in glossary_terms()}
    undefined = {term: places for term, places in term_uses().items() if term not in defined}
    assert not undefined, f"{{term}} links with no glossary entry: {undefined}"


def test_glossary_has_terms():
    assert len(glossary_terms()) >= 10
