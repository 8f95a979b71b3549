"""Checks of what a chapter shows: images and figures, and raw HTML that could run code in a reader's browser."""

from __future__ import annotations

import posixpath
import re

from scripts.check_references.chapters import is_external
from scripts.check_references.checks import Problems, registry
from scripts.check_references.project import Project

# Elements that run or embed code or other pages.
UNSAFE_TAGS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed"})
# A javascript: URL, also with the white space and control characters browsers ignore in it.
JAVASCRIPT_URL = re.compile(r"^[\x00-\x20]*j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.IGNORECASE)


@registry.check
def missing_image(project: Project) -> Problems:
    """An image or figure's file exists (relative to the chapter, or /-absolute from the docs folder).

    Bad:  ```{figure} figures/needel.svg
    Good: ```{figure} figures/needle.svg
    """
    for document in project.documents:
        for image in document.images:
            if not image.source or is_external(image.source):
                continue
            relative = image.source.lstrip("/") if image.source.startswith("/") else \
                posixpath.join(posixpath.dirname(document.name), image.source)
            # Sphinx picks the best format for "figures/needle.*" per builder.
            exists = any(project.docs_dir.glob(relative)) if "*" in relative else (project.docs_dir / relative).is_file()
            if not exists:
                yield document.path, image.line, f"image file '{image.source}' does not exist"


@registry.check
def missing_alt_text(project: Project) -> Problems:
    """Every image and figure has alternative text for readers who cannot see it.

    Bad:  ![](figures/spine.svg)        ```{figure} figures/spine.svg   (no :alt:)
    Good: ![The spine from the side](figures/spine.svg)    :alt: The spine from the side
    """
    for document in project.documents:
        for image in document.images:
            if not (image.alt or "").strip():
                how = {"markdown": "write it between the brackets: ![text](...)", "html": 'add alt="..."'}.get(
                    image.kind, "add an :alt: option")
                yield document.path, image.line, f"image '{image.source}' has no alt text; {how}"


@registry.check
def missing_caption(project: Project) -> Problems:
    """Every figure has a caption (the first paragraph of its content).

    Bad:  ```{figure} figures/spine.svg  with only options
    Good: ```{figure} figures/spine.svg  followed by a line such as: The spine from the side.
    """
    for document in project.documents:
        for image in document.images:
            if image.kind == "figure" and not (image.caption or "").strip():
                yield (document.path, image.line,
                       f"figure '{image.source}' has no caption; write one after its options")


def html_problems(project: Project, document):
    for tag in document.html_tags:
        if tag.name in UNSAFE_TAGS:
            yield tag.line, f"<{tag.name}> is not allowed: chapters must not run or embed code or other pages"
        for name, value, line in tag.attributes:
            if name.startswith("on"):
                yield line, f"event-handler attribute {name}= on <{tag.name}> is not allowed: it runs code"
            elif JAVASCRIPT_URL.match(value):
                yield line, f"javascript: URL in {name}= on <{tag.name}> is not allowed: it runs code"
    for link in document.links:
        if link.kind != "html" and JAVASCRIPT_URL.match(link.target):  # an <a href> is reported above
            yield link.line, "javascript: link is not allowed: it runs code"
    for image in document.images:
        if image.kind != "html" and JAVASCRIPT_URL.match(image.source):
            yield image.line, "javascript: image source is not allowed: it runs code"


@registry.check
def unsafe_html(project: Project) -> Problems:
    """Raw HTML in a chapter has no <script>, <iframe>, on...= event handlers or javascript: URLs.

    Bad:  <a href="javascript:alert(1)" onclick="steal()">help</a>    <iframe src="https://..."></iframe>
    Good: [help](https://www.nhs.uk/conditions/)

    The site is served by hospitals: a chapter must not be able to inject code into it.
    """
    for document in project.documents:
        for line, message in html_problems(project, document):
            yield document.path, line, message
