"""Whether a source's name is a newspaper's or a magazine's, which Chicago italicises, not a website's.

Chicago sets a website's name in roman, but the website of a printed newspaper, magazine or reference
work in italics, like the print (CMOS Shop Talk, "Styling Titles of Websites", 2017, on CMOS 17; RULES.md
§5.2). In an entry both look alike, ``"Title." The Guardian, May 15.`` and ``"Title." Healthline,
May 15.``: only the name tells. A name is taken for a periodical's when it holds a word that newspapers
and magazines put in their mastheads ("Times", "Herald", "Magazine") or is one of the few widely read
periodicals whose name holds none ("Time", "Scientific American"). Words that also name websites, firms
or charities the handbook's readers cite ("Express", "Independent", "Press", "Standard", "Star",
"Atlantic") count only in the whole names listed.
"""

from __future__ import annotations

import re

MASTHEAD_WORDS = ("Times", "Post", "Herald", "Guardian", "Telegraph", "Tribune", "Gazette", "Observer", "Chronicle",
                  "Inquirer", "Enquirer", "Examiner", "Courier", "Dispatch", "Globe", "Mail", "Echo", "Advertiser",
                  "Sentinel", "Mercury", "Argus", "Journal", "Daily", "Weekly", "Monthly", "Sunday", "Magazine",
                  "Economist", "Spectator", "Statesman", "Scientist", "Newsweek", "Newsday", "Yorker")
PERIODICAL_NAMES = ("Time", "Scientific American", "The Atlantic", "The Independent", "The Sun", "The Star",
                    "USA Today", "Forbes", "Wired", "Slate", "Salon", "Vogue", "Prevention", "Reader's Digest",
                    "National Geographic", "Consumer Reports", "Good Housekeeping", "Men's Health", "Women's Health",
                    "Le Monde", "Der Spiegel", "El País")

MASTHEAD_WORD_RE = re.compile(rf"\b(?:{'|'.join(MASTHEAD_WORDS)})\b")
NAMES = frozenset(name.casefold() for name in PERIODICAL_NAMES)


def names_a_periodical(name: str) -> bool:
    """*name* (``The Sydney Morning Herald``, ``Time``) is a newspaper's or a magazine's by its words."""
    name = name.replace("\u2019", "'").strip()
    return name.casefold() in NAMES or MASTHEAD_WORD_RE.search(name) is not None
