"""Measure build time and peak memory: scaling with the number of chapters, the formats, the checkers.

    python -m scripts.bench [--builddir _build] [--sizes 13,100,200,500,1000] [--runs 5] [--runs-above-100 1]
                            [--formats pdf,epub,html] [--skip-builds] [--skip-scaling]
                            [--skip-components] [--skip-profiles]

Scaling: for each size N, a book of N chapters made from the handbook's (scripts/synthetic_book.py)
is built as HTML by the build driver (what `make html` runs), cold (empty build folder) and after one
chapter was touched, alternating with the plain-Sphinx floor on the same chapters (myst_parser,
sphinxcontrib.bibtex and sphinx.ext.graphviz with the basic theme, plain `sphinx-build`, no -W: the
floor does not know the handbook's own directives and says so). Medians of --runs up to N = 100,
of --runs-above-100 beyond. Then the slope of cold time against N (least squares) and the ratio to
the floor. Formats: each of --formats built cold and incremental on the handbook itself, in `make
all`'s order (PDF, EPUB, site), so a new output shows its cost. Profiles: a cold and a one-chapter-
touched HTML build of the handbook under cProfile, Sphinx in one process; the functions with the most
time (cumulative, and their own) go into the results, the statistics files beside them. Peak memory is the largest sum
of the proportional set sizes of the build and all its descendants (Sphinx's parallel workers, pandoc,
xelatex), sampled from /proc every 20 ms. The load average (`uptime`) is recorded with every measurement.
Results go to BUILDDIR/bench/results.json, a plot of time against N to BUILDDIR/bench/scaling.png,
and a table is printed, then each target of issues #16 and #12 with the figure measured for it (TARGETS).
Benchmarks live here, never in the tests: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pathlib
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import threading
import time

from scripts import bench_citations, bench_mutations, csl, synthetic_book
from scripts.check_chapters import chapter_docnames
from scripts.layout import FORMATS, ROOT

# Modules with a run() -> list[dict] of their own measurements (the checkers, the CSL renderer).
COMPONENT_BENCHMARKS = ("scripts.bench_references", "scripts.bench_citations", "scripts.bench_real_examples",
                        "scripts.bench_csl")


# The chapter touched before each incremental build (the first in file-name order, as before).
TOUCHED = "about"
# The targets of issues #16 and #12: (what, the result row and its field, "at most" or "at least", the
# limit). The cold build of the handbook's 13 chapters is compared with the floor's; peak memory is in MiB.
TARGETS = (
    ("cold HTML of the handbook, times the floor", ("ratio", 13), "at most", 1.3),
    ("one chapter touched, the handbook (s)", ("build html, one chapter touched", "seconds"), "at most", 1.0),
    ("one chapter touched, 200 chapters (s)", ("html incremental, 200 chapters", "seconds"), "at most", 1.5),
    ("peak memory, 1,000 chapters cold (MiB)", ("html cold, 1000 chapters", "peak_mib"), "at most", 1024),
) + tuple(target for style in csl.CITATION_STYLES for target in (
    # Issue #12: the citation checker's speed and its verdicts on what the build's CSL renderer prints.
    (f"citation checker, {style}: entries per second", (bench_citations.row_name(style), "entries_per_s"),
     "at least", 10_000),
    (f"citation checker, {style}: share of CSL-rendered entries flagged",
     (bench_mutations.row_name(style), "false_alarm_rate"), "at most", 0),
    (f"citation checker, {style}: share found of the kind of mistake found least",
     (bench_mutations.row_name(style), "lowest_detection"), "at least", 0.95),
))
# How many functions of each profile the report keeps, by cumulative time and by their own.
PROFILE_ENTRIES = 25
# How often the process tree's memory is sampled.
SAMPLE_SECONDS = 0.02
# The floor's configuration: plain Sphinx with the extensions the chapters' syntax needs, nothing of ours.
# pybtex's own styles know no biblatex types (@report, @online): those entries are formatted as @misc.
FLOOR_CONF = """\
import pybtex.plugin
from pybtex.style.formatting.unsrt import Style


class FloorStyle(Style):
    def __getattr__(self, name):
        if name.startswith("get_") and name.endswith("_template"):
            return Style.get_misc_template.__get__(self)
        raise AttributeError(name)


