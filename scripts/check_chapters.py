"""Check that every chapter keeps the handbook's conventions, and grade its Key points for readability.

    .venv/bin/python -m scripts.check_chapters [--format {text,json}] [--source FILE] [DOCS_DIR]

A chapter is a Markdown file listed in the root toctree (``DOCS_DIR/index.md``). Each one opens
with YAML front matter carrying ``last_reviewed``, a label, its title and a "Key points" box written
for patients; every chapter but the back matter cites its sources. The Key points are graded with
the Flesch–Kincaid formula (textstat); the handbook aims for grade 9 or lower there, so a higher
grade is a warning, and every grade is printed so authors see where they stand.

Exit status: 0 when no finding is an error, 1 when one is, 2 for a usage or input error.
"""

from __future__ import annotations

import argparse
import dataclasses
import pathlib
import re
import sys
from collections.abc import Callable, Iterator

import textstat
import yaml

from scripts import checkkit, myst_reader, source_shingles
from scripts.sphinxext import unclosed_fences
from scripts.sphinxext.reviewed import FIELD as REVIEW_FIELD, review_date


# Pages that collect rather than state: they make no clinical statement of their own, so they need
# neither a Key points box nor a citation.
BACK_MATTER = frozenset({"glossary", "references"})

# The grade the Key points boxes aim for (Flesch–Kincaid; about age 14 to 15).
TARGET_GRADE = 9.0


# Punctuation a list item or a removed citation leaves behind a space.
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:])")


@dataclasses.dataclass(frozen=True)
class KeyPoints:
    """The Key points box of a chapter."""

    line: int
    """Line of the box's opening fence."""
    text: str
    """Its prose as a reader sees it: roles reduced to their words, citations and markup removed."""

    @property
    def grade(self) -> float:
        """Flesch–Kincaid grade level of the text, rounded to one decimal."""
        return round(textstat.flesch_kincaid_grade(self.text), 1)


@dataclasses.dataclass(frozen=True)
class ChapterSource:
    """What the checks need to know about one chapter file."""

    path: str
    """The file, as it is reported."""
    docname: str
    """Its name in the toctree (file name without ``.md``)."""
    front_matter: dict
    """The parsed YAML front matter (empty when there is none)."""
    body_start: int
    """1-based line number of the first line after the front matter."""
    key_points: KeyPoints | None
    """The Key points box, if the chapter has one."""
    document: myst_reader.Document
    """Everything else the MyST reader found in it."""


class ChapterError(checkkit.InputError):
    """A chapter that cannot be read at all (e.g. its front matter is not YAML)."""


def parse_chapter(path: pathlib.Path, display: str, docname: str) -> ChapterSource:
    """Read *path* into a :class:`ChapterSource`; raise :class:`ChapterError` for unreadable front matter."""
    text = checkkit.read_text(str(path))
    document = myst_reader.read(text)
    front_matter, body_start = {}, 1
    if document.front_matter is not None:
        try:
            front_matter = yaml.safe_load(document.front_matter.text) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark else 1
            raise ChapterError(display, f"line {line}: the front matter is not valid YAML: "
                                        f"{getattr(error, 'problem', error)}") from None
        if not isinstance(front_matter, dict):
            raise ChapterError(display, "line 2: the front matter must be 'key: value' lines")
        body_start = document.front_matter.end_line + 1
    box = next((directive for directive in document.directives
                if directive.name == "admonition" and directive.argument == "Key points"), None)
    key_points = KeyPoints(box.line, reader_text(box.body)) if box else None
    return ChapterSource(display, docname, front_matter, body_start, key_points, document)


def reader_text(lines: tuple[str, ...]) -> str:
    """The prose of MyST *lines* as a reader sees it: roles reduced to their words, citations and markup removed."""
    words = []
    for located in myst_reader.walk("\n".join(lines)):
        if located.token.type != "inline":
            continue
        for child, _, _ in myst_reader.inline_children(located):
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
            elif child.type == "myst_role" and not child.meta["name"].startswith("cite"):
                words.append(myst_reader.Role(0, child.meta["name"], child.content, "").text)
        words.append(" ")
    return SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join("".join(words).split()))


def chapter_docnames(docs: pathlib.Path) -> list[str]:
    """The documents the root toctree lists, in reading order."""
    index = myst_reader.read(checkkit.read_text(str(docs / "index.md")))
    return [line.strip() for directive in index.directives if directive.name == "toctree"
            for line in directive.body if line.strip()]


