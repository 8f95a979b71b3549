extensions = ["myst_parser", "scripts.sphinxext.csl_citations"]
bibtex_bibfiles = []
citation_file = "CITATION.cff"
