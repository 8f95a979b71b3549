"""APA 7th edition reference-list rules (RULES.md §3)."""

from __future__ import annotations

import re

from scripts.check_citations import case
from scripts.check_citations.parse import MONTHS, NAME_DELIMITER_RE, ParsedEntry
from scripts.check_citations.rules.base import (EDITOR_LABEL_RE, GIVEN_NAME_SPLIT_RE, LEADING_ZERO_RE, Problem, Profile,
                                                at, author_joiner_problems, chapter_without_italic_book,
                                                page_label_before, rule)

APA_DATE_RE = re.compile(rf"^\((?:\d{{4}}[a-z]?(?:, (?:{'|'.join(MONTHS)})(?: 0?\d{{1,2}}(?:[–-]0?\d{{1,2}})?)?)?"
                         r"|n\.d\.(?:-[a-z])?)\)$")
RETRIEVAL_RE = re.compile(rf"^Retrieved (?:{'|'.join(MONTHS)}) \d{{1,2}}, \d{{4}}, from$")
SPACELESS_INITIALS_RE = re.compile(r"[A-Z]\.[A-Z]\.")
EDITOR_NAME_RE = re.compile(r"^(?:[A-Z]\.(?:-[A-Z]\.)?\s)+\S")
INITIAL_BEFORE_INITIAL_RE = re.compile(r"\.(?=[A-Z])")
AND_RE = re.compile(r"\band\b")
STANDALONE = ("book", "report", "web", "repository", "thesis")
REPORT_NUMBER_LABEL_RE = re.compile(r"\s\([^()]*\b[A-Z]{1,4}\s?\d+\)$")
AVAILABLE_RE = re.compile(r"\bAvailable (?:at|from):?")


@rule("apa")
def apa_author_initials(entry: ParsedEntry, profile: Profile):
    """A person's name not written ``Surname, I. I.`` (given names spelled out, or in direct order).

    Reference: §3.1 in RULES.md.
    Bad: ``Thomas, Liji. (2021).``
    Good: ``Thomas, L. (2021).``
    """
    for name in entry.authors.names if entry.authors else ():
        if name.group:
            continue
        if not name.inverted:
            initials = " ".join(part[0] + "." for part in name.given.split())
            yield at(name.span, f"'{name.span.text}' is in direct order; APA 7 writes 'Surname, I. I.': "
                                f"'{name.family}, {initials}'")
        elif not name.initials_only:
            initials = " ".join(part[0] + "." for part in GIVEN_NAME_SPLIT_RE.split(name.given) if part)
            yield at(name.span, f"given name spelled out in '{name.span.text}'; APA 7 uses initials: "
                                f"'{name.family}, {initials}'")


@rule("apa")
def apa_initials_spacing(entry: ParsedEntry, profile: Profile):
    """Initials run together (``R.H.``) where APA puts a space between them.

    Reference: §3.1 in RULES.md.
    Bad: ``Osborne, R.H.``
    Good: ``Osborne, R. H.``
    """
    for name in entry.authors.names if entry.authors else ():
        if name.inverted and SPACELESS_INITIALS_RE.search(name.given):
            spaced = INITIAL_BEFORE_INITIAL_RE.sub(". ", name.given)
            yield at(name.span, f"initials '{name.given}' without spaces; APA 7 writes '{spaced}'")


@rule("apa")
def apa_author_joiner(entry: ParsedEntry, profile: Profile):
    """The last author not introduced by ``, &`` (comma and ampersand, even for two authors).

    Reference: §3.1 in RULES.md.
    Bad: ``Marshall, L. and Brockman, S.``
    Good: ``Marshall, L., & Brockman, S.``
    """
    authors = entry.authors
    if authors is None or len(authors.names) < 2 or authors.ellipsis is not None or authors.et_al is not None:
        return
    yield from author_joiner_problems(
        authors, ", & ", "APA 7 writes ', &' (a comma and an ampersand, even with two authors)",
        "APA 7 separates authors with commas and puts ', &' only before the last")


@rule("apa")
def apa_et_al(entry: ParsedEntry, profile: Profile):
    """``et al.`` in a reference-list entry (APA 7 lists up to 20 authors).

    Reference: §3.1 in RULES.md.
    Bad: ``Buchbinder, R., et al. (2009).``
    Good: ``Buchbinder, R., Osborne, R. H., … & Murphy, B. (2009).``
    """
    if entry.authors and entry.authors.et_al:
        yield at(entry.authors.et_al, "'et al.' in the reference list; APA 7 names every author up to 20 (with 21 "
                                      "or more: the first 19, '. . .', then the last)")


