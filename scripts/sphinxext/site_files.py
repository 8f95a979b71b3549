"""Leave in the site only what a hospital should publish, the same after an edit as after a clean build.

Two things Sphinx and the theme leave behind, removed when the HTML build finishes:

* The theme's unrendered Jinja macro files (``_static/webpack-macros.html`` from pydata-sphinx-theme,
  ``_static/sbt-webpack-macros.html`` from sphinx-book-theme). Sphinx copies a theme's ``static``
  folder as it is, so these templates land beside the CSS. Opened in a browser they request
  addresses such as ``_static/{{ pathto(...) }}`` and are pages without a title or language.
* Search terms that no page contains any more. On an incremental build Sphinx loads the previous
  ``searchindex.js`` and removes the rebuilt pages from each term's list, but keeps the term with
  an empty list (``"Between":[]``), so the index of a working folder differs from a clean build's.

And one thing it forgets: the index entries of the pages an incremental build does not rewrite (the
glossary's terms, which the search offers first). Sphinx collects them while writing, after it has
saved its environment, and does not read them back from the previous ``searchindex.js``; they are
carried over from it here, before the writing starts.
"""

from __future__ import annotations

import pathlib

from sphinx.application import Sphinx
from sphinx.search import js_index

# Files of the themes' static folders that are Jinja templates for the themes' own layouts, not assets.
THEME_TEMPLATE_FILES = ("webpack-macros.html", "sbt-webpack-macros.html")


def remove_theme_templates(static_dir: pathlib.Path) -> None:
    for name in THEME_TEMPLATE_FILES:
        (static_dir / name).unlink(missing_ok=True)


def drop_empty_search_terms(index_file: pathlib.Path) -> None:
    """Rewrite *index_file* without the terms whose page list is empty (a single page is an int)."""
    text = index_file.read_text(encoding="utf-8")
    index = js_index.loads(text)
    changed = False
    for key in ("terms", "titleterms"):
        kept = {term: pages for term, pages in index[key].items() if pages != []}
        changed |= len(kept) != len(index[key])
        index[key] = kept
    if changed:
        index_file.write_text(js_index.dumps(index), encoding="utf-8")


def keep_index_entries(app: Sphinx, env) -> None:
    """Give the search index the index entries of the pages this build will not rewrite (env-updated)."""
    index_file = pathlib.Path(app.outdir) / getattr(app.builder, "searchindex_filename", "searchindex.js")
    if app.builder.name != "html" or not index_file.is_file():
        return
    try:
        previous = js_index.loads(index_file.read_text(encoding="utf-8"))
        docnames, entries = previous["docnames"], previous["indexentries"]
    except (ValueError, KeyError):  # an older or damaged index: Sphinx rebuilds it from the pages it writes
        return
    kept: dict[str, list[tuple[str, str, str]]] = {}
    for entry, places in entries.items():
        for document, target, main in places:
            kept.setdefault(docnames[document], []).append((entry, target, "main" if main else ""))
    # Sphinx's indexer reads this dict of the environment (a private attribute: no public way exists).
    # The previous index is the truth about the pages as last written (the environment saved with them
    # holds what was carried over before they were written); pages rewritten now replace their entries.
    collected = env._search_index_index_entries
    collected.clear()
    collected.update({docname: sorted(kept[docname]) for docname in sorted(kept) if docname in env.all_docs})


def tidy_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    outdir = pathlib.Path(app.outdir)
    remove_theme_templates(outdir / "_static")
    index_file = outdir / app.builder.searchindex_filename
    if index_file.exists():
        drop_empty_search_terms(index_file)


def setup(app: Sphinx) -> dict:
    app.connect("env-updated", keep_index_entries)
    app.connect("build-finished", tidy_site)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
