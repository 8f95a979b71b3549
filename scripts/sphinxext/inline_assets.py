"""Move every inline script and style of the site into files, for a strict Content-Security-Policy.

The theme writes small inline scripts into every page (the colour mode read from localStorage, the
page's name for the search, the search page's focus) and an inline style for readers without
JavaScript; Sphinx writes ``style="width: 18%"`` attributes for table columns and sized images. A
policy of ``script-src 'self'; style-src 'self'`` blocks all of them; allowing them with
``'unsafe-inline'`` would allow injected code too, and listing ``sha256-`` hashes would change the
policy whenever a page is added. So after the HTML build:

- each inline ``<script>`` or ``<style>`` is written once to ``_static/inline/<sha256>.js`` (or
  ``.css``) and the page loads that file at the same place: scripts still run in the same order,
  before the page is shown;
- each ``style`` attribute becomes a class ``s-<sha256>`` whose rule (``!important``, as an inline
  style outranks the stylesheets) goes into one stylesheet for the page, linked last in its head.

File names are hashes of the text, so two builds of one commit write identical files.

Only what the theme and Sphinx write is moved, never a chapter's own markup: a script that came
from a chapter must stay inline, where the policy blocks it, instead of becoming a file the policy
allows. (The build refuses such markup anyway, scripts/sphinxext/html_gate.py; this holds even if
that gate were bypassed.) So each page's body, the part rendered from its chapter, is wrapped in
two comments carrying a secret drawn when the build starts, which no chapter can know or forge;
nothing between them is moved except the ``width``/``height`` style attributes Sphinx writes for
table columns, images and figures. The comments are removed once the page is done, and a page
done in an earlier build (an incremental build leaves it in place) is marked so and left alone.
"""

from __future__ import annotations

import hashlib
import html as html_entities
import pathlib
import posixpath
import re
import secrets

from sphinx.application import Sphinx

# An inline script element: attributes without src, then its text. The theme's scripts carry no
# ">" inside attribute values, so the attribute list ends at the first ">".
INLINE_SCRIPT = re.compile(r"<script(?P<attributes>(?![^>]*\bsrc=)[^>]*)>(?P<body>.+?)</script>", re.DOTALL)
# Script types that do not run as JavaScript (JSON data blocks, templates): left in place.
DATA_BLOCK_TYPE = re.compile(r"""\btype=["']?(?!(?:text/javascript|module)\b)""")
INLINE_STYLE = re.compile(r"<style(?P<attributes>[^>]*)>(?P<body>.+?)</style>", re.DOTALL)
# A start tag with a style attribute; Sphinx writes attribute values in double quotes.
STYLED_TAG = re.compile(r'<[a-zA-Z][\w:-]*(?:\s[^>]*?)?\sstyle="[^"]*"[^>]*>')
STYLE_ATTRIBUTE = re.compile(r'\sstyle="(?P<declarations>[^"]*)"')
CLASS_ATTRIBUTE = re.compile(r'\sclass="(?P<classes>[^"]*)"')
FOLDER = "_static/inline"
# The secret around each page's chapter body: drawn once per build (inherited by parallel writers).
BODY_SECRET = secrets.token_hex(16)
BODY_START = f"<!-- chapter body {BODY_SECRET} -->"
BODY_END = f"<!-- end of chapter body {BODY_SECRET} -->"
# Written at the end of a page whose inline assets were moved; a later build leaves such a page alone.
DONE = "<!-- inline assets moved -->"
# The style properties Sphinx writes inside a chapter's body (table columns, sized images and figures).
BODY_STYLE_PROPERTIES = frozenset({"width", "height"})
# A reference to one of those files from a page.
REFERENCE = re.compile(r"_static/inline/([0-9a-f]{20}\.(?:js|css))")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def write_once(outdir: pathlib.Path, body: str, suffix: str) -> str:
    """Write *body* to its file under *outdir* (named by its hash); return the site-relative path."""
    path = f"{FOLDER}/{digest(body)}{suffix}"
    target = outdir / path
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    return path


