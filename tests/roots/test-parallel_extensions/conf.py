# Every local extension that keeps something between documents or between builds: the CSL citations
# (a cache of rendered batches), the charts (files drawn while reading), the inline-asset pass, the
# review dates (front matter), the HTML gate, the Downloads page (a list found when the build starts),
# the compiled templates (files shared by the parallel writers) and the serial read of a small rebuild
# (the number of jobs lowered while reading).
extensions = ["myst_parser", "scripts.sphinxext.csl_citations", "scripts.sphinxext.data_charts",
              "scripts.sphinxext.inline_assets", "scripts.sphinxext.reviewed", "scripts.sphinxext.html_gate",
              "scripts.sphinxext.downloads", "scripts.sphinxext.template_cache", "scripts.sphinxext.serial_small_reads"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = bibtex_reference_style = "csl"
citation_file = "CITATION.cff"
numfig = True
nitpicky = True
