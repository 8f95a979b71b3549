"""Benchmark the reference checker offline on a synthetic handbook: 10,000 entries cited from 500 chapters.

    python -m scripts.bench_references [--runs 3]

The handbook is generated into a temporary folder and is clean (the checker must exit 0), so the time
is that of reading and checking everything, not of printing findings. Each run is the whole command
(interpreter start included) in its own process; peak memory is its maximum resident set. The aim is
under 3 seconds.
"""

from __future__ import annotations

import argparse
import pathlib
import resource
import sys
import tempfile

from scripts.bench import summarise, timed_run
from scripts.check_references.checks.identifiers import isbn13_check_digit

ENTRIES = 10_000
CHAPTERS = 500
KEYS_PER_CHAPTER = ENTRIES // CHAPTERS


def isbn(number: int) -> str:
    """A valid ISBN-13 (right check digit) made from *number*."""
    digits = f"978{number:09d}"
    return digits + isbn13_check_digit(digits)


def bib_entry(index: int) -> str:
    key = f"author{index}y{2000 + index % 25}"
    year = 2000 + index % 25
    if index % 10 == 0:
        return (f"@book{{{key},\n  author    = {{Writer{index}, Anne}},\n  title     = {{Synthetic book {index} on the "
                f"spine}},\n  publisher = {{Bench Press}},\n  year      = {{{year}}},\n  isbn      = {{{isbn(index)}}},\n}}\n")
    return (f"@article{{{key},\n  author  = {{Author{index}, Alex and Second, Sam and Third, Tess}},\n"
            f"  title   = {{Synthetic study {index} of {{PMMA}} vertebroplasty outcomes}},\n"
            f"  journal = {{Journal of Benchmarks}},\n  year    = {{{year}}},\n  volume  = {{{index % 50 + 1}}},\n"
            f"  pages   = {{{index}--{index + 9}}},\n  doi     = {{10.1000/bench.{index}}},\n"
            f"  pmid    = {{{10_000_000 + index}}},\n  issn    = {{0140-6736}},\n"
            f"  url     = {{https://example.org/articles/{index}}},\n  urldate = {{2026-01-15}},\n}}\n")


def chapter(number: int) -> str:
    keys = [f"author{index}y{2000 + index % 25}" for index in range(number * KEYS_PER_CHAPTER,
                                                                      (number + 1) * KEYS_PER_CHAPTER)]
    following = (number + 1) % CHAPTERS
    lines = [f"(chapter-{number})=", f"# Chapter {number}", ""]
    for section in range(5):
        cited = keys[section * 4:(section + 1) * 4]
        lines += [f"## Section {section} of chapter {number}", "",
                  f"Vertebroplasty puts {{term}}`PMMA` into the bone {{cite:p}}`{','.join(cited[:2])}`, as "
                  f"{{cite:t}}`{cited[2]}` and {{cite:ps}}`{cited[3]}` report; see {{ref}}`chapter-{following}`, "
                  f"{{numref}}`fig-{following}`, [the next chapter](chapter-{following}.md#section-{section}-of-chapter-"
                  f"{following}) and <https://www.nhs.uk/conditions/>.", "",
                  "```python", "print('{cite}`not-a-key`')", "```", ""]
    lines += [f"```{{figure}} figures/spine.svg", f":name: fig-{number}", ":alt: The spine from the side", "",
              f"The spine in chapter {number}.", "```", ""]
    return "\n".join(lines)


def generate(folder: pathlib.Path) -> pathlib.Path:
    """Write the synthetic handbook under *folder*; return its docs folder."""
    docs = folder / "docs"
    (docs / "figures").mkdir(parents=True)
    (docs / "figures" / "spine.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n', encoding="utf-8")
    (docs / "references.bib").write_text("\n".join(bib_entry(index) for index in range(ENTRIES)), encoding="utf-8")
    for number in range(CHAPTERS):
        (docs / f"chapter-{number}.md").write_text(chapter(number), encoding="utf-8")
    (docs / "glossary.md").write_text("# Glossary\n\n```{glossary}\nPMMA\n  Bone cement.\n```\n", encoding="utf-8")
    return docs


def run(runs: int = 3) -> list[dict]:
    """Time the offline check of the synthetic handbook; one row with seconds and peak_mib."""
    with tempfile.TemporaryDirectory(prefix="bench-references-") as temporary:
        docs = generate(pathlib.Path(temporary))
        command = [sys.executable, "-m", "scripts.check_references", str(docs)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        samples = [timed_run(command) for _ in range(runs)]
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    row = summarise(f"check_references offline, {ENTRIES:,} entries, {CHAPTERS} chapters", samples)
    # CPU time too: on a busy machine the wall time says more about the neighbours than the checker.
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / runs
    row.update(cpu_s=round(cpu, 3), entries=ENTRIES,
               chapters=CHAPTERS)
    return [row]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench_references", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs to take the median of (default 3)")
    args = parser.parse_args(argv)
    for row in run(args.runs):
        print(f"{row['name']}: {row['seconds']:.2f} s (median of {row['runs']}), {row['cpu_s']:.2f} s CPU per run, "
              f"peak {row['peak_mib']:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
