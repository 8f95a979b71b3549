"""The synthetic book of the benchmarks (scripts/synthetic_book.py): N chapters, labels unique,
cross-references resolving within each copy, citations untouched, and a strict build that passes."""

from __future__ import annotations

import collections

import pytest

from scripts import build, myst_reader, synthetic_book
from scripts.check_chapters import chapter_docnames
from scripts.layout import BuildLayout
from tests.helpers import DOCS

ORIGINALS = chapter_docnames(DOCS)


def read_book(folder) -> dict[str, myst_reader.Document]:
    return {path.stem: myst_reader.read(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.md"))}


@pytest.mark.parametrize("extra", [0, 1, 11, 25])
def test_a_book_of_n_chapters_has_unique_labels_and_references_that_resolve(tmp_path, extra):
    chapters = len(ORIGINALS) + extra
    names = synthetic_book.make_book(DOCS, tmp_path / "book", chapters)
    assert len(names) == chapters and chapter_docnames(tmp_path / "book") == names
    book = read_book(tmp_path / "book")
    labels = collections.Counter(label for document in book.values() for label in synthetic_book.labels_of(document))
    assert [label for label, count in labels.items() if count > 1] == []
    for name, document in book.items():
        for role in document.roles:
            if role.name in synthetic_book.LABEL_ROLES:
                assert role.target in labels, f"{name}.md:{role.line}: {role.source}"
            elif role.name in synthetic_book.DOCUMENT_ROLES:
                assert role.target in book, f"{name}.md:{role.line}: {role.source}"
    # Each copy cites what its original cites, in the same order.
    for name in names[len(ORIGINALS):]:
        original = name.rsplit("-", 1)[0]
        assert ([role.content for role in book[name].roles if role.name.startswith("cite")]
                == [role.content for role in book[original].roles if role.name.startswith("cite")])


def test_too_few_chapters_is_a_clear_error(tmp_path):
    with pytest.raises(synthetic_book.SyntheticBookError, match=f"has {len(ORIGINALS)} chapters"):
        synthetic_book.make_book(DOCS, tmp_path / "book", len(ORIGINALS) - 1)


def test_a_synthetic_book_builds_strictly(tmp_path):
    # -W: a duplicate label or an unresolved reference in a copy would fail the build.
    names = synthetic_book.make_book(DOCS, tmp_path / "book", len(ORIGINALS) + 12)
    site = build.build("html", BuildLayout(tmp_path / "build"), tmp_path / "book", extra=["-q"])
    assert all((site / f"{name}.html").is_file() for name in names)
