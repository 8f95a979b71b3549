"""The words drawn in the figures, translated (scripts/sphinxext/drawn_words.py), in a tiny test root.

The root tests/roots/test-drawn_words/ has a graph, an SVG drawing and a chart, and a catalogue in a
made-up language under the code of Esperanto ("eo", which docutils knows), whose every translation is
the English in capitals with " (eo)" after it; one graph label is fuzzy and one word of the drawing has
no translation. The DOT reader is checked on data-driven fixtures (tests/fixtures/drawn-words/*.dot),
each declaring the labels it holds. The real handbook's figures are checked in a pseudo-language by
tests/test_translations.py.
"""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import types

import pytest
from babel.messages import pofile
from bs4 import BeautifulSoup
from bs4.element import Comment
from hypothesis import given
from hypothesis import strategies as st

from scripts.sphinxext import drawn_words, translation_status
from scripts.sphinxext.data_charts import CHART_FOLDER, draw_differences, drawn_text, read_data, render
from tests.helpers import drawn_texts

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "drawn-words"
ROOT = pathlib.Path(__file__).parent / "roots" / "test-drawn_words"
EXPECT = re.compile(r"^\s*// Expect: (.*)$", re.MULTILINE)
# Text a translation may hold: any printable character XML allows (no control characters, no surrogates).
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1).filter(str.strip)


# -- Reading and writing DOT labels ----------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.dot")), ids=lambda path: path.name)
def test_the_dot_reader_finds_exactly_the_drawn_labels(path):
    code = path.read_text(encoding="utf-8")
    assert [label.english for label in drawn_words.dot_labels(code)] == [
        json.loads(expected) for expected in EXPECT.findall(code)]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.dot")), ids=lambda path: path.name)
def test_graphviz_draws_the_translated_labels(path):
    code = path.read_text(encoding="utf-8")
    labels = drawn_words.dot_labels(code)
    translated = drawn_words.translated_dot(code, labels, lambda english: f'«{english.upper()}» "x"')
    drawing = subprocess.run(["dot", "-Tsvg"], input=translated.encode("utf-8"), capture_output=True, check=True)
    drawn = [text.get_text() for text in BeautifulSoup(drawing.stdout, "xml").find_all("text")]
    for label in labels:
        for line in f'«{label.english.upper()}» "x"'.splitlines():
            assert line in drawn


def test_a_dot_source_that_cannot_be_read_says_where():
    with pytest.raises(drawn_words.DotSyntaxError) as error:
        drawn_words.dot_labels('digraph { a [label=<<b>not closed</b>]; }')
    assert error.value.offset == len("digraph { a [label=")


@given(TEXT.filter(lambda text: "\\" not in text))
def test_a_label_written_as_dot_reads_back_the_same(text):
    code = f"digraph {{ a [label={drawn_words.dot_string(text)}]; }}"
    assert [label.english for label in drawn_words.dot_labels(code)] == [text]


# -- Reading and writing SVG texts -----------------------------------------------------------------


def test_the_svg_reader_finds_each_text_with_its_line():
    source = ROOT / "figures" / "drawing.svg"
    lines = source.read_text(encoding="utf-8").splitlines()
    texts = drawn_words.svg_texts(source.read_bytes())
    assert [text.english for text in texts] == ["A bone & a needle", "Healthy bone", "Bone", "cement"]
    for text in texts:
        assert text.english.replace("&", "&amp;") in lines[text.line - 1]


@given(st.lists(TEXT, min_size=4, max_size=4))
def test_a_translated_svg_holds_the_translations_and_is_otherwise_unchanged(translations):
    data = (ROOT / "figures" / "drawing.svg").read_bytes()
    texts = drawn_words.svg_texts(data)
    translated_texts = dict(zip((text.english for text in texts), translations))
    translated = drawn_words.translated_svg(data, texts, translated_texts.__getitem__)
    assert [text.english for text in drawn_words.svg_texts(translated)] == [
        " ".join(translation.split()) for translation in translations]
    # Outside the texts, not a byte changed.
    assert translated[:texts[0].start] == data[:texts[0].start]
    assert translated.endswith(data[texts[-1].end:])


