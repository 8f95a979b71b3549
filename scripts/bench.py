"""Measure build time and peak memory per format, cold and incremental, plus the checkers' speed.

    python -m scripts.bench [--builddir _build] [--runs 5] [--formats html,pdf,epub]

Each measurement is the median of --runs runs. "cold" starts from an empty build folder;
"incremental" rebuilds after one chapter's file was touched. Peak memory is the largest resident
set of the build's processes (Sphinx, or xelatex for the PDF), from the operating system's own
accounting (wait4). Results go to BUILDDIR/bench/results.json and are printed as a table.
Benchmarks live here, never in the tests: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys
import time

from scripts.layout import FORMATS, ROOT

# Modules with a run() -> list[dict] of their own measurements (the checkers, the CSL renderer).
COMPONENT_BENCHMARKS = ("scripts.bench_references", "scripts.bench_citations", "scripts.bench_real_examples",
                        "scripts.bench_csl")


def timed_run(command: list[str]) -> tuple[float, float]:
    """Run *command*; return (wall seconds, peak RSS in MiB of it and its children)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{process.stderr.read().decode(errors='replace')}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def summarise(name: str, samples: list[tuple[float, float]]) -> dict:
    times = [seconds for seconds, _ in samples]
    return {"name": name, "seconds": round(statistics.median(times), 3), "min_s": round(min(times), 3),
            "max_s": round(max(times), 3), "peak_mib": round(max(rss for _, rss in samples), 1),
            "runs": len(samples)}


def bench_builds(bench_dir: pathlib.Path, formats: list[str], runs: int) -> list[dict]:
    rows = []
    touched = sorted((ROOT / "docs").glob("*.md"))[0]
    for fmt in formats:
        build_dir = bench_dir / "build"
        command = [sys.executable, "-m", "scripts.build", "--builddir", str(build_dir), "--sphinx-option=-q", fmt]
        cold, incremental = [], []
        for run in range(1, runs + 1):
            print(f"bench: {fmt} cold build {run}/{runs}", flush=True)
            shutil.rmtree(build_dir, ignore_errors=True)
            cold.append(timed_run(command))
            print(f"bench: {fmt} incremental build {run}/{runs} (touched {touched.name})", flush=True)
            touched.touch()
            incremental.append(timed_run(command))
        rows.append(summarise(f"build {fmt}, cold", cold))
        rows.append(summarise(f"build {fmt}, one chapter touched", incremental))
    shutil.rmtree(bench_dir / "build", ignore_errors=True)
    return rows


def bench_components() -> list[dict]:
    rows = []
    for module_name in COMPONENT_BENCHMARKS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        print(f"bench: {module_name}", flush=True)
        rows += module.run()
    return rows


def print_table(rows: list[dict]) -> None:
    width = max(len(row["name"]) for row in rows)
    print(f"\n{'measurement':<{width}}  {'median s':>9}  {'peak MiB':>9}  runs  other")
    for row in rows:
        other = ", ".join(f"{k}={v}" for k, v in row.items()
                          if k not in {"name", "seconds", "peak_mib", "runs", "min_s", "max_s"})
        print(f"{row['name']:<{width}}  {row['seconds']:>9.3f}  {row.get('peak_mib', 0):>9.1f}  "
              f"{row.get('runs', 1):>4}  {other}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--builddir", type=pathlib.Path, default=ROOT / "_build")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: html,pdf,epub")
    parser.add_argument("--skip-builds", action="store_true", help="only the checker and renderer benchmarks")
    args = parser.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    if unknown := set(formats) - set(FORMATS):
        parser.error(f"unknown format(s): {', '.join(sorted(unknown))}")

    bench_dir = args.builddir / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    rows = [] if args.skip_builds else bench_builds(bench_dir, formats, args.runs)
    rows += bench_components()
    result = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
              "results": rows}
    (bench_dir / "results.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
