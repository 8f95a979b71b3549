"""The benchmark's profiles (scripts/bench.py): a build of the handbook under cProfile, and its report.

Timings are measured by `make bench`, never here; this checks that a profiled build is a real build
whose statistics cover Sphinx's work.
"""

from __future__ import annotations

import pstats
import subprocess
import sys

import pytest

from scripts import bench
from tests.helpers import REPO


def test_a_profiled_build_publishes_the_site_and_its_statistics_cover_sphinx_s_work(tmp_path):
    statistics_file = tmp_path / "html.prof"
    result = subprocess.run([sys.executable, "-m", "scripts.build", "--builddir", str(tmp_path / "build"),
                             "--profile", str(statistics_file), "--sphinx-option=-q", "html"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "build" / "html" / "index.html").is_file()
    # Sphinx read and wrote in the profiled process itself: forked workers would be missing from it.
    profiled = {name for _, _, name in pstats.Stats(str(statistics_file)).stats}
    assert {"_read_serial", "_write_serial"} <= profiled
    assert not {"_read_parallel", "_write_parallel"} & profiled

    by_cumulative = bench.top_functions(statistics_file, "cumulative_s", count=30)
    assert len(by_cumulative) == 30
    assert [entry["cumulative_s"] for entry in by_cumulative] == sorted(
        (entry["cumulative_s"] for entry in by_cumulative), reverse=True)
    assert any(entry["function"].endswith("(build_main)") for entry in by_cumulative)
    by_own = bench.top_functions(statistics_file, "own_s", count=30)
    assert [entry["own_s"] for entry in by_own] == sorted((entry["own_s"] for entry in by_own), reverse=True)
    # The hot spots are not the frames that only call others, as the top of the cumulative list is.
    assert by_own[0]["own_s"] > 0 and by_own[0]["function"] != by_cumulative[0]["function"]


def test_options_that_leave_nothing_to_measure_are_a_usage_error_before_any_work(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_status:
        bench.main(["--skip-builds", "--skip-components", "--builddir", str(tmp_path)])
    assert exit_status.value.code == 2
    assert "leave nothing to measure" in capsys.readouterr().err
    assert not list(tmp_path.iterdir()), "nothing written"


def test_each_target_of_the_issue_is_reported_with_its_figure_when_the_run_measured_it():
    rows = [{"name": "build html, one chapter touched", "seconds": 0.94},
            {"name": "html incremental, 200 chapters", "seconds": 1.62},
            {"name": "html cold, 1000 chapters", "peak_mib": 916.2}]
    targets = {target["target"]: target for target in bench.check_targets(rows, {"ratio_to_floor": {13: 1.26}})}
    assert [(t["measured"], t["met"]) for t in targets.values()] == [(1.26, True), (0.94, True), (1.62, False),
                                                                    (916.2, True)]
    assert bench.check_targets([], {}) == [], "a run that measured none of them reports none"


def test_the_citation_checkers_targets_are_read_from_its_rows_in_their_direction():
    from scripts import bench_citations, bench_mutations
    rows = [{"name": bench_citations.row_name("apa"), "entries_per_s": 11171},
            {"name": bench_citations.row_name("mla"), "entries_per_s": 9800},
            {"name": bench_mutations.row_name("chicago"), "false_alarm_rate": 0.0, "lowest_detection": 0.9},
            {"name": bench_mutations.row_name("harvard"), "false_alarm_rate": 0.001, "lowest_detection": 1.0}]
    met = {target["target"]: target["met"] for target in bench.check_targets(rows, {})}
    assert met == {"citation checker, apa: entries per second": True,
                   "citation checker, mla: entries per second": False,
                   "citation checker, chicago: share of CSL-rendered entries flagged": True,
                   "citation checker, chicago: share found of the kind of mistake found least": False,
                   "citation checker, harvard: share of CSL-rendered entries flagged": False,
                   "citation checker, harvard: share found of the kind of mistake found least": True}
