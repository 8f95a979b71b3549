"""Make Sphinx's EPUB 3 output pass EPUBCheck with no errors and no warnings.

Sphinx writes ``epub_uid`` (the *id* of the identifier element) into toc.ncx's ``dtb:uid``, where
EPUBCheck expects the identifier's *value* (NCX-001). The builder below writes the value.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder


class HandbookEpub3Builder(Epub3Builder):
    """Sphinx's EPUB 3 builder with an NCX uid that matches the package identifier."""

    def toc_metadata(self, level: int, navpoints: list) -> dict[str, Any]:
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = self.config.epub_identifier
        return metadata


def setup(app: Sphinx) -> dict:
    app.add_builder(HandbookEpub3Builder, override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
