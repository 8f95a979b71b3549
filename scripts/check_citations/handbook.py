"""Check the handbook's own reference list and in-text citations in every style the build offers.

    python -m scripts.check_citations.handbook [--bib docs/references.bib] [--style STYLE ...]

Every entry of the .bib is rendered as the build renders it (:func:`scripts.csl.render`, one batch per
style), into a document with each entry's parenthetical and narrative citation and the reference list;
the checker's rules and its text ↔ list checks then read that document. A finding names the .bib file
and the line of the entry it is about: ``docs/references.bib:58: [apa] message (rule-id)``.

Some findings come from what the data lacks, not from how it is rendered: co-authors that no verified
source showed (the .bib ends the list with ``and others``), an article whose authors no verified
source shows (listed in ``docs/authorless-references.txt``), or a web page read on a day nobody
recorded. Those are printed as notes with their reason and do not fail the check (:func:`data_gap`);
the fix is in the data, when the missing facts are found. Findings that come from the checker's own
known limitations on a correct entry are listed, each with its reason, in
``docs/citation-check-exceptions.txt`` and printed as notes too.

Exit status: 0 no errors, 1 errors, 2 the .bib cannot be read or rendered.
"""

from __future__ import annotations

import argparse
import dataclasses
import pathlib
import sys
from collections.abc import Mapping, Sequence

from scripts import csl
from scripts.check_citations import consistency
from scripts.check_references.bibliography import read_bibliography
from scripts.check_citations.check import check_text
from scripts.check_citations.correct import to_markup
from scripts.check_citations.rules import DEFAULT_EDITIONS, Profile, rules_for
from scripts.checkkit import EXIT_USAGE, Finding, report
from scripts.layout import ROOT

PROFILES = {
    "apa": Profile("apa", DEFAULT_EDITIONS["apa"]),
    "mla": Profile("mla", DEFAULT_EDITIONS["mla"]),
    "chicago": Profile("chicago", DEFAULT_EDITIONS["chicago"], "author-date"),
    "harvard": Profile("harvard", DEFAULT_EDITIONS["harvard"]),
}
"""How the checker names each style the build renders (the build's Chicago is author-date)."""

# Findings on the handbook's own entries that the checker cannot judge yet (its known limitations).
EXCEPTIONS_FILE = "citation-check-exceptions.txt"
ET_AL_RULES = frozenset({"apa-et-al", "mla-et-al", "chicago-et-al", "harvard-et-al"})
ACCESS_DATE_RULES = frozenset({"harvard-access-date", "apa-retrieval-wording"})


@dataclasses.dataclass(frozen=True)
class Checked:
    """The findings of one style, each tied to its .bib entry, and the data gaps left aside."""

    findings: tuple[Finding, ...]
    gaps: tuple[tuple[Finding, str], ...]
    """Findings the data explains, each with the reason."""


def data_gap(item: Mapping, rule: str) -> str | None:
    """Why *rule*'s finding on *item* comes from missing data, or None when it is a real finding."""
    authors = item.get("author", [])
    if item and not authors and not item.get("editor"):
        return ("no verified source shows the authors (docs/authorless-references.txt), so the entry starts "
                "with its title, a form these rules do not read")
    if rule in ET_AL_RULES and authors and authors[-1].get("literal") == "others":
        return "the .bib ends the author list with 'and others': no verified source showed every co-author"
    if rule in ACCESS_DATE_RULES and item.get("URL") and "accessed" not in item:
        return "the .bib records no access date (urldate) for this online source"
    return None


def read_exceptions(path: pathlib.Path) -> dict[tuple[str, str], str]:
    """The findings the checker cannot yet judge on the handbook's data: (key, rule) → reason.

    Each line of *path* is ``key rule  # reason``; the reason is required, so every exception says why.
    """
    exceptions = {}
    if not path.is_file():
        return exceptions
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fields, _, reason = line.partition("#")
        if not fields.strip():
            continue
        if len(fields.split()) != 2 or not reason.strip():
            raise ValueError(f"{path}:{number}: write 'key rule  # reason'")
        key, rule = fields.split()
        exceptions[key, rule] = reason.strip()
    return exceptions


def entry_lines(bib: pathlib.Path) -> dict[str, int]:
    """The line of each entry of *bib*, as the reference checker's reader (pybtex) locates it."""
    return {entry.key: entry.line for entry in read_bibliography(bib).entries}


def document(rendered: Mapping[str, csl.Rendered]) -> tuple[str, dict[int, str]]:
    """The Markdown the checker reads, and which .bib key each of its lines is about."""
    lines, about = ["# Text", ""], {}
    for key, item in rendered.items():
        about[len(lines) + 1] = key
        lines += [f"As one study showed {to_markup(item.citation, '*')}, and as {to_markup(item.narrative, '*')} "
                  "found.", ""]
    lines += ["# References", ""]
    for key, item in rendered.items():
        about[len(lines) + 1] = key
        lines.append(f"- {to_markup(item.bibliography, '*')}")
    return "\n".join(lines) + "\n", about


def check_style(items: Sequence[Mapping], style: str, bib_path: str, bib_lines: Mapping[str, int],
                exceptions: Mapping[tuple[str, str], str] = {}) -> Checked:
    """Render *items* in *style* and check the result."""
    profile = PROFILES[style]
    rendered = csl.render(items, style)
    text, about = document(rendered)
    result = check_text(f"handbook-{style}.md", text, profile, rules_for(style), list(consistency.registry), "always")
    by_key = {item["id"]: item for item in items}
    findings, gaps = [], []
    for finding in result.findings():
        key = about.get(finding.line, "")
        located = dataclasses.replace(finding, path=bib_path, line=bib_lines.get(key, 0),
                                      message=f"[{style}] {key}: {finding.message}", start=None, end=None)
        reason = data_gap(by_key.get(key, {}), finding.check) or exceptions.get((key, finding.check))
        if reason is None:
            findings.append(located)
        else:
            gaps.append((located, reason))
    return Checked(tuple(findings), tuple(gaps))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.check_citations.handbook",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--bib", type=pathlib.Path, default=ROOT / "docs" / "references.bib",
                        help="the handbook's BibTeX file (default: docs/references.bib)")
    parser.add_argument("--exceptions", type=pathlib.Path, default=ROOT / "docs" / EXCEPTIONS_FILE,
                        help=f"findings the checker cannot yet judge, each with its reason (default: docs/{EXCEPTIONS_FILE})")
    parser.add_argument("--style", action="append", choices=csl.CITATION_STYLES,
                        help="a style to check (repeatable; default: all four)")
    args = parser.parse_args(argv)
    bib = args.bib.resolve()
    bib_path = str(bib.relative_to(ROOT) if bib.is_relative_to(ROOT) else bib)  # short paths read better
    try:
        items = csl.bibtex_to_csl(args.bib)
        bib_lines = entry_lines(args.bib)
        exceptions = read_exceptions(args.exceptions)
        checked = [check_style(items, style, bib_path, bib_lines, exceptions)
                   for style in args.style or csl.CITATION_STYLES]
    except (csl.CslError, OSError, ValueError) as error:
        print(f"error: {bib_path}: {error}", file=sys.stderr)
        return EXIT_USAGE
    for gap, reason in (gap for result in checked for gap in result.gaps):
        print(f"note: {gap.as_text()}: left aside, {reason}")
    return report([finding for result in checked for finding in result.findings])


if __name__ == "__main__":
    sys.exit(main())
