extensions = ["myst_parser", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["refs.bib"]
nitpicky = True
