# Three chapters of numbered tables (numbers run on across chapters) and a reference to a later one.
extensions = ["myst_parser", "scripts.sphinxext.figure_numbers"]
numfig = True
nitpicky = True
