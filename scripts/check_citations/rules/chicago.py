"""Chicago Manual of Style rules, 17th and 18th editions, both systems (RULES.md §5)."""

from __future__ import annotations

import re

from scripts.check_citations import case
from scripts.check_citations.parse import MONTHS, ParsedEntry
from scripts.check_citations.periodicals import names_a_periodical
from scripts.check_citations.rules.base import (CHICAGO_ET_AL_LIMITS, LEADING_ZERO_RE, Problem, Profile, at,
                                                author_joiner_problems, chapter_without_italic_book,
                                                first_author_inverted_only, in_quotes, rule, titled_container)

ED_LABEL_RE = re.compile(r"\((?:[Ee]ds?\.?)\)")
ACCESSED_RE = re.compile(rf"^Accessed (?:{'|'.join(MONTHS)}) \d{{1,2}}, \d{{4}}$")


@rule("chicago")
def chicago_author_names(entry: ParsedEntry, profile: Profile):
    """Authors not written ``Surname, Given`` (first author) and ``Given Surname`` (the others).

    Reference: §5.1 in RULES.md.
    Bad: ``Pears, Richard, and Shields, Graham.``
    Good: ``Pears, Richard, and Graham Shields.``
    """
    yield from first_author_inverted_only(entry, "Chicago")


@rule("chicago")
def chicago_author_joiner(entry: ParsedEntry, profile: Profile):
    """The last author not introduced by ``, and`` (serial comma; never ``&``).

    Reference: §5.1 in RULES.md.
    Bad: ``Pears, Richard & Graham Shields.``
    Good: ``Pears, Richard, and Graham Shields.``
    """
    authors = entry.authors
    if authors is None or len(authors.names) < 2 or authors.et_al is not None:
        return
    yield from author_joiner_problems(authors, ", and ", "Chicago writes ', and ' (with the serial comma)",
                                      "Chicago separates them with commas")


@rule("chicago")
def chicago_et_al(entry: ParsedEntry, profile: Profile):
    """An author list not shortened as the edition says (17: over 10 → 7 and et al.; 18: over 6 → 3 and et al.).

    Reference: §5.1 in RULES.md.
    Bad (18th): ``Buchbinder, Rachelle, Richard H. Osborne, … , and Bridie Murphy.`` (nine names)
    Good (18th): ``Buchbinder, Rachelle, Richard H. Osborne, Peter R. Ebeling, et al.``
    """
    authors = entry.authors
    if authors is None:
        return
    limit, shown = CHICAGO_ET_AL_LIMITS[profile.edition]
    people = len(authors.names)
    if authors.et_al is None and people > limit:
        yield at(authors.span, f"{people} authors listed; CMOS {profile.edition} lists up to {limit} and shortens "
                               f"longer lists to the first {shown} and 'et al.'")
    elif authors.et_al is not None and people != shown:
        yield at(authors.et_al, f"{people} author(s) before 'et al.'; CMOS {profile.edition} gives the first {shown} "
                                f"(and lists every author up to {limit})")


@rule("chicago")
def chicago_title_case(entry: ParsedEntry, profile: Profile):
    """Title words not in headline style (CMOS 18 lets prepositions of five letters or more be capitalised).

    Reference: §5.2 in RULES.md.
    Bad: ``"What is Vertebroplasty?"``
    Good: ``"What Is Vertebroplasty?"``
    """
    for span in (entry.title, titled_container(entry)):
        if span is None:
            continue
        for start, end, word, expected in case.title_case_errors(span, long_prepositions_free=profile.edition >= 18):
            yield Problem(f"'{word}' in a title; CMOS {profile.edition} headline style writes '{expected}'", start, end)


