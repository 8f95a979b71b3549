"""Corrected entries: a parsed entry as a CSL-JSON item, rendered by the project's CSL engine.

All corrections of a run are rendered together by :func:`scripts.csl.render_in_batches`, never entry by
entry: one pandoc process for up to 255 entries, a few for more, without disambiguation (pandoc's
disambiguation compares every citation with every other: with it, a long list took minutes). The
renderer returns an HTML fragment; it is turned back into the markup the entry was written in
(``*italic*`` for Markdown, ``_italic_`` or ``<i>``/``<em>`` when the entry used those). The renderer
ships the current editions only, so a Chicago 17 entry gets no correction.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Sequence

from scripts import csl
from scripts.check_citations import case
from scripts.check_citations.check import EntryResult
from scripts.check_citations.parse import MONTHS, MONTH_WORD, ParsedEntry, Span, parse
from scripts.check_citations.rules import Profile

CSL_TYPES = {"journal": "article-journal", "web": "webpage", "book": "book", "chapter": "chapter",
             "report": "report"}
MONTH_NUMBER = {month[:3].lower(): number for number, month in enumerate(MONTHS, start=1)}
DAY_MONTH_YEAR_RE = re.compile(rf"(?:(?P<day1>\d{{1,2}})\s+)?(?P<month>{MONTH_WORD})\.?"
                               rf"(?:\s+(?P<day2>\d{{1,2}}),?)?\s+(?P<year>\d{{4}})")
YEAR_MONTH_DAY_RE = re.compile(rf"(?P<year>\d{{4}}),\s*(?P<month>{MONTH_WORD})\.?(?:\s+(?P<day>\d{{1,2}}))?")
YEAR_ONLY_RE = re.compile(r"\b(\d{4})\b")
TAG_RE = re.compile(r"<(/?)(em|i|a|span|strong|sup|sub)\b[^>]*>")
LAST_NAME_RE = re.compile(r"^(?P<given>(?:[A-Z][\w.'-]*\.?\s)+)(?P<family>(?:(?:van|von|de|der|du|le)\s)*\S+)$")


def csl_style(profile: Profile) -> str | None:
    """The CSL style that renders *profile*, or None when the renderer has no such edition."""
    if profile.style == "chicago":
        if profile.edition != 18:
            return None
        return "chicago" if profile.system == "author-date" else "chicago-notes"
    return profile.style


def csl_date(text: str) -> dict | None:
    """CSL ``date-parts`` of a date as written (``(2021, February 04)``, ``4 Feb. 2021``, ``2009``)."""
    if match := YEAR_MONTH_DAY_RE.search(text):
        parts = [int(match.group("year")), MONTH_NUMBER[match.group("month")[:3].lower()]]
        return {"date-parts": [parts + ([int(match.group("day"))] if match.group("day") else [])]}
    if match := DAY_MONTH_YEAR_RE.search(text):
        parts = [int(match.group("year")), MONTH_NUMBER[match.group("month")[:3].lower()]]
        day = match.group("day1") or match.group("day2")
        return {"date-parts": [parts + ([int(day)] if day else [])]}
    if match := YEAR_ONLY_RE.search(text):
        return {"date-parts": [[int(match.group(1))]]}
    return None


def csl_name(name_family: str, given: str, group: bool) -> dict:
    return {"literal": name_family} if group else {"family": name_family, "given": given}


def csl_editors(editors: Span) -> list[dict]:
    """Editor names from ``M. B. Oliver, A. A. Raney, & J. Bryant`` or ``Mary Beth Oliver et al.``."""
    names = []
    for part in re.split(r",?\s+(?:&|and)\s+|,\s*", re.sub(r",?\s*et al\.?", "", editors.text)):
        part = part.strip()
        if match := LAST_NAME_RE.match(part):
            names.append({"family": match.group("family"), "given": match.group("given").strip()})
        elif part:
            names.append({"literal": part})
    return names


def corrected_title(entry: ParsedEntry, profile: Profile) -> str:
    """The title as data: without the full stop inside its quotes, in sentence case for APA and Harvard
    (CSL does not convert to sentence case; it does apply title case for MLA and Chicago)."""
    title = entry.title
    text = title.text.rstrip(".,") if title else ""
    if title is not None and profile.style in ("apa", "harvard"):
        chars = list(text)
        names = entry.name_words()
        for start, _, word in case.sentence_case_capitals(Span(0, len(text), text)):
            if word in names:
                continue
            chars[start] = chars[start].lower()
        if profile.style == "apa":
            for start, _, _ in case.lower_case_subtitles(Span(0, len(text), text)):
                chars[start] = chars[start].upper()
        text = "".join(chars)
    return text


def to_csl(entry: ParsedEntry, key: str, profile: Profile) -> dict | None:
    """The CSL-JSON item of *entry*, or None when its type is unknown or it has no title."""
    if entry.type not in CSL_TYPES or entry.title is None:
        return None
    item: dict = {"id": key, "type": CSL_TYPES[entry.type], "title": corrected_title(entry, profile)}
    if entry.authors:
        item["author"] = [csl_name(n.family, n.given, n.group) for n in entry.authors.names]
        if entry.authors.et_al is not None:
            # pandoc's citeproc prints "et al." for a name "others" (BibTeX's "and others"): the names the
            # entry left out stay left out, never replaced by "and" before its last name as if it were complete.
            item["author"].append({"literal": "others"})
    if entry.date and (issued := csl_date(entry.date.text)):
        item["issued"] = issued
    elif entry.year:
        item["issued"] = {"date-parts": [[int(entry.year)]]}
    if entry.access and (accessed := csl_date(entry.access.text)):
        item["accessed"] = accessed
    if entry.container and entry.type in ("journal", "web", "chapter"):
        item["container-title"] = entry.container.text
    for field, span in (("volume", entry.volume), ("issue", entry.issue), ("page", entry.pages)):
        if span is not None:
            item[field] = span.text.replace("-", "–") if field == "page" else span.text
    if entry.doi:
        item["DOI"] = entry.doi.text[entry.doi.text.find("10."):]
    if entry.url:
        url = entry.url.text
        item["URL"] = url if url.startswith("http") else "https://" + url
    if entry.editors:
        item["editor"] = csl_editors(entry.editors)
    if entry.edition:
        item["edition"] = re.match(r"\d+", entry.edition.text).group()
    if entry.publisher:
        item["publisher"] = entry.publisher.text.strip()
    if entry.place:
        item["publisher-place"] = entry.place.text
    if entry.type == "report" and (number := re.search(r"\b[A-Z]{2,4}\d{2,4}\b", entry.plain)):
        item["number"] = number.group()
    return item


def to_markup(fragment: str, source: str) -> str:
    """The renderer's HTML fragment in the markup *source* (the entry as written) uses."""
    if "<i>" in source:
        opening, closing = "<i>", "</i>"
    elif "<em>" in source:
        opening, closing = "<em>", "</em>"
    elif re.search(r"(?<![\w_])_\S", source) and "*" not in source:
        opening = closing = "_"
    else:
        opening = closing = "*"

    def replace(match: re.Match) -> str:
        if match.group(2) in ("em", "i"):
            return closing if match.group(1) else opening
        return ""

    return html.unescape(TAG_RE.sub(replace, fragment)).replace("\u00a0", " ").strip()


def corrections(results: Sequence[EntryResult], profile: Profile) -> list[str | None]:
    """A corrected entry for each result that has findings and parses into an item (rendered together)."""
    style = csl_style(profile)
    items, owners = [], []
    for index, result in enumerate(results):
        if style is None or not result.findings:
            continue
        # Parsed again (entries with findings only): a result keeps only the entry's type (see EntryResult).
        item = to_csl(parse(result.line.text, profile.style, profile.names_before_et_al), f"entry{index}", profile)
        if item is not None:
            items.append(item)
            owners.append(index)
    found: list[str | None] = [None] * len(results)
    if not items:
        return found
    try:
        # Each correction is one entry as it should read: nothing to tell it apart from (and pandoc's
        # disambiguation, which compares every citation with every other, is what grows with the square).
        rendered = csl.render_in_batches(items, style, disambiguate=False)
    except csl.CslError as error:
        print(f"warning: no corrected entries: {error}", file=sys.stderr)
        return found
    for index, item in zip(owners, items):
        if item["id"] in rendered:
            found[index] = to_markup(rendered[item["id"]].bibliography, results[index].line.text)
    return found
