"""Charts and tables drawn at build time from one data file, so no number is typed twice.

A data file (TOML, e.g. ``docs/data/pain-differences.toml``) holds the numbers and the citation key of
the source of each. Two directives read it:

``{data-chart} data/file.toml`` draws the chart with matplotlib in the one format the builder takes: SVG
for HTML and EPUB, PDF for LaTeX (drawing both cost a cold HTML build a quarter of a second for a PDF
nothing read). A build that reuses another builder's environment (``sphinx-build -M`` shares one) reads
a chapter again when its charts were drawn in another format. The drawing is
deterministic (fixed SVG hash salt, no dates in the metadata), readable in greyscale (markers and
hatching, never colour alone) and opaque on a white background, so it stays legible in dark mode. Its
alt text is written from the data and states the finding; its caption is the directive's content,
and the legend under it names the sources, cited with ``{cite:p}``.

``{data-table} data/file.toml`` renders the same rows as a ``list-table`` with a citation in each row.

Both options take ``:name:`` (the label for ``{numref}``). The directive's content is the caption.

Two kinds of data file exist, named by their top-level ``kind``:

- ``kind = "differences"``: ``[[result]]`` rows with ``trial``, ``design`` (``sham``, ``active`` or
  ``open``), ``timepoint``, ``difference``, ``ci_low``, ``ci_high`` and ``source``; and ``axis`` (the
  x-axis label).
- ``kind = "rates"``: ``[[row]]`` rows with ``complication``, ``group``, ``source`` (a key, or empty when
  no source gives a figure) and either ``reported`` (the rate in words, as the source gives it) or
  ``arms``: ``{label, events, total, unit}`` each, with ``percent`` only where the source states one.

The words a chart draws are translated like the page's (scripts/sphinxext/drawn_words.py): ``make
gettext`` puts the data file's labels (the axis, each drawn row's names) into the chapter's template,
each at its line of the data file, and the words the extension adds (the legend, "95% CI") into
``handbook.pot``; a build of another language draws the chart with their translations.

Warnings (type ``handbook``, subtype ``chart-data``): a data file that cannot be read, or a row with a
missing or wrong field, with the file and the line of the row.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import io
import json
import os
import pathlib
import re
import tomllib
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from scripts.sphinxext import drawn_words
from scripts.sphinxext.translation_status import message

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# Where the drawn files go: beside the build's doctrees, never into the chapters' folder.
CHART_FOLDER = "charts"
# The formats a chart is drawn in, by the image type a builder takes (matplotlib names a format by its suffix).
SUFFIXES = {"image/svg+xml": ".svg", "application/pdf": ".pdf"}
# The image node's attribute holding what to draw, from the directive to draw_charts (then removed).
PENDING_DRAWING = "handbook-chart-drawing"
# The same SVG ids in every build (matplotlib otherwise salts them with a random number).
SVG_HASH_SALT = "vertebroplasty-handbook"
# Metadata left out so two builds are byte-identical (matplotlib would write the clock's date).
SVG_METADATA = {"Date": None}
PDF_METADATA = {"CreationDate": None, "ModDate": None}
# Trial designs: how each is named and drawn (marker, fill) so greyscale print tells them apart.
DESIGNS = {
    "sham": ("sham-controlled", "o", "black"),
    "active": ("active-control", "s", "white"),
    "open": ("open-label", "^", "0.6"),
}
# Arms of a rates row: the first is drawn solid, the others hatched.
ARM_HATCHES = ("", "///", "...", "xxx")
# The words the extension draws itself (the handbook's own messages, in handbook.pot): each design's
# name in the legend, and an estimate with its interval beside each row.
LEGENDS = {design: message(name.capitalize()) for design, (name, _, _) in DESIGNS.items()}
ESTIMATE = message("{difference} (95% CI {low} to {high})")
MINUS = "\N{MINUS SIGN}"


class ChartDataError(Exception):
    """A data file that cannot be drawn, with the line to point at."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


@dataclasses.dataclass(frozen=True)
class Difference:
    """One between-group difference with its 95% confidence interval."""

    trial: str
    design: str
    timepoint: str
    difference: float
    ci_low: float
    ci_high: float
    source: str

    @property
    def label(self) -> str:
        return f"{self.trial}, {self.timepoint}"

    @property
    def estimate_values(self) -> dict[str, str]:
        """The numbers ESTIMATE is filled in with."""
        return {"difference": number(self.difference), "low": number(self.ci_low), "high": number(self.ci_high)}

    @property
    def estimate(self) -> str:
        return ESTIMATE.format(**self.estimate_values)

    @property
    def includes_zero(self) -> bool:
        return self.ci_low <= 0 <= self.ci_high