@rule("chicago")
def chicago_title_format(entry: ParsedEntry, profile: Profile):
    """A title set off the wrong way: articles, chapters and web pages in double quotes; books and reports italic.

    A preprint or data set named with its repository (``"Title." Preprint. medRxiv``) is quoted (§5.2). A
    newspaper's or magazine's name is italic, a website's roman; the name tells which (a warning).

    Reference: §5.2 in RULES.md.
    Bad: ``Thomas, Liji. What Is Vertebroplasty? News-Medical, …``
    Good: ``Thomas, Liji. "What Is Vertebroplasty?" News-Medical, …``
    """
    title = entry.title
    if title is None or entry.type == "unknown":
        return
    if entry.type in ("journal", "chapter", "web", "repository", "thesis") and entry.title_markup != "double-quotes":
        yield at(title, f"this title goes in double quotation marks in Chicago: '{in_quotes(title.text)}'")
    elif entry.type == "journal" and entry.container is not None and not entry.container_italic:
        yield at(entry.container, f"the journal's name must be in italics in Chicago: '*{entry.container.text}*'")
    elif chapter_without_italic_book(entry):
        yield at(title, "the title of the book this chapter is in must be in italics in Chicago: 'In *Title of Book*'")
    elif entry.type in ("book", "report") and entry.title_markup != "italic":
        yield at(title, f"the title of a {entry.type} must be in italics in Chicago: '*{title.text}*'")
    elif (entry.type == "web" and entry.container is not None and not entry.container_italic
          and names_a_periodical(entry.container.text)):
        # A warning: the name, not the entry, says it is a newspaper's or a magazine's (periodicals.py).
        name = entry.container.text
        yield at(entry.container, f"'{name}' reads as the name of a newspaper or magazine, which Chicago sets in "
                                  f"italics: '*{name}*' (a website's name stays roman)", "warning")


@rule("chicago")
def chicago_volume_issue(entry: ParsedEntry, profile: Profile):
    """Volume and issue not in the system's form (NB ``361, no. 6 (2009): 557–68``; AD ``361 (6): 557–68``).

    Reference: §5.3 in RULES.md.
    Bad: ``*New England Journal of Medicine* 361(6), 557–68.``
    Good: ``*New England Journal of Medicine* 361, no. 6 (2009): 557–68.``
    """
    if entry.type != "journal" or entry.volume is None:
        return
    wanted = "author-date" if profile.system == "author-date" else "notes"
    example = "361 (6): 557–68" if wanted == "author-date" else "361, no. 6 (2009): 557–68"
    if entry.volume_form != wanted:
        yield at(entry.volume, f"volume and issue written in another form; Chicago {profile.system} writes '{example}'")
    if entry.container is not None and not entry.container_italic:
        name = entry.container.text
        yield at(entry.container, f"journal name '{name}' must be in italics: '*{name}*'")


@rule("chicago")
def chicago_date_position(entry: ParsedEntry, profile: Profile):
    """The year in the wrong place: after the authors in author-date (``2009.``), near the end in notes-bibliography.

    Reference: §5.3 in RULES.md.
    Bad (author-date): ``Kallmes, David F., et al. "A Randomized Trial …" … 361 (6): 569–79.`` (no year)
    Good (author-date): ``Kallmes, David F., et al. 2009. "A Randomized Trial …"``
    """
    date = entry.date
    if profile.system == "author-date":
        if date is None or not entry.date_after_authors:
            yield at(entry.authors.span if entry.authors else None,
                     "no year after the authors; Chicago author-date writes 'Surname, Given. 2009.'", whole=entry)
        elif date.text.startswith("("):
            yield at(date, f"year in brackets '{date.text}'; Chicago author-date writes it bare: "
                           f"'{date.text.strip('()')}.'")
    elif date is not None and entry.date_after_authors:
        yield at(date, "year straight after the authors (the author-date order); Chicago notes-bibliography puts "
                       "the date near the end ('(2009): 557–68' or 'Routledge, 2020.')")


