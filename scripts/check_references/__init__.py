"""The reference integrity checker: citation keys, bibliography entries, identifiers, links and images.

Run ``python -m scripts.check_references --help``. Parsing lives in :mod:`.bibliography` and
:mod:`.chapters`, the checks in :mod:`.checks`, the network in :mod:`.online`.
"""