pybtex.plugin.register_plugin("pybtex.style.formatting", "floor", FloorStyle)
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx.ext.graphviz"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# The chapters' {{numref}} roles need figure numbers; with them, Sphinx reads every chapter's doctree
# again after any edit to number the figures, in the floor as in the project.
numfig = True
html_theme = "basic"
bibtex_bibfiles = [{bib!r}]
bibtex_default_style = "floor"
bibtex_reference_style = "author_year"
"""


def tree_memory_mib(pid: int) -> float:
    """The memory of process *pid* and all its descendants together, in MiB (Linux /proc): the sum of
    their proportional set sizes (PSS). Not of their RSS: Sphinx's parallel workers are forks that share
    most of their pages with the main process, and summed RSS would count each shared page once per process."""
    total_kib, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as rollup:
                total_kib += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    pending += [int(child) for child in children.read().split()]
        except (FileNotFoundError, ProcessLookupError, StopIteration):  # it ended between two reads
            continue
    return total_kib / 1024


def load_average() -> float:
    """The one-minute load average, recorded with each measurement (the machine may be shared)."""
    return round(os.getloadavg()[0], 2)


def timed_run(command: list[str]) -> tuple[float, float]:
    """Run *command*; return (wall seconds, peak memory in MiB of it and all its descendants together)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    stderr = []
    reader = threading.Thread(target=lambda: stderr.append(process.stderr.read()), daemon=True)
    reader.start()  # so a build that writes much to stderr never blocks on a full pipe
    while process.poll() is None:
        peak = max(peak, tree_memory_mib(process.pid))
        time.sleep(SAMPLE_SECONDS)
    elapsed = time.perf_counter() - start
    reader.join()
    process.stderr.close()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{b''.join(stderr).decode(errors='replace')}")
    return elapsed, peak


def summarise(name: str, samples: list[tuple[float, float]], loads: list[float] = (), **extra) -> dict:
    times = [seconds for seconds, _ in samples]
    row = {"name": name, "seconds": round(statistics.median(times), 3), "min_s": round(min(times), 3),
           "max_s": round(max(times), 3), "peak_mib": round(max(rss for _, rss in samples), 1),
           "runs": len(samples), **extra}
    if loads:
        row["load"] = round(max(loads), 2)
    return row


def bench_builds(bench_dir: pathlib.Path, formats: list[str], runs: int) -> list[dict]:
    rows = []
    touched = ROOT / "docs" / f"{TOUCHED}.md"
    for fmt in formats:
        build_dir = bench_dir / "build"
        command = [sys.executable, "-m", "scripts.build", "--builddir", str(build_dir), "--sphinx-option=-q", fmt]
        cold, incremental, loads = [], [], []
        for run in range(1, runs + 1):
            print(f"bench: {fmt} cold build {run}/{runs}", flush=True)
            shutil.rmtree(build_dir, ignore_errors=True)
            loads.append(load_average())
            cold.append(timed_run(command))
            print(f"bench: {fmt} incremental build {run}/{runs} (touched {touched.name})", flush=True)
            touched.touch()
            incremental.append(timed_run(command))
        rows.append(summarise(f"build {fmt}, cold", cold, loads))
        rows.append(summarise(f"build {fmt}, one chapter touched", incremental, loads))
    shutil.rmtree(bench_dir / "build", ignore_errors=True)
    return rows


