"""Benchmark the citation-format checker: entries checked per second on a synthetic 10,000-entry file.

    python -m scripts.bench_citations

The file mixes the five source types, correct and with typical mistakes, in each style's form; names,
years and pages vary so that no two entries are alike. Corrections are not rendered (``--no-corrections``):
they cost one pandoc run per file, whatever its size, and would swamp the checker's own time.
:func:`run` also runs :mod:`scripts.bench_mutations` (false-alarm and detection rates on CSL output).
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import time

from scripts import bench_mutations
from scripts.check_citations.check import check_text
from scripts.check_citations.consistency import registry as document_registry
from scripts.check_citations.rules import Profile, rules_for

ENTRIES = 10_000
RUNS = 3
SURNAMES = ("Buchbinder", "Kallmes", "Clark", "Firanescu", "Wardlaw", "Van Meirhaeghe", "Klazen", "de Vries", "Ebeling",
            "O'Toole", "Annesley-Williams", "Wáng", "Lindsay", "Chandra", "Muijs")
GIVEN = ("Rachelle", "David F.", "William", "Cristina E.", "Douglas", "Jan", "Caroline A. H.", "Jolanda", "Peter R.")
# One template per source type and style; {a} authors, {y} year, {v} volume, {p} first page.
TEMPLATES = {
    "apa": ("{a_apa} ({y}). A randomized trial of vertebroplasty: Results at {p} days. *New England Journal of "
            "Medicine*, *{v}*(6), {p}–{q}. https://doi.org/10.1056/NEJMoa{p}",
            "Thomas, L. ({y}, February {d}). *What is vertebroplasty?* News-Medical. https://www.news-medical.net/{p}",
            "Thomas, Liji. ({y}, February 0{d}). What is Vertebroplasty?. News-Medical. Retrieved on October 04, 2023 "
            "from https://www.news-medical.net/health/{p}.aspx.",
            "National Institute for Health and Care Excellence. ({y}). *Percutaneous vertebroplasty* (Technology "
            "Appraisal Guidance TA{v}). https://www.nice.org.uk/guidance/ta{v}",
            "Dillard, J. P. ({y}). Currents in the study of persuasion. In M. B. Oliver & J. Bryant (Eds.), *Media "
            "effects* (4th ed., pp. {p}–{q}). Routledge."),
    "mla": ('{a_mla} "A Randomized Trial of Vertebroplasty." *New England Journal of Medicine*, vol. {v}, no. 6, '
            "{y}, pp. {p}-{q}, https://doi.org/10.1056/NEJMoa{p}.",
            'Thomas, Liji. "What is Vertebroplasty?". News-Medical. 0{d} October {y}. '
            "<https://www.news-medical.net/health/{p}.aspx>.",
            "Pears, Richard, and Graham Shields. *Cite Them Right*. {v}th ed., Bloomsbury Academic, {y}."),
    "chicago": ('{a_chi} "A Randomized Trial of Vertebroplasty." *New England Journal of Medicine* {v}, no. 6 ({y}): '
                "{p}–{q}. https://doi.org/10.1056/NEJMoa{p}.",
                'Thomas, Liji. "What is Vertebroplasty?". News-Medical. https://www.news-medical.net/{p}.aspx. '
                "(accessed October 0{d}, 2023).",
                "Pears, Richard, and Graham Shields. *Cite Them Right*. {v}th ed. London: Bloomsbury Academic, {y}."),
    "harvard": ("{a_har} ({y}) 'A randomized trial of vertebroplasty', *New England Journal of Medicine*, {v}(6), "
                "pp. {p}–{q}. Available at: https://doi.org/10.1056/NEJMoa{p}.",
                "Thomas, Liji. {y}. What is Vertebroplasty?. News-Medical, viewed 0{d} October 2023, "
                "https://www.news-medical.net/{p}.aspx.",
                "Dillard, J.P. ({y}) 'Currents in the study of persuasion', in M.B. Oliver and J. Bryant (eds) *Media "
                "effects*. 4th edn. New York: Routledge, pp. {p}–{q}."),
}


def initials(given: str, spaced: bool) -> str:
    return (" " if spaced else "").join(part[0] + "." for part in given.split())


def synthetic_file(style: str, count: int = ENTRIES, seed: int = 5) -> str:
    """*count* entries in *style*, one per line, as a Markdown list."""
    rng = random.Random(seed)
    lines = []
    for index in range(count):
        people = [(rng.choice(SURNAMES), rng.choice(GIVEN)) for _ in range(rng.randint(1, 9))]
        first_page = rng.randint(1, 2000)
        values = {
            "y": rng.randint(1990, 2025), "v": rng.randint(1, 400), "p": first_page,
            "q": first_page + rng.randint(3, 20),
            "d": rng.randint(1, 9),
            "a_apa": ", ".join(f"{s}, {initials(g, True)}" for s, g in people[:-1]) +
                     (", & " if len(people) > 1 else "") + f"{people[-1][0]}, {initials(people[-1][1], True)}",
            "a_har": f"{people[0][0]}, {initials(people[0][1], False)}" + (" et al." if len(people) > 3 else ""),
            "a_mla": f"{people[0][0]}, {people[0][1]}" + (", et al." if len(people) > 2 else "."),
            "a_chi": f"{people[0][0]}, {people[0][1]}" + "".join(f", {g} {s}" for s, g in people[1:3]) +
                     (", et al." if len(people) > 3 else "."),
        }
        template = TEMPLATES[style][index % len(TEMPLATES[style])]
        lines.append("- " + template.format(**values))
    return "\n".join(lines) + "\n"


def reference_loop_us() -> float:
    """Microseconds this machine takes to sum 1,000 integers (a typical idle desktop: 3 to 5): divide
    the checker's speed by it to compare runs on machines of different speed or load."""
    numbers = list(range(1000))
    start = time.process_time()
    for _ in range(2000):
        sum(numbers)
    return (time.process_time() - start) / 2000 * 1e6


def run() -> list[dict]:
    """Entries per second per style (median of RUNS, wall clock and CPU time), without corrections."""
    rows = []
    for style in ("apa", "mla", "chicago", "harvard"):
        profile = Profile(style, {"apa": 7, "mla": 9, "chicago": 18, "harvard": 12}[style])
        text = synthetic_file(style)
        rules = rules_for(style)
        walls, cpus = [], []
        for _ in range(RUNS):
            wall, cpu = time.perf_counter(), time.process_time()
            result = check_text("bench.md", text, profile, rules, list(document_registry))
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        seconds, cpu_seconds = statistics.median(walls), statistics.median(cpus)
        peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        rows.append({"name": f"check_citations {style}, {ENTRIES} entries (no corrections)",
                     "seconds": round(seconds, 3), "peak_mib": peak,
                     "entries_per_s": round(ENTRIES / seconds), "cpu_entries_per_s": round(ENTRIES / cpu_seconds),
                     "reference_loop_us": round(reference_loop_us(), 1), "findings": len(result.findings()),
                     "runs": RUNS})
    # The checker's verdicts on CSL output (false alarms, mistakes found): its own report file.
    return rows + bench_mutations.run()


if __name__ == "__main__":
    for row in run():
        print(row)
    sys.exit(0)
