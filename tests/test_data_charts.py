"""Charts and tables drawn from one data file (scripts/sphinxext/data_charts.py), in a tiny test root.

The root tests/roots/test-data_charts/ has a data file of trial differences and one of complication
rates, each read by a chart and a table. The real handbook's charts are checked in every format by
tests/test_handbook_figures.py.
"""

from __future__ import annotations

import pathlib
import re

import pytest
from bs4 import BeautifulSoup

from scripts.sphinxext.data_charts import CHART_FOLDER, ChartDataError, read_data


def chart_folder(app) -> pathlib.Path:
    return pathlib.Path(app.doctreedir).parent / CHART_FOLDER


def page(app) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")


def table_rows(soup: BeautifulSoup, label: str) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
            for row in soup.find(id=label).find_all("tr")]


@pytest.mark.sphinx("html", testroot="data_charts")
def test_chart_is_a_numbered_figure_with_alt_text_stating_the_finding_and_a_sourced_caption(app):
    app.build()
    soup = page(app)
    figure = soup.find(id="fig-trials")
    image = figure.find("img")
    assert image["src"].endswith(".svg") and (app.outdir / image["src"]).is_file()
    alt = image["alt"]
    assert "Sham-controlled: 1 of 1 results have a 95% confidence interval that includes zero" in alt
    assert "Open-label: 0 of 1 results have a 95% confidence interval that includes zero (no clear difference), " \
           "and 1 does not (a clear difference)." in alt
    assert "Smith 2020, 3 months: 0.6 (95% CI −0.7 to 1.8)" in alt
    caption = figure.find("figcaption").get_text(" ", strip=True)
    assert caption.startswith("Fig. 1 Pain differences in the trials.")
    assert "Sources:" in figure.find("figcaption").find(class_="legend").get_text(" ", strip=True)
    assert "Smith" in caption and "Jones" in caption, "every source the chart draws is cited"
    rates = soup.find(id="fig-rates")
    rates_alt = rates.find("img")["alt"]
    assert "The most frequent was leakage (treated, 12 of 40 patients)" in rates_alt
    assert "the rarest was leakage (control, 3 of 38 patients)" in rates_alt
    assert "Leakage (Smith trial), treated: 12 of 40 patients" in rates_alt
    rates_caption = rates.find("figcaption").get_text(" ", strip=True)
    assert "Smith" in rates_caption and "Jones" not in rates_caption, "a rate in words is not drawn or cited"
    assert not app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="data_charts")
def test_table_reads_the_same_rows_with_a_citation_in_each(app):
    app.build()
    soup = page(app)
    trials = table_rows(soup, "tbl-trials")
    assert trials[0] == ["Trial", "Design", "Time point", "Difference (95% CI)", "Source"]
    assert trials[1][:4] == ["Smith 2020", "sham-controlled", "3 months", "0.6 (95% CI −0.7 to 1.8)"]
    assert "Smith" in trials[1][4]
    rates = table_rows(soup, "tbl-rates")
    assert rates[1][1] == "12 of 40 patients, treated; 3 of 38 patients, control"
    assert rates[2][:3] == ["Infection", "Rare", "Jones series"]
    assert soup.find(id="tbl-trials").find("caption").get_text(" ", strip=True).startswith("Table 1")


@pytest.mark.sphinx("html", testroot="data_charts", srcdir="data_charts_changed")
def test_changing_the_data_file_changes_both_chart_and_table(app, make_app):
    app.build()
    before_svg = (chart_folder(app) / "index-fig-trials.svg").read_bytes()
    data = app.srcdir / "data" / "trials.toml"
    data.write_text(data.read_text(encoding="utf-8").replace("difference = 0.6", "difference = 1.1"),
                    encoding="utf-8")

    rebuilt = make_app("html", srcdir=app.srcdir)
    rebuilt.build()
    soup = page(rebuilt)
    assert table_rows(soup, "tbl-trials")[1][3] == "1.1 (95% CI −0.7 to 1.8)"
    assert "Smith 2020, 3 months: 1.1 (95% CI" in soup.find(id="fig-trials").find("img")["alt"]
    after_svg = (chart_folder(rebuilt) / "index-fig-trials.svg").read_bytes()
    assert after_svg != before_svg
    # The SVG keeps each text as a comment beside its drawn glyphs.
    assert "1.1 (95% CI −0.7 to 1.8)".encode() in after_svg
    assert "0.6 (95% CI −0.7 to 1.8)".encode() not in after_svg