# -- Templates and translated builds of the test root --------------------------------------------


def line_of(path: pathlib.Path, fragment: str) -> int:
    """The line of *path* where *fragment* first occurs."""
    text = path.read_text(encoding="utf-8")
    return text.count("\n", 0, text.index(fragment)) + 1


@pytest.mark.sphinx("gettext", testroot="drawn_words", srcdir="drawn_words_gettext")
def test_make_gettext_puts_each_drawn_word_in_the_chapters_template_at_its_file_and_line(app):
    app.build()
    with (app.outdir / "index.pot").open("rb") as file:
        template = pofile.read_po(file)
    graph, drawing, data = (app.srcdir / "index.md", app.srcdir / "figures" / "drawing.svg",
                            app.srcdir / "data" / "trials.toml")
    expected = {
        "First step": (graph, line_of(graph, 'label="First step"')),
        'Last "step"\nof all': (graph, line_of(graph, 'label="Last')),
        "then": (graph, line_of(graph, 'label="then"')),
        "Flowchart from the first step to the last.": (graph, line_of(graph, ":alt: Flowchart")),
        "A bone & a needle": (drawing, line_of(drawing, "<title>")),
        "Healthy bone": (drawing, line_of(drawing, "Healthy bone")),
        "cement": (drawing, line_of(drawing, "cement")),
        "Difference in pain (0 to 10)": (data, line_of(data, "axis =")),
        "Smith 2020": (data, line_of(data, "trial =")),
        "3 months": (data, line_of(data, "timepoint =")),
    }
    for english, (path, line) in expected.items():
        locations = [((app.outdir / location).resolve(), number) for location, number in template[english].locations]
        assert locations == [(path.resolve(), line)], english
    with (app.outdir / "handbook.pot").open("rb") as file:
        own = pofile.read_po(file)
    assert "Sham-controlled" in own and "{difference} (95% CI {low} to {high})" in own
    assert not app.warning.getvalue()


def drawn(app, image) -> list[str]:
    return drawn_texts((app.outdir / image["src"]).read_bytes())


@pytest.mark.sphinx("html", testroot="drawn_words", srcdir="drawn_words_eo", confoverrides={"language": "eo"})
def test_a_translated_build_draws_every_figure_in_its_language(app):
    app.build()
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    graph, drawing, chart = (soup.find(id=label) for label in ("fig-steps", "fig-drawing", "fig-trials"))
    graph_texts = drawn(app, graph.img)
    assert {"FIRST STEP (eo)", 'LAST "STEP"', "OF ALL (eo)"} <= set(graph_texts)
    assert graph.img["alt"] == "FLOWCHART FROM THE FIRST STEP TO THE LAST. (eo)"
    # A fuzzy label is drawn in its older translation; the caption is labelled, as a fuzzy passage is.
    assert "AND THEN (eo)" in graph_texts
    caption = graph.find("figcaption")
    assert translation_status.FUZZY_CLASS in caption["class"]
    assert caption.find(class_="handbook-fuzzy-label").get_text(" ", strip=True).startswith(
        translation_status.OUT_OF_DATE)
    # A word without translation stays English; the figure is marked untranslated.
    assert drawn(app, drawing.img) == ["A BONE & A <NEEDLE> (eo)", "HEALTHY BONE (eo)", "BONE (eo)", "cement"]
    assert translation_status.UNTRANSLATED_CLASS in drawing["class"]
    assert (app.srcdir / "figures" / "drawing.svg").read_bytes() == (ROOT / "figures" / "drawing.svg").read_bytes()
    assert {"DIFFERENCE IN PAIN (0 TO 10) (eo)", "SMITH 2020 (eo)", "3 MONTHS (eo)", "SHAM-CONTROLLED (eo)",
            "0.6 (95% CI −0.7 TO 1.8) (eo)"} <= set(drawn(app, chart.img))
    assert not {translation_status.FUZZY_CLASS, translation_status.UNTRANSLATED_CLASS} & set(chart["class"])
    # The page's notice says that parts of it are not translated, or were translated from older English.
    assert soup.find(class_=translation_status.NOTICE_CLASS)
    assert not app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="drawn_words", srcdir="drawn_words_en")
