"""Citation styles in the built outputs: the same CSL text in HTML, PDF and EPUB, in each style.

A tiny test root (tests/roots/test-citation_styles: a journal article, a web page and a NICE guideline,
each cited with {cite:p}, one also with {cite:t}) is built as HTML, LaTeX→PDF and EPUB in each of
the four styles. The expected strings are those hand-checked in tests/test_csl.py.
"""

from __future__ import annotations

import html
import io
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import zipfile

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from scripts import build, csl, metadata
from tests.helpers import REPO, strict_build
from tests.test_csl import EXPECTED

ROOTS = REPO / "tests" / "roots"
# The order of the citations in index.md: {cite:p}, {cite:t}, {cite:p}, {cite:p}.
CITED = [("buchbinder2009", "citation"), ("buchbinder2009", "narrative"), ("thomas2021newsmedical", "citation"),
         ("nice2013ta279", "citation")]
PAGE_URL = "https://example.org/vertebroplasty-handbook/page.html"
HANDBOOK_URL = "https://example.org/vertebroplasty-handbook/"

# "Cite this page" for page.md ("What is vertebroplasty?"), checked against the style rules: APA
# web page (date with day, italic title, site roman); MLA (title case in quotes, italic container,
# day month year); Chicago author-date (year after the author; month and day after the site); CTR web
# page (italic title, "Available at:", "(Accessed: …)" from the release date).
CITE_THIS_PAGE = {
    "apa": f"The Vertebroplasty Handbook Team. (2026, November 24). <em>What is vertebroplasty?</em> "
           f"The Vertebroplasty Handbook. {PAGE_URL}",
    "mla": f"The Vertebroplasty Handbook Team. “What Is Vertebroplasty?” <em>The Vertebroplasty Handbook</em>, "
           f"24 Nov. 2026, {PAGE_URL.removeprefix('https://')}.",  # MLA 9 5.95: a URL without https://
    "chicago": f"The Vertebroplasty Handbook Team. 2026. “What Is Vertebroplasty?” The Vertebroplasty Handbook, "
               f"November 24. {PAGE_URL}.",
    "harvard": f"The Vertebroplasty Handbook Team (2026) <em>What is vertebroplasty?</em>, <em>The Vertebroplasty "
               f"Handbook</em>. Available at: {PAGE_URL} (Accessed: 24 November 2026).",
}
# Two keys in one {cite:p}: the style's brackets once, its delimiter between.
TWO_WORKS = {"apa": "(Buchbinder et al., 2009; Thomas, 2021)", "mla": "(Buchbinder et al.; Thomas)",
             "chicago": "(Buchbinder et al. 2009; Thomas 2021)", "harvard": "(Buchbinder et al., 2009; Thomas, 2021)"}
# The handbook as a book with a version (APA and MLA print it; Chicago as "Version 1.0.0."; CTR has none).
CITE_THIS_HANDBOOK = {
    "APA 7": f"The Vertebroplasty Handbook Team. (2026). <em>The Vertebroplasty Handbook</em> (Version 1.0.0). "
             f"{HANDBOOK_URL}",
    "MLA 9": f"The Vertebroplasty Handbook Team. <em>The Vertebroplasty Handbook</em>. Version 1.0.0, 2026, "
             f"{HANDBOOK_URL.removeprefix('https://')}.",
    "Chicago (author-date)": f"The Vertebroplasty Handbook Team. 2026. <em>The Vertebroplasty Handbook</em>. "
                             f"Version 1.0.0. {HANDBOOK_URL}.",
    "Harvard (Cite Them Right)": f"The Vertebroplasty Handbook Team (2026) <em>The Vertebroplasty Handbook</em>. "
                                 f"Available at: {HANDBOOK_URL} (Accessed: 24 November 2026).",
}


def plain(fragment: str) -> str:
    """The text of an HTML fragment."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def whole_addresses(fragment: str) -> str:
    """*fragment* with each link's text replaced by its address, as the LaTeX PDF prints it."""
    return re.sub(r'<a href="([^"]+)">[^<]*</a>', r"\1", fragment)


def italics(fragment: str) -> list[str]:
    return [plain(match) for match in re.findall(r"<em>(.*?)</em>", fragment)]


