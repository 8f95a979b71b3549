extensions = ["myst_parser", "sphinxcontrib.bibtex", "scripts.sphinxext.data_charts"]
bibtex_bibfiles = ["refs.bib"]
numfig = True
nitpicky = True
bibtex_reference_style = "author_year"