@rule("apa")
def apa_author_ellipsis(entry: ParsedEntry, profile: Profile):
    """An APA 6 truncated author list (``. . .`` after six or seven names).

    Reference: §3.1 in RULES.md.
    Bad: ``Buchbinder, R., Osborne, R. H., Ebeling, P. R., Wark, J. D., Mitchell, P., Wriedt, C., . . . Murphy, B.``
    Good: every author up to 20, with ``, &`` before the last.
    """
    authors = entry.authors
    if authors is None or authors.ellipsis is None:
        return
    before = sum(1 for name in authors.names if name.span.end <= authors.ellipsis.start)
    if before != 19:
        yield at(authors.ellipsis, f"'. . .' after {before} authors is the APA 6 truncation; APA 7 lists up to 20 "
                                   "authors, and from 21 the first 19, '. . .', then the last author")
    elif "&" in authors.ellipsis.text:
        yield at(authors.ellipsis, "no '&' before the last author after '. . .'")


@rule("apa")
def apa_date_form(entry: ParsedEntry, profile: Profile):
    """The date not in brackets straight after the authors, followed by a full stop.

    Reference: §3.2 in RULES.md.
    Bad: ``Thomas, L. 2021. What is vertebroplasty?``
    Good: ``Thomas, L. (2021, February 4). What is vertebroplasty?``
    """
    date = entry.date
    if date is None or not entry.date_after_authors:
        where = "" if date is None else f" (found '{date.text}' later in the entry)"
        yield at(entry.authors.span if entry.authors else None,
                 f"no date after the author{where}; APA 7 puts '(Year).', '(Year, Month Day).' or '(n.d.).' "
                 "straight after the author", whole=entry)
        return
    if not APA_DATE_RE.match(date.text):
        yield at(date, f"date written '{date.text}'; APA 7 writes '(2009)', '(2021, February 4)' or '(n.d.)'")
    elif not entry.plain.startswith(".", date.end):
        yield Problem(f"no full stop after the date '{date.text}'; APA 7 writes '{date.text}.'", date.start, date.end)


@rule("apa")
def apa_title_sentence_case(entry: ParsedEntry, profile: Profile):
    """Capitalised words inside a title that sentence case would lower-case (names keep capitals).

    Reference: §3.3 in RULES.md.
    Bad: ``What is Vertebroplasty?``
    Good: ``What is vertebroplasty?``
    """
    if entry.title is None:
        return
    capitals = case.sentence_case_capitals(entry.title)
    if capitals:
        names = entry.name_words()  # a title naming its group author keeps those capitals
        # A roman report title runs into its number label, "(Technology Appraisal Guidance TA279)": the
        # label is the publisher's wording, not the title's.
        label = REPORT_NUMBER_LABEL_RE.search(entry.title.text)
        label_start = entry.title.start + label.start() if label else entry.title.end
        capitals = [item for item in capitals if item[2] not in names and item[0] < label_start]
    if capitals:
        listed = ", ".join(f"'{word}'" for _, _, word in capitals)
        yield Problem(f"title not in sentence case: {listed} capitalised; APA 7 capitalises only the first word, "
                      "the first word after a colon, and proper nouns (if it is a name, add it to PROPER_NOUNS in "
                      "scripts/check_citations/case.py)", capitals[0][0], capitals[-1][1])


@rule("apa")
def apa_subtitle_capital(entry: ParsedEntry, profile: Profile):
    """A subtitle (after a colon) that starts with a lower-case letter.

    Reference: §3.3 in RULES.md.
    Bad: ``Effectiveness of vertebroplasty …: meta-analysis``
    Good: ``Effectiveness of vertebroplasty …: Meta-analysis``
    """
    for span in (entry.title, entry.container if entry.type == "chapter" else None):
        if span is None:
            continue
        for start, end, word in case.lower_case_subtitles(span):
            yield Problem(f"subtitle starts with lower-case '{word}'; APA 7 capitalises the first word after a "
                          f"colon: '{word[0].upper() + word[1:]}'", start, end)


