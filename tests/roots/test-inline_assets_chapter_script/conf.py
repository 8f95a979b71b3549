# The asset mover alone, without the gate that refuses chapter scripts (scripts/sphinxext/html_gate.py):
# even then, nothing a chapter wrote may become a file that a strict policy allows.
extensions = ["myst_parser", "scripts.sphinxext.inline_assets"]
nitpicky = True
