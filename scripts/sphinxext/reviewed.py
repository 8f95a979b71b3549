"""Show each chapter's "last reviewed" date, taken from its front matter, under its title.

A chapter declares ``last_reviewed: 2026-11-24`` in its YAML front matter. The date is inserted as
an ordinary paragraph, so it appears in HTML, PDF and EPUB alike, and it never comes from the clock.

Warnings (type ``handbook``, subtype ``review-date``): a ``last_reviewed`` value that is not an ISO
date.
"""

from __future__ import annotations

import datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from scripts.sphinxext.translation_status import message, text_in_language

logger = logging.getLogger(__name__)

FIELD = "last_reviewed"
LAST_REVIEWED = message("Last reviewed: {date}")


def review_date(value: object) -> datetime.date | None:
    """*value* as a date when it is an ISO date (YAML may already have parsed it), else None."""
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def long_date(date: datetime.date, language: str) -> str:
    """*date* written out in *language*, e.g. "24 November 2026" (British English for the handbook's ``en``)."""
    try:
        locale = Locale.parse("en_GB" if language == "en" else language, sep="-" if "-" in language else "_")
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en_GB")  # a language CLDR does not know: its page says the date in English
    return format_date(date, "d MMMM y", locale=locale)


class InsertReviewDate(SphinxTransform):
    """Put "Last reviewed: <date>" right after the document's title."""

    default_priority = 880

    def apply(self) -> None:
        # MyST puts the front matter into env.metadata while parsing, before any transform runs.
        value = self.env.metadata[self.env.docname].get(FIELD)
        if value is None:
            return
        date = review_date(value)
        if date is None:
            logger.warning("front matter '%s: %s' is not a date; write it as YYYY-MM-DD, e.g. %s: 2026-11-24",
                           FIELD, value, FIELD, location=(self.env.docname, 1), type="handbook",
                           subtype="review-date")
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None or not isinstance(section[0], nodes.title):
            return
        text = text_in_language(self.config, self.env.srcdir, LAST_REVIEWED, date=long_date(date, self.config.language))
        paragraph = nodes.paragraph(text, text, classes=["last-reviewed"])
        section.insert(1, paragraph)


def setup(app: Sphinx) -> dict:
    app.add_transform(InsertReviewDate)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
