"""Harvard rules as Cite Them Right 12th edition gives them (RULES.md §6)."""

from __future__ import annotations

import re

from scripts.check_citations import case
from scripts.check_citations.parse import MONTHS, ParsedEntry
from scripts.check_citations.rules.base import (EDITOR_LABEL_RE, GIVEN_NAME_SPLIT_RE, LEADING_ZERO_RE, Problem, Profile,
                                                at, author_joiner_problems, chapter_without_italic_book,
                                                page_label_before, rule)

HARVARD_YEAR_RE = re.compile(r"^\((?:\d{4}[a-z]?|no date(?: [a-z])?)\)$")
ACCESSED_RE = re.compile(rf"^\(Accessed: \d{{1,2}} (?:{'|'.join(MONTHS)}) \d{{4}}\)$")
SPACED_INITIALS_RE = re.compile(r"[A-Z]\.\s[A-Z]\.")
PAGE_RANGE_RE = re.compile(r"\d\s?[-\u2013]\s?\w")
FIRST_WORD_RE = re.compile(r"\(?(\w+)")
ORDINAL_RE = re.compile(r"\d+\w\w")


@rule("harvard")
def harvard_author_initials(entry: ParsedEntry, profile: Profile):
    """A person's name not written ``Surname, I.I.`` (initials without spaces).

    Reference: §6.1 in RULES.md.
    Bad: ``Thomas, Liji (2021)`` or ``Osborne, R. H.``
    Good: ``Thomas, L. (2021)`` and ``Osborne, R.H.``
    """
    for name in entry.authors.names if entry.authors else ():
        if name.group:
            continue
        initials = "".join(part[0] + "." for part in GIVEN_NAME_SPLIT_RE.split(name.given) if part)
        if not name.inverted:
            yield at(name.span, f"'{name.span.text}' is in direct order; Cite Them Right writes 'Surname, I.I.': "
                                f"'{name.family}, {initials}'")
        elif not name.initials_only:
            yield at(name.span, f"given name spelled out in '{name.span.text}'; Cite Them Right uses initials: "
                                f"'{name.family}, {initials}'")
        elif SPACED_INITIALS_RE.search(name.given):
            yield at(name.span, f"spaces between the initials '{name.given}'; Cite Them Right writes "
                                f"'{name.given.replace(' ', '')}'")


@rule("harvard")
def harvard_author_joiner(entry: ParsedEntry, profile: Profile):
    """The last author not introduced by `` and`` (no comma, no ``&``).

    Reference: §6.1 in RULES.md.
    Bad: ``Pears, R., & Shields, G. (2022)``
    Good: ``Pears, R. and Shields, G. (2022)``
    """
    authors = entry.authors
    if authors is None or len(authors.names) < 2 or authors.et_al is not None:
        return
    yield from author_joiner_problems(
        authors, " and ", "Cite Them Right writes ' and ' (no comma, no '&')",
        "separate them with commas and put ' and ' before the last")


@rule("harvard")
def harvard_et_al(entry: ParsedEntry, profile: Profile):
    """``et al.`` not used as Cite Them Right does: four or more authors give ``First, I. et al.``.

    Reference: §6.1 in RULES.md.
    Bad: ``Buchbinder, R., Osborne, R.H., et al. (2009)``
    Good: ``Buchbinder, R. et al. (2009)``
    """
    authors = entry.authors
    if authors is None:
        return
    people = len(authors.names)
    if authors.et_al is not None:
        if authors.et_al.text.startswith(","):
            yield at(authors.et_al, "comma before 'et al.'; Cite Them Right writes 'Buchbinder, R. et al.'")
        if people > 1:
            yield at(authors.et_al, f"{people} authors before 'et al.'; Cite Them Right gives only the first "
                                    "author: 'Buchbinder, R. et al.'")
    elif people >= 4:
        yield at(authors.span, f"{people} authors listed; Cite Them Right shortens four or more to the first and "
                               "'et al.' (listing all is an institutional variant)", "warning")


