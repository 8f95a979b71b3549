"""Link every HTML page to the whole-book PDFs and EPUB, and add a Downloads page with sizes and SHA-256.

The tagged PDF (standard and large print) and the EPUB are built first (``make all`` builds them
before the site); this extension copies them into the site's ``downloads/`` folder, so the site a
hospital hosts is self-contained, and gives the sidebar template ``book-downloads.html`` the list of
files. A site built without them (``make html`` alone) simply omits the links: authors editing
chapters need not wait for the PDFs.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import pathlib
import shutil
from collections.abc import Callable

from sphinx.application import Sphinx

from scripts.layout import BuildLayout
from scripts.sphinxext.translation_status import handbook_text, message

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


# The page's words: the handbook's own messages (handbook.pot), in the language being built.
PDF_LABEL = message("PDF (for printing)")
LARGE_PRINT_LABEL = message("PDF, large print (16 pt)")
EPUB_LABEL = message("EPUB (for e-readers)")
TITLE = message("Downloads")
NOT_BUILT = message("This copy of the site was built without the PDF and EPUB. "
                    "Build all three formats with {command} to offer them here.")
INTRODUCTION = message("The whole handbook, to read offline or print. Each file's SHA-256 checksum lets you check "
                       "that your copy is complete and unchanged (for example with {command}).")
CAPTION = message("Whole-book downloads")
HEADINGS = (message("Format"), message("File"), message("Size"), "SHA-256")
SIZE = message("{size} ({bytes} bytes)")


def find_downloads(layout: BuildLayout, text: Callable[..., str]) -> list[Download]:
    """The tagged PDF, its large-print edition and the EPUB that exist in *layout*, in that order, each
    labelled by *text* (handbook_text: in the language being built)."""
    found = []
    for label, path in ((text(PDF_LABEL), layout.pdf), (text(LARGE_PRINT_LABEL), layout.large_print_pdf),
                        (text(EPUB_LABEL), layout.epub)):
        if path.is_file():
            found.append(Download(label, path, path.stat().st_size, sha256_of(path)))
    return found


def is_site_builder(app: Sphinx) -> bool:
    # The EPUB builder is an HTML builder too, but an e-book links to no downloads.
    return app.builder.name in {"html", "dirhtml"}


def collect_downloads(app: Sphinx) -> None:
    app.env.handbook_downloads = find_downloads(BuildLayout(pathlib.Path(app.config.handbook_build_dir)),
                                                functools.partial(handbook_text, app))


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
    text = functools.partial(handbook_text, app)
    yield "downloads", {"title": text(TITLE), "body": render_body(downloads, text)}, "page.html"


def render_body(downloads: list[Download], text: Callable[..., str]) -> str:
    """The Downloads page's HTML, its words given by *text* (handbook_text: in the language being built)."""
    def with_code(english: str, command: str) -> str:
        # The message is plain text, its {command} code: escape the text, then put the command in.
        return html.escape(text(english, command="\0"), quote=False).replace("\0", f"<code>{command}</code>")

    title = html.escape(text(TITLE))
    if not downloads:
        rows = f'<p>{with_code(NOT_BUILT, "make all")}</p>'
        return f'<section id="downloads"><h1>{title}</h1>{rows}</section>'
    cells = "".join(
        f'<tr><td><a href="{html.escape(d.path)}" download>{html.escape(d.label)}</a></td>'
        f'<td>{html.escape(d.source.name)}</td><td>{html.escape(text(SIZE, size=d.human_size, bytes=f"{d.size:,}"))}</td>'
        f'<td><code class="sha256">{d.sha256}</code></td></tr>'
        for d in downloads)
    headings = "".join(f'<th scope="col">{html.escape(text(heading))}</th>' for heading in HEADINGS)
    return (f'<section id="downloads"><h1>{title}</h1>'
            f'<p>{with_code(INTRODUCTION, "sha256sum")}</p>'
            f'<table class="table downloads-table"><caption>{html.escape(text(CAPTION))}</caption>'
            f'<thead><tr>{headings}</tr></thead>'
            f'<tbody>{cells}</tbody></table></section>')


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_build_dir", "_build", "env", types=[str])
    app.connect("builder-inited", collect_downloads)
    app.connect("html-page-context", add_page_context)
    app.connect("html-collect-pages", downloads_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
