"""Translate the words drawn in the figures through the same catalogues as the pages' text.

Sphinx's gettext builder finds the words of a page, a caption and an image's alt text, but not the
words drawn inside a figure. This extension finds them in three kinds of drawing:

- a ``{graphviz}`` graph: the ``label``, ``xlabel``, ``headlabel`` and ``taillabel`` of its nodes and
  edges, read from its DOT source by a lexer of DOT's tokens (dot_labels()), and its ``:alt:`` text;
- an SVG image of the chapters (``{figure}`` or ``{image}`` of an ``.svg`` file): the text of its
  ``<text>``, ``<tspan>``, ``<title>`` and ``<desc>`` elements, read with expat (svg_texts());
- a ``{data-chart}``: the labels of its data file, which scripts/sphinxext/data_charts.py reads and
  declares with chart_words() on the figure.

``make gettext`` writes each into the chapter's template (``CHAPTER.pot``), its ``#:`` location the
drawing's own file and line (the chapter's ``.md`` for a graph written in it, the ``.svg``, the
``.toml``), so translators translate them with the rest of the chapter. In a build of another
language, each drawing is drawn in that language: the graph from a DOT source with its labels
replaced, the SVG as a copy with its texts replaced (in the build's work folder, never over the
source), the chart from its translated labels. A word without a translation is drawn in English; a
fuzzy one is drawn in its older translation, as the pages show fuzzy passages, and the figure's
caption starts with the pages' "may be out of date" label. Either way the figure carries the class
the pages' passages carry (``handbook-fuzzy`` on its caption, ``handbook-untranslated``), so the
page's notice says that parts of it may be out of date or are not translated yet
(scripts/sphinxext/translation_status.py). An SVG for which the chapters hold a translated file of
Sphinx's own (``figure_language_filename``, e.g. ``drawing.fr.svg``) is left to Sphinx.

Limits, each leaving the words in English: a DOT label written as an HTML-like label (``<...>``) or
joined with ``+``; an SVG text element with both text and child elements (only the children's texts
are read); an SVG not encoded in UTF-8.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import re
import xml.parsers.expat
from collections.abc import Iterator
from xml.sax.saxutils import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import MsgOrigin
from sphinx.config import Config
from sphinx.ext.graphviz import graphviz
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain, search_image_for_language

from scripts import translations
from scripts.sphinxext import translation_status

logger = logging.getLogger(__name__)

# The node attribute that lists a figure's drawn words (DrawnWord records) for `make gettext`.
DRAWN = "handbook_drawn_words"
# Where the translated copies of the SVG images go: beside the build's doctrees, never into the chapters.
TRANSLATED_FOLDER = "translated-figures"
# The DOT attributes whose values are drawn as text.
DOT_LABELS = frozenset({"label", "xlabel", "headlabel", "taillabel"})
# DOT's tokens (https://graphviz.org/doc/info/lang.html), each alternative named after its kind. An
# HTML-like string (<...>, which nests) is matched by dot_tokens() itself, from its opening "<".
DOT_TOKEN = re.compile(r"""
      (?P<space>\s+)
    | (?P<comment>//[^\n]*|/\*.*?\*/|(?<![^\n])\#[^\n]*)  # C and C++ comments; "#" lines (cpp output)
    | (?P<quoted>"(?:\\.|[^"\\])*")                       # a double-quoted string; \" is its escape
    | (?P<html><)
    | (?P<number>-?(?:\.\d+|\d+(?:\.\d*)?))
    | (?P<name>[^\W\d]\w*)                               # letters, digits and _, not starting with a digit
    | (?P<edge>--|->)
    | (?P<symbol>[\[\]{}=;,:+])
