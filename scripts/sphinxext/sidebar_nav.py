"""Have the theme draw the sidebar's chapter list once per folder of pages, not once per page.

The book theme lists every chapter in the sidebar of every page: for each page, pydata-sphinx-theme's
``generate_toctree_html`` has Sphinx resolve the whole table of contents, renders it to HTML and reworks
it with BeautifulSoup. That work grows with the number of chapters and is done for each of them, so a
cold build grows with the square of the chapters: at 200 chapters it was half of Sphinx's write phase
(cProfile). Yet the list is the same on every page of a folder except for the marks of the page being
written: Sphinx's ``current`` class on its link and on each element around it, the theme's ``active``
beside each ``current`` list item and ``open`` on that item's ``<details>``, and ``href="#"`` on the
page's own link. So the theme draws the list once per folder for a page that is in no branch, and each
page gets that list with its own branch marked as the theme would have marked it.

Only the call the book theme's sidebar makes (the whole tree, not collapsed, at least one level open)
is taken over, and only by the HTML builder; a page whose link the list holds twice gets the theme's own
rendering (Sphinx marks both copies and counts their shared ancestors twice). tests/test_sidebar_nav.py
builds a test root of nested chapters in folders with and without this extension and compares every page.
"""

from __future__ import annotations

import posixpath
import weakref

from bs4 import BeautifulSoup, Tag
from sphinx.application import Sphinx
from sphinx.builders import Builder

# A page name no chapter can have (Sphinx names pages after files): the list drawn for it marks nothing.
UNMARKED_PAGE = "<sidebar of no page>"
# The name under which _templates/sbt-sidebar-nav.html finds the function, in place of the theme's.
TEMPLATE_FUNCTION = "handbook_generate_toctree_html"
# Each build's lists, by folder and by the sidebar's arguments; a new build (a new builder) starts empty.
LISTS_BY_BUILDER: weakref.WeakKeyDictionary[Builder, dict[tuple, UnmarkedList]] = weakref.WeakKeyDictionary()


class UnmarkedList:
    """The chapter list as the theme draws it for a page in no branch, with its links by address."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.soup = soup
        self.links: dict[str, list[Tag]] = {}
        for link in soup.find_all("a", href=True):
            self.links.setdefault(link["href"], []).append(link)

    def marked_for(self, href: str) -> str | None:
        """The list's HTML for the page at *href* (its address from the folder); None if linked twice."""
        links = self.links.get(href, [])
        if len(links) > 1:
            return None
        if not links:
            return str(self.soup)
        link = links[0]
        # What mark_branch changes: the link, the lists and items around it, and each item's own <details>
        # (around the link, or beside it for the page's own item).
        branch = [link, *(parent for parent in link.parents if parent.name in {"li", "ul"})]
        branch += [details for item in branch if item.name == "li"
                   and (details := item.find("details", recursive=False)) is not None]
        unmarked = [(tag, {name: list(value) if isinstance(value, list) else value
                           for name, value in tag.attrs.items()}) for tag in branch]
        try:
            mark_branch(link)
            return str(self.soup)
        finally:
            for tag, attrs in unmarked:
                tag.attrs = attrs


def mark_branch(link: Tag) -> None:
    """Mark *link*'s page as current, as Sphinx and then pydata-sphinx-theme would have marked it."""
    # Sphinx: "current" on the link (before the classes its HTML writer adds), which now points to the
    # page itself, and on every list and list item around it.
    link["class"] = ["current", *link.get("class", [])]
    link["href"] = "#"
    for parent in link.parents:
        if parent.name == "ul":
            parent["class"] = ["current", *parent.get("class", [])]
        elif parent.name == "li":
            # Sphinx's classes (toctree-lN, then current), the theme's "active" after "current", and
            # the theme's "has-children", added last, stays last.
            classes = parent.get("class", [])
            end = len(classes) - 1 if classes[-1:] == ["has-children"] else len(classes)
            parent["class"] = [*classes[:end], "current", "active", *classes[end:]]
            # The theme opens the <details> of a current item that has children.
            details = parent.find("details", recursive=False)
            if details is not None:
                details["open"] = "open"


def add_sidebar_function(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Give the page's templates the sidebar function (the theme's own is added later, and looked up when called)."""
    if app.builder.name != "html":
        return
    lists = LISTS_BY_BUILDER.setdefault(app.builder, {})
    folder = posixpath.dirname(pagename)

    def generate_toctree_html(kind: str, startdepth: int = 1, show_nav_level: int = 1, **kwargs):
        theme_generate = context["generate_toctree_html"]
        # The whole tree (startdepth 0), every branch kept (collapse off: Sphinx's default is on) and the
        # parts not made collapsible (show_nav_level 0 would wrap them, marking other elements).
        if kind != "sidebar" or startdepth != 0 or int(show_nav_level) < 1 or kwargs.get("collapse", True):
            return theme_generate(kind, startdepth, show_nav_level, **kwargs)
        key = (folder, int(show_nav_level), tuple(sorted(kwargs.items())))
        if key not in lists:
            lists[key] = UnmarkedList(draw_unmarked(app, context, theme_generate, folder, show_nav_level, kwargs))
        marked = lists[key].marked_for(app.builder.get_relative_uri(posixpath.join(folder, UNMARKED_PAGE), pagename))
        return theme_generate(kind, startdepth, show_nav_level, **kwargs) if marked is None else marked

    context[TEMPLATE_FUNCTION] = generate_toctree_html


def draw_unmarked(app: Sphinx, context: dict, theme_generate, folder: str, show_nav_level, kwargs: dict) -> BeautifulSoup:
    """The theme's sidebar list as it would be drawn for a page of *folder* that is in no branch."""
    page_toctree = context["toctree"]
    # What the page's toctree() template function calls (a private method of the pinned Sphinx, which
    # tests/test_sidebar_nav.py would catch changing), for a page name that no list entry points to: links
    # from it are those from any page of the folder. The theme caches its function per page: its
    # undecorated form keeps this drawing out of the page's own cache.
    context["toctree"] = lambda **toctree_kwargs: app.builder._get_local_toctree(
        posixpath.join(folder, UNMARKED_PAGE), **toctree_kwargs)
    try:
        return getattr(theme_generate, "__wrapped__", theme_generate)("sidebar", 0, show_nav_level, **kwargs)
    finally:
        context["toctree"] = page_toctree


def setup(app: Sphinx) -> dict:
    # Before pydata-sphinx-theme's handlers (priority 500): the last of them renders the sidebar once to
    # see whether it is empty, and that rendering must already use this function.
    app.connect("html-page-context", add_sidebar_function, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