@rule("apa")
def apa_title_italics(entry: ParsedEntry, profile: Profile):
    """A title in the wrong type: books, reports and web pages italic; articles (in journals, newspapers and
    magazines) and chapters roman.

    Reference: §3.3 in RULES.md.
    Bad: ``Thomas, L. (2021, February 4). What is vertebroplasty? News-Medical.``
    Good: ``Thomas, L. (2021, February 4). *What is vertebroplasty?* News-Medical.``
    """
    title = entry.title
    if title is None or entry.type == "unknown":
        return
    if entry.type in STANDALONE and entry.title_markup != "italic":
        yield at(title, f"the title of a {entry.type if entry.type != 'web' else 'web page'} must be in italics in "
                        f"APA 7: '*{title.text}*'")
    elif chapter_without_italic_book(entry):
        yield at(title, "the title of the book this chapter is in must be in italics in APA 7: "
                        "'In E. Editor (Ed.), *Title of book* (pp. 1–10)'")
    elif entry.type in ("journal", "chapter") and entry.title_markup == "italic":
        yield at(title, f"the title of {'an article' if entry.type == 'journal' else 'a chapter'} is roman (not "
                        "italic) in APA 7; the journal or book title is the italic one")


@rule("apa")
def apa_title_quotes(entry: ParsedEntry, profile: Profile):
    """A title in quotation marks (APA sets no title in quotes).

    Reference: §3.3 in RULES.md.
    Bad: ``(2009). "A randomized trial of vertebroplasty …." *New England Journal of Medicine*``
    Good: ``(2009). A randomized trial of vertebroplasty …. *New England Journal of Medicine*``
    """
    if entry.title is not None and entry.title_markup.endswith("quotes"):
        yield Problem("title in quotation marks; APA 7 sets article and chapter titles roman without quotes",
                      entry.title.start - 1, entry.title.end + 1)


@rule("apa")
def apa_journal_italics(entry: ParsedEntry, profile: Profile):
    """A journal name or volume number not in italics, or an italic issue number.

    Reference: §3.4 in RULES.md.
    Bad: ``New England Journal of Medicine, 361(6), 557–568.``
    Good: ``*New England Journal of Medicine*, *361*(6), 557–568.``
    """
    if entry.type != "journal":
        return
    if entry.container is not None and not entry.container_italic:
        name = entry.container.text
        yield at(entry.container, f"journal name '{name}' must be in italics: '*{name}*'")
    if entry.volume is not None and entry.volume_form == "apa" and not entry.is_italic(entry.volume):
        yield at(entry.volume, f"volume '{entry.volume.text}' must be in italics: '*{entry.volume.text}*'")
    if entry.issue is not None and entry.is_italic(entry.issue):
        yield at(entry.issue, "the issue number is roman in APA 7: '*361*(6)'")


@rule("apa")
def apa_volume_issue(entry: ParsedEntry, profile: Profile):
    """Volume, issue and pages of a journal article not in the form ``*361*(6), 557–568``.

    Reference: §3.4 in RULES.md.
    Bad: ``*New England Journal of Medicine*, vol. 361, no. 6, pp. 557–568.``
    Good: ``*New England Journal of Medicine*, *361*(6), 557–568.``
    """
    if entry.type != "journal" or entry.volume is None:
        return
    if entry.volume_form != "apa":
        yield at(entry.volume, "volume and issue written in another style's form; APA 7 writes '*361*(6), 557–568' "
                               "(italic volume, issue in brackets, no 'vol.'/'no.')")
    elif entry.plain[entry.volume.end] == " ":
        yield at(entry.volume, "space between volume and issue; APA 7 writes '*361*(6)'")
    if entry.pages is not None and page_label_before(entry, entry.pages.start):
        yield at(entry.pages, "'pp.' before the pages of a journal article; APA 7 gives the bare range: '557–568'")


@rule("apa")
def apa_link_final_period(entry: ParsedEntry, profile: Profile):
    """A full stop after the DOI or URL that ends the entry.

    Reference: §3.5 in RULES.md.
    Bad: ``https://doi.org/10.1056/NEJMoa0900429.``
    Good: ``https://doi.org/10.1056/NEJMoa0900429``
    """
    stripped = entry.plain.rstrip()
    for link in (entry.doi, entry.url):
        if link is not None and stripped.endswith(".") and link.end == len(stripped) - 1:
            yield Problem("full stop after the DOI or URL; APA 7 ends the entry with the bare link (a period "
                          "could be taken as part of it)", link.end, link.end + 1)


@rule("apa")
def apa_retrieval_wording(entry: ParsedEntry, profile: Profile):
    """A retrieval phrase not worded ``Retrieved Month D, YYYY, from`` (no "on", a comma after the year).

    Reference: §3.5 in RULES.md.
    Bad: ``Retrieved on October 4, 2023 from https://…``
    Good: ``Retrieved October 4, 2023, from https://…``
    """
    access = entry.access
    if access is None:
        return
    text = LEADING_ZERO_RE.sub(r"\1", access.text)  # a padded day is day-zero-padded's finding, not this one's
    if text.lower() in ("retrieved from", "retrieved"):
        yield at(access, f"'{access.text}' without a date; APA 7 gives the bare URL, or 'Retrieved "
                         "October 4, 2023, from URL' for pages designed to change ('Retrieved from' alone is APA 6)")
    elif not RETRIEVAL_RE.match(text):
        yield at(access, f"retrieval date worded '{access.text}'; APA 7 writes 'Retrieved October 4, 2023, from' "
                         "(no 'on', 'Accessed' or brackets; a comma after the year)")


