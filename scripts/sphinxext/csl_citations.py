"""Citation styles: sphinxcontrib-bibtex's citations and reference lists rendered by CSL.

Authors keep writing ``{cite:p}`key```, ``{cite:t}`key``` and ``{bibliography}``; the setting
``citation_style`` (``apa``, ``mla``, ``chicago`` or ``harvard``; conf.py takes it from
``CITATION_STYLE``) chooses how they look. Every entry is rendered by scripts/csl.py (pandoc's
citeproc and the official CSL style), all entries of a bibliography in one batch, and the same rich
text goes to HTML, LaTeX and EPUB alike:

- a pybtex formatting style ``csl`` (``bibtex_default_style = "csl"``) whose entries carry the CSL
  reference-list entry and both in-text forms;
- a referencing style ``csl`` (``bibtex_reference_style = "csl"``): ``{cite:p}`` prints the CSL
  parenthetical citation, ``{cite:t}`` the narrative one; several keys are joined with the style's
  own brackets and delimiter, e.g. APA ``(Buchbinder et al., 2009; Thomas, 2021)``;
- the reference list without pybtex's labels: a hanging-indent list as the styles want it;
- the ``{cite-this-handbook}`` directive (the handbook's citation in every style, from CITATION.cff)
  and a "Cite this page" block at the end of every HTML page but the home page.

pybtex and sphinxcontrib-bibtex find styles by name in process-wide registries, so the chosen style
is bound into the classes registered under the name ``csl`` when the configuration is read.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html.parser
import importlib.metadata
import json
import os
import pathlib
from collections.abc import Iterable, Mapping
from typing import ClassVar

import pybtex.plugin
import pybtex_docutils
from docutils import nodes
from pybtex.richtext import BaseText, HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import thebibliography
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BaseReferenceStyle, BracketStyle, GroupReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_author import ExtraAuthorReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_empty import ExtraEmptyReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_label import ExtraLabelReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_year import ExtraYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join2, node, post_text, pre_text, reference

from scripts import csl, metadata
from scripts.sphinxext.translation_status import handbook_text, message

logger = logging.getLogger(__name__)
CITE_THIS_PAGE = message("Cite this page")

STYLE_TITLES = {"apa": "APA 7", "mla": "MLA 9", "chicago": "Chicago (author-date)",
                "harvard": "Harvard (Cite Them Right)"}
"""How the About page and "Cite this page" name each of :data:`scripts.csl.CITATION_STYLES`."""

CSS_FILE = pathlib.Path(__file__).with_suffix(".css")

# The pybtex plugins a build looks up, by group and name (setup registers them; see there).
PYBTEX_PLUGINS_USED = (("pybtex.backends", "plaintext"), ("pybtex.style.labels", "number"),
                       ("pybtex.style.names", "plain"), ("pybtex.style.names", "last"), ("pybtex.style.sorting", "none"))

# The reference list has no labels: no hanging label column, a hanging indent instead (LaTeX).
LATEX_UNLABELLED_BIBLIOGRAPHY = "\n".join([
    r"\makeatletter",
    r"\renewcommand\@biblabel[1]{}",
    r"\def\@openbib@code{\setlength{\leftmargin}{2em}\setlength{\itemindent}{-2em}\setlength{\labelsep}{0pt}}",
    r"\makeatother",
])


# -- CSL's HTML fragments as pybtex rich text --------------------------------------------------------


class _RichTextParser(html.parser.HTMLParser):
    """Builds pybtex rich text from a fragment of scripts/csl.py (see its docstring for the tags)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict[str, str | None], list]] = [("", {}, [])]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append((tag, dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        name, attributes, parts = self.open.pop()
        self.open[-1][2].append(_element(name, attributes, parts))

    def handle_data(self, data: str) -> None:
        self.open[-1][2].append(data)


def _element(name: str, attributes: Mapping[str, str | None], parts: list) -> BaseText:
    if name in {"em", "i"}:
        return Tag("em", *parts)
    if name in {"strong", "b"}:
        return Tag("strong", *parts)
    if name in {"sup", "sub"}:
        return Tag(name, *parts)
    if name == "a" and attributes.get("href"):
        return HRef(attributes["href"], *parts)
    return Text(*parts)  # small capitals: docutils has no such inline


@functools.lru_cache(maxsize=4096)
def rich_text(fragment: str) -> Text:
    """*fragment* (HTML from scripts/csl.py) as pybtex rich text: ``Tag("em")``, ``HRef`` and plain text."""
    parser = _RichTextParser()
    parser.feed(fragment)
    parser.close()
    return Text(*parser.open[0][2])


def docutils_nodes(fragment: str) -> list[nodes.Node]:
    """*fragment* as docutils inline nodes (emphasis, references, text)."""
    return rich_text(fragment).render(pybtex_docutils.Backend())


# -- The pybtex formatting style -------------------------------------------------------------------


class CslFormattedEntry(FormattedEntry):
    """A reference-list entry that also carries the entry's in-text citations as rich text."""

    def __init__(self, key: str, text: BaseText, label: str, citation: BaseText, narrative: BaseText):
        super().__init__(key, text, label)
        self.citation = citation
        """The parenthetical citation without the style's brackets, e.g. "Buchbinder et al., 2009"."""
        self.narrative = narrative
        """The narrative citation, e.g. "Buchbinder et al. (2009)"."""


@functools.lru_cache(maxsize=16)
def _csl_items_of_bibtex(text: str, cache_dir: pathlib.Path) -> dict[str, dict]:
    return {item["id"]: item for item in csl.bibtex_to_csl(text, cache_dir=cache_dir)}


class CslFormattingStyle(BaseStyle):
    """pybtex formatting style ``csl``: entries rendered in :attr:`csl_style`, all in one batch.

    sphinxcontrib-bibtex calls ``sort``, then ``format_labels``, then ``format_entry`` for each entry;
    ``sort`` renders the whole batch and returns the entries in the style's reference-list order.
    """

    csl_style: ClassVar[str] = "apa"
    """One of :data:`scripts.csl.CITATION_STYLES`."""
    csl_items: ClassVar[Mapping[str, dict]] = {}
    """CSL-JSON items of every entry of the .bib files, by key."""
    cache_dir: ClassVar[pathlib.Path | None] = None
    csl_lang: ClassVar[str | None] = None
    """A translation's language, whose CSL locale the entries are rendered in (None: the style's English)."""
    """Where scripts/csl.py keeps rendered batches between builds."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rendered: dict[str, csl.Rendered] = {}
        # BaseStyle binds sort and format_labels to its helper plugins; this style does both itself.
        self.sort = self.sort_in_style_order
        self.format_labels = self.keys_as_labels

    def sort_in_style_order(self, entries: Iterable) -> list:
        entries = list(entries)
        for entry in entries:
            if entry.key not in self.csl_items:
                logger.warning("pandoc read no entry '%s' from the .bib files, so it cannot be rendered in "
                               "CSL; see the warnings about the .bib file above", entry.key,
                               type="bibtex", subtype="csl")
        self.rendered = csl.render([self.csl_items[entry.key] for entry in entries if entry.key in self.csl_items],
                                   self.csl_style, cache_dir=self.cache_dir, lang=self.csl_lang)
        order = {key: position for position, key in enumerate(self.rendered)}
        return sorted(entries, key=lambda entry: order.get(entry.key, len(order)))

    @staticmethod
    def keys_as_labels(entries: Iterable) -> Iterable[str]:
        # Labels must be unique for sphinxcontrib-bibtex; they are never shown (see RemoveLabels).
        return (entry.key for entry in entries)

    def format_entry(self, label: str, entry, bib_data=None) -> CslFormattedEntry:
        if entry.key not in self.rendered:  # warned about in sort_in_style_order
            return CslFormattedEntry(entry.key, Text(entry.key), label, citation=Text(entry.key),
                                     narrative=Text(entry.key))
        rendered = self.rendered[entry.key]
        layout = csl.citation_layout(self.csl_style)
        citation = rendered.citation.removeprefix(layout.prefix).removesuffix(layout.suffix)
        return CslFormattedEntry(entry.key, rich_text(rendered.bibliography), label,
                                 citation=rich_text(citation), narrative=rich_text(rendered.narrative))


# -- The referencing style -------------------------------------------------------------------------


@node
def csl_parenthetical(children, data):
    """The entry's parenthetical citation without brackets."""
    assert not children
    return data["formatted_entry"].citation


@node
def csl_narrative(children, data):
    """The entry's narrative citation."""
    assert not children
    return data["formatted_entry"].narrative


@dataclasses.dataclass
class CslParentheticalReferenceStyle(BaseReferenceStyle):
    """``{cite:p}`` (and ``ps``, ``alp``, ``alps``): "(Buchbinder et al., 2009; Thomas, 2021)"."""

    bracket: BracketStyle = dataclasses.field(default_factory=BracketStyle)

    def role_names(self) -> Iterable[str]:
        return ["p", "ps", "alp", "alps"]

    def outer(self, role_name: str, children: list[BaseText]):
        return self.bracket.outer(children, brackets="al" not in role_name)

    def inner(self, role_name: str):
        # Pre- and post-text ({cite:p}`{see}key{p. 5}`) as sphinxcontrib-bibtex joins them.
        return join2(sep1=" ", sep2=", ")[pre_text, reference[csl_parenthetical], post_text]


@dataclasses.dataclass
class CslTextualReferenceStyle(BaseReferenceStyle):
    """``{cite:t}`` (and ``ts``, ``ct``, ``cts``): "Buchbinder et al. (2009)"."""

    bracket: BracketStyle = dataclasses.field(
        default_factory=lambda: BracketStyle(left="", right="", sep=", ", sep2=" and ", last_sep=", and "))

    def role_names(self) -> Iterable[str]:
        return ["t", "ts", "ct", "cts"]

    def outer(self, role_name: str, children: list[BaseText]):
        return self.bracket.outer(children, brackets=False, capfirst="c" in role_name)

    def inner(self, role_name: str):
        return join2(sep1=" ", sep2=", ")[pre_text, reference[csl_narrative], post_text]


@dataclasses.dataclass
class CslReferenceStyle(GroupReferenceStyle):
    """Referencing style ``csl``: the CSL forms for ``p`` and ``t``, sphinxcontrib-bibtex's for the rest."""

    layout: ClassVar[csl.CitationLayout] = csl.CitationLayout("(", ")", "; ")
    """The bound style's brackets and delimiter."""

    def __post_init__(self) -> None:
        brackets = BracketStyle(left=self.layout.prefix, right=self.layout.suffix, sep=self.layout.delimiter)
        self.styles.extend([
            CslParentheticalReferenceStyle(bracket=brackets),
            CslTextualReferenceStyle(),
            ExtraAuthorReferenceStyle(),
            ExtraLabelReferenceStyle(),
            ExtraYearReferenceStyle(),
            ExtraEmptyReferenceStyle(),
        ])
        super().__post_init__()


# -- Binding the style when the configuration is read ----------------------------------------------


def handbook_metadata(config: Config) -> metadata.HandbookMetadata:
    """The handbook's metadata from ``citation_file``; a ConfigError that names the problem otherwise."""
    try:
        return metadata.load(pathlib.Path(config.citation_file))
    except metadata.MetadataError as error:
        raise ConfigError(f"citation_file: {error}") from None


def csl_cache_dir(doctreedir: str | os.PathLike) -> pathlib.Path:
    """Where the .bib files' CSL-JSON items and the rendered batches are kept between builds."""
    return pathlib.Path(doctreedir) / "csl-cache"


def bibliography_items(app: Sphinx) -> dict[str, dict]:
    """CSL-JSON items of every .bib file in ``bibtex_bibfiles``, one pandoc process per file content."""
    items: dict[str, dict] = {}
    for name in app.config.bibtex_bibfiles or []:
        path = pathlib.Path(app.confdir, name)
        try:
            items.update(_csl_items_of_bibtex(path.read_text(encoding="utf-8"), csl_cache_dir(app.doctreedir)))
        except (OSError, UnicodeDecodeError, csl.CslError) as error:
            # bibcheck (or sphinxcontrib-bibtex) reports the file's problem at its line. The path goes in
            # the message: at config-inited there is no environment to turn a location into a file name.
            logger.warning("%s: cannot convert to CSL: %s", path, error, type="bibtex", subtype="csl")
    return items


def csl_language(config: Config) -> str | None:
    """The language a translation's citations are rendered in; None for English (each style's own locale)."""
    return None if config.language == "en" else config.language


def bind_style(app: Sphinx, config: Config) -> None:
    style = config.citation_style
    if style not in csl.CITATION_STYLES:
        raise ConfigError(f"citation_style (CITATION_STYLE) is {style!r}; use one of: "
                          f"{', '.join(csl.CITATION_STYLES)} (e.g. make html CITATION_STYLE=mla)")
    # Relative to conf.py's folder, like bibtex_bibfiles; a malformed file stops the build here.
    config.citation_file = str(pathlib.Path(app.confdir, config.citation_file))
    handbook_metadata(config)
    formatting = type(f"CslFormattingStyle_{style}", (CslFormattingStyle,), {
        "csl_style": style, "csl_items": bibliography_items(app),
        "cache_dir": csl_cache_dir(app.doctreedir), "csl_lang": csl_language(config)})
    pybtex.plugin.register_plugin("pybtex.style.formatting", "csl", formatting, force=True)
    referencing = type(f"CslReferenceStyle_{style}", (CslReferenceStyle,), {"layout": csl.citation_layout(style)})
    register_plugin("sphinxcontrib.bibtex.style.referencing", "csl", referencing, force=True)


def pages_citing_changed_entries(app: Sphinx, env) -> list[str]:
    """The pages that cite an entry whose .bib text changed since the last build: to be written again (env-updated).

    The page that holds a reference list is read again when a .bib file changes (sphinxcontrib-bibtex
    notes the dependency), but a page that only cites the entry is not, and would keep its old tooltip
    and, after a change of author or year, its old citation. A digest of each entry's CSL item is kept
    in the environment (one value for the whole build, set here in the main process, never by a
    parallel reader) to tell which entries changed.
    """
    items = pybtex.plugin.find_plugin("pybtex.style.formatting", "csl").csl_items
    digests = {key: hashlib.sha256(json.dumps(item, sort_keys=True).encode("utf-8")).hexdigest()
               for key, item in items.items()}
    previous = getattr(env, "handbook_csl_digests", None)
    env.handbook_csl_digests = digests
    if previous is None:  # a first build writes every page anyway
        return []
    changed = {key for key in digests.keys() | previous.keys() if digests.get(key) != previous.get(key)}
    references = env.get_domain("cite").citation_refs
    return sorted({reference.docname for reference in references
                   if changed & {target.key for target in reference.targets}})


# -- The reference list without labels -----------------------------------------------------------


class RemoveLabels(SphinxPostTransform):
    """Drop the citation labels of the reference list in HTML and EPUB (the styles have none)."""

    formats = ("html",)
    default_priority = 6  # after sphinxcontrib-bibtex has filled the reference list (5)

    def run(self, **kwargs) -> None:
        for citation in list(self.document.findall(nodes.citation)):
            if isinstance(citation[0], nodes.label):
                citation.remove(citation[0])
            citation["classes"].append("csl-entry")


class UnlabelledLatexBibliography(SphinxPostTransform):
    """Typeset the LaTeX bibliography without labels, with a hanging indent (the label stays for \\bibitem)."""

    formats = ("latex",)
    default_priority = 770  # after Sphinx's LaTeX transform has gathered the entries (750)

    def run(self, **kwargs) -> None:
        for bibliography in list(self.document.findall(thebibliography)):
            parent = bibliography.parent
            parent.insert(parent.index(bibliography), nodes.raw("", LATEX_UNLABELLED_BIBLIOGRAPHY, format="latex"))


# -- Cite this handbook, cite this page ------------------------------------------------------------


def handbook_citations(handbook: metadata.HandbookMetadata, cache_dir: pathlib.Path | None,
                       lang: str | None = None) -> dict[str, str]:
    """The handbook's reference-list entry in each of :data:`scripts.csl.CITATION_STYLES` (HTML fragments)."""
    return {style: csl.render([handbook.csl_item()], style, cache_dir=cache_dir, lang=lang)["handbook"].bibliography
            for style in csl.CITATION_STYLES}


@functools.lru_cache(maxsize=4)
def page_citations(handbook: metadata.HandbookMetadata, pages: tuple[tuple[str, str, str], ...], style: str,
                   cache_dir: pathlib.Path | None, lang: str | None = None) -> dict[str, str]:
    """The reference-list entry in *style* of each of *pages*, ``(docname, title, path)``: HTML fragments by docname.

    One pandoc run for the whole site (one per page made a cold build start a dozen), with
    disambiguation off: the pages share author and year, and CSL would otherwise call them 2026a, 2026b…
    Kept for the build (every page asks for the same tuple).
    """
    items = [{**handbook.page_csl_item(title, path), "id": docname} for docname, title, path in pages]
    rendered = csl.render(items, style, cache_dir=cache_dir, lang=lang, disambiguate=False)
    return {docname: result.bibliography for docname, result in rendered.items()}


class CiteThisHandbook(SphinxDirective):
    """``{cite-this-handbook}``: a definition list, style name → the handbook's citation in that style."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(self.config.citation_file)
        handbook = handbook_metadata(self.config)
        citations = handbook_citations(handbook, csl_cache_dir(self.env.doctreedir),
                                       csl_language(self.config))
        items = []
        for style, citation in citations.items():
            definition = nodes.definition("", nodes.paragraph("", "", *docutils_nodes(citation)))
            items.append(nodes.definition_list_item("", nodes.term("", STYLE_TITLES[style]), definition))
        return [nodes.definition_list("", *items, classes=["cite-this-handbook"])]


def add_cite_this_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Append "Cite this page" to every page of the HTML site but the home page."""
    if app.builder.format != "html" or app.builder.name == "epub" or docname == app.config.root_doc:
        return
    pages = tuple((page, app.env.titles[page].astext(), app.builder.get_target_uri(page))
                  for page in sorted(app.env.found_docs) if page != app.config.root_doc)
    citation = page_citations(handbook_metadata(app.config), pages, app.config.citation_style,
                              csl_cache_dir(app.doctreedir), csl_language(app.config))[docname]
    block = nodes.container(classes=["cite-this-page"])
    block += nodes.rubric("", handbook_text(app, CITE_THIS_PAGE))
    block += nodes.paragraph("", "", *docutils_nodes(citation))
    doctree += block


def add_stylesheet(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(CSS_FILE))
        app.add_css_file(CSS_FILE.name)


def register_pybtex_plugins() -> None:
    """Put the pybtex plugins a build uses into pybtex's runtime registry, from one look at the entry points.

    pybtex answers a lookup from that registry before it scans every installed package's entry points
    (about 10 ms a time), and sphinxcontrib-bibtex looks up the plaintext backend for every citation
    it resolves: without this, resolving the handbook's citations took seconds instead of milliseconds.
    """
    installed = importlib.metadata.entry_points()
    for group, name in PYBTEX_PLUGINS_USED:
        found = installed.select(group=group, name=name) or installed.select(group=f"{group}.aliases", name=name)
        entry_point = next(iter(found), None)
        if entry_point is not None:  # not installed: pybtex reports it at the lookup, as before
            pybtex.plugin.register_plugin(group, name, entry_point.load(), force=True)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.bibtex")
    register_pybtex_plugins()
    app.add_config_value("citation_style", "apa", "env", types=[str])
    app.add_config_value("citation_file", str(metadata.CITATION_FILE), "env", types=[str])
    app.connect("config-inited", bind_style)
    app.connect("builder-inited", add_stylesheet)
    app.connect("doctree-resolved", add_cite_this_page)
    app.connect("env-updated", pages_citing_changed_entries)
    app.add_post_transform(RemoveLabels)
    app.add_post_transform(UnlabelledLatexBibliography)
    app.add_directive("cite-this-handbook", CiteThisHandbook)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
