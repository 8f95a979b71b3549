"""Make Sphinx's EPUB 3 output pass EPUBCheck with no errors and no warnings.

Sphinx writes ``epub_uid`` (the *id* of the identifier element) into toc.ncx's ``dtb:uid``, where
EPUBCheck expects the identifier's *value* (NCX-001). It also declares the cover image only the
EPUB 2 way (``<meta name="cover">``); EPUB 3 reading systems look for the manifest item with
``properties="cover-image"``. The builder below fixes both.

It also writes the archive reproducibly: members in Sphinx's order (``mimetype`` first and
stored), each dated ``SOURCE_DATE_EPOCH`` (the last commit) rather than its file's mtime.
"""

from __future__ import annotations

import pathlib
import re
import zipfile
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder

from scripts import reproducible


class HandbookEpub3Builder(Epub3Builder):
    """Sphinx's EPUB 3 builder with an NCX uid that matches the package identifier."""

    def toc_metadata(self, level: int, navpoints: list) -> dict[str, Any]:
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = self.config.epub_identifier
        return metadata

    def build_content(self) -> None:
        super().build_content()
        if not self.config.epub_cover:
            return
        opf = pathlib.Path(self.outdir, "content.opf")
        cover_href = re.escape(self.config.epub_cover[0])
        text, count = re.subn(rf'(<item id="[^"]+" href="{cover_href}" media-type="[^"]+")', r'\1 properties="cover-image"',
                              opf.read_text(encoding="utf-8"), count=1)
        if count != 1:
            raise RuntimeError(f"content.opf has no manifest item for the cover image {self.config.epub_cover[0]}")
        opf.write_text(text, encoding="utf-8")

    def build_epub(self) -> None:
        outdir = pathlib.Path(self.outdir)
        names = ["META-INF/container.xml", "content.opf", "toc.ncx", *self.files]
        members = [reproducible.ZipMember("mimetype", outdir / "mimetype", zipfile.ZIP_STORED),
                   *(reproducible.ZipMember(name, outdir / name) for name in names)]
        reproducible.write_zip(outdir / f"{self.config.epub_basename}.epub", members,
                               reproducible.source_date_epoch())


def setup(app: Sphinx) -> dict:
    app.add_builder(HandbookEpub3Builder, override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