@rule("harvard")
def harvard_year_form(entry: ParsedEntry, profile: Profile):
    """The year not in round brackets straight after the authors, or followed by a full stop.

    Reference: §6.2 in RULES.md.
    Bad: ``Thomas, L. 2021. What is vertebroplasty?``
    Good: ``Thomas, L. (2021) *What is vertebroplasty?*``
    """
    date = entry.date
    if date is None or not entry.date_after_authors:
        yield at(entry.authors.span if entry.authors else None,
                 "no year in brackets after the author; Cite Them Right writes 'Author (2021)' "
                 "(or '(no date)')", whole=entry)
    elif not HARVARD_YEAR_RE.match(date.text):
        year = entry.year or "2021"
        yield at(date, f"year written '{date.text}'; Cite Them Right writes '({year})' after the author")
    elif entry.plain.startswith(".", date.end):
        yield Problem(f"full stop after '{date.text}'; Cite Them Right puts none there", date.end, date.end + 1)


@rule("harvard")
def harvard_title_sentence_case(entry: ParsedEntry, profile: Profile):
    """Capitalised words inside a title that Cite Them Right's sentence case would lower-case (a warning).

    Reference: §6.3 in RULES.md.
    Bad: ``*What is Vertebroplasty?*``
    Good: ``*What is vertebroplasty?*``
    """
    if entry.title is None or entry.type == "journal" and entry.title_markup == "italic":
        return
    capitals = case.sentence_case_capitals(entry.title)
    if capitals:
        names = entry.name_words()  # a title naming its group author keeps those capitals
        capitals = [item for item in capitals if item[2] not in names]
    if capitals:
        listed = ", ".join(f"'{word}'" for _, _, word in capitals)
        yield Problem(f"title not in sentence case: {listed} capitalised; Cite Them Right's examples capitalise only "
                      "the first word and proper nouns", capitals[0][0], capitals[-1][1], "warning")


@rule("harvard")
def harvard_title_format(entry: ParsedEntry, profile: Profile):
    """A title set off the wrong way: articles and chapters in single quotes, books, reports and web pages italic.

    Newspaper and magazine articles are set like journal articles; a preprint or data set in a repository
    takes single quotes and a full stop, ``'Title'. Zenodo.`` (§6.3).

    Reference: §6.3 in RULES.md.
    Bad: ``Thomas, L. (2021) What is vertebroplasty?``
    Good: ``Thomas, L. (2021) *What is vertebroplasty?*``
    """
    title = entry.title
    if title is None or entry.type == "unknown":
        return
    if entry.type == "repository":
        if entry.title_markup != "single-quotes":
            yield at(title, "the title of a deposited preprint or data set goes in single quotation marks in Cite "
                            f"Them Right: ''{title.text}''")
    elif chapter_without_italic_book(entry):
        yield at(title, "the title of the book this chapter is in must be in italics in Cite Them Right: "
                        "'in I. Editor (ed.) *Title of book*'")
    elif entry.type in ("journal", "periodical", "chapter"):
        if entry.title_markup != "single-quotes":
            yield at(title, f"the title of {'a chapter' if entry.type == 'chapter' else 'an article'} goes in "
                            f"single quotation marks in Cite Them Right: ''{title.text}','")
        elif not entry.plain.startswith(",", title.end + 1):
            yield Problem("no comma after the quoted title; Cite Them Right writes ''Title', *Journal*'",
                          title.end, title.end + 1)
    elif entry.title_markup != "italic":
        kind = "web page" if entry.type == "web" else entry.type
        yield at(title, f"the title of a {kind} must be in italics in Cite Them Right: '*{title.text}*'")


@rule("harvard")
def harvard_journal_form(entry: ParsedEntry, profile: Profile):
    """Journal, volume, issue and pages not in the form ``*Journal*, 361(6), pp. 557–568``.

    Reference: §6.4 in RULES.md.
    Bad: ``New England Journal of Medicine, 361(6), 557–568.``
    Good: ``*New England Journal of Medicine*, 361(6), pp. 557–568.``
    """
    if entry.type != "journal":
        return
    if entry.container is not None and not entry.container_italic:
        yield at(entry.container, f"journal name '{entry.container.text}' must be in italics: "
                                  f"'*{entry.container.text}*'")
    if entry.volume is not None and entry.volume_form != "apa":
        yield at(entry.volume, "volume and issue in another style's form; Cite Them Right writes '361(6)'")
    pages = entry.pages
    if pages is not None:
        label = page_label_before(entry, pages.start)
        is_range = PAGE_RANGE_RE.search(pages.text) is not None
        if is_range and (label is None or label.group(1) != "pp"):
            yield at(pages, f"page range '{pages.text}' without 'pp.'; Cite Them Right writes 'pp. {pages.text}'")
        elif not is_range and label is not None and label.group(1) == "pp":
            yield at(pages, f"'pp.' before the single page '{pages.text}'; write 'p. {pages.text}'")


