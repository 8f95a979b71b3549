# Chapters in folders three deep, a chapter with a part of its own written before the pages beside it,
# two captioned toctrees (one hidden), an external link in the list and a page in none, with the
# handbook's theme, sidebar template and sidebar options: every way a page's mark in the sidebar's
# chapter list can differ from another's, and can be left behind on the next page of its folder.
from scripts.layout import ROOT

extensions = ["myst_parser", "scripts.sphinxext.sidebar_nav"]
html_theme = "sphinx_book_theme"
html_theme_options = {"home_page_in_toc": True, "show_navbar_depth": 1}
html_sidebars = {"**": ["sbt-sidebar-nav.html"]}
templates_path = [str(ROOT / "_templates")]
nitpicky = True
