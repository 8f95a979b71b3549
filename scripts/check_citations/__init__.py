"""Citation-format checker: APA 7, MLA 9, Chicago 17/18 and Harvard (Cite Them Right 12) entries.

``python -m scripts.check_citations --style apa refs.md`` checks one reference entry per line against
the rules in ``scripts/check_citations/RULES.md`` (each rule's docstring names its section).
"""