def important(declarations: str) -> str:
    """CSS declarations, each marked ``!important``: "width: 18%" gives "width: 18% !important"."""
    parts = [part.strip() for part in html_entities.unescape(declarations).split(";") if part.strip()]
    return "; ".join(part if part.endswith("!important") else f"{part} !important" for part in parts)


def only_sizes(declarations: str) -> bool:
    """Whether the CSS *declarations* set only widths and heights, as Sphinx's own style attributes do."""
    properties = [part.partition(":")[0].strip().lower()
                  for part in html_entities.unescape(declarations).split(";") if part.strip()]
    return all(name in BODY_STYLE_PROPERTIES for name in properties)


def classify_style_attributes(html: str, sizes_only: bool = False) -> tuple[str, dict[str, str]]:
    """*html* with each style attribute replaced by a class; and the rule of each class, by name.

    With *sizes_only*, only attributes that set nothing but widths and heights are replaced.
    """
    rules = {}

    def replace(match: re.Match) -> str:
        tag = match[0]
        declarations = STYLE_ATTRIBUTE.search(tag)["declarations"]
        if sizes_only and not only_sizes(declarations):
            return tag
        name = f"s-{digest(declarations)}"
        rules[name] = important(declarations)
        tag = STYLE_ATTRIBUTE.sub("", tag, count=1)
        if CLASS_ATTRIBUTE.search(tag):
            return CLASS_ATTRIBUTE.sub(lambda found: f' class="{found["classes"]} {name}"', tag, count=1)
        return re.sub(r"\s*(/?>)$", rf' class="{name}"\1', tag)

    return STYLED_TAG.sub(replace, html), rules


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

    def theme_part(part: str) -> tuple[str, dict[str, str]]:
        return classify_style_attributes(INLINE_STYLE.sub(style, INLINE_SCRIPT.sub(script, part)))

    before, has_body, rest = html.partition(BODY_START)
    body, _, after = rest.partition(BODY_END) if has_body else ("", "", "")
    html, rules = theme_part(before)
    if has_body:
        body, body_rules = classify_style_attributes(body, sizes_only=True)
        after, after_rules = theme_part(after)
        html += body + after
        rules |= body_rules | after_rules
    if rules:
        sheet = "".join(f".{name} {{ {rules[name]}; }}\n" for name in sorted(rules))
        path = posixpath.relpath(write_once(outdir, sheet, ".css"), here)
        html = html.replace("</head>", f'<link rel="stylesheet" href="{path}" />\n</head>', 1)
    return html + DONE + "\n"


def pages(outdir: pathlib.Path):
    """The site's HTML pages; files under _static, _images, ... are assets, not pages."""
    for path in sorted(outdir.rglob("*.html")):
        if not path.relative_to(outdir).parts[0].startswith("_"):
            yield path


def externalise_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    outdir = pathlib.Path(app.outdir)
    used = set()
    for path in pages(outdir):
        html = path.read_text(encoding="utf-8")
        done = DONE in html and BODY_START not in html  # moved in an earlier build and not written since
        changed = html if done else externalise(html, path.relative_to(outdir).as_posix(), outdir)
        if changed != html:
            path.write_text(changed, encoding="utf-8")
        used.update(REFERENCE.findall(changed))
    # An incremental build keeps the output folder: drop the files of pages that changed or went.
    for leftover in (outdir / FOLDER).glob("*.*"):
        if leftover.name not in used:
            leftover.unlink()


# The builders whose pages externalise_site rewrites (and so rids of the markers again); an EPUB or the
# single page of the tagged PDF must not carry a comment that differs from one build to the next.
SITE_BUILDERS = frozenset({"html", "dirhtml"})


def mark_chapter_body(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name in SITE_BUILDERS and "body" in context:
        context["body"] = f"{BODY_START}{context['body']}{BODY_END}"


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", mark_chapter_body)
    app.connect("build-finished", externalise_site)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
