"""Write the source article's eight-word runs as hashes, for the copied-wording check without the article.

    .venv/bin/python -m scripts.source_shingles PATH_TO_ARTICLE > scripts/data/source-shingles.txt

The handbook's chapters are written from one source article, whose wording they must not copy
(``scripts/check_chapters.py``, check ``copied-source-text``). The article is not the project's to
publish, so the repository keeps only a hash of every run of :data:`RUN` words of it, paragraph by
paragraph, after :func:`words` has normalised them; the checker hashes the chapters' runs the same
way. Run this on a local plain-text copy of the article (paragraphs separated by blank lines) when
the article changes, and commit the output.
"""

from __future__ import annotations

import argparse
import hashlib
import pathlib
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator

from scripts import checkkit

# Eight words in a row shared with the source article count as copied wording.
RUN = 8
# Where the article's closing citation block starts: the formats its site offers for citing it are
# quoted material (the citation checker's inputs), not the article's wording.
CITATION_BLOCK = "Please use one of the following formats"
# Apostrophes and single quotes of every kind, dropped inside words (don't, don’t → dont).
APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u0060\u00b4]")
# A word: letters and digits; anything else (white space, dashes, quotes, punctuation) separates words.
WORD = re.compile(r"[^\W_]+")
# Hex digits of SHA-256 kept per run: 64 bits, so no two of a few thousand runs share one by chance.
HASH_DIGITS = 16
HEADER = f"""\
# Hashes of the source article's {RUN}-word runs: what check_chapters' copied-source-text check compares with.
# Article: Thomas, Liji. "What is Vertebroplasty?" News-Medical, last updated 4 February 2021.
# One line per run of {RUN} consecutive words within a paragraph of the article (its closing citation
# block left out): the first {HASH_DIGITS} hex digits of the SHA-256 of the words joined by single spaces,
# after scripts/source_shingles.py normalised them (NFKC, case-folded, apostrophes dropped, split at
# anything but letters and digits). Sorted; the hashes hold none of the article's text.
# Made with: .venv/bin/python -m scripts.source_shingles PATH_TO_ARTICLE > scripts/data/source-shingles.txt
"""
DEFAULT_SHINGLES = pathlib.Path(__file__).resolve().parent / "data" / "source-shingles.txt"


def words(text: str) -> list[str]:
    """The words of *text*, normalised: case, quotes, dashes and punctuation make no difference."""
    return WORD.findall(APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).casefold()))


def run_hash(run: Iterable[str]) -> str:
    return hashlib.sha256(" ".join(run).encode("utf-8")).hexdigest()[:HASH_DIGITS]


def run_hashes(paragraph_words: list[str]) -> Iterator[str]:
    """The hash of each run of :data:`RUN` words of one paragraph, in order."""
    for start in range(len(paragraph_words) - RUN + 1):
        yield run_hash(paragraph_words[start:start + RUN])


def article_hashes(text: str) -> frozenset[str]:
    """The run hashes of a plain-text article: paragraphs separated by blank lines, lines unwrapped."""
    body = text.split(CITATION_BLOCK)[0]
    return frozenset(found for paragraph in re.split(r"\n\s*\n", body) for found in run_hashes(words(paragraph)))


def read_hashes(path: pathlib.Path) -> frozenset[str]:
    """The hashes of a file this module wrote."""
    lines = checkkit.read_text(str(path)).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.source_shingles", description=__doc__.splitlines()[0])
    parser.add_argument("article", type=pathlib.Path, help="a plain-text copy of the source article")
    args = parser.parse_args(argv)
    try:
        hashes = article_hashes(checkkit.read_text(str(args.article)))
    except checkkit.InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return checkkit.EXIT_USAGE
    sys.stdout.write(HEADER + "".join(f"{found}\n" for found in sorted(hashes)))
    return checkkit.EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