# --- checks -------------------------------------------------------------------------------------

registry = checkkit.Registry()
Check = Callable[[ChapterSource, "Context"], Iterator[checkkit.Finding]]


@dataclasses.dataclass(frozen=True)
class Context:
    """What the checks share across chapters."""

    source_runs: frozenset[str]
    """The hash of every run of words of the source article (:mod:`scripts.source_shingles`)."""


def finding(chapter: ChapterSource, line: int, check: str, message: str, severity: str = "error") -> checkkit.Finding:
    return checkkit.Finding(chapter.path, line, check, message, severity)


@registry.check
def missing_review_date(chapter: ChapterSource, context: Context) -> Iterator[checkkit.Finding]:
    """The front matter gives the date the chapter was last reviewed, as YYYY-MM-DD.

    Bad:  (no front matter, or ``last_reviewed: last spring``)
    Good: ``---`` / ``last_reviewed: 2026-11-25`` / ``---``
    """
    value = chapter.front_matter.get(REVIEW_FIELD)
    if value is None:
        yield finding(chapter, 1, "missing-review-date",
                      f"no '{REVIEW_FIELD}' in the front matter; start the file with "
                      f"'---', '{REVIEW_FIELD}: YYYY-MM-DD', '---'")
    elif review_date(value) is None:
        yield finding(chapter, 2, "missing-review-date",
                      f"'{REVIEW_FIELD}: {value}' is not a date; write it as YYYY-MM-DD")


@registry.check
def missing_label(chapter: ChapterSource, context: Context) -> Iterator[checkkit.Finding]:
    """The title is preceded by a label named after the file, so other chapters can link to it.

    Bad:  ``# Risks and complications`` straight after the front matter
    Good: ``(complications)=`` on the line before ``# Risks and complications``
    """
    blocks = chapter.document.top_level
    title_at = next((i for i, block in enumerate(blocks)
                     if block.token.type == "heading_open" and block.token.tag == "h1"), None)
    if title_at is None:
        yield finding(chapter, chapter.body_start, "missing-label",
                      "the chapter has no '# Title' heading; give it one, preceded by a label line")
        return
    before = blocks[title_at - 1].token if title_at else None
    if before is None or before.type != "myst_target":
        yield finding(chapter, blocks[title_at].line, "missing-label",
                      f"the title has no label; put '({chapter.docname})=' on the line before it")
    elif before.content != chapter.docname:
        yield finding(chapter, blocks[title_at - 1].line, "missing-label",
                      f"the chapter's label is '{before.content}'; name it after the file: '({chapter.docname})='")


@registry.check
def missing_key_points(chapter: ChapterSource, context: Context) -> Iterator[checkkit.Finding]:
    """A chapter opens with a "Key points" box for patients.

    Bad:  a chapter that starts straight with its first section
    Good: ````{admonition} Key points`` / ``:class: key-points`` / ``- ...`` / ````` `` after the title
    """
    if chapter.docname in BACK_MATTER:
        return
    if chapter.key_points is None:
        yield finding(chapter, chapter.body_start, "missing-key-points",
                      "no Key points box; open the chapter with '```{admonition} Key points' "
                      "and ':class: key-points'")
    elif not chapter.key_points.text:
        yield finding(chapter, chapter.key_points.line, "missing-key-points", "the Key points box is empty")


@registry.check
def key_points_too_hard(chapter: ChapterSource, context: Context) -> Iterator[checkkit.Finding]:
    """The Key points read at Flesch–Kincaid grade 9 or lower (short sentences, everyday words).

    Bad:  "Percutaneous augmentation is contraindicated in uncorrectable coagulopathy."
    Good: "You cannot have the treatment if your blood does not clot well."
    """
    if chapter.key_points and chapter.key_points.text and chapter.key_points.grade > TARGET_GRADE:
        yield finding(chapter, chapter.key_points.line, "key-points-too-hard",
                      f"the Key points read at grade {chapter.key_points.grade:.1f}, above the "
                      f"{TARGET_GRADE:g} aimed for; use shorter sentences and everyday words", "warning")


@registry.check
def uncited_chapter(chapter: ChapterSource, context: Context) -> Iterator[checkkit.Finding]:
    """A chapter cites the sources of its clinical statements.

    Bad:  a chapter with no ``{cite:p}`` or ``{cite:t}`` role at all
    Good: "Cement can leak out of the bone {cite:p}`klazen2010ajnr`."
    """
    if chapter.docname not in BACK_MATTER and not any(role.name == "cite" or role.name.startswith("cite:")
                                                      for role in chapter.document.roles):
        yield finding(chapter, chapter.body_start, "uncited-chapter",
                      "the chapter cites no source; cite each clinical statement with {cite:p}`key`")