def test_an_english_build_shows_the_drawing_itself_and_marks_nothing(app):
    app.build()
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    drawing = soup.find(id="fig-drawing")
    assert (app.outdir / drawing.img["src"]).read_bytes() == (ROOT / "figures" / "drawing.svg").read_bytes()
    assert "First step" in drawn(app, soup.find(id="fig-steps").img)
    assert not soup.select(f".{translation_status.FUZZY_CLASS}, .{translation_status.UNTRANSLATED_CLASS}")
    assert not app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="drawn_words", srcdir="drawn_words_retranslated", confoverrides={"language": "eo"})
def test_a_chart_is_drawn_again_when_its_translation_changes_and_only_then(app, make_app):
    app.build()
    chart = pathlib.Path(app.doctreedir).parent / CHART_FOLDER / "index-fig-trials.svg"
    drawn = chart.stat().st_mtime_ns
    index = app.srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
    make_app("html", srcdir=app.srcdir, confoverrides={"language": "eo"}).build()
    assert chart.stat().st_mtime_ns == drawn
    catalogue = app.srcdir / "locales" / "eo" / "LC_MESSAGES" / "index.po"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace("3 MONTHS (eo)", "THREE MONTHS (eo)"),
                         encoding="utf-8")
    make_app("html", srcdir=app.srcdir, confoverrides={"language": "eo"}).build()
    assert "THREE MONTHS (eo)" in drawn_texts(chart.read_bytes())
    assert "3 MONTHS (eo)" not in drawn_texts(chart.read_bytes())


# -- Right to left ---------------------------------------------------------------------------------


def test_a_chart_draws_a_right_to_left_label_right_to_left_in_glyphs_its_font_has(tmp_path):
    """matplotlib (3.11, with libraqm) lays out a Hebrew label by the Unicode bidirectional algorithm:
    its first letter is drawn rightmost, each in a glyph of the font (none the font's missing glyph)."""
    import matplotlib.font_manager
    from matplotlib.ft2font import FT2Font

    data = read_data(ROOT / "data" / "trials.toml")
    english = types.SimpleNamespace(language="en", gettext_compact=True, locale_dirs=[])
    drawn = drawn_text(data, drawn_words.Translator(english, tmp_path, "index"))
    hebrew = "\u05d0\u05d1\u05d2 \u05d3\u05d4"  # five Hebrew letters in two words: not a Hebrew text
    drawn[data.axis] = hebrew
    render(draw_differences(data, drawn), tmp_path / "chart.svg")
    # matplotlib keeps each text as a comment in its group, and names each glyph's shape by its index in hex.
    group = next(group for group in BeautifulSoup((tmp_path / "chart.svg").read_bytes(), "xml").select('g[id^="text_"]')
                 if hebrew in (comment.strip() for comment in group.find_all(string=Comment)))
    glyphs = [(float(re.search(r"translate\(([-\d.]+)", use.get("transform", "translate(0"))[1]),
               int(use["xlink:href"].rsplit("-", 1)[1], 16)) for use in group.find_all("use")]
    font = FT2Font(matplotlib.font_manager.findfont(matplotlib.font_manager.FontProperties()))
    letters = [font.get_char_index(ord(letter)) for letter in hebrew.replace(" ", "")]
    assert 0 not in letters
    drawn_letters = [glyph for _, glyph in sorted(glyphs, reverse=True) if glyph in letters]
    assert drawn_letters == letters
