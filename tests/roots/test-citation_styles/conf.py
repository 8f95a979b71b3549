extensions = ["myst_parser", "scripts.sphinxext.csl_citations", "scripts.sphinxext.link_addresses"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = bibtex_reference_style = "csl"
citation_file = "CITATION.cff"
latex_engine = "xelatex"
# As the handbook's conf.py: LaTeX footnotes a link's address, the EPUB prints none.
latex_show_urls = "footnote"
epub_show_urls = "no"
