"""Branding (branding.toml and HANDBOOK_* variables): the loader's rules and errors, and where each
setting appears in the site, the PDF's title page and the EPUB.

The builds use the handbook's own conf.py on a one-page source (tests/roots/test-branding): once
with every setting given by environment variables, once with none (the neutral defaults).
"""

from __future__ import annotations

import pathlib
import subprocess
import sys
import zipfile

import pikepdf
import pytest
from bs4 import BeautifulSoup

from scripts import branding, build, metadata
from scripts.branding import Branding, BrandingError
from scripts.layout import BuildLayout
from scripts.print_pdf import structure_elements
from tests.helpers import REPO, pdf_pages_text

SOURCE = pathlib.Path(__file__).parent / "roots" / "test-branding"
LOGO = SOURCE / "logo.svg"
ORG_NAME = "St Elsewhere & Co Hospital"
CONTACT = "Spinal unit: 0100 000 0000, <spine@example.org>"
BASE_URL = "https://intranet.example.org/handbooks/vertebroplasty"
BRANDED = {"HANDBOOK_ORG_NAME": ORG_NAME, "HANDBOOK_ORG_LOGO": str(LOGO), "HANDBOOK_ORG_CONTACT": CONTACT,
           "HANDBOOK_BASE_URL": BASE_URL}


def write_toml(tmp_path, text: str) -> pathlib.Path:
    path = tmp_path / "branding.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- The loader ------------------------------------------------------------------------------------


def test_the_repository_defaults_are_neutral():
    assert branding.load(REPO / "branding.toml", environ={}) == Branding()


def test_a_missing_file_means_the_defaults(tmp_path):
    assert branding.load(tmp_path / "branding.toml", environ={}) == Branding()


def test_values_are_read_from_the_file(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    path = write_toml(tmp_path, '[organisation]\nname = " St Elsewhere "\nlogo = "logo.png"\ncontact = "Ask us"\n'
                                '[site]\nbase_url = "https://example.org/handbook/"\n')
    assert branding.load(path, environ={}) == Branding(
        org_name="St Elsewhere", org_logo=tmp_path / "logo.png", org_contact="Ask us",
        base_url="https://example.org/handbook/")


def test_variables_override_the_file_and_an_empty_one_clears_a_value(tmp_path):
    path = write_toml(tmp_path, '[organisation]\nname = "From the file"\ncontact = "Ask us"\n')
    loaded = branding.load(path, environ={"HANDBOOK_ORG_NAME": "From a variable", "HANDBOOK_ORG_CONTACT": ""})
    assert (loaded.org_name, loaded.org_contact) == ("From a variable", "")


def test_the_base_url_gets_a_final_slash(tmp_path):
    loaded = branding.load(tmp_path / "none.toml", environ={"HANDBOOK_BASE_URL": "https://example.org/books"})
    assert loaded.base_url == "https://example.org/books/"


@pytest.mark.parametrize(("text", "expected"), [
    ('[organisation]\nname = "Ours"\nlogo = "images/missing.png"\n', ":3: organisation.logo: the logo file"),
    ('[organisation]\nlogo = "branding.toml"\n', ":2: organisation.logo: the logo branding.toml is not a"),
    ('[organisation]\nnmae = "Ours"\n', ":2: organisation.nmae is not a branding setting"),
    ('[hospital]\nname = "Ours"\n', ": [hospital] is not a branding table"),
    ('[organisation]\nname = 42\n', ":2: organisation.name: must be a quoted string"),
    ('[organisation]\ncontact = """Line one\nline two"""\n', ":2: organisation.contact: must be one line"),
    ('[site]\nbase_url = "intranet/handbook"\n', ":2: site.base_url: 'intranet/handbook' is not a web address"),
    ('[organisation]\nname = "Unclosed\n', ": cannot be read as TOML: "),
])
def test_a_bad_value_is_reported_with_its_file_line_and_key(tmp_path, text, expected):
    path = write_toml(tmp_path, text)
    with pytest.raises(BrandingError) as raised:
        branding.load(path, environ={})
    assert str(raised.value).startswith(f"{path}{expected}"), str(raised.value)


def test_a_bad_variable_is_reported_by_its_name(tmp_path):
    with pytest.raises(BrandingError, match=r"^environment variable HANDBOOK_ORG_LOGO: the logo file .*not-there\.svg"):
        branding.load(tmp_path / "none.toml", environ={"HANDBOOK_ORG_LOGO": str(tmp_path / "not-there.svg")})


def test_the_build_reports_a_bad_value_without_a_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "scripts.build", "--source", str(SOURCE), "--builddir",
                             str(tmp_path), "html"], cwd=REPO, capture_output=True, text=True,
                            env={**BRANDED, "HANDBOOK_ORG_LOGO": "not-there.svg", "PATH": "/usr/bin:/bin"})
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "environment variable HANDBOOK_ORG_LOGO: the logo file" in output
    assert "Traceback" not in output


