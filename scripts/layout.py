"""Where the builds put things: one definition for the build driver, the Sphinx extensions and the tests."""

from __future__ import annotations

import dataclasses
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
BASENAME = "vertebroplasty-handbook"
FORMATS = ("html", "pdf", "latexpdf", "epub")
# The tagged PDF's editions (scripts/print_pdf.py): the standard one, and large print.
PDF_EDITIONS = ("standard", "large")


@dataclasses.dataclass(frozen=True)
class BuildLayout:
    """The folders and files under one build directory (``_build`` by default)."""

    build_dir: pathlib.Path

    @property
    def html(self) -> pathlib.Path:
        """The published site: the folder a hospital copies to its web server."""
        return self.build_dir / "html"

    @property
    def pdf(self) -> pathlib.Path:
        """The tagged PDF (PDF/UA-1), standard edition: the one the site and the release offer."""
        return self.build_dir / "pdf" / f"{BASENAME}.pdf"

    @property
    def large_print_pdf(self) -> pathlib.Path:
        """The large-print edition of the tagged PDF, beside the standard one."""
        return self.build_dir / "pdf" / f"{BASENAME}-large-print.pdf"

    def pdf_edition(self, edition: str) -> pathlib.Path:
        """The tagged PDF of *edition* (one of PDF_EDITIONS)."""
        return self.large_print_pdf if edition == "large" else self.pdf

    @property
    def latexpdf(self) -> pathlib.Path:
        """The PDF that LaTeX (xelatex) makes: untagged, kept as Sphinx's conventional ``latexpdf``."""
        return self.build_dir / "latex" / f"{BASENAME}.pdf"

    @property
    def epub(self) -> pathlib.Path:
        return self.build_dir / "epub" / f"{BASENAME}.epub"

    @property
    def gettext(self) -> pathlib.Path:
        """The translators' templates (.pot), one per chapter, that `make update-po` turns into catalogues."""
        return self.build_dir / "gettext"

    def product(self, fmt: str) -> pathlib.Path:
        """The published output of *fmt* (a folder for html, a file otherwise; for pdf, the standard edition)."""
        return getattr(self, fmt)

    def work(self, fmt: str) -> pathlib.Path:
        """Sphinx's own output and doctrees for *fmt*, kept between builds for incremental work."""
        return self.build_dir / ".work" / fmt


DEFAULT_LAYOUT = BuildLayout(ROOT / "_build")
