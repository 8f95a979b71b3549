extensions = ["myst_parser", "scripts.sphinxext.html_gate"]
nitpicky = True
exclude_patterns = ["included.md"]