@dataclasses.dataclass(frozen=True)
class Arm:
    """One group's count: *events* of *total* (*unit*), with the percentage only if the source gives it."""

    label: str
    events: int
    total: int
    unit: str
    percent: float | None

    @property
    def share(self) -> float:
        """The percentage to draw: the source's own where given, else the count's."""
        return self.percent if self.percent is not None else 100 * self.events / self.total

    @property
    def count(self) -> str:
        stated = f" ({number(self.percent)}%)" if self.percent is not None else ""
        return f"{self.events:,} of {self.total:,} {self.unit}{stated}"


@dataclasses.dataclass(frozen=True)
class Rate:
    """One complication as a source reports it: counts per arm, or a rate in words."""

    complication: str
    group: str
    source: str
    reported: str
    arms: tuple[Arm, ...]

    @property
    def short_group(self) -> str:
        """The group as the chart names it: up to its first comma."""
        return self.group.split(",")[0]

    @property
    def as_reported(self) -> str:
        if not self.arms:
            return self.reported
        return "; ".join(f"{arm.count}, {arm.label}" for arm in self.arms)


@dataclasses.dataclass(frozen=True)
class ChartData:
    """A data file, read and checked."""

    path: pathlib.Path
    kind: str
    axis: str
    rows: tuple[Difference, ...] | tuple[Rate, ...]

    @property
    def sources(self) -> list[str]:
        """The citation keys of every row, in order, each once."""
        return list(dict.fromkeys(row.source for row in self.rows if row.source))

    @property
    def drawn_sources(self) -> list[str]:
        """The citation keys of the rows the chart draws (a rate in words is in the table only)."""
        drawn = [row for row in self.rows if self.kind == "differences" or row.arms]
        return list(dict.fromkeys(row.source for row in drawn if row.source))


def number(value: float) -> str:
    """A number as the source prints it, with a true minus sign."""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace("-", MINUS)


def row_lines(text: str, header: str) -> list[int]:
    """The line of each ``[[header]]`` table, so a bad row can be pointed at."""
    return [number + 1 for number, line in enumerate(text.splitlines()) if line.strip() == f"[[{header}]]"]


def field(row: dict, name: str, kind: type | tuple[type, ...], line: int):
    if name not in row:
        raise ChartDataError(f"row has no '{name}'", line)
    value = row[name]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ChartDataError(f"'{name}' = {value!r} is not a {getattr(kind, '__name__', 'number')}", line)
    return value


