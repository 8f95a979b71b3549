"""Checks that cross-references and links between chapters resolve, as Sphinx and MyST will resolve them."""

from __future__ import annotations

import posixpath

from scripts.check_references.chapters import Document, is_external, resolve_document, split_link
from scripts.check_references.checks import Problems, registry
from scripts.check_references.project import Project


@registry.check
def unknown_label(project: Project) -> Problems:
    """A {ref} or {numref} target is a label defined somewhere: (label)= or a directive's :name:.

    Bad:  see {ref}`the-procedure`      (no such label)
    Good: (procedure)=  ...  see {ref}`procedure`
    """
    for document in project.documents:
        for reference in document.references:
            if reference.role in ("ref", "numref") and reference.target.lower() not in project.label_names:
                yield (document.path, reference.line,
                       f"{{{reference.role}}} target '{reference.target}' is not a label; define it with "
                       f"({reference.target})= or :name:, or fix the spelling")


@registry.check
def duplicate_label(project: Project) -> Problems:
    """A label is defined once in the whole handbook.

    Bad:  (procedure)= in two chapters
    Good: (procedure)= and (procedure-risks)=
    """
    for document in project.documents:
        for label in document.labels:
            first_document, first = project.labels[label.name]
            if first is not label:
                yield (document.path, label.line,
                       f"the label '{label.name}' is already defined at {first_document.path}:{first.line}; "
                       "rename one of them")


@registry.check
def unknown_term(project: Project) -> Problems:
    """A {term} names a term of a {glossary} (compared without regard to case, as Sphinx does).

    Bad:  {term}`cement`          (the glossary defines PMMA only)
    Good: {term}`bone cement <PMMA>`
    """
    for document in project.documents:
        for reference in document.references:
            if reference.role == "term" and reference.target.lower() not in project.terms:
                yield (document.path, reference.line,
                       f"{{term}} '{reference.target}' is not in any glossary; add it to the glossary or use "
                       "{term}`text <existing term>`")


@registry.check
def unknown_document(project: Project) -> Problems:
    """A {doc} target or a toctree entry is an existing chapter (relative to this one, or /-absolute).

    Bad:  {doc}`complication`
    Good: {doc}`complications`
    """
    for document in project.documents:
        for reference in document.references:
            if reference.role in ("doc", "toctree"):
                name = resolve_document(document.name, reference.target)
                if name not in project.documents_by_name:
                    what = "toctree entry" if reference.role == "toctree" else "{doc} target"
                    yield (document.path, reference.line,
                           f"{what} '{reference.target}' is not a chapter (no {name}.md); fix the name")


def anchor_known(project: Project, document: Document, anchor: str) -> bool:
    """Whether MyST resolves ``#anchor`` in *document*: a heading anchor there, or a label."""
    return any(definition.name == anchor for definition in document.anchors) \
        or anchor.lower() in project.label_names


@registry.check
def broken_link(project: Project) -> Problems:
    """A Markdown link to another chapter, an anchor or a file points at something that exists.

    Bad:  [risks](complications.md#risk)      (the heading is "Risks of the procedure")
    Good: [risks](complications.md#risks-of-the-procedure)

    Headings down to level 3 have anchors (myst_heading_anchors = 3), slugged as GitHub does.
    """
    for document in project.documents:
        for link in document.links:
            if is_external(link.target):
                continue
            path, anchor = split_link(link.target)
            if not path:
                if anchor and not anchor_known(project, document, anchor):
                    yield document.path, link.line, f"link to '#{anchor}': no such heading or label in this chapter"
                continue
            name = resolve_document(document.name, path)
            # MyST also reads a link without a suffix as a link to a document, if there is one.
            if path.endswith(".md") or not posixpath.splitext(path)[1] and name in project.documents_by_name:
                target = project.documents_by_name.get(name)
                if target is None:
                    yield document.path, link.line, f"link to '{link.target}': there is no chapter {name}.md"
                elif anchor and not anchor_known(project, target, anchor):
                    yield (document.path, link.line,
                           f"link to '{link.target}': no heading or label '{anchor}' in {name}.md")
                continue
            file = project.docs_dir / (path.lstrip("/") if path.startswith("/") else
                                       posixpath.join(posixpath.dirname(document.name), path))
            if not file.exists():
                yield document.path, link.line, f"link to '{link.target}': no such file {file}"