@rule("harvard")
def harvard_available_at(entry: ParsedEntry, profile: Profile):
    """A DOI or URL not introduced by ``Available at:``.

    Reference: §6.5 in RULES.md.
    Bad: ``… 557–568. https://doi.org/10.1056/NEJMoa0900429.``
    Good: ``… 557–568. Available at: https://doi.org/10.1056/NEJMoa0900429.``
    """
    for link in (entry.doi, entry.url):
        if link is None:
            continue
        before = entry.plain[:link.start].rstrip(" <")
        if not before.endswith("Available at:"):
            yield at(link, "link not introduced by 'Available at:'; Cite Them Right writes "
                           f"'Available at: {link.text}'")
        break


@rule("harvard")
def harvard_access_date(entry: ParsedEntry, profile: Profile):
    """A web page without ``(Accessed: 4 October 2023)`` after its URL, or an access date in another wording.

    Reference: §6.5 in RULES.md.
    Bad: ``News-Medical, viewed 4 October 2023, https://…``
    Good: ``Available at: https://… (Accessed: 4 October 2023).``
    """
    access = entry.access
    if access is not None:
        word = FIRST_WORD_RE.match(access.text).group(1)
        text = LEADING_ZERO_RE.sub(r"\1", access.text)  # a padded day is day-zero-padded's finding
        if word.lower() == "viewed":
            yield at(access, f"'{access.text}' is Australian (AGPS) Harvard wording; Cite Them Right writes "
                             "'Available at: URL (Accessed: 4 October 2023).'")
        elif not ACCESSED_RE.match(text):
            yield at(access, f"access date written '{access.text}'; Cite Them Right writes "
                             "'(Accessed: 4 October 2023)' after the URL")
        elif entry.url is None:
            yield at(access, "access date for a DOI; Cite Them Right 12 gives none for DOIs")
        elif entry.url.end > access.start:
            yield at(access, "access date before the URL; Cite Them Right puts it after: "
                             "'Available at: URL (Accessed: 4 October 2023).'")
    elif entry.url is not None and entry.type != "journal":
        # Cite Them Right makes the access date required for web pages (RULES.md §6.5); for other online sources
        # (reports, e-books) CTR's templates show one too, but it is not stated as a rule: a warning.
        yield Problem("no access date for an online source; Cite Them Right writes "
                      f"'Available at: {entry.url.text} (Accessed: 4 October 2023).'", entry.url.start, entry.url.end,
                      "error" if entry.type == "web" else "warning")


@rule("harvard")
def harvard_edition_form(entry: ParsedEntry, profile: Profile):
    """An edition written ``ed.`` or ``edition`` where Cite Them Right writes ``edn``.

    Reference: §6.6 in RULES.md.
    Bad: ``12th ed. London: Bloomsbury Academic.``
    Good: ``12th edn. London: Bloomsbury Academic.``
    """
    edition = entry.edition
    if edition is not None and not edition.text.endswith(("edn", "edn.")):
        number = ORDINAL_RE.match(edition.text).group()
        yield at(edition, f"edition written '{edition.text}'; Cite Them Right writes '{number} edn'")


@rule("harvard")
def harvard_editor_label(entry: ParsedEntry, profile: Profile):
    """An editor label other than ``(ed.)``/``(eds)`` (``(eds.)`` is common in guides: a warning).

    Reference: §6.6 in RULES.md.
    Bad: ``in M.B. Oliver and A.A. Raney (Eds.) *Media effects*``
    Good: ``in M.B. Oliver and A.A. Raney (eds) *Media effects*``
    """
    if "(E" not in entry.plain and "(e" not in entry.plain:
        return
    for match in EDITOR_LABEL_RE.finditer(entry.plain):
        if match.group() not in ("(ed.)", "(eds)"):
            yield Problem(f"editor label '{match.group()}'; Cite Them Right writes '(ed.)' for one editor and "
                          "'(eds)' for more", match.start(), match.end(), "warning")