def read_data(path: pathlib.Path) -> ChartData:
    """Read and check a data file; raise ChartDataError naming the line of the problem."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = int(match[1]) if (match := re.search(r"line (\d+)", str(error))) else 1
        raise ChartDataError(f"not valid TOML: {error}", line) from error
    kind = data.get("kind")
    if kind == "differences":
        lines = row_lines(text, "result")
        rows = []
        for row, line in zip(data.get("result", []), lines):
            design = field(row, "design", str, line)
            if design not in DESIGNS:
                raise ChartDataError(f"design '{design}' is not one of {', '.join(DESIGNS)}", line)
            values = [float(field(row, name, (int, float), line)) for name in ("difference", "ci_low", "ci_high")]
            if not values[1] <= values[0] <= values[2]:
                raise ChartDataError("the difference is not inside its confidence interval", line)
            rows.append(Difference(field(row, "trial", str, line), design, field(row, "timepoint", str, line),
                                   *values, field(row, "source", str, line)))
        axis = data.get("axis", "")
    elif kind == "rates":
        lines = row_lines(text, "row")
        rows = []
        for row, line in zip(data.get("row", []), lines):
            arms = []
            for arm in row.get("arms", []):
                events, total = field(arm, "events", int, line), field(arm, "total", int, line)
                if not 0 <= events <= total or total == 0:
                    raise ChartDataError(f"{events} of {total} is not a count of a group", line)
                percent = arm.get("percent")
                if percent is not None:
                    percent = float(field(arm, "percent", (int, float), line))
                arms.append(Arm(field(arm, "label", str, line), events, total, field(arm, "unit", str, line), percent))
            reported = row.get("reported", "")
            if bool(arms) == bool(reported):
                raise ChartDataError("a row needs either 'arms' (counts) or 'reported' (a rate in words)", line)
            rows.append(Rate(field(row, "complication", str, line), field(row, "group", str, line),
                             field(row, "source", str, line), reported, tuple(arms)))
        axis = data.get("axis", "")
    else:
        raise ChartDataError(f"kind = {kind!r}: expected 'differences' or 'rates'")
    if not rows:
        raise ChartDataError("no rows to draw")
    return ChartData(path, kind, axis, tuple(rows))


# -- Drawing -----------------------------------------------------------------------------------------

def new_figure(rows: int, row_height: float = 0.45) -> Figure:
    """An opaque white figure, 7.5 inches wide (a page's text width), tall enough for *rows*."""
    # matplotlib is imported when a chart is drawn, not when Sphinx loads the extension: the import
    # takes about half a second, and a rebuild after editing a chapter without a chart draws none.
    from matplotlib.figure import Figure

    return Figure(figsize=(7.5, 0.8 + row_height * rows), facecolor="white", layout="constrained")


def draw_differences(data: ChartData, drawn: dict[str, str]) -> Figure:
    """A forest plot: each difference as a marker on its confidence interval, zero marked.

    *drawn* gives each English text its text in the language built (see drawn_text()).
    """
    rows = data.rows
    figure = new_figure(len(rows) + 1, row_height=0.6)  # two-line labels: trial, then time point
    axes = figure.add_subplot(facecolor="white")
    positions = list(range(len(rows), 0, -1))
    for design, (_, marker, fill) in DESIGNS.items():
        chosen = [(y, row) for y, row in zip(positions, rows) if row.design == design]
        if not chosen:
            continue
        ys = [y for y, _ in chosen]
        xs = [row.difference for _, row in chosen]
        errors = [[row.difference - row.ci_low for _, row in chosen], [row.ci_high - row.difference for _, row in chosen]]
        axes.errorbar(xs, ys, xerr=errors, fmt=marker, color="black", markerfacecolor=fill, markeredgecolor="black",
                      markersize=8, capsize=4, linewidth=1.4, label=drawn[LEGENDS[design]])
    axes.axvline(0, color="black", linestyle="--", linewidth=1)
    axes.set_yticks(positions, [f"{drawn[row.trial]}\n{drawn[row.timepoint]}" for row in rows])
    axes.set_ylim(0.3, len(rows) + 0.7)
    # The estimates as tick labels of a right-hand axis, so the layout makes room for them.
    estimates = axes.twinx()
    estimates.set_ylim(axes.get_ylim())
    estimates.set_yticks(positions, [drawn[row.estimate] for row in rows], fontsize=9)
    estimates.tick_params(length=0)
    low = min(row.ci_low for row in rows)
    high = max(row.ci_high for row in rows)
    margin = (high - low) * 0.08
    axes.set_xlim(min(low, 0) - margin, max(high, 0) + margin)
    axes.set_xlabel(drawn.get(data.axis, data.axis))
    axes.grid(axis="x", color="0.85", linewidth=0.6)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22 - 0.3 / len(rows)), ncols=len(DESIGNS), frameon=False)
    return figure


def draw_rates(data: ChartData, drawn: dict[str, str]) -> Figure:
    """Horizontal bars: each arm's share, with its count written beside it (*drawn*: as in draw_differences)."""
    bars = [(row, arm_index, arm) for row in data.rows for arm_index, arm in enumerate(row.arms)]
    figure = new_figure(len(bars) + 1)
    axes = figure.add_subplot(facecolor="white")
    positions = list(range(len(bars), 0, -1))
    labels = []
    for y, (row, arm_index, arm) in zip(positions, bars):
        axes.barh(y, arm.share, height=0.7, color="white" if arm_index else "0.35", edgecolor="black",
                  hatch=ARM_HATCHES[arm_index % len(ARM_HATCHES)], linewidth=1)
        axes.annotate(f" {arm.events:,}/{arm.total:,}", (arm.share, y), va="center", fontsize=9)
        labels.append(f"{drawn[row.complication]}\n{drawn[row.short_group]}: {drawn[arm.label]}")
    axes.set_yticks(positions, labels, fontsize=8)
    axes.set_xlim(0, 100)
    axes.set_ylim(0.3, len(bars) + 0.7)
    axes.set_xlabel(drawn.get(data.axis, data.axis))
    axes.grid(axis="x", color="0.85", linewidth=0.6)
    axes.set_axisbelow(True)
    return figure