@pytest.mark.sphinx("html", testroot="data_charts", srcdir="data_charts_unchanged")
def test_a_chapter_read_again_with_unchanged_data_draws_nothing_until_a_drawing_is_missing(app, make_app):
    app.build()
    svg = chart_folder(app) / "index-fig-trials.svg"
    drawn = svg.stat().st_mtime_ns
    (app.srcdir / "index.md").write_text((app.srcdir / "index.md").read_text(encoding="utf-8") + "\nMore text.\n",
                                         encoding="utf-8")
    make_app("html", srcdir=app.srcdir).build()
    assert svg.stat().st_mtime_ns == drawn
    svg.unlink()
    (app.srcdir / "index.md").write_text((app.srcdir / "index.md").read_text(encoding="utf-8") + "\nAgain.\n",
                                         encoding="utf-8")
    rebuilt = make_app("html", srcdir=app.srcdir)
    rebuilt.build()
    assert svg.read_bytes().startswith(b"<?xml")
    assert page(rebuilt).find(id="fig-trials").find("img")["src"].endswith("index-fig-trials.svg")


@pytest.mark.sphinx("html", testroot="data_charts", srcdir="data_charts_first")
def test_two_builds_draw_byte_identical_svg_and_pdf(app, make_app, sphinx_test_tempdir):
    app.build()
    second_source = sphinx_test_tempdir / "data_charts_second"
    if not second_source.exists():
        import shutil
        shutil.copytree(app.srcdir, second_source, ignore=shutil.ignore_patterns("_build"))
    second = make_app("html", srcdir=second_source)
    second.build()
    for first, other, suffix in ((app, second, ".svg"), (make_app("latex", srcdir=app.srcdir),
                                                         make_app("latex", srcdir=second_source), ".pdf")):
        first.build()
        other.build()
        first_files = sorted(chart_folder(first).glob(f"*{suffix}"))
        assert [path.name for path in first_files] == ["index-fig-rates" + suffix, "index-fig-trials" + suffix]
        for path in first_files:
            assert path.read_bytes() == (chart_folder(other) / path.name).read_bytes(), path.name
    svg = (chart_folder(app) / "index-fig-trials.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    background = re.search(r'<g id="patch_1">\s*<path d="M 0 (?P<height>[\d.]+) \s*L (?P<width>[\d.]+) [\d.]+ '
                           r'[^"]*" style="fill: #ffffff"', svg)
    assert background, "an opaque white rectangle behind the whole chart, for dark mode"


@pytest.mark.sphinx("latex", testroot="data_charts", srcdir="data_charts_latex")
def test_latex_gets_the_chart_as_pdf(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert re.search(r"\\sphinxincludegraphics[^{]*\{\{index-fig-trials\}\.pdf\}", tex), tex
    assert (app.outdir / "index-fig-trials.pdf").read_bytes().startswith(b"%PDF")
    assert not list(chart_folder(app).glob("*.svg")), "LaTeX takes PDF only; no SVG is drawn for it"


@pytest.mark.sphinx("html", testroot="data_charts", srcdir="data_charts_builders")
def test_each_builder_reusing_the_environment_gets_its_format_drawn(app, make_app):
    """HTML draws SVG only; LaTeX on the same environment (as ``sphinx-build -M`` shares one) reads the
    page again and draws PDF; HTML after it reads nothing again, both formats now being there."""
    app.build()
    assert sorted(path.suffix for path in chart_folder(app).glob("index-fig-*.*")) == [".svg", ".svg"]
    latex = make_app("latex", srcdir=app.srcdir)
    latex.build()
    assert "index" in latex.env.all_docs and (latex.outdir / "index-fig-trials.pdf").read_bytes().startswith(b"%PDF")
    tex = next(latex.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "{{index-fig-trials}.pdf}" in tex and "index-fig-trials}.svg" not in tex
    html_again = make_app("html", srcdir=app.srcdir)
    html_again.build()
    assert page(html_again).find(id="fig-trials").find("img")["src"].endswith("index-fig-trials.svg")
    # A second app in one process registers every extension's nodes and directives with docutils again.
    problems = [line for built in (latex, html_again) for line in built.warning.getvalue().splitlines()
                if "already registered" not in line]
    assert not problems


@pytest.mark.sphinx("html", testroot="data_charts_bad")
def test_a_bad_row_is_reported_with_its_file_and_line(app):
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    assert re.search(r"data[/\\]trials\.toml:13: WARNING: the difference is not inside its confidence interval "
                     r"\[handbook\.chart-data\]", warnings), warnings
    assert not page(app).find("img")


@pytest.mark.parametrize(("text", "message", "line"), [
    ('kind = "differences"\n[[result]\n', "not valid TOML", 2),
    ('kind = "pie"\n', "expected 'differences' or 'rates'", 1),
    ('kind = "rates"\n\n[[row]]\ncomplication = "A"\ngroup = "B"\nsource = "c"\n',
     "needs either 'arms'", 3),
    ('kind = "rates"\n[[row]]\ncomplication = "A"\ngroup = "B"\nsource = "c"\n'
     'arms = [{ label = "x", events = 5, total = 4, unit = "patients" }]\n', "is not a count", 2),
    ('kind = "differences"\n[[result]]\ntrial = "A"\ndesign = "blinded"\n', "design 'blinded'", 2),
])
def test_bad_data_files_name_the_problem_and_line(tmp_path, text, message, line):
    path = tmp_path / "data.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ChartDataError, match=re.escape(message)) as caught:
        read_data(path)
    assert caught.value.line == line