""", re.VERBOSE | re.DOTALL)
# An escape in a quoted DOT string: a backslash and the character after it.
DOT_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
# The SVG elements whose text is drawn (text, tspan) or read out for the drawing (title, desc).
SVG = "http://www.w3.org/2000/svg"
SVG_TEXT_ELEMENTS = frozenset(f"{SVG} {name}" for name in ("text", "tspan", "title", "desc"))


@dataclasses.dataclass(frozen=True)
class DrawnWord:
    """One message drawn in a figure, where `make gettext` says it is."""

    english: str
    source: str
    """The absolute path of the file that holds it (the chapter, the SVG, the data file)."""
    line: int


@dataclasses.dataclass(frozen=True)
class DotLabel:
    """A label in a DOT source: its English text and the span of its value token in the source."""

    english: str
    start: int
    end: int


@dataclasses.dataclass(frozen=True)
class SvgText:
    """The text of one SVG element: its English (whitespace made single spaces) and its span in the file's bytes."""

    english: str
    start: int
    end: int
    line: int


class DotSyntaxError(ValueError):
    """A DOT source that cannot be split into tokens, at a character offset."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


# -- Translating -------------------------------------------------------------------------------------

class Translator:
    """The words of one chapter's drawings in the language being built, noting any fuzzy or missing one.

    The chapter's own words come from its catalogue; the words the extensions draw (a chart's legend)
    from the handbook's own messages (``handbook.pot``). In an English build, or where the chapter has no
    catalogue, every word stays as it is and nothing is noted.
    """

    def __init__(self, config: Config, srcdir: pathlib.Path, docname: str) -> None:
        translating = translation_status.translating(config)
        domain = docname_to_domain(docname, config.gettext_compact)
        self.chapter = translation_status.read_catalogue(config, srcdir, domain) if translating else None
        self.handbook = (translation_status.read_catalogue(config, srcdir, translation_status.DOMAIN)
                         if self.chapter else None)
        self.fuzzy = self.untranslated = False

    def look_up(self, catalogue: translations.Catalogue | None, english: str) -> str:
        if self.chapter is None:
            return english
        translated = catalogue.translations.get(english) if catalogue else None
        if translated is None:
            self.untranslated = True
            return english
        self.fuzzy |= english in catalogue.fuzzy_messages
        return translated

    def __call__(self, english: str) -> str:
        """One of the chapter's drawn words in the language built (English where it has no translation)."""
        return self.look_up(self.chapter, english)

    def own(self, english: str, **values: str) -> str:
        """One of the handbook's own messages (translation_status.message()), its placeholders filled in."""
        self.look_up(self.handbook, english)  # notes a fuzzy or missing translation
        return translation_status.bilingual(self.handbook, english, **values)[0]

    def mark(self, figure: nodes.Element) -> None:
        """Mark *figure* as the pages' passages are marked, for the page's notice: its caption (or the
        figure, if it has none) as stale, so it starts with the "may be out of date" label, and the
        figure as untranslated (not its caption, which may be translated and must not read as English)."""
        if self.fuzzy:
            caption = next(iter(figure.findall(nodes.caption)), figure)
            caption["classes"].append(translation_status.FUZZY_CLASS)
        if self.untranslated:
            figure["classes"].append(translation_status.UNTRANSLATED_CLASS)


# -- Graphviz: the labels of a DOT source -------------------------------------------------------------

def dot_tokens(code: str) -> Iterator[tuple[str, str, int]]:
    """The tokens of a DOT source as (kind, text, offset), spaces and comments left out."""
    position = 0
    while position < len(code):
        match = DOT_TOKEN.match(code, position)
        if match is None:
            raise DotSyntaxError(f"unexpected character {code[position]!r} in the DOT source", position)
        kind, end = match.lastgroup, match.end()
        if kind == "html":
            depth = 0
            for end in range(position, len(code)):
                depth += {"<": 1, ">": -1}.get(code[end], 0)
                if depth == 0:
                    break
            else:
                raise DotSyntaxError("an HTML-like string (<...>) is not closed", position)
            end += 1
        if kind not in ("space", "comment"):
            yield kind, code[position:end], position
        position = end