# -- Where the settings appear -----------------------------------------------------------------------


def build_small_book(build_dir: pathlib.Path, variables: dict[str, str]) -> BuildLayout:
    """The one-page source built as a site, the tagged PDF (standard edition) and EPUB."""
    layout = BuildLayout(build_dir)
    with pytest.MonkeyPatch.context() as patch:
        for name in BRANDED:
            patch.delenv(name, raising=False)
        for name, value in variables.items():
            patch.setenv(name, value)
        try:
            build.build("html", layout, SOURCE, extra=["-q"])
            build.build("epub", layout, SOURCE, extra=["-q"])
            build.build("pdf", layout, SOURCE, extra=["-q"], editions=("standard",))
        except build.BuildError as error:
            pytest.fail(f"building the branding test source failed: {error}")
    return layout


@pytest.fixture(scope="module")
def branded(tmp_path_factory) -> BuildLayout:
    return build_small_book(tmp_path_factory.mktemp("branded"), BRANDED)


@pytest.fixture(scope="module")
def neutral(tmp_path_factory) -> BuildLayout:
    return build_small_book(tmp_path_factory.mktemp("neutral"), {})


def site_page(layout: BuildLayout) -> BeautifulSoup:
    return BeautifulSoup((layout.html / "index.html").read_text(encoding="utf-8"), "html.parser")


def title_page(layout: BuildLayout) -> str:
    """The text of the tagged PDF's first page, its lines joined by spaces."""
    return " ".join(pdf_pages_text(layout.pdf)[0].split())


def epub_publisher(layout: BuildLayout) -> str:
    with zipfile.ZipFile(layout.epub) as epub:
        return BeautifulSoup(epub.read("content.opf"), "xml").find("dc:publisher").text


def test_the_site_header_shows_the_logo_and_name(branded):
    page = site_page(branded)
    logos = page.select("a.navbar-brand img.logo__image")
    assert logos and all(img["src"] == "_static/logo.svg" for img in logos)
    assert all(img["alt"] == f"{ORG_NAME} logo" for img in logos)
    assert (branded.html / "_static" / "logo.svg").read_bytes() == LOGO.read_bytes()
    assert page.select_one("a.navbar-brand .logo__title").get_text(strip=True) == metadata.load().title
    assert page.select_one(".handbook-organisation").get_text(strip=True) == f"Provided by {ORG_NAME}"


def test_the_site_footer_shows_the_contact_line(branded):
    contact = site_page(branded).select_one("footer .handbook-contact")
    assert contact is not None and contact.get_text(strip=True) == CONTACT


def test_every_page_names_its_canonical_address(branded):
    canonical = site_page(branded).find("link", rel="canonical")
    assert canonical["href"] == f"{BASE_URL}/index.html"


def test_the_pdf_title_page_names_the_organisation(branded):
    assert f"Provided by {ORG_NAME}" in title_page(branded)


def test_the_pdf_title_page_shows_the_logo_named_for_a_screen_reader(branded):
    with pikepdf.open(branded.pdf) as pdf:
        figures = [element for element in structure_elements(pdf.Root.StructTreeRoot) if element.S == "/Figure"]
        assert [str(figure.Alt) for figure in figures] == [f"{ORG_NAME} logo"]


def test_the_epub_publisher_is_the_organisation(branded):
    assert epub_publisher(branded) == ORG_NAME


def test_the_defaults_show_no_organisation(neutral):
    page = site_page(neutral)
    assert not page.select("img.logo__image")
    assert page.select_one("a.navbar-brand .logo__title").get_text(strip=True) == metadata.load().title
    assert page.select_one(".handbook-organisation") is None
    assert page.select_one(".handbook-contact") is None
    assert page.find("link", rel="canonical") is None
    assert "Provided by" not in title_page(neutral)
    assert epub_publisher(neutral) == metadata.load().author
