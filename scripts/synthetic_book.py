"""Make a book of N chapters from the handbook's own, for the build benchmarks (scripts/bench.py).

    python -m scripts.synthetic_book N OUT [--source docs]

OUT receives a copy of the source folder (the .bib, figures, data, the glossary and reference list
once) and as many copies of the ordinary chapters as make N chapters in the table of contents. Copy
*k* of ``evidence.md`` is ``evidence-k.md``; in it every label (``(evidence-benefit)=`` and each
``:name:``) gets the suffix ``-k``, and every ``{ref}``, ``{numref}`` and ``{doc}`` that points into
the copied chapters points at copy *k*'s, so labels stay unique and cross-references resolve
within each copy. Citations and glossary terms are left as they are: one bibliography and one
glossary serve every copy. The chapters are read with scripts/myst_reader.py (the build's own
parser): every change is made at a place it found, never by pattern matching on the text.
"""

from __future__ import annotations

import argparse
import dataclasses
import pathlib
import shutil
import sys

from scripts import myst_reader
from scripts.check_chapters import chapter_docnames
from scripts.layout import ROOT

# Chapters that hold what must exist once in a book (the glossary's terms, the reference list, the
# handbook's own citation): never copied.
SINGLE_DIRECTIVES = frozenset({"glossary", "bibliography", "cite-this-handbook"})
# Roles whose target is a label or a document of the copied chapters.
LABEL_ROLES = frozenset({"ref", "numref"})
DOCUMENT_ROLES = frozenset({"doc"})


class SyntheticBookError(ValueError):
    """The request cannot be met (fewer chapters than the source has, no table of contents)."""


@dataclasses.dataclass(frozen=True)
class Edit:
    """Replace *old* by *new* at the first place at or after the start of *line* not already edited."""

    line: int
    old: str
    new: str


def line_starts(text: str) -> list[int]:
    """The offset in *text* where each line starts (index 0 for line 1)."""
    starts = [0]
    for index, character in enumerate(text):
        if character == "\n":
            starts.append(index + 1)
    return starts


def apply(text: str, edits: list[Edit]) -> str:
    """*text* with every edit made; each at its own place, even where one line holds the same text twice."""
    starts, taken, placed = line_starts(text), set(), []
    for edit in edits:
        position = text.index(edit.old, starts[edit.line - 1])
        while position in taken:
            position = text.index(edit.old, position + 1)
        taken.add(position)
        placed.append((position, edit))
    for position, edit in sorted(placed, key=lambda pair: pair[0], reverse=True):
        text = text[:position] + edit.new + text[position + len(edit.old):]
    return text


def retarget(role: myst_reader.Role, new_target: str) -> str:
    """The role as written, pointing at *new_target*: ``{ref}`text <label>``` keeps its text."""
    opening = role.source.index("`") + 1
    head, body = role.source[:opening], role.source[opening:]
    before, found, after = body.rpartition(role.target)
    if not found:  # a target written over two lines: the joined form is what MyST reads
        raise SyntheticBookError(f"cannot place the target of {role.source!r} (line {role.line})")
    return head + before + new_target + after


def labels_of(document: myst_reader.Document) -> set[str]:
    """The labels a chapter defines: its ``(label)=`` targets and every directive's ``:name:``."""
    names = {option.value for directive in document.directives for option in directive.options
             if option.name == "name"}
    return {target.label for target in document.targets} | names


def copy_chapter(text: str, copy: int, labels: set[str], chapters: set[str]) -> str:
    """Copy number *copy* of a chapter: its labels, and references to *labels* or *chapters*, suffixed.

    *labels* and *chapters* are those of the chapters that copy *copy* of the book has.
    """
    document = myst_reader.read(text)
    edits = [Edit(target.line, f"({target.label})=", f"({target.label}-{copy})=") for target in document.targets]
    edits += [Edit(option.line, option.value, f"{option.value}-{copy}") for directive in document.directives
              for option in directive.options if option.name == "name"]
    for role in document.roles:
        target = role.target
        if (role.name in LABEL_ROLES and target in labels) or (role.name in DOCUMENT_ROLES and target in chapters):
            edits.append(Edit(role.line, role.source, retarget(role, f"{target}-{copy}")))
    return apply(text, edits)


def toctree_of(document: myst_reader.Document) -> myst_reader.Directive:
    try:
        return next(directive for directive in document.directives if directive.name == "toctree")
    except StopIteration:
        raise SyntheticBookError("the root document has no {toctree}") from None


def make_book(source: pathlib.Path, target: pathlib.Path, chapters: int) -> list[str]:
    """Write a book of *chapters* chapters made from *source* into *target*; return its chapter names in order."""
    originals = chapter_docnames(source)
    if chapters < len(originals):
        raise SyntheticBookError(f"{source} has {len(originals)} chapters; ask for at least that many, not {chapters}")
    texts = {name: (source / f"{name}.md").read_text(encoding="utf-8") for name in originals}
    copied = [name for name in originals
              if not SINGLE_DIRECTIVES & {directive.name for directive in myst_reader.read(texts[name]).directives}]
    if not copied:
        raise SyntheticBookError(f"{source} has no chapter that can be copied")
    labels = {name: labels_of(myst_reader.read(texts[name])) for name in copied}
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("_*", ".*"))
    added = [f"{copied[number % len(copied)]}-{number // len(copied) + 1}" for number in range(chapters - len(originals))]
    for number, name in enumerate(added):
        copy, original = number // len(copied) + 1, copied[number % len(copied)]
        # The last copy may be partial: what it lacks is referred to in the original chapters.
        present = {chapter for chapter in copied if f"{chapter}-{copy}" in added}
        text = copy_chapter(texts[original], copy, set().union(*(labels[chapter] for chapter in present)), present)
        (target / f"{name}.md").write_text(text, encoding="utf-8")
    root = target / "index.md"
    root_text = root.read_text(encoding="utf-8")
    toctree = toctree_of(myst_reader.read(root_text))
    entries = [line for line in toctree.body if line.strip()]
    last_line = toctree.body_line + max(index for index, line in enumerate(toctree.body) if line.strip())
    lines = root_text.split("\n")
    indent = entries[-1][:len(entries[-1]) - len(entries[-1].lstrip())]
    lines[last_line:last_line] = [f"{indent}{name}" for name in added]
    root.write_text("\n".join(lines), encoding="utf-8")
    return [*originals, *added]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.synthetic_book", description=__doc__.splitlines()[0])
    parser.add_argument("chapters", type=int, help="how many chapters the book has")
    parser.add_argument("target", type=pathlib.Path, help="the folder to write (replaced if it exists)")
    parser.add_argument("--source", type=pathlib.Path, default=ROOT / "docs", help="default: docs")
    args = parser.parse_args(argv)
    try:
        names = make_book(args.source, args.target, args.chapters)
    except (SyntheticBookError, OSError) as error:
        parser.exit(2, f"{parser.prog}: error: {error}\n")
    print(f"synthetic book: {len(names)} chapters in {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
