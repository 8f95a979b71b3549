"""The handbook's text as a whole: glossary terms are used, and sources are cited consistently."""

from __future__ import annotations

import re

from tests.helpers import DOCS

GLOSSARY_BLOCK = re.compile(r"^```\{glossary\}\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)
# {term}`Term` or {term}`shown text <Term>`
TERM_ROLE = re.compile(r"\{term\}`(?:[^`<]*<(?P<target>[^`>]+)>|(?P<plain>[^`]+))`")


def glossary_terms() -> set[str]:
    """Every term the glossary defines (unindented lines of its glossary block, options skipped)."""
    body = GLOSSARY_BLOCK.search((DOCS / "glossary.md").read_text(encoding="utf-8"))["body"]
    return {line.strip() for line in body.splitlines()
            if line.strip() and not line[0].isspace() and not line.startswith(":")}


def term_uses() -> dict[str, list[str]]:
    """Each term a chapter links to, with the places (file:line) that link to it."""
    uses: dict[str, list[str]] = {}
    for path in sorted(DOCS.glob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in TERM_ROLE.finditer(line):
                term = (match["target"] or match["plain"]).strip()
                uses.setdefault(term.lower(), []).append(f"{path.name}:{number}")
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
