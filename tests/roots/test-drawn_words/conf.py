extensions = ["myst_parser", "sphinxcontrib.bibtex", "scripts.sphinxext.graphviz_img", "scripts.sphinxext.data_charts",
              "scripts.sphinxext.translation_status", "scripts.sphinxext.drawn_words"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
graphviz_output_format = "svg"
locale_dirs = ["locales"]
gettext_allow_fuzzy_translations = True
nitpicky = True
