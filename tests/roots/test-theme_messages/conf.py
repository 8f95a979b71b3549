extensions = ["myst_parser", "scripts.sphinxext.theme_messages", "scripts.sphinxext.gettext_locations"]
html_theme = "sphinx_book_theme"
nitpicky = True
locale_dirs = ["locales"]
