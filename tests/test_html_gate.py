"""The build refuses chapter HTML and links that could run code, load other content or restyle the page.

The gate (scripts/sphinxext/html_gate.py) is tested on a tiny project that tries every route by
which raw HTML reaches the output; the build driver's behaviour (exit status, the file and line,
the last good site kept) on a tiny copy of the handbook's layout built with the real conf.py.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from scripts.layout import BuildLayout
from tests.helpers import REPO

# Every problem the test root's chapters hold: (file, line, part of the message).
UNSAFE_ROOT_PROBLEMS = {
    ("index.md", 3, "<script> is not allowed: it runs code"),
    ("index.md", 5, "<a> is not allowed"),
    ("index.md", 5, "event-handler attribute onclick= on <a> is not allowed"),
    ("index.md", 7, "<a> is not allowed"),
    ("index.md", 7, "href= on <a>: a javascript: URL is not allowed"),
    ("index.md", 9, "<iframe> is not allowed: it frames another page"),
    ("index.md", 9, "attribute src= on <iframe> is not allowed"),
    ("index.md", 11, "<svg> is not allowed"),
    ("index.md", 11, "event-handler attribute onload= on <svg> is not allowed"),
    ("index.md", 11, "<circle> is not allowed"),
    ("index.md", 11, "attribute r= on <circle> is not allowed"),
    ("index.md", 16, "<object> is not allowed"),
    ("index.md", 16, "attribute data= on <object> is not allowed"),
    ("index.md", 22, "<embed> is not allowed"),
    ("index.md", 22, "attribute src= on <embed> is not allowed"),
    ("index.md", 24, "link target 'javascript:alert(1)': a javascript: URL is not allowed"),
    ("included.md", 3, "<style> is not allowed: it restyles the page"),
    ("index.md", 33, "event-handler attribute onmouseover= on <span> is not allowed"),
    ("index.md", 35, "<div> is not allowed"),
    ("index.md", 36, "<p> is not allowed"),
    ("index.md", 37, "<img> is not allowed"),
    ("index.md", 37, "attribute src= on <img> is not allowed"),
    ("index.md", 37, "event-handler attribute onerror= on <img> is not allowed"),
    ("index.md", 38, "<div> is not allowed"),
    ("index.md", 40, "<meta> is not allowed"),
    ("index.md", 40, "attribute http-equiv= on <meta> is not allowed"),
    ("index.md", 40, "attribute content= on <meta> is not allowed"),
    ("index.md", 42, "<base> is not allowed"),
    ("index.md", 42, "attribute href= on <base> is not allowed"),
    ("index.md", 44, "<link> is not allowed"),
    ("index.md", 44, "attribute rel= on <link> is not allowed"),
    ("index.md", 44, "attribute href= on <link> is not allowed"),
    ("index.md", 46, "<form> is not allowed"),
    ("index.md", 46, "attribute action= on <form> is not allowed"),
    ("index.md", 46, "<button> is not allowed"),
    ("index.md", 48, "style= on <span> is not allowed"),
    ("index.md", 50, "<math> is not allowed"),
    ("index.md", 50, "<maction> is not allowed"),
    ("index.md", 50, "attribute actiontype= on <maction> is not allowed"),
    ("index.md", 50, "xlink:href= on <maction>: a javascript: URL is not allowed"),
    ("index.md", 52, "image source 'data:image/png;base64,iVBORw0KGgo=': a data: URL is not allowed"),
    ("index.md", 54, "<script> is not allowed: it runs code"),
    ("meta.md", 1, "<meta http-equiv='refresh'> is not allowed"),
}
WARNING = re.compile(r"^(?P<path>\S+?):(?P<line>\d+): WARNING: (?P<message>.*) \[handbook\.unsafe-html\]$")


def unsafe_html_warnings(app) -> set[tuple[str, int, str]]:
    found = set()
    for line in re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).splitlines():
        assert "WARNING" not in line or "[handbook.unsafe-html]" in line, f"another warning: {line}"
        if match := WARNING.match(line):
            found.add((match["path"].rpartition("/")[2], int(match["line"]), match["message"]))
    return found


# myst-parser 5.2's {include} reaches Sphinx's events through env.app, which Sphinx 9 deprecates;
# the deprecation is myst-parser's to fix (the build itself runs outside pytest's warnings filter).
@pytest.mark.filterwarnings("ignore:'sphinx.environment.BuildEnvironment.app' is deprecated")
@pytest.mark.sphinx("html", testroot="html_gate_unsafe")
def test_every_route_of_unsafe_html_into_the_output_is_refused_at_its_file_and_line(app):
    app.build()
    found = unsafe_html_warnings(app)
    for path, line, message in UNSAFE_ROOT_PROBLEMS:
        assert any(found_path == path and found_line == line and message in found_message
                   for found_path, found_line, found_message in found), (path, line, message, sorted(found))
    assert {(path, line) for path, line, _ in found} == {(path, line) for path, line, _ in UNSAFE_ROOT_PROBLEMS}

    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert not [script for script in soup.find_all("script") if "in a title" in script.text], (
        "a title's HTML is taken out before the tables of contents copy it")
    article = soup.find("section")
    assert not article.find_all(["script", "iframe", "svg", "math", "object", "embed", "style", "form", "base",
                                 "link", "meta", "img", "div"]), "refused markup is taken out, not only reported"
    assert not any(name.startswith("on") or name == "style"
                   for element in article.find_all(True) for name in element.attrs)
    assert not any(re.sub(r"\s", "", element.get("href", "")).lower().startswith(("javascript:", "vbscript:"))
                   for element in article.find_all("a"))
    front_matter_meta = BeautifulSoup((app.outdir / "meta.html").read_text(encoding="utf-8"), "html.parser")
    assert not front_matter_meta.select("meta[http-equiv]")
    assert front_matter_meta.select_one('meta[name="description"]')["content"] == "A harmless description."
    allowed = article.find(string=re.compile("^Allowed:")).parent
    assert [element.name for element in allowed.find_all(True)] == ["abbr", "sub", "kbd"]
    assert allowed.abbr["title"] == "vertebral compression fracture"


@pytest.mark.sphinx("html", testroot="html_gate_allowed")
def test_the_allowed_inline_tags_build_without_a_warning(app):
    app.build()
    assert "WARNING" not in app.warning.getvalue()
    paragraph = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser").find(
        "p", string=False)
    names = {element.name for element in BeautifulSoup(
        (app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser").find(attrs={"role": "main"}).find_all(True)}
    assert {"abbr", "b", "br", "cite", "code", "em", "i", "kbd", "q", "s", "small", "span", "strong", "sub", "sup",
            "wbr"} <= names, paragraph


# The cases: each, in a chapter, fails the build at the chapter's file and line.
DONE_WHEN_CASES = {
    "an inline script": ("Before <script>alert(1)</script> after.", "<script> is not allowed"),
    "a handler behind '>' in another attribute": ('<a title="x > y" onclick="alert(1)">link</a>',
                                                  "event-handler attribute onclick= on <a>"),
    "a javascript: link with entities": ('<a href="&#106;avascript:alert(1)">link</a>',
                                         "href= on <a>: a javascript: URL is not allowed"),
    "an iframe": ('<iframe src="https://example.org/"></iframe>', "<iframe> is not allowed"),
    "an SVG with onload": ('<svg onload="alert(1)"></svg>', "event-handler attribute onload= on <svg>"),
}

TINY_INDEX = """# Tiny handbook

