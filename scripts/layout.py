"""Where the builds put things: one definition for the build driver, the Sphinx extensions and the tests."""

from __future__ import annotations

import dataclasses
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
BASENAME = "vertebroplasty-handbook"
FORMATS = ("html", "pdf", "epub")


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
        return self.build_dir / "pdf" / f"{BASENAME}.pdf"

    @property
    def epub(self) -> pathlib.Path:
        return self.build_dir / "epub" / f"{BASENAME}.epub"

    def product(self, fmt: str) -> pathlib.Path:
        """The published output of *fmt* (a folder for html, a file for pdf and epub)."""
        return getattr(self, fmt)

    def work(self, fmt: str) -> pathlib.Path:
        """Sphinx's own output and doctrees for *fmt*, kept between builds for incremental work."""
        return self.build_dir / ".work" / fmt


DEFAULT_LAYOUT = BuildLayout(ROOT / "_build")