@registry.check
def unclosed_fence(chapter: ChapterSource, context: Context) -> Iterator[checkkit.Finding]:
    """Every fenced box or code block is closed, so it does not take in the rest of the chapter.

    Bad:  ``:::{warning}`` / ``The box's text.`` and no ``:::`` after it
    Good: ``:::{warning}`` / ``The box's text.`` / ``:::``
    """
    for directive in chapter.document.directives:
        if not directive.closed:
            yield finding(chapter, directive.line, "unclosed-fence", unclosed_fences.message(directive))


@registry.check
def copied_source_text(chapter: ChapterSource, context: Context) -> Iterator[checkkit.Finding]:
    """No paragraph repeats eight or more words in a row of the source article.

    Bad:  a sentence pasted from the News-Medical article, even re-wrapped or with other quotes and dashes
    Good: the same fact in the author's own words, citing the article

    Paragraphs are compared as a reader sees them: lines unwrapped, citations left out, and case,
    quotes, dashes and punctuation normalised (scripts/source_shingles.py).
    """
    for paragraph in chapter.document.paragraphs:
        words = reader_words(paragraph)
        copied_before = False
        for start, run in enumerate(source_shingles.run_hashes([word for word, _ in words])):
            copied = run in context.source_runs
            if copied and not copied_before:
                yield finding(chapter, words[start][1], "copied-source-text",
                              f"from here this paragraph repeats {source_shingles.RUN} or more words in a row "
                              "of the source article; keep the fact, cite it, and write the sentence in your "
                              "own words")
            copied_before = copied


def reader_words(paragraph: myst_reader.Located) -> list[tuple[str, int]]:
    """The normalised words a reader sees in a paragraph (citations left out), each with its line."""
    found = []
    for child, line, _ in myst_reader.inline_children(paragraph):
        if child.type in ("text", "code_inline"):
            text = child.content
        elif child.type == "myst_role" and not child.meta["name"].startswith("cite"):
            text = myst_reader.Role(line, child.meta["name"], child.content, "").text
        else:
            continue
        found += [(word, line) for word in source_shingles.words(text)]
    return found


# --- command line -------------------------------------------------------------------------------

def grade_table(chapters: list[ChapterSource]) -> str:
    rows = [(c.path, f"{c.key_points.grade:.1f}") for c in chapters if c.key_points and c.key_points.text]
    width = max((len(path) for path, _ in rows), default=0)
    lines = [f"Key points reading grade (Flesch–Kincaid; aim {TARGET_GRADE:g} or lower):"]
    lines += [f"  {path:<{width}}  {grade}" for path, grade in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.check_chapters", description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", default="docs", type=pathlib.Path, help="the chapters' folder (default: docs)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--source", "--source-article", type=pathlib.Path, dest="source_article",
                        help="a plain-text copy of the article whose wording must not be copied")
    source.add_argument("--source-shingles", type=pathlib.Path, default=source_shingles.DEFAULT_SHINGLES,
                        help="instead, the hashes of its runs of words that scripts.source_shingles wrote "
                             "(default: scripts/data/source-shingles.txt)")
    checkkit.add_common_arguments(parser)
    args = parser.parse_args(argv)
    if args.list_checks:
        return checkkit.list_checks(registry)
    checks = checkkit.select_or_exit(parser, registry, args.enable, args.disable)
    try:
        context = Context(source_shingles.article_hashes(checkkit.read_text(str(args.source_article)))
                          if args.source_article else source_shingles.read_hashes(args.source_shingles))
        chapters = [parse_chapter(args.docs / f"{name}.md", str(args.docs / f"{name}.md"), name)
                    for name in chapter_docnames(args.docs) if (args.docs / f"{name}.md").exists()]
    except checkkit.InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return checkkit.EXIT_USAGE
    findings = [found for chapter in chapters for check in checks for found in check.function(chapter, context)]
    if args.format == "json":
        document = {
            "findings": [f.as_dict() for f in sorted(findings)],
            "grades": {c.path: c.key_points.grade for c in chapters if c.key_points and c.key_points.text},
        }
        return checkkit.report(findings, "json", json_document=document)
    print(grade_table(chapters))
    return checkkit.report(findings)


if __name__ == "__main__":
    sys.exit(main())
