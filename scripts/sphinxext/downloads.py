"""Link every HTML page to the whole-book PDFs and EPUB, and add a Downloads page with sizes and SHA-256.

The tagged PDF (standard and large print) and the EPUB are built first (``make all`` builds them
before the site); this extension copies them into the site's ``downloads/`` folder, so the site a
hospital hosts is self-contained, and gives the sidebar template ``book-downloads.html`` the list of
files. A site built without them (``make html`` alone) simply omits the links: authors editing
chapters need not wait for the PDFs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import pathlib
import shutil

from sphinx.application import Sphinx

from scripts.layout import BuildLayout

FOLDER = "downloads"


@dataclasses.dataclass(frozen=True)
class Download:
    """One whole-book file offered for download."""

    label: str
    """What the reader sees, e.g. "PDF (print, A4)"."""
    source: pathlib.Path
    """The built file in the build directory."""
    size: int
    """Size in bytes."""
    sha256: str
    """Hex SHA-256 of the file, so a reader or a hospital can verify its copy."""

    @property
    def path(self) -> str:
        """Path of the copy inside the site, relative to its root."""
        return f"{FOLDER}/{self.source.name}"

    @property
    def human_size(self) -> str:
        return f"{self.size / 1_048_576:.1f} MB" if self.size >= 1_048_576 else f"{self.size / 1024:.0f} kB"


def sha256_of(path: pathlib.Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def find_downloads(layout: BuildLayout) -> list[Download]:
    """The tagged PDF, its large-print edition and the EPUB that exist in *layout*, in that order."""
    found = []
    for label, path in (("PDF (for printing)", layout.pdf), ("PDF, large print (16 pt)", layout.large_print_pdf),
                        ("EPUB (for e-readers)", layout.epub)):
        if path.is_file():
            found.append(Download(label, path, path.stat().st_size, sha256_of(path)))
    return found


def is_site_builder(app: Sphinx) -> bool:
    # The EPUB builder is an HTML builder too, but an e-book links to no downloads.
    return app.builder.name in {"html", "dirhtml"}


def collect_downloads(app: Sphinx) -> None:
    app.env.handbook_downloads = find_downloads(BuildLayout(pathlib.Path(app.config.handbook_build_dir)))


def add_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if is_site_builder(app):
        context["handbook_downloads"] = getattr(app.env, "handbook_downloads", [])


def downloads_page(app: Sphinx):
    """Copy the files into the site and yield the Downloads page (html-collect-pages)."""
    if not is_site_builder(app):
        return
    downloads = getattr(app.env, "handbook_downloads", [])
    target = pathlib.Path(app.outdir) / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for download in downloads:
        copy = target / download.source.name
        # Copied with its modification time, so a rebuild after an edit skips the unchanged books.
        if not copy.is_file() or (copy.stat().st_size, copy.stat().st_mtime_ns) != (
                download.size, download.source.stat().st_mtime_ns):
            shutil.copy2(download.source, copy)
    yield "downloads", {"title": "Downloads", "body": render_body(downloads)}, "page.html"


def render_body(downloads: list[Download]) -> str:
    if not downloads:
        rows = ('<p>This copy of the site was built without the PDF and EPUB. '
                'Build all three formats with <code>make all</code> to offer them here.</p>')
        return f'<section id="downloads"><h1>Downloads</h1>{rows}</section>'
    cells = "".join(
        f'<tr><td><a href="{html.escape(d.path)}" download>{html.escape(d.label)}</a></td>'
        f'<td>{html.escape(d.source.name)}</td><td>{d.human_size} ({d.size:,} bytes)</td>'
        f'<td><code class="sha256">{d.sha256}</code></td></tr>'
        for d in downloads)
    return ('<section id="downloads"><h1>Downloads</h1>'
            '<p>The whole handbook, to read offline or print. Each file\'s SHA-256 checksum lets you check '
            'that your copy is complete and unchanged (for example with <code>sha256sum</code>).</p>'
            '<table class="table downloads-table"><caption>Whole-book downloads</caption>'
            '<thead><tr><th scope="col">Format</th><th scope="col">File</th><th scope="col">Size</th>'
            '<th scope="col">SHA-256</th></tr></thead>'
            f'<tbody>{cells}</tbody></table></section>')


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_build_dir", "_build", "env", types=[str])
    app.connect("builder-inited", collect_downloads)
    app.connect("html-page-context", add_page_context)
    app.connect("html-collect-pages", downloads_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
