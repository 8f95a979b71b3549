"""Benchmark the CSL renderer: 1,000 synthetic journal articles in one style, one pandoc process.

    python -m scripts.bench_csl [--entries N] [--style apa] [--output FILE]

``run()`` (called by ``make bench``) does this for each style a build can use, each in a fresh Python
process, so the peak memory is that of the renderer and its pandoc alone: seconds of
``scripts.csl.render`` itself, and peak RSS in MiB of the process and pandoc.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys
import tempfile
import time

from scripts import csl

ENTRIES = 1000
# One run each: with APA and Chicago, pandoc 3.9's citeproc grows much faster than linearly with the
# batch (about a minute of CPU for 1,000 entries, 4 s for 500; MLA and Harvard take 2 s for 1,000),
# and make bench should stay short.
RUNS = 1
# 30 × 40 distinct family names: like a real reference list, first authors rarely collide (colliding
# names and years make citeproc disambiguate, which costs far more per entry).
FAMILIES = [head + tail for head in ("Buch", "Kall", "Os", "Eb", "War", "Sta", "Cla", "Fir", "Kla", "Ward", "Mei",
                                     "Vri", "Lind", "Gen", "Pro", "Krue", "Lia", "Chan", "Edi", "Mui", "Kauf", "Are",
                                     "Gre", "Ber", "Doh", "Tsou", "Mc", "Wang", "Ste", "Hol")
            for tail in ("binder", "mes", "borne", "eling", "ton", "ples", "rkson", "anescu", "zen", "law", "ghe",
                         "es", "say", "ant", "venzano", "ger", "o", "dra", "din", "js", "mann", "gger", "gson",
                         "enson", "m", "makidou", "graw", "er", "vens", "lis", "ford", "ley", "wood", "man", "sen",
                         "bury", "field", "hurst", "combe", "well")]
GIVEN = ["Rachelle", "David F.", "Richard H.", "Peter R.", "John D.", "Margaret P.", "William", "Cristina E."]


def synthetic_items(count: int) -> list[dict]:
    """*count* journal articles with one to twelve authors, distinct first authors, titles, pages and DOIs."""
    items = []
    for n in range(count):
        authors = [{"family": FAMILIES[(n + 37 * k) % len(FAMILIES)], "given": GIVEN[(n * 3 + k) % len(GIVEN)]}
                   for k in range(1 + n % 12)]
        items.append({
            "id": f"synthetic{n}", "type": "article-journal", "author": authors,
            "title": f"A randomized trial of vertebroplasty number {n} for painful osteoporotic fractures",
            "container-title": "Journal of Synthetic Radiology", "volume": str(1 + n % 60), "issue": str(1 + n % 12),
            "page": f"{100 + n}-{110 + n}", "issued": {"date-parts": [[1990 + n % 35, 1 + n % 12]]},
            "DOI": f"10.5555/synthetic.{n}",
        })
    return items


def measure(entries: int, style: str) -> float:
    """Seconds to render *entries* synthetic items in *style*, with no cache."""
    items = synthetic_items(entries)
    start = time.perf_counter()
    rendered = csl.render(items, style)
    elapsed = time.perf_counter() - start
    if len(rendered) != entries:
        raise RuntimeError(f"rendered {len(rendered)} of {entries} entries")
    return elapsed


def run() -> list[dict]:
    from scripts.bench import timed_run  # bench imports this module; import it only when run from there

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-csl-") as folder:
        output = pathlib.Path(folder) / "seconds.json"
        for style in csl.CITATION_STYLES:
            render_seconds, peaks = [], []
            for _ in range(RUNS):
                _, peak = timed_run([sys.executable, "-m", "scripts.bench_csl", "--entries", str(ENTRIES),
                                     "--style", style, "--output", str(output)])
                render_seconds.append(json.loads(output.read_text(encoding="utf-8"))["seconds"])
                peaks.append(peak)
            seconds, peak_mib = round(statistics.median(render_seconds), 3), round(max(peaks), 1)
            rows.append({"name": f"CSL render {ENTRIES:,} entries ({style})", "seconds": seconds,
                         "peak_mib": peak_mib, "runs": RUNS,
                         "entries": ENTRIES, "style": style})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench_csl", description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=ENTRIES)
    parser.add_argument("--style", choices=csl.STYLES, default="apa")
    parser.add_argument("--output", type=pathlib.Path, help="write {\"seconds\": …} here (default: print it)")
    args = parser.parse_args(argv)
    result = json.dumps({"seconds": measure(args.entries, args.style)})
    if args.output:
        args.output.write_text(result, encoding="utf-8")
    else:
        print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
