"""Run every offline check of the handbook, as ``make check`` does, and say which failed.

    .venv/bin/python -m scripts.check [--docs DOCS_DIR]

Each checker runs in its own process with its own output (``path:line: message (check-id)``), so
one that stops early cannot hide the findings of the next. The online checks (DOIs, external links)
are not part of this: run ``python -m scripts.check_references --online`` for them.

Exit status: 0 when every checker passed, 1 when one reported errors, 2 when one could not run.
"""

from __future__ import annotations

import argparse
import dataclasses
import pathlib
import subprocess
import sys
import tempfile
from collections.abc import Callable

from scripts import checkkit
from scripts.layout import ROOT


@dataclasses.dataclass(frozen=True)
class Step:
    """One checker run."""

    title: str
    """What it checks, as the summary names it."""
    arguments: Callable[[pathlib.Path, pathlib.Path], list[str]]
    """Its command line after ``python -m``, given the docs folder and a scratch folder."""


# How the citation checker names the CSL styles the handbook is built in.
CHECKER_OPTIONS = {
    "apa": ["--style", "apa"],
    "mla": ["--style", "mla"],
    "chicago": ["--style", "chicago", "--chicago-system", "author-date"],
    "harvard": ["--style", "harvard"],
}


def cite_this_arguments(style: str) -> Callable[[pathlib.Path, pathlib.Path], list[str]]:
    """Check the handbook's own cite-this strings in *style*: the whole book and a chapter page.

    They are rendered exactly as the build renders them (scripts/sphinxext/csl_citations.py) and
    written to a Markdown file, italics as ``*...*``, one entry per line.
    """

    def arguments(docs: pathlib.Path, scratch: pathlib.Path) -> list[str]:
        # Imported here: rendering starts pandoc, which only this step needs.
        from scripts import csl, metadata
        from scripts.check_citations.correct import to_markup
        from scripts.sphinxext.csl_citations import page_citations

        handbook = metadata.load()
        book = csl.render([handbook.csl_item()], style)["handbook"].bibliography
        chapter = ("what-is-vertebroplasty", "What vertebroplasty is", "what-is-vertebroplasty.html")
        page = page_citations(handbook, (chapter,), style, None)[chapter[0]]
        entries = scratch / f"cite-this-{style}.md"
        entries.write_text("".join(f"- {to_markup(entry, '*')}\n" for entry in (book, page)), encoding="utf-8")
        return ["scripts.check_citations", *CHECKER_OPTIONS[style], str(entries)]

    return arguments


STEPS = (
    Step("chapter conventions and Key points grades",
         lambda docs, scratch: ["scripts.check_chapters", str(docs)]),
    Step("references, cross-references, images and raw HTML",
         lambda docs, scratch: ["scripts.check_references", str(docs)]),
    *(Step(f"the handbook's own citations in {style}", cite_this_arguments(style)) for style in CHECKER_OPTIONS),
    Step("the reference list and in-text citations as the build renders them, in every style",
         lambda docs, scratch: ["scripts.check_citations.handbook", "--bib", str(docs / "references.bib")]),
    Step("translations: the share translated, fuzzy and untranslated per language and chapter, and their review",
         lambda docs, scratch: ["scripts.translations", "status"]),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.check", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=pathlib.Path, default=ROOT / "docs", help="the chapters' folder (default: docs)")
    args = parser.parse_args(argv)
    docs = args.docs.resolve()
    if docs.is_relative_to(ROOT):
        docs = docs.relative_to(ROOT)  # the checkers run in ROOT; short paths read better in findings
    results = []
    with tempfile.TemporaryDirectory(prefix="handbook-check-") as scratch:
        for number, step in enumerate(STEPS, 1):
            print(f"check [{number}/{len(STEPS)}]: {step.title}", flush=True)
            command = [sys.executable, "-m", *step.arguments(docs, pathlib.Path(scratch))]
            results.append((step.title, subprocess.run(command, cwd=ROOT, check=False).returncode))
    failed = [(title, status) for title, status in results if status != checkkit.EXIT_CLEAN]
    for title, status in failed:
        outcome = "reported errors" if status == checkkit.EXIT_FINDINGS else "could not run"
        print(f"check: {title}: {outcome} (exit {status})", file=sys.stderr)
    if not failed:
        print(f"check: all {len(results)} checks passed.")
        return checkkit.EXIT_CLEAN
    if all(status == checkkit.EXIT_FINDINGS for _, status in failed):
        return checkkit.EXIT_FINDINGS
    return checkkit.EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
