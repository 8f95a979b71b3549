"""Benchmark the citation-format checker: entries checked per second per style, on CSL-rendered entries.

    python -m scripts.bench_citations [--style STYLE --output FILE]

The entries are what the build's CSL renderer prints for the generator's items of every kind
(:mod:`scripts.check_citations.generate`, the seed and count of :mod:`scripts.bench_mutations`), so
they look like real reference lists, not like templates. They are rendered once and cached under
``_build/bench/csl-cache`` (pandoc's time is not the checker's), then repeated in turn to
:data:`ENTRIES` lines of a Markdown list. Each style is timed in its own process, which checks the
list :data:`RUNS` times without corrections (they cost one pandoc run per file and would swamp the
checker's own time) and writes the median; peak memory is that process's maximum resident set.
:func:`run` also runs :mod:`scripts.bench_mutations` (false-alarm and detection rates on CSL output).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import sys
import tempfile
import time

from scripts import bench_mutations, csl
from scripts.check_citations import generate
from scripts.check_citations.check import check_text
from scripts.check_citations.consistency import registry as document_registry
from scripts.check_citations.correct import to_markup
from scripts.check_citations.handbook import PROFILES
from scripts.check_citations.rules import rules_for

ENTRIES = 10_000
RUNS = 5
SEED = bench_mutations.SEED
CACHE = bench_mutations.REPORT.parent / "csl-cache"


def rendered_file(style: str, count: int = ENTRIES) -> str:
    """*count* CSL-rendered entries in *style*, one per line, as a Markdown list (italics as ``*x*``)."""
    items = generate.items(bench_mutations.ITEMS, SEED)
    rendered = csl.render_in_batches(items, style, cache_dir=CACHE)
    entries = [to_markup(result.bibliography, "*") for result in rendered.values()]
    return "".join(f"- {entries[index % len(entries)]}\n" for index in range(count))


def measure(style: str) -> dict:
    """Check :func:`rendered_file` RUNS times in this process: median wall and CPU seconds, findings."""
    text = rendered_file(style)
    rules = rules_for(style)
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        result = check_text("bench.md", text, PROFILES[style], rules, list(document_registry))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        findings = len(result.findings())
        # Each run checks the file as one command would: not beside the last run's results, which would
        # double the memory and the garbage collector's work.
        del result
    return {"seconds": statistics.median(walls), "cpu_seconds": statistics.median(cpus), "findings": findings}


def row_name(style: str) -> str:
    """The name of *style*'s row in ``make bench``'s results."""
    return f"check_citations {style}, {ENTRIES:,} CSL-rendered entries (no corrections)"


def run() -> list[dict]:
    """Entries per second per style (median of RUNS, wall clock and CPU time) and peak memory."""
    from scripts.bench import timed_run  # bench imports this module; import it only when run from there

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-citations-") as folder:
        output = pathlib.Path(folder) / "seconds.json"
        for style in csl.CITATION_STYLES:
            rendered_file(style, 0)  # render (or find in the cache) before the timed process starts
            _, peak_mib = timed_run([sys.executable, "-m", "scripts.bench_citations", "--style", style,
                                     "--output", str(output)])
            measured = json.loads(output.read_text(encoding="utf-8"))
            rows.append({"name": row_name(style),
                         "seconds": round(measured["seconds"], 3), "peak_mib": round(peak_mib, 1),
                         "entries_per_s": round(ENTRIES / measured["seconds"]),
                         "cpu_entries_per_s": round(ENTRIES / measured["cpu_seconds"]),
                         "findings": measured["findings"], "items": bench_mutations.ITEMS, "seed": SEED,
                         "runs": RUNS,
                         # The machine's load when the style was measured: on a shared machine the wall
                         # time (and, less, the CPU time) says as much about the neighbours as the checker.
                         "load_1min": round(os.getloadavg()[0], 2)})
    # The checker's verdicts on CSL output (false alarms, mistakes found): its own report file.
    return rows + bench_mutations.run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench_citations", description=__doc__.splitlines()[0])
    parser.add_argument("--style", choices=csl.CITATION_STYLES,
                        help="time this style alone in this process (default: every style, one process each)")
    parser.add_argument("--output", type=pathlib.Path, help="with --style: write the timings here (default: print)")
    args = parser.parse_args(argv)
    if args.style is None:
        for row in run():
            print(row)
        return 0
    result = json.dumps(measure(args.style))
    if args.output:
        args.output.write_text(result, encoding="utf-8")
    else:
        print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