def bench_size(bench_dir: pathlib.Path, chapters: int, runs: int) -> list[dict]:
    """Cold and one-chapter-touched HTML of a book of *chapters* chapters, alternating with the floor."""
    book = bench_dir / f"book-{chapters}"
    synthetic_book.make_book(ROOT / "docs", book, chapters)
    (bench_dir / "floor-conf").mkdir(exist_ok=True)
    (bench_dir / "floor-conf" / "conf.py").write_text(FLOOR_CONF.format(bib=str(book / "references.bib")),
                                                      encoding="utf-8")
    # The chapter bench_builds touches, at every size: one without a chart, so the same work is timed at each N.
    touched = book / f"{TOUCHED}.md"
    build_dir, floor_dir = bench_dir / f"build-{chapters}", bench_dir / f"floor-{chapters}"
    project = [sys.executable, "-m", "scripts.build", "--builddir", str(build_dir), "--source", str(book),
               "--sphinx-option=-q", "html"]
    floor = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(bench_dir / "floor-conf"),
             "-d", str(floor_dir / "doctrees"), str(book), str(floor_dir / "html")]
    samples = {key: [] for key in ("cold", "incremental", "floor cold", "floor incremental")}
    loads = []
    for run in range(1, runs + 1):
        print(f"bench: {chapters} chapters, run {run}/{runs}: project and floor, cold then {touched.name} touched",
              flush=True)
        for kind, command, folder in (("", project, build_dir), ("floor ", floor, floor_dir)):
            shutil.rmtree(folder, ignore_errors=True)
            loads.append(load_average())
            # The floor does not know the handbook's directives: it warns about them and goes on (no -W),
            # so a failure of either build is a crash, and stops the benchmark.
            samples[f"{kind}cold"].append(timed_run(command))
            touched.touch()
            samples[f"{kind}incremental"].append(timed_run(command))
    rows = [summarise(f"html {key}, {chapters} chapters", values, loads, chapters=chapters, kind=key)
            for key, values in samples.items()]
    for folder in (book, build_dir, floor_dir):
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def bench_scaling(bench_dir: pathlib.Path, sizes: list[int], runs: int, runs_above_100: int) -> tuple[list[dict], dict]:
    rows = []
    for chapters in sizes:
        rows += bench_size(bench_dir, chapters, runs if chapters <= 100 else runs_above_100)
    by_kind = {kind: {row["chapters"]: row["seconds"] for row in rows if row["kind"] == kind}
               for kind in ("cold", "incremental", "floor cold", "floor incremental")}
    summary = {"ratio_to_floor": {n: round(by_kind["cold"][n] / by_kind["floor cold"][n], 2) for n in sizes}}
    if len(sizes) > 1:
        summary["cold_seconds_per_chapter"] = round(statistics.linear_regression(
            sizes, [by_kind["cold"][n] for n in sizes]).slope, 4)
        summary["floor_seconds_per_chapter"] = round(statistics.linear_regression(
            sizes, [by_kind["floor cold"][n] for n in sizes]).slope, 4)
    return rows, summary


def bench_profiles(bench_dir: pathlib.Path) -> dict[str, dict[str, list[dict]]]:
    """Where Sphinx spends a cold and a one-chapter-touched HTML build of the handbook, by cProfile.

    Profiled builds run in one process (cProfile does not follow forks), so their times are not the
    benchmark's; the statistics files stay beside the results, for pstats or snakeviz.
    """
    build_dir, report = bench_dir / "profile-build", {}
    shutil.rmtree(build_dir, ignore_errors=True)
    for kind in ("cold", "incremental"):
        if kind == "incremental":
            (ROOT / "docs" / f"{TOUCHED}.md").touch()
        print(f"bench: profiling html, {kind}", flush=True)
        statistics_file = bench_dir / f"profile-html-{kind}.prof"
        timed_run([sys.executable, "-m", "scripts.build", "--builddir", str(build_dir), "--profile",
                   str(statistics_file), "--sphinx-option=-q", "html"])
        report[kind] = {"by_cumulative_time": top_functions(statistics_file, "cumulative_s"),
                        "by_own_time": top_functions(statistics_file, "own_s")}
    shutil.rmtree(build_dir, ignore_errors=True)
    return report


def top_functions(statistics_file: pathlib.Path, key: str, count: int = PROFILE_ENTRIES) -> list[dict]:
    """The *count* functions of a cProfile statistics file with the most *key* ("cumulative_s": time in
    them and what they call, which shows the build's structure; "own_s": time in them alone, the hot spots)."""
    functions = [{"function": pstats.func_std_string(function), "calls": calls, "own_s": round(own, 3),
                  "cumulative_s": round(cumulative, 3)}
                 for function, (_, calls, own, cumulative, _) in pstats.Stats(str(statistics_file)).stats.items()]
    return sorted(functions, key=lambda function: function[key], reverse=True)[:count]