DRAW = {"differences": draw_differences, "rates": draw_rates}


def write_if_changed(path: pathlib.Path, content: bytes) -> None:
    """Write atomically, and only new bytes (parallel readers may draw the same chart)."""
    if path.is_file() and path.read_bytes() == content:
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(content)
    os.replace(temporary, path)


def drawing_key(data: ChartData, drawn: dict[str, str]) -> str:
    """What a chart's files are drawn from: the data read from its file, its words in the language
    built, this module's drawing code, matplotlib."""
    digest = hashlib.sha256(repr((data, sorted(drawn.items()))).encode("utf-8"))
    digest.update(pathlib.Path(__file__).read_bytes())
    # The version from the package's metadata: importing matplotlib to ask would cost what this saves.
    digest.update(importlib.metadata.version("matplotlib").encode("ascii"))
    return digest.hexdigest()


def drawing_record(drawing: pathlib.Path) -> pathlib.Path:
    # In a folder of its own: Sphinx takes every ``stem.*`` beside the drawings for a version of the image.
    return drawing.parent / "drawn-from" / f"{drawing.name}.sha256"


def drawn_already(drawing: pathlib.Path, key: str) -> bool:
    """Whether *drawing* (``stem.svg`` or ``stem.pdf``) was drawn from what *key* names: a rebuild of a
    chapter whose chart did not change then draws nothing (drawing is most of such a rebuild)."""
    record = drawing_record(drawing)
    return record.is_file() and record.read_text(encoding="ascii") == key and drawing.is_file()


def render(figure: Figure, drawing: pathlib.Path) -> None:
    """Save *figure* as *drawing*, in the format its suffix names, the same bytes on every build."""
    import matplotlib  # imported on first use, as in new_figure

    drawing.parent.mkdir(parents=True, exist_ok=True)
    metadata = SVG_METADATA if drawing.suffix == ".svg" else PDF_METADATA
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "path"}):
        buffer = io.BytesIO()
        figure.savefig(buffer, format=drawing.suffix[1:], metadata=metadata, facecolor="white", transparent=False)
        write_if_changed(drawing, buffer.getvalue())


def drawn_suffix(builder: Builder) -> str:
    """The format *builder* takes a chart in: the first of SUFFIXES in its order of preference, SVG for a
    builder that takes no image (gettext, linkcheck), whose figure still needs a file to name."""
    return next((SUFFIXES[kind] for kind in builder.supported_image_types if kind in SUFFIXES), ".svg")


@dataclasses.dataclass(frozen=True)
class PendingDrawing:
    """What a chart directive leaves for draw_charts: the data, its words, where to draw it."""

    data: ChartData
    drawn: dict[str, str] = dataclasses.field(hash=False)
    stem: pathlib.Path


def draw_charts(app: Sphinx, doctree: nodes.document) -> None:
    """Draw the page's charts in the builder's format, before Sphinx looks for each image's files.

    The directive cannot ask which builder runs; this handler can. Which format each page's charts were
    drawn in is kept, so that another builder reusing the environment reads the page again (see
    reread_charts_drawn_for_another_builder).
    """
    suffix = drawn_suffix(app.builder)
    drawn_any = False
    for image in doctree.findall(nodes.image):
        pending = image.attributes.pop(PENDING_DRAWING, None)
        if pending is None:
            continue
        drawn_any = True
        drawing = pending.stem.with_suffix(suffix)
        key = drawing_key(pending.data, pending.drawn)
        if not drawn_already(drawing, key):
            render(DRAW[pending.data.kind](pending.data, pending.drawn), drawing)
            drawing_record(drawing).parent.mkdir(exist_ok=True)
            write_if_changed(drawing_record(drawing), key.encode("ascii"))
    if drawn_any:
        chart_formats(app.env)[app.env.docname] = suffix


def chart_formats(env: BuildEnvironment) -> dict[str, str]:
    """Each page with charts, with the suffix they were drawn in when it was last read."""
    if not hasattr(env, "handbook_chart_formats"):
        env.handbook_chart_formats = {}
    return env.handbook_chart_formats


def reread_charts_drawn_for_another_builder(app: Sphinx, env: BuildEnvironment, added: set[str],
                                            changed: set[str], removed: set[str]) -> list[str]:
    """The pages whose charts are drawn in a format this builder does not take (e.g. ``-b latex`` after
    ``-b html`` with one environment): Sphinx found each image's files when it read the page."""
    suffix = drawn_suffix(app.builder)
    return sorted(docname for docname, drawn in chart_formats(env).items()
                  if drawn != suffix and docname not in removed)


