"""Checks of what a chapter shows: images and figures, and raw HTML that could run code in a reader's browser."""

from __future__ import annotations

import posixpath

from scripts import html_safety
from scripts.check_references.chapters import is_external
from scripts.check_references.checks import Problems, registry
from scripts.check_references.project import Project


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


def html_problems(document):
    """Line and message of each piece of the chapter's HTML, link or image the build's gate would refuse."""
    for tag in document.html_tags:
        for problem in html_safety.tag_problems(tag):
            yield problem.line, problem.message
    for link in document.links:
        if link.kind != "html" and (problem := html_safety.url_problem(link.target)):  # an <a href> is above
            yield link.line, f"link target {link.target!r}: {problem}"
    for image in document.images:
        if image.kind != "html" and (problem := html_safety.url_problem(image.source)):
            yield image.line, f"image source {image.source!r}: {problem}"


@registry.check
def unsafe_html(project: Project) -> Problems:
    """Raw HTML in a chapter uses only the allowed inline tags, and no link runs code.

    Bad:  <a href="javascript:alert(1)" onclick="steal()">help</a>    <iframe src="https://..."></iframe>
    Good: [help](https://www.nhs.uk/conditions/)    <abbr title="vertebral compression fracture">VCF</abbr>

    The site is served by hospitals: a chapter must not be able to inject code into it. The build
    refuses the same markup (scripts/html_safety.py decides for both).
    """
    for document in project.documents:
        seen = set()
        for line, message in html_problems(document):
            if (line, message) not in seen:  # a start tag and its end tag on one line read alike
                seen.add((line, message))
                yield document.path, line, message
