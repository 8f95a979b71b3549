extensions = ["myst_parser", "scripts.sphinxext.unclosed_fences"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
