"""Whether a word is a known given name: the person-name lists of Faker's locales.

MLA and Chicago invert only the first author, so ``Fatima Firanescu, Priya Patel, and Li Chen`` (three
names, the first not inverted) and ``Firanescu, Fatima, Priya Patel, and Li Chen`` differ only in
knowing that "Fatima" is a given name: the comma-separated parts alone fit one author with a
two-word family name as well. Faker's person providers carry the given names of 86 locales (about
25,000 in cased scripts, Latin among them, with the romanised forms of Japanese names); they are read
once, on the first entry that needs them (most entries never do).
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

# The provider attributes that hold given names: plain lists, lists by sex, and the Latin-script forms
# of locales written in another script (ja_JP's first_romanized_names).
GIVEN_NAME_ATTRIBUTES = ("first_names", "first_names_female", "first_names_male", "first_names_nonbinary",
                         "first_romanized_names", "first_romanized_names_female", "first_romanized_names_male")


@functools.cache
def given_names() -> frozenset[str]:
    """Every given name of every Faker locale written in a cased script (Latin, Greek, Cyrillic; 0.1 s, once)."""
    import faker.providers.person

    names: set[str] = set()
    for module_info in pkgutil.iter_modules(faker.providers.person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module_info.name}").Provider
        for attribute in GIVEN_NAME_ATTRIBUTES:
            # Read from the class's own namespace: some locales define these names as properties.
            listed = vars(provider).get(attribute)
            if isinstance(listed, (tuple, list, dict, set, frozenset)):
                names.update(name for name in listed if name[:1].isupper())  # no kanji, no hangul
    return frozenset(names)


def is_given_name(word: str) -> bool:
    """*word* (``Fatima``, ``Jean-Luc``) is a given name in some locale; a hyphenated one when its first part is."""
    names = given_names()
    return word in names or ("-" in word and word.split("-", 1)[0] in names)