@rule("apa")
def apa_retrieval_date_unneeded(entry: ParsedEntry, profile: Profile):
    """A retrieval date on a dated page (only pages designed to change need one; a warning).

    Reference: §3.5 in RULES.md.
    Bad: ``Thomas, L. (2021, February 4). … Retrieved October 4, 2023, from https://…``
    Good: ``Thomas, L. (2021, February 4). … https://…``
    """
    if entry.access is not None and entry.date is not None and "," in entry.date.text:
        yield at(entry.access, "retrieval date on a page with a full publication date; APA 7 uses one only for "
                               "content designed to change (dictionaries, dashboards)", "warning")


@rule("apa")
def apa_link_label(entry: ParsedEntry, profile: Profile):
    """``Available at:`` or ``Available from`` before a DOI or URL.

    Reference: §3.5 in RULES.md.
    Bad: ``Available at: https://doi.org/10.1056/NEJMoa0900429``
    Good: ``https://doi.org/10.1056/NEJMoa0900429``
    """
    for match in AVAILABLE_RE.finditer(entry.plain) if "Available" in entry.plain else ():
        yield Problem(f"'{match.group()}' before a link; APA 7 gives the DOI or URL alone", match.start(), match.end())


@rule("apa")
def apa_publisher_location(entry: ParsedEntry, profile: Profile):
    """A place of publication before the publisher (an APA 6 pattern).

    Reference: §3.6 in RULES.md.
    Bad: ``(4th ed.). New York: Routledge.``
    Good: ``(4th ed.). Routledge.``
    """
    if entry.place is not None:
        yield Problem(f"place of publication '{entry.place.text}:'; APA 7 gives the publisher only: "
                      f"'{entry.publisher.text}'", entry.place.start, entry.publisher.start)


@rule("apa")
def apa_chapter_editors(entry: ParsedEntry, profile: Profile):
    """Editors of an edited book not written ``In E. E. Editor & F. F. Editor (Eds.),``.

    Reference: §3.7 in RULES.md.
    Bad: ``In Oliver, M. B., & Raney, A. A. (eds.), *Media effects*``
    Good: ``In M. B. Oliver & A. A. Raney (Eds.), *Media effects*``
    """
    if entry.type != "chapter":
        return
    label = EDITOR_LABEL_RE.search(entry.plain)
    if label is None:
        yield at(entry.editors, "no '(Ed.)' or '(Eds.)' after the editors of the book; APA 7 writes "
                                "'In M. B. Oliver & A. A. Raney (Eds.),'", whole=entry)
    elif label.group() not in ("(Ed.)", "(Eds.)"):
        yield Problem(f"editor label '{label.group()}'; APA 7 writes '(Ed.)' or '(Eds.)'", label.start(), label.end())
    if entry.editors is not None:
        if AND_RE.search(entry.editors.text):
            yield at(entry.editors, "editors joined with 'and'; APA 7 writes '&' before the last editor: "
                                    "'M. B. Oliver, A. A. Raney, & J. Bryant'")
        for part in NAME_DELIMITER_RE.split(entry.editors.text)[::2]:  # names, without the delimiters between
            if part and not EDITOR_NAME_RE.match(part):
                yield at(entry.editors, f"editor '{part}' not written with the initials first; APA 7 writes "
                                        "'M. B. Oliver'")
                break


@rule("apa")
def apa_publisher_same_as_author(entry: ParsedEntry, profile: Profile):
    """A group author repeated as the publisher (APA omits the publisher then; a warning).

    Reference: §3.6 in RULES.md.
    Bad: ``American Psychological Association. (2020). *Publication manual …* (7th ed.). American Psychological
    Association.``
    Good: ``American Psychological Association. (2020). *Publication manual …* (7th ed.).``
    """
    names = entry.authors.names if entry.authors else ()
    if len(names) != 1 or not names[0].group or entry.type not in STANDALONE:
        return
    after = max(span.end for span in (entry.title, entry.date, entry.authors.span) if span is not None)
    if (position := entry.plain.find(names[0].family, after)) >= 0:
        yield Problem(f"the group author '{names[0].family}' is repeated as the publisher; APA 7 leaves the "
                      "publisher out when it is the author", position, position + len(names[0].family), "warning")
