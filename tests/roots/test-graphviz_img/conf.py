extensions = ["myst_parser", "scripts.sphinxext.graphviz_img"]
graphviz_output_format = "svg"
nitpicky = True