def links(fragment: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', fragment)


def squeezed(text: str) -> str:
    # PDF text breaks lines anywhere, and hyphenates: compare without white space and hyphens.
    return re.sub(r"[\s\-\u00ad]", "", text)


def built_app(builder: str, root: str, srcdir, style: str = "apa", **overrides) -> SphinxTestApp:
    """Build a copy of the test root *root* in *srcdir* with *builder*; fail on any warning."""
    if not srcdir.exists():
        shutil.copytree(ROOTS / f"test-{root}", srcdir)
    return strict_build(builder, srcdir, confoverrides={"citation_style": style, **overrides})


@pytest.fixture(scope="module", params=csl.CITATION_STYLES)
def style_build(request, tmp_path_factory):
    """The test root built in one style: (style, HTML folder, PDF file, EPUB file)."""
    style = request.param
    srcdir = tmp_path_factory.mktemp(f"citation-styles-{style}") / "src"
    html_out = built_app("html", "citation_styles", srcdir, style).outdir
    latex_out = built_app("latex", "citation_styles", srcdir, style).outdir
    build.run_latex(latex_out, dict(os.environ))
    pdf = next(latex_out.glob("*.pdf"))
    epub_out = built_app("epub", "citation_styles", srcdir, style, epub_copyright="2026", author="Test", version="1",
                         project="Citation styles").outdir
    return style, html_out, pdf, next(epub_out.glob("*.epub"))


def check_page(soup: BeautifulSoup, style: str) -> None:
    """In-text citations and reference list of index.html (HTML or EPUB) match the expected strings."""
    expected = EXPECTED[style]
    citations = soup.select("span.bibtex-citation")
    assert [c.get_text() for c in citations] == [plain(getattr(expected[key], form)) for key, form in CITED]
    for citation, (key, form) in zip(citations, CITED):
        assert [em.get_text() for em in citation.find_all(["em", "i"])] == italics(getattr(expected[key], form))
    entries = soup.select("div.citation p")
    # The reference list in the style's order (by author), without pybtex's labels.
    assert [entry.get_text() for entry in entries] == [
        plain(expected[key].bibliography) for key in ("buchbinder2009", "nice2013ta279", "thomas2021newsmedical")]
    assert not soup.select("div.citation .label")
    for entry, key in zip(entries, ("buchbinder2009", "nice2013ta279", "thomas2021newsmedical")):
        assert [em.get_text() for em in entry.find_all(["em", "i"])] == italics(expected[key].bibliography)
        assert [a["href"] for a in entry.find_all("a")] == links(expected[key].bibliography)
        # Each is its own address, so print shows it once (scripts/sphinxext/link_addresses.py).
        assert all("shows-address" in a["class"] for a in entry.find_all("a"))


def test_html_has_the_style_citations_and_reference_list(style_build):
    style, html_out, _, _ = style_build
    check_page(BeautifulSoup((html_out / "index.html").read_text(encoding="utf-8"), "html.parser"), style)


def test_epub_has_the_same_citations_and_reference_list(style_build):
    style, _, _, epub = style_build
    with zipfile.ZipFile(epub) as book:
        check_page(BeautifulSoup(book.read("index.xhtml").decode("utf-8"), "html.parser"), style)
        page = BeautifulSoup(book.read("page.xhtml").decode("utf-8"), "html.parser")
    assert not page.select(".cite-this-page")  # a web address to cite is for the site only


def test_pdf_has_the_same_citations_and_reference_list(style_build):
    style, _, pdf, _ = style_build
    text = squeezed(" ".join(page.extract_text() for page in PdfReader(pdf).pages))
    expected = EXPECTED[style]
    sentences = ["Atrialfoundnobenefit", "reported.", "Awebpageexplainstheprocedure", "NICErecommendsitonlyinresearch"]
    in_text = [sentence + squeezed(plain(getattr(expected[key], form))) if n != 1 else
               squeezed(plain(getattr(expected[key], form))) + sentence
               for n, (sentence, (key, form)) in enumerate(zip(sentences, CITED))]
    assert all(form in text for form in in_text), (in_text, text)
    positions = [text.find(squeezed(plain(whole_addresses(expected[key].bibliography))))
                 for key in ("buchbinder2009", "nice2013ta279", "thomas2021newsmedical")]
    assert -1 not in positions, positions
    assert positions == sorted(positions)
    for address in links("".join(expected[key].bibliography for key in ("nice2013ta279", "thomas2021newsmedical"))):
        # Once: no footnote repeats a reference's address (MLA shows it without https://, LaTeX whole).
        assert text.count(squeezed(address.split("://", 1)[1])) == 1, address
    assert "[buchbinder2009]" not in text and "buchbinder2009" not in text  # no labels


def test_several_keys_make_one_citation_in_the_style(style_build):
    style, html_out, _, _ = style_build
    page = BeautifulSoup((html_out / "page.html").read_text(encoding="utf-8"), "html.parser")
    (citation,) = page.select("span.bibtex-citation")
    assert citation.get_text() == TWO_WORKS[style]
    targets = [a["href"] for a in citation.find_all("a")]  # each work links to its entry in the reference list
    assert len(targets) == 2 and all(target.startswith("index.html#") for target in targets)


def test_every_html_page_but_the_home_page_says_how_to_cite_it(style_build):
    style, html_out, _, _ = style_build
    page = BeautifulSoup((html_out / "page.html").read_text(encoding="utf-8"), "html.parser")
    (block,) = page.select("div.cite-this-page")
    assert block.select_one(".rubric").get_text() == "Cite this page"
    paragraph = block.select_one("p:not(.rubric)")
    assert paragraph.get_text() == plain(CITE_THIS_PAGE[style])
    assert [em.get_text() for em in paragraph.find_all("em")] == italics(CITE_THIS_PAGE[style])
    assert [a["href"] for a in paragraph.find_all("a")] == [PAGE_URL]
    home = BeautifulSoup((html_out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert not home.select("div.cite-this-page")


def test_cite_this_handbook_lists_every_style(tmp_path):
    app = built_app("html", "citation_styles_cite_this", tmp_path / "src")
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    (listing,) = soup.select("dl.cite-this-handbook")
    found = {term.get_text(): definition for term, definition in zip(listing.find_all("dt"), listing.find_all("dd"))}
    assert list(found) == list(CITE_THIS_HANDBOOK)
    for name, expected in CITE_THIS_HANDBOOK.items():
        assert found[name].get_text().strip() == plain(expected)
        assert [em.get_text() for em in found[name].find_all("em")] == italics(expected)
        assert [a["href"] for a in found[name].find_all("a")] == [HANDBOOK_URL]


def test_an_unknown_citation_style_is_a_clear_error(tmp_path):
    shutil.copytree(ROOTS / "test-citation_styles", tmp_path / "src")
    with pytest.raises(ConfigError, match=r"citation_style \(CITATION_STYLE\) is 'vancouver'; use one of: "
                                          r"apa, mla, chicago, harvard"):
        SphinxTestApp("html", srcdir=tmp_path / "src", status=io.StringIO(), warning=io.StringIO(),
                      confoverrides={"citation_style": "vancouver"})


def test_the_handbook_build_rejects_an_unknown_citation_style(tmp_path):
    # conf.py takes CITATION_STYLE from the environment (make passes it through scripts/build.py).
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-c", str(REPO), str(REPO / "docs"),
                             str(tmp_path / "out")], capture_output=True, text=True,
                            env=dict(os.environ, CITATION_STYLE="vancouver"), cwd=REPO)
    assert result.returncode != 0
    assert "Configuration error" in result.stderr
    assert "citation_style (CITATION_STYLE) is 'vancouver'; use one of: apa, mla, chicago, harvard" in result.stderr
    option = subprocess.run([sys.executable, "-m", "scripts.build", "--citation-style", "vancouver", "html"],
                            capture_output=True, text=True, cwd=REPO)
    assert option.returncode == 2
    assert "--citation-style: invalid choice: 'vancouver'" in option.stderr


def test_a_malformed_citation_file_is_a_clear_error(tmp_path):
    shutil.copytree(ROOTS / "test-citation_styles_bad_cff", tmp_path / "src")
    with pytest.raises(ConfigError, match=r"CITATION\.cff: field 'date-released' must be an ISO date"):
        SphinxTestApp("html", srcdir=tmp_path / "src", status=io.StringIO(), warning=io.StringIO())


@pytest.mark.parametrize(("text", "message"), [
    ("title: [unclosed", "cannot be read as YAML"),
    ("- a list", "expected a YAML mapping of CFF fields"),
    ("{cff}\nurl: ftp://example.org/", "field 'url' must be an http(s) address"),
    ("{cff}\nauthors: [just a name]", "each entry under 'authors' must be a mapping"),
])
def test_metadata_names_the_file_and_the_problem(tmp_path, text, message):
    valid = (ROOTS / "test-citation_styles" / "CITATION.cff").read_text(encoding="utf-8")
    lines = [line for line in valid.splitlines() if not line.startswith(("url:", "authors:", "  - name:"))]
    path = tmp_path / "CITATION.cff"
    path.write_text(text.replace("{cff}", "\n".join(lines + ["authors:", "  - name: Team"])), encoding="utf-8")
    with pytest.raises(metadata.MetadataError, match=re.escape(message)) as error:
        metadata.load(path)
    assert str(path) in str(error.value)


def test_the_handbook_citation_file_is_valid_cff_and_has_a_url():
    schema = json.loads((pathlib.Path(__file__).parent / "fixtures" / "cff" / "schema-1.2.0.json").read_text(encoding="utf-8"))
    # YAML reads date-released as a date; the schema describes the JSON form, an ISO string.
    citation = json.loads(json.dumps(yaml.safe_load(metadata.CITATION_FILE.read_text(encoding="utf-8")), default=str))
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
              for error in jsonschema.Draft7Validator(schema).iter_errors(citation)]
    assert errors == []
    assert citation["cff-version"] == "1.2.0"
    handbook = metadata.load()
    assert handbook.url.startswith("https://") and handbook.url.endswith("/")
    assert handbook.csl_item()["accessed"] == handbook.csl_item()["issued"]  # the release date, not the clock


def test_switching_style_rebuilds_every_page(tmp_path):
    # make html, then make html CITATION_STYLE=mla in the same build folder: no page keeps APA.
    built_app("html", "citation_styles", tmp_path / "src", "apa")
    app = built_app("html", "citation_styles", tmp_path / "src", "mla")
    index = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    page = BeautifulSoup((app.outdir / "page.html").read_text(encoding="utf-8"), "html.parser")
    assert index.select_one("span.bibtex-citation").get_text() == "(Buchbinder et al.)"
    assert page.select_one("span.bibtex-citation").get_text() == TWO_WORKS["mla"]
    assert page.select_one("div.cite-this-page p:not(.rubric)").get_text() == plain(CITE_THIS_PAGE["mla"])
