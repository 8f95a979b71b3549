"""Benchmark the citation checker's verdicts on CSL output: false alarms and detected mistakes.

    python -m scripts.bench_mutations [--items N] [--seed S]

Generates N CSL-JSON items of every kind (:mod:`scripts.check_citations.generate`, fixed seed), renders
them with the build's CSL renderer in each style (batches of 255 items: see
:data:`scripts.csl.BATCH`), checks every entry and
every mutation of it (:mod:`scripts.check_citations.differential`). Writes the whole report, with the
false alarms per kind of item and rule, the detection rate per mutation, and examples of what was
missed, to ``_build/bench/mutations.json``; ``make bench`` adds one summary row per style
(:mod:`scripts.bench_citations` calls :func:`run`).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import resource
import sys
import time

from scripts import csl
from scripts.check_citations import differential, generate
from scripts.layout import ROOT

ITEMS = 120 * len(generate.TYPES)
"""2,040 items: 120 of each kind."""
SEED = 12
REPORT = ROOT / "_build" / "bench" / "mutations.json"


def style_report(result: differential.StyleResult, seconds: float) -> dict:
    false_alarm_entries = result.entries - result.clean
    return {
        "style": result.style, "items": result.entries, "seconds": round(seconds, 1),
        "false_alarm_rate": round(false_alarm_entries / result.entries, 4),
        "false_alarms": dict(sorted(result.false_alarms.items(), key=lambda pair: -pair[1])),
        "detection": {mutation_id: {"applied": applied, "found": found, "rate": round(found / applied, 4)}
                      for mutation_id, (applied, found) in sorted(result.mutations.items())},
        "examples": [{"kind": miss.kind, "entry": miss.entry, "found": list(miss.found)} for miss in result.misses],
    }


def row_name(style: str, count: int = ITEMS, seed: int = SEED) -> str:
    """The name of *style*'s row in ``make bench``'s results."""
    return f"differential {style}, {count} CSL-rendered items (seed {seed})"


def run(count: int = ITEMS, seed: int = SEED, report: pathlib.Path = REPORT) -> list[dict]:
    """Evaluate every style; write *report*; return one summary row per style for scripts/bench.py."""
    items = generate.items(count, seed)
    reports, rows = [], []
    for style in csl.CITATION_STYLES:
        start = time.perf_counter()
        result = differential.evaluate(items, style)
        seconds = time.perf_counter() - start
        reports.append(style_report(result, seconds))
        rates = [found / applied for applied, found in result.mutations.values()]
        rows.append({"name": row_name(style, count, seed),
                     "seconds": round(seconds, 3),
                     "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                     "false_alarm_rate": reports[-1]["false_alarm_rate"],
                     "lowest_detection": round(min(rates), 4), "mutation_kinds": len(rates), "runs": 1})
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps({"items": count, "seed": seed, "styles": reports}, indent=1, ensure_ascii=False)
                      + "\n", encoding="utf-8")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench_mutations", description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=ITEMS, help=f"items per style (default {ITEMS})")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--report", type=pathlib.Path, default=REPORT)
    args = parser.parse_args(argv)
    for row in run(args.items, args.seed, args.report):
        print(row)
    print(f"Report: {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
