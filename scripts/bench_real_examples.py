"""Measure the citation checker's verdicts on the held-out part of the real published examples.

    python -m scripts.bench_real_examples

The examples (tests/fixtures/citations-real/) were copied from style guides nobody on this team wrote.
About a third of them, chosen by the SHA-256 of each entry's text (:attr:`Labelled.held_out`), is held
out: the tests never run it, so the share of right verdicts on it measures the checker honestly. Only
counts are reported, never which entries failed, so that the held-out part stays unseen while the
checker changes. The development part's figures are given beside them for comparison.
"""

from __future__ import annotations

import itertools
import sys
import time

from scripts.check_citations.corpus import REAL_CORPUS, read_corpus, verdict


def run() -> list[dict]:
    """One row per corpus file and part (held out, development): entries, right verdicts, accuracy."""
    rows = []
    entries = sorted(read_corpus(REAL_CORPUS), key=lambda e: (e.path.stem, not e.held_out))
    for (stem, held_out), group in itertools.groupby(entries, key=lambda e: (e.path.stem, e.held_out)):
        group = list(group)
        start = time.perf_counter()
        right = sum(verdict(entry).right for entry in group)
        rows.append({"name": f"real examples {stem}, {'held out' if held_out else 'development'}",
                     "seconds": round(time.perf_counter() - start, 3), "runs": 1,
                     "entries": len(group), "right": right, "accuracy": round(right / len(group), 3)})
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
    sys.exit(0)