def dot_text(quoted: str) -> str:
    """The text a quoted DOT string draws: \\" as a quote, \\n as a line break, a backslash at a line's
    end joining the next line, other escapes (graphviz's \\l, \\N ...) kept as they are."""
    return DOT_ESCAPE.sub(lambda escape: {'"': '"', "n": "\n", "\n": ""}.get(escape[1], escape[0]), quoted[1:-1])


def dot_string(text: str) -> str:
    """*text* as a quoted DOT string (the reverse of dot_text)."""
    return '"' + text.replace('"', '\\"').replace("\n", "\\n") + '"'


def dot_labels(code: str) -> list[DotLabel]:
    """The drawn labels of a DOT source (``label = "..."`` and the like), in order.

    Bad: ``label = <<b>Bold</b>>`` (HTML-like: markup a translator could break) or ``"a" + "b"``
    Good: ``label = "Assessment\\nhistory, examination, imaging"``
    """
    tokens = list(dot_tokens(code))
    labels = []
    for index in range(len(tokens) - 2):
        (_, name, _), (_, equals, _), (kind, value, start) = tokens[index:index + 3]
        joined = index + 3 < len(tokens) and tokens[index + 3][1] == "+"
        if name in DOT_LABELS and equals == "=" and kind in ("quoted", "name") and not joined:
            text = dot_text(value) if kind == "quoted" else value
            if text.strip():
                labels.append(DotLabel(text, start, start + len(value)))
    return labels


def translated_dot(code: str, labels: list[DotLabel], translate) -> str:
    """*code* with each of its *labels* replaced by its translation."""
    pieces, position = [], 0
    for label in labels:
        pieces += [code[position:label.start], dot_string(translate(label.english))]
        position = label.end
    return "".join([*pieces, code[position:]])


def line_at(text: str, offset: int, first_line: int = 1) -> int:
    return first_line + text.count("\n", 0, offset)


def translate_graph(transform: SphinxTransform, node: graphviz, translator: Translator) -> None:
    """Declare the drawn words of a ``{graphviz}`` node, and translate its labels and alt text."""
    env, code = transform.env, node["code"]
    # A graph in a file of its own: its labels' lines count from its top. A graph written in the
    # chapter: they are the chapter's, from where its source starts (-1: not found as it is, e.g. indented).
    source = pathlib.Path(env.srcdir, node["filename"]) if node.get("filename") else env.doc2path(env.docname)
    text = source.read_text(encoding="utf-8")
    offset = 0 if node.get("filename") else text.find(code)
    try:
        labels = dot_labels(code)
    except DotSyntaxError as error:
        logger.warning("%s; its labels stay in English", error, type="handbook", subtype="drawn-words",
                       location=f"{source}:{line_at(text, max(offset, 0) + error.offset)}")
        labels = []
    first_line = line_at(text, offset) if offset >= 0 else (node.parent.line or 1)
    words = [DrawnWord(label.english, str(source), line_at(code, label.start, first_line)) for label in labels]
    if node.get("alt"):
        alt_offset = text.find(node["alt"])
        words.append(DrawnWord(node["alt"], str(source),
                               line_at(text, alt_offset) if alt_offset >= 0 else first_line))
    node[DRAWN] = words
    if translator.chapter is None:
        return
    node["code"] = translated_dot(code, labels, translator)
    if node.get("alt"):
        node["alt"] = translator(node["alt"])


# -- SVG: the texts of an SVG file ---------------------------------------------------------------------

def svg_texts(data: bytes) -> list[SvgText]:
    """The texts of an SVG file's text, tspan, title and desc elements that have no child element.

    Bad: ``<text>Needle <tspan>path</tspan></text>`` ("Needle" sits beside an element, so is not read)
    Good: ``<text><tspan>Needle</tspan> <tspan>path</tspan></text>``, or one ``<text>`` per label
    """
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    # Per open element: [name, has a child element, text pieces, byte offset and line of its text].
    open_elements: list[list] = []
    texts = []

    def start(name: str, attributes: dict) -> None:
        if open_elements:
            open_elements[-1][1] = True
        open_elements.append([name, False, [], None, None])

    def characters(data: str) -> None:
        element = open_elements[-1]
        if element[3] is None:
            element[3], element[4] = parser.CurrentByteIndex, parser.CurrentLineNumber
        element[2].append(data)

    def end(name: str) -> None:
        name, has_child, pieces, offset, line = open_elements.pop()
        english = " ".join("".join(pieces).split())
        if name in SVG_TEXT_ELEMENTS and not has_child and english:
            texts.append(SvgText(english, offset, parser.CurrentByteIndex, line))

    parser.StartElementHandler, parser.CharacterDataHandler, parser.EndElementHandler = start, characters, end
    parser.Parse(data, True)
    return texts