def plot_scaling(rows: list[dict], path: pathlib.Path) -> None:
    """Time against chapters for each kind of build, as a PNG beside the results."""
    from matplotlib.figure import Figure  # only make bench draws; imported here, as in data_charts

    figure = Figure(figsize=(7, 4.5), layout="constrained")
    axes = figure.add_subplot()
    for kind, style in (("cold", "o-"), ("floor cold", "s--"), ("incremental", "^-"), ("floor incremental", "v--")):
        points = sorted((row["chapters"], row["seconds"]) for row in rows if row.get("kind") == kind)
        if points:
            axes.plot(*zip(*points), style, label=kind)
    axes.set_xlabel("chapters")
    axes.set_ylabel("wall-clock seconds (median)")
    axes.set_title("HTML build time against the number of chapters")
    axes.grid(True, alpha=0.3)
    axes.legend()
    figure.savefig(path, dpi=100, metadata={"Software": None})


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


def check_targets(rows: list[dict], summary: dict) -> list[dict]:
    """Each of TARGETS whose figure this run measured, with the figure and whether it is met."""
    by_name = {row["name"]: row for row in rows}
    checked = []
    for what, (source, field), bound, limit in TARGETS:
        if source == "ratio":
            value = summary.get("ratio_to_floor", {}).get(field)
        else:
            value = by_name.get(source, {}).get(field)
        if value is not None:
            met = value <= limit if bound == "at most" else value >= limit
            checked.append({"target": what, "bound": bound, "limit": limit, "measured": value, "met": met})
    return checked


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
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement up to 100 chapters (default 5)")
    parser.add_argument("--runs-above-100", type=int, default=1, help="runs per measurement above 100 chapters (default 1)")
    parser.add_argument("--sizes", default="13,100,200,500,1000",
                        help="chapters of the synthetic books (default 13,100,200,500,1000)")
    parser.add_argument("--formats", default="pdf,epub,html", help="comma-separated, built on the handbook (default pdf,epub,html)")
    parser.add_argument("--skip-builds", action="store_true", help="only the checker and renderer benchmarks")
    parser.add_argument("--skip-scaling", action="store_true", help="no synthetic books")
    parser.add_argument("--skip-components", action="store_true", help="no checker and renderer benchmarks")
    parser.add_argument("--skip-profiles", action="store_true", help="no profiled builds of the handbook")
    args = parser.parse_args(argv)
    if args.skip_builds and args.skip_components:
        parser.error("--skip-builds and --skip-components together leave nothing to measure "
                     "(for the synthetic books alone: --formats '' --skip-components --skip-profiles)")
    formats = [f for f in args.formats.split(",") if f]
    if unknown := set(formats) - set(FORMATS):
        parser.error(f"unknown format(s): {', '.join(sorted(unknown))}")
    try:
        sizes = sorted({int(size) for size in args.sizes.split(",") if size})
    except ValueError:
        parser.error(f"--sizes {args.sizes!r}: give whole numbers separated by commas, e.g. 13,100")
    chapters = len(chapter_docnames(ROOT / "docs"))
    if any(size < chapters for size in sizes) or args.runs < 1 or args.runs_above_100 < 1:
        parser.error(f"each size must be at least the handbook's {chapters} chapters, and runs at least 1")

    bench_dir = args.builddir / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    rows, summary = [], {}
    if not args.skip_builds and not args.skip_scaling:
        rows, summary = bench_scaling(bench_dir, sizes, args.runs, args.runs_above_100)
        plot_scaling(rows, bench_dir / "scaling.png")
    if not args.skip_builds:
        rows += bench_builds(bench_dir, formats, args.runs)
    profiles = {} if args.skip_builds or args.skip_profiles else bench_profiles(bench_dir)
    if not args.skip_components:
        rows += bench_components()
    targets = check_targets(rows, summary)
    result = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
              "scaling": summary, "targets": targets, "results": rows, "profiles": profiles}
    (bench_dir / "results.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print_table(rows)
    for name, value in summary.items():
        print(f"{name}: {value}")
    for target in targets:
        print(f"target: {target['target']}: {target['measured']} ({target['bound']} {target['limit']}): "
              f"{'met' if target['met'] else 'NOT met'}")
    for kind, functions in profiles.items():
        print(f"\nhtml {kind}, the functions with the most time of their own (cProfile, Sphinx in one process;"
              f" more in results.json):")
        for function in functions["by_own_time"][:10]:
            print(f"  {function['own_s']:8.2f} s  {function['function']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