@rule("chicago")
def chicago_access_date(entry: ParsedEntry, profile: Profile):
    """An access date not written ``Accessed Month D, YYYY.`` before the URL (``(accessed …)`` is pre-CMOS 16).

    Reference: §5.4 in RULES.md.
    Bad: ``https://www.news-medical.net/…. (accessed October 4, 2023).``
    Good: ``Accessed October 4, 2023. https://www.news-medical.net/….``
    """
    access = entry.access
    if access is None:
        return
    text = LEADING_ZERO_RE.sub(r"\1", access.text)  # a padded day is day-zero-padded's finding
    if not ACCESSED_RE.match(text):
        yield at(access, f"access date written '{access.text}'; CMOS {profile.edition} writes 'Accessed October 4, "
                         "2023.' (capital A, no brackets), before the URL")
    link = entry.url or entry.doi
    if link is not None and link.start < access.start:
        yield at(access, "access date after the URL; CMOS 17 and 18 put 'Accessed October 4, 2023.' before it")


@rule("chicago")
def chicago_publication_date(entry: ParsedEntry, profile: Profile):
    """A web page with an access date but no publication date (an access date is for undated pages; a warning).

    Reference: §5.4 in RULES.md.
    Bad: ``Thomas, Liji. "What Is Vertebroplasty?" News-Medical. Accessed October 4, 2023. https://…``
    Good: ``Thomas, Liji. "What Is Vertebroplasty?" News-Medical, February 4, 2021. https://…``
    """
    if entry.type == "web" and entry.date is None and entry.access is not None:
        yield at(entry.access, "only an access date; give the page's publication or revision date ('News-Medical, "
                               "February 4, 2021.') and keep an access date for undated pages only", "warning")


@rule("chicago")
def chicago_place_of_publication(entry: ParsedEntry, profile: Profile):
    """A book or chapter without its place of publication under CMOS 17 (CMOS 18 no longer requires it).

    Reference: §5.5 in RULES.md.
    Bad (17th): ``*Cite Them Right: The Essential Referencing Guide*. 12th ed. Bloomsbury Academic, 2022.``
    Good (17th): ``*Cite Them Right: The Essential Referencing Guide*. 12th ed. London: Bloomsbury Academic, 2022.``
    """
    if profile.edition == 17 and entry.type in ("book", "chapter") and entry.place is None:
        yield Problem("no place of publication; CMOS 17 writes 'City: Publisher, Year' ('London: Bloomsbury "
                      "Academic, 2022')", 0, len(entry.plain))


@rule("chicago")
def chicago_chapter_pages(entry: ParsedEntry, profile: Profile):
    """A chapter without its page range under CMOS 17 (CMOS 18 no longer requires it).

    Reference: §5.5 in RULES.md.
    Bad (17th): ``… edited by Mary Beth Oliver, Arthur A. Raney, and Jennings Bryant. New York: Routledge, 2020.``
    Good (17th): ``… edited by Mary Beth Oliver, Arthur A. Raney, and Jennings Bryant, 115–29. New York: …``
    """
    if profile.edition == 17 and entry.type == "chapter" and entry.pages is None:
        yield at(entry.editors, "no page range for the chapter; CMOS 17 gives it after the editors: "
                                "'…, edited by …, 115–29.'", whole=entry)


@rule("chicago")
def chicago_editors(entry: ParsedEntry, profile: Profile):
    """Editors marked ``(Ed.)``/``(Eds.)`` where Chicago writes ``edited by``.

    Reference: §5.5 in RULES.md.
    Bad: ``In M. B. Oliver (Ed.), *Media Effects*``
    Good: ``In *Media Effects*, edited by Mary Beth Oliver``
    """
    if "(E" not in entry.plain and "(e" not in entry.plain:
        return
    for match in ED_LABEL_RE.finditer(entry.plain):
        yield Problem(f"editors marked '{match.group()}'; Chicago writes 'edited by' before the editors' names",
                      match.start(), match.end())
