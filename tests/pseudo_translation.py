"""A generated pseudo-translation of the handbook, for tests only: never a real language.

Nobody on the team is a qualified medical translator, so no real translation of the medical text is
committed. The tests translate every catalogue instead into a pseudo-language whose every word is
changed (accented letters, ``Bône çëmëñţ``, and a ``[~~]`` mark that lengthens each message as real
translations often are) while MyST markup, role targets, link targets and citation keys are kept, so
Sphinx still resolves every reference. Any English left in an output then shows as plain English words.
"""

from __future__ import annotations

import pathlib
import re

from babel.messages import pofile

# Each ASCII letter with an accented form that the handbook's fonts cover (Latin-1 and Latin Extended-A);
# b, f, m, p, q, v and x have none there and stay, which changes no English word wholly made of them.
ACCENTED = str.maketrans("acdeghijklnorstuwyzACDEGHIJKLNORSTUWYZ", "àçďëĝĥïĵķļñôŕšţûŵýžÀÇĎËĜĤÏĴĶĻÑÔŔŠŢÛŴÝŽ")
# What a translation must keep as it is: inline code and roles with their targets (`...`, {role}`...`),
# a link's target ](...), substitutions {{...}}, HTML tags <...>, and the label/anchor syntax (x)=.
KEPT = re.compile(r"\{[^}\s]*\}`[^`]*`|`[^`]*`|\]\([^)]*\)|\{\{[^}]*\}\}|</?[A-Za-z][^>]*>|\([\w-]+\)=")
# A glossary reference, {term}`words` or {term}`shown words <term>`: its shown words are text to translate.
TERM = re.compile(r"\{term\}`(?P<shown>[^`<]*?)\s*(?:<(?P<term>[^>]*)>)?`")
MARK = " [~~]"


def pseudo_translate(message: str) -> str:
    """The pseudo-translation of *message*: every word outside markup accented, then the length mark."""
    parts, position = [], 0
    for kept in KEPT.finditer(message):
        parts.append(message[position:kept.start()].translate(ACCENTED))
        term = TERM.fullmatch(kept.group())
        shown = term and term["shown"].translate(ACCENTED)
        parts.append(f"{{term}}`{shown} <{term['term'] or term['shown']}>`" if term else kept.group())
        position = kept.end()
    parts.append(message[position:].translate(ACCENTED))
    return "".join(parts) + MARK


def translate_catalogues(messages: pathlib.Path) -> None:
    """Fill every empty message of the catalogues in *messages* (an LC_MESSAGES folder) with its pseudo-translation."""
    for path in sorted(messages.glob("*.po")):
        with path.open("rb") as file:
            catalogue = pofile.read_po(file)
        for message in catalogue:
            if message.id and not message.string:
                message.string = pseudo_translate(message.id)
        with path.open("wb") as file:
            pofile.write_po(file, catalogue, width=0)
