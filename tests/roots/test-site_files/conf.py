extensions = ["myst_parser", "scripts.sphinxext.site_files"]
html_theme = "sphinx_book_theme"
nitpicky = True