def translated_svg(data: bytes, texts: list[SvgText], translate) -> bytes:
    """The SVG file's bytes with each of its *texts* replaced by its translation (the rest unchanged)."""
    pieces, position = [], 0
    for text in texts:
        pieces += [data[position:text.start], escape(translate(text.english)).encode("utf-8")]
        position = text.end
    return b"".join([*pieces, data[position:]])


def translate_svg_image(transform: SphinxTransform, node: nodes.image, translator: Translator) -> None:
    """Declare the drawn words of an SVG image, and point the image at a translated copy of it."""
    env = transform.env
    relative, absolute = env.relfn2path(node["uri"], env.docname)
    source = pathlib.Path(absolute)
    if not source.is_file():
        return  # Sphinx's image collector reports it
    data = source.read_bytes()
    try:
        texts = svg_texts(data)
    except xml.parsers.expat.ExpatError as error:
        logger.warning("cannot be read as SVG (%s); its words stay in English",
                       xml.parsers.expat.errors.messages[error.code], location=f"{source}:{error.lineno}",
                       type="handbook", subtype="drawn-words")
        return
    node[DRAWN] = [DrawnWord(text.english, str(source), text.line) for text in texts]
    if translator.chapter is None or search_image_for_language(node["uri"], env) != node["uri"]:
        return
    translated = translated_svg(data, texts, translator)
    if translated == data:
        return
    # The translated build re-reads the chapter when the SVG changes, as it would for the image itself.
    env.note_dependency(relative)
    copy = pathlib.Path(env.doctreedir).parent / TRANSLATED_FOLDER / pathlib.Path(relative)
    copy.parent.mkdir(parents=True, exist_ok=True)
    # Imported here: data_charts imports this module.
    from scripts.sphinxext.data_charts import write_if_changed

    write_if_changed(copy, translated)
    document_folder = pathlib.Path(env.doc2path(env.docname)).parent
    node["uri"] = pathlib.Path(os.path.relpath(copy, document_folder)).as_posix()


# -- The transform and `make gettext` -----------------------------------------------------------------

class TranslateDrawings(SphinxTransform):
    """Declare the words drawn in each graph and SVG image of a page, and draw them in the page's language."""

    # After Sphinx's Locale transform (20), which translates the alt text of images, and before the image
    # collector (the doctree-read event) takes each image's file.
    default_priority = 21

    def apply(self) -> None:
        for figure in self.document.findall(lambda node: isinstance(node, (graphviz, nodes.image))):
            translator = Translator(self.config, self.env.srcdir, self.env.docname)
            if isinstance(figure, graphviz):
                translate_graph(self, figure, translator)
            elif figure["uri"].endswith(".svg"):
                translate_svg_image(self, figure, translator)
            translator.mark(figure.parent if isinstance(figure.parent, nodes.figure) else figure)


def write_drawn_words(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give `make gettext` the drawn words of the page's figures, in the chapter's template."""
    if app.builder.name != "gettext":
        return
    catalog = app.builder.catalogs[docname_to_domain(docname, app.config.gettext_compact)]
    for node in doctree.findall(nodes.Element):
        for word in node.get(DRAWN, ()):
            catalog.add(word.english, MsgOrigin(word.source, word.line))


def setup(app: Sphinx) -> dict:
    app.add_transform(TranslateDrawings)
    app.connect("doctree-resolved", write_drawn_words)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