def forget_charts(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    chart_formats(env).pop(docname, None)


def merge_charts(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    """The formats parallel readers drew their pages' charts in."""
    chart_formats(env).update((docname, suffix) for docname, suffix in chart_formats(other).items()
                              if docname in docnames)


# -- Words: the drawn labels, alt text, table rows ----------------------------------------------------

def row_labels(data: ChartData, row: Difference | Rate) -> list[str]:
    """The words of *row* that the chart draws (a rate in words is in the table only)."""
    if isinstance(row, Difference):
        return [row.trial, row.timepoint]
    return [row.complication, row.short_group, *(arm.label for arm in row.arms)] if row.arms else []


def value_line(lines: list[str], value: str, start: int, end: int) -> int:
    """The line, from *start* to before *end*, that gives a string starting with *value* (*start* if none)."""
    given = re.compile(r"=\s*" + re.escape(json.dumps(value, ensure_ascii=False)[:-1]))
    return next((number for number in range(start, end) if given.search(lines[number - 1])), start)


def chart_words(data: ChartData) -> list[drawn_words.DrawnWord]:
    """The data file's words that the chart draws, each at its line of the file (for `make gettext`)."""
    text = data.path.read_text(encoding="utf-8")
    lines, source = text.splitlines(), str(data.path)
    words = ([drawn_words.DrawnWord(data.axis, source, value_line(lines, data.axis, 1, len(lines) + 1))]
             if data.axis else [])
    starts = row_lines(text, "result" if data.kind == "differences" else "row")
    for row, start, end in zip(data.rows, starts, [*starts[1:], len(lines) + 1]):
        words += [drawn_words.DrawnWord(label, source, value_line(lines, label, start, end))
                  for label in row_labels(data, row)]
    return words


def drawn_text(data: ChartData, translate: drawn_words.Translator) -> dict[str, str]:
    """Each English text the chart draws, with its text in the language built."""
    drawn = {data.axis: translate(data.axis)} if data.axis else {}
    drawn.update((label, translate(label)) for row in data.rows for label in row_labels(data, row))
    if data.kind == "differences":
        for design in dict.fromkeys(row.design for row in data.rows):
            drawn[LEGENDS[design]] = translate.own(LEGENDS[design])
        drawn.update((row.estimate, translate.own(ESTIMATE, **row.estimate_values)) for row in data.rows)
    return drawn


def alt_text(data: ChartData) -> str:
    """What the chart shows, stated from the data (the finding first, then every number)."""
    if data.kind == "differences":
        parts = []
        for design, (name, _, _) in DESIGNS.items():
            chosen = [row for row in data.rows if row.design == design]
            if chosen:
                crossing = sum(row.includes_zero for row in chosen)
                clear = len(chosen) - crossing
                rest = f", and {clear} {'does' if clear == 1 else 'do'} not (a clear difference)" if clear else ""
                parts.append(f"{name.capitalize()}: {crossing} of {len(chosen)} results have a 95% confidence "
                             f"interval that includes zero (no clear difference){rest}.")
            else:
                parts.append(f"No {name} result is shown.")
        numbers = "; ".join(f"{row.label}: {row.estimate}" for row in data.rows)
        return f"Chart of differences between groups. {' '.join(parts)} Values: {numbers}."
    arms = [(row, arm) for row in data.rows for arm in row.arms]
    commonest = max(arms, key=lambda pair: pair[1].share)
    rarest = min(arms, key=lambda pair: pair[1].share)
    numbers = "; ".join(f"{row.complication} ({row.group}), {arm.label}: {arm.count}" for row, arm in arms)
    return (f"Bar chart of how often each complication was counted, with its denominator. The most frequent "
            f"was {commonest[0].complication.lower()} ({commonest[1].label}, {commonest[1].count}); the rarest was "
            f"{rarest[0].complication.lower()} ({rarest[1].label}, {rarest[1].count}). Values: {numbers}.")


def cell(text: str) -> str:
    """One list-table cell (MyST), its text on one line."""
    return " ".join(text.split())


def cite(key: str) -> str:
    return f"{{cite:p}}`{key}`" if key else "None"


def table_source(data: ChartData, caption: str, name: str) -> str:
    """The MyST list-table for *data*."""
    if data.kind == "differences":
        header = ("Trial", "Design", "Time point", "Difference (95% CI)", "Source")
        widths = "18 22 16 28 16"
        rows = [(row.trial, DESIGNS[row.design][0], row.timepoint, row.estimate, cite(row.source))
                for row in data.rows]
    else:
        header = ("Complication", "Rate as reported", "Patients or study", "Source")
        widths = "20 32 30 18"
        rows = [(row.complication, row.as_reported, row.group, cite(row.source)) for row in data.rows]
    lines = [f"```{{list-table}} {cell(caption)}", f":name: {name}", ":header-rows: 1", f":widths: {widths}", ""]
    for row in (header, *rows):
        lines.append(f"* - {cell(row[0])}")
        lines.extend(f"  - {cell(value)}" for value in row[1:])
    lines.append("```")
    return "\n".join(lines)


# -- Directives ------------------------------------------------------------------------------------

class DataDirective(SphinxDirective):
    """Shared by both directives: read the data file, note it as a dependency, report its problems."""

    required_arguments = 1
    has_content = True
    option_spec = {"name": directives.unchanged_required}

    def load(self) -> ChartData | None:
        relative, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(relative)
        path = pathlib.Path(absolute)
        if not path.is_file():
            logger.warning("chart data file %s not found", self.arguments[0], location=self.get_location(),
                           type="handbook", subtype="chart-data")
            return None
        try:
            return read_data(path)
        except ChartDataError as error:
            logger.warning("%s", error, location=f"{path}:{error.line}", type="handbook", subtype="chart-data")
            return None

    def caption(self) -> str:
        return " ".join(" ".join(self.content).split())

    def parse(self, source: str) -> list[nodes.Node]:
        holder = nodes.Element()
        self.state.nested_parse(StringList(source.splitlines(), self.get_source_info()[0]), self.content_offset, holder)
        return holder.children


class DataChart(DataDirective):
    """Draw a chart from a data file, as a numbered figure with alt text and a sourced caption."""

    def run(self) -> list[nodes.Node]:
        data = self.load()
        if data is None:
            return []
        name = self.options.get("name", "")
        stem_name = re.sub(r"[^a-z0-9]+", "-", f"{self.env.docname}-{name or data.path.stem}".lower())
        folder = pathlib.Path(self.env.doctreedir).parent / CHART_FOLDER
        translate = drawn_words.Translator(self.config, self.env.srcdir, self.env.docname)
        drawn = drawn_text(data, translate)  # before translate.mark(), which tells what it looked up
        document_folder = pathlib.Path(self.env.doc2path(self.env.docname)).parent
        uri = pathlib.Path(os.path.relpath(folder / stem_name, document_folder)).as_posix() + ".*"

        figure = nodes.figure(align="center")
        figure[drawn_words.DRAWN] = chart_words(data)
        translate.mark(figure)
        # The alt text stays English here: Sphinx translates it as a message of the page.
        figure += nodes.image(uri=uri, alt=alt_text(data))
        figure[-1][PENDING_DRAWING] = PendingDrawing(data, drawn, folder / stem_name)
        keys = ",".join(data.drawn_sources)
        caption_text, sources = self.parse(f"{self.caption()}\n\nSources: {{cite:p}}`{keys}`.")
        caption = nodes.caption(caption_text.rawsource, "", *caption_text.children)
        caption.source, caption.line = self.get_source_info()
        figure += caption
        # The sources go in the figure's legend, right under the caption: LaTeX's \caption is a moving
        # argument (it is copied to the list of figures), where a citation's hyperlink breaks xelatex.
        figure += nodes.legend("", sources)
        self.set_source_info(figure)
        if name:
            self.options["name"] = name
            self.add_name(figure)
        return [figure]


class DataTable(DataDirective):
    """Render a data file's rows as a numbered table with a citation in each row."""

    def run(self) -> list[nodes.Node]:
        data = self.load()
        if data is None:
            return []
        return self.parse(table_source(data, self.caption(), self.options.get("name", "")))


def setup(app: Sphinx) -> dict:
    app.add_directive("data-chart", DataChart)
    app.add_directive("data-table", DataTable)
    # Before Sphinx's image collector (priority 500) looks for the files of each image.
    app.connect("doctree-read", draw_charts, priority=400)
    app.connect("env-get-outdated", reread_charts_drawn_for_another_builder)
    app.connect("env-purge-doc", forget_charts)
    app.connect("env-merge-info", merge_charts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
