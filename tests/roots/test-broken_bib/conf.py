extensions = ["myst_parser", "sphinxcontrib.bibtex", "scripts.sphinxext.bibcheck"]
bibtex_bibfiles = ["refs.bib"]
nitpicky = True