```{toctree}
chapter
```
"""
TINY_CHAPTER = """# A chapter

Plain text.
"""
TINY_BIB = """@article{smith2020,
  author  = {Smith, Ann},
  title   = {A title},
  journal = {A Journal},
  year    = {2020},
  volume  = {1},
  pages   = {1--2},
}
"""


def run_build(source, build_dir):
    return subprocess.run([sys.executable, "-m", "scripts.build", "--source", str(source), "--builddir",
                           str(build_dir), "--sphinx-option=-q", "html"],
                          cwd=REPO, capture_output=True, text=True)


def site_files(layout: BuildLayout) -> dict:
    return {path.relative_to(layout.html): path.read_bytes() for path in layout.html.rglob("*") if path.is_file()}


def test_unsafe_html_fails_the_real_build_at_the_chapters_line_and_keeps_the_last_good_site(tmp_path):
    source = tmp_path / "docs"
    source.mkdir()
    (source / "index.md").write_text(TINY_INDEX, encoding="utf-8")
    (source / "references.bib").write_text(TINY_BIB, encoding="utf-8")
    chapter = source / "chapter.md"
    chapter.write_text(TINY_CHAPTER, encoding="utf-8")
    layout = BuildLayout(tmp_path / "build")
    first = run_build(source, layout.build_dir)
    assert first.returncode == 0, first.stdout + first.stderr
    good_site = site_files(layout)

    lines = TINY_CHAPTER.splitlines()
    expected = {}
    for snippet, message in DONE_WHEN_CASES.values():
        lines += ["", snippet]
        expected[len(lines)] = message
    chapter.write_text("\n".join(lines) + "\n", encoding="utf-8")
    second = run_build(source, layout.build_dir)
    assert second.returncode == 1
    for line, message in expected.items():
        assert re.search(rf"chapter\.md:{line}: WARNING: .*{re.escape(message)}.*\[handbook\.unsafe-html\]",
                         second.stderr), (line, message, second.stderr)
    assert "the last good html output is unchanged" in second.stderr
    assert site_files(layout) == good_site
