"""Move every inline ``<script>`` and ``<style>`` of the site into a file, for a strict Content-Security-Policy.

The theme writes small inline scripts into every page (the colour mode read from localStorage, the
page's name for the search, the search page's focus) and an inline style for readers without
JavaScript. A policy of ``script-src 'self'; style-src 'self'`` blocks inline code; allowing it with
``'unsafe-inline'`` would allow injected code too, and listing ``sha256-`` hashes would change the
policy whenever a page is added. So after the HTML build each inline script or style is written once
to ``_static/inline/<sha256>.js`` (or ``.css``) and the page loads that file at the same place:
scripts still run in the same order, before the page is shown.

File names are hashes of the text, so two builds of one commit write identical files.
"""

from __future__ import annotations

import hashlib
import pathlib
import posixpath
import re

from sphinx.application import Sphinx

# An inline script element: attributes without src, then its text. The theme's scripts carry no
# ">" inside attribute values, so the attribute list ends at the first ">".
INLINE_SCRIPT = re.compile(r"<script(?P<attributes>(?![^>]*\bsrc=)[^>]*)>(?P<body>.+?)</script>", re.DOTALL)
# Script types that do not run as JavaScript (JSON data blocks, templates): left in place.
DATA_BLOCK_TYPE = re.compile(r"""\btype=["']?(?!(?:text/javascript|module)\b)""")
INLINE_STYLE = re.compile(r"<style(?P<attributes>[^>]*)>(?P<body>.+?)</style>", re.DOTALL)
FOLDER = "_static/inline"
# A reference to one of those files from a page.
REFERENCE = re.compile(r"_static/inline/([0-9a-f]{20}\.(?:js|css))")


def write_once(outdir: pathlib.Path, body: str, suffix: str) -> str:
    """Write *body* to its file under *outdir* (named by its hash); return the site-relative path."""
    path = f"{FOLDER}/{hashlib.sha256(body.encode('utf-8')).hexdigest()[:20]}{suffix}"
    target = outdir / path
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    return path


def externalise(html: str, page: str, outdir: pathlib.Path) -> str:
    """*html* with its inline scripts and styles replaced by references to files written under *outdir*.

    *page* is the page's path relative to the site root, e.g. ``chapter.html``.
    """
    here = posixpath.dirname(page) or "."

    def script(match: re.Match) -> str:
        if DATA_BLOCK_TYPE.search(match["attributes"]):
            return match[0]
        path = posixpath.relpath(write_once(outdir, match["body"], ".js"), here)
        return f'<script{match["attributes"].rstrip()} src="{path}"></script>'

    def style(match: re.Match) -> str:
        path = posixpath.relpath(write_once(outdir, match["body"], ".css"), here)
        return f'<link rel="stylesheet" href="{path}" />'

    return INLINE_STYLE.sub(style, INLINE_SCRIPT.sub(script, html))


def pages(outdir: pathlib.Path):
    """The site's HTML pages; files under _static, _images, ... are assets, not pages."""
    for path in sorted(outdir.rglob("*.html")):
        if not path.relative_to(outdir).parts[0].startswith("_"):
            yield path


def externalise_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in {"html", "dirhtml"}:
        return
    outdir = pathlib.Path(app.outdir)
    used = set()
    for path in pages(outdir):
        html = path.read_text(encoding="utf-8")
        changed = externalise(html, path.relative_to(outdir).as_posix(), outdir)
        if changed != html:
            path.write_text(changed, encoding="utf-8")
        used.update(REFERENCE.findall(changed))
    # An incremental build keeps the output folder: drop the files of pages that changed or went.
    for leftover in (outdir / FOLDER).glob("*.*"):
        if leftover.name not in used:
            leftover.unlink()


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", externalise_site)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
