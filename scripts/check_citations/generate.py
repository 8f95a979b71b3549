"""Varied CSL-JSON items, from a fixed seed, for differential and mutation testing of the checker.

:func:`items` makes the kinds of work the handbook's readers cite (journal articles with pages, with an
article number, online first without volume or issue; books, edited books, chapters; reports and
guidelines by organisations, with and without a number; web pages with and without a date; newspaper
and magazine articles; theses; conference papers; preprints; datasets; software) with 1 to 25 authors,
organisations, particles (van, de, von, van der), suffixes (Jr., III), hyphenated and non-ASCII names,
and titles with subtitles, questions, acronyms and proper nouns. The build's CSL renderer
(:func:`scripts.csl.render`) renders them in each style, one batch per style; what it prints is what
the checker must accept (tests/test_check_citations_differential.py, scripts/bench_mutations.py).

The titles are written in sentence case, as a .bib keeps them: CSL title-cases them for MLA and Chicago.
Proper nouns come from the checker's own list (:data:`scripts.check_citations.case.PROPER_NOUNS`):
sentence case keeps a name's capital, and only a list tells a name from a word.
"""

from __future__ import annotations

import random

FAMILIES = ("Buchbinder", "Kallmes", "Clark", "Firanescu", "Wardlaw", "Ebeling", "Lindsay", "Chandra", "Muijs",
            "Staples", "Osborne", "Jarvik", "Comstock", "Gray", "Heagerty", "Turner", "Wilson", "Nakamura",
            "Andersen", "Müller", "Sørensen", "Wáng", "Núñez", "Kowalski", "Annesley-Williams", "Garcia-Lopez",
            "O'Toole", "McGraw", "Brown", "Li", "Chen", "Patel", "Okafor", "Haddad", "Ivanova", "Rossi")
PARTICLES = ("van", "de", "von", "van der")
PARTICLE_FAMILIES = ("Vries", "Kuijk", "Rooij", "Heijden", "Berg", "Meer", "Hagen", "Bergen")
GIVEN = ("Rachelle", "David F.", "William", "Cristina E.", "Jolanda", "Peter R.", "Anne-Marie", "Jean-Luc",
         "Mary Beth", "José", "Zoë", "Ingrid", "Kwame", "Priya", "Hiroshi", "Fatima", "Olga", "Marco", "Li",
         "Chun Y.", "Harry K.", "Avram Allan", "Margaret P.")
SUFFIXES = ("Jr.", "III")
ORGANISATIONS = ("National Institute for Health and Care Excellence", "World Health Organization",
                 "American College of Radiology", "Society of Interventional Radiology",
                 "Royal College of Radiologists", "European Society of Radiology",
                 "Australian Commission on Safety and Quality in Health Care", "NHS England")
TOPICS = ("vertebroplasty", "balloon kyphoplasty", "bone cement leakage", "vertebral compression fractures",
          "osteoporotic fractures", "back pain after fracture", "sham procedures", "spinal metastases",
          "cement augmentation", "fracture healing", "pain relief", "new fractures after cement")
OPENINGS = ("A randomized trial of", "Safety and efficacy of", "Outcomes of", "Long-term results of",
            "A systematic review of", "Cost of", "Risk factors for", "Imaging of", "Guidance on", "Management of")
SUBTITLES = ("a randomised controlled trial", "a systematic review", "results from a multicentre study",
             "a cohort study", "a consensus statement", "what patients should know", "ten years on")
QUESTIONS = ("Does {topic} work?", "Is {topic} safe?", "Who benefits from {topic}?", "What is {topic}?")
ACRONYMS = ("VERTOS", "VAPOUR", "INVEST", "NICE", "MRI", "CT", "RCT")
PROPER = ("Medicare", "Cochrane", "European", "Australian", "British", "Dutch", "London")
JOURNALS = ("New England Journal of Medicine", "The Lancet", "BMJ", "Spine", "American Journal of Neuroradiology",
            "Journal of Bone and Mineral Research", "Radiology", "European Spine Journal", "Osteoporosis International",
            "Journal of Vascular and Interventional Radiology", "Cochrane Database of Systematic Reviews")
PUBLISHERS = ("Oxford University Press", "Springer", "Elsevier", "Routledge", "Wiley", "Thieme", "CRC Press")
PLACES = ("London", "New York", "Oxford", "Berlin", "Boston")
NEWSPAPERS = ("The Guardian", "The New York Times", "The Times", "The Irish Times", "The Sydney Morning Herald")
MAGAZINES = ("New Scientist", "Scientific American", "The Economist", "Time")
UNIVERSITIES = ("University of Oxford", "University of Melbourne", "Leiden University", "McGill University")
SITES = ("News-Medical", "Radiopaedia", "NHS inform", "Mayo Clinic", "Healthline", "MedlinePlus")
REPOSITORIES = ("Zenodo", "figshare", "Dryad", "GitHub")
PREPRINT_SERVERS = ("medRxiv", "bioRxiv", "Research Square")
REPORT_GENRES = ("Technology appraisal guidance", "Interventional procedures guidance", "Clinical guideline",
                 "Practice parameter", "Technical report")

TYPES = ("journal", "journal-article-number", "journal-online-first", "book", "edited-book", "chapter",
         "report-numbered", "report", "web-dated", "web-undated", "newspaper", "magazine", "thesis",
         "conference", "preprint", "dataset", "software")
"""The kinds of item :func:`items` makes, in turn."""


def person(rng: random.Random) -> dict:
    """A person's name: plain, with a particle, a suffix, a hyphen or letters beyond ASCII."""
    roll = rng.random()
    name = {"family": rng.choice(FAMILIES), "given": rng.choice(GIVEN)}
    if roll < 0.12:
        name = {"family": rng.choice(PARTICLE_FAMILIES), "given": rng.choice(GIVEN),
                "non-dropping-particle": rng.choice(PARTICLES)}
    elif roll < 0.17:
        name["suffix"] = rng.choice(SUFFIXES)
    return name


def authors(rng: random.Random) -> list[dict]:
    """1 to 25 people, mostly few; now and then an organisation alone."""
    if rng.random() < 0.06:
        return [{"literal": rng.choice(ORGANISATIONS)}]
    count = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 21, 25))
    people, seen = [], set()
    while len(people) < count:
        name = person(rng)
        if (name["family"], name["given"]) not in seen:
            seen.add((name["family"], name["given"]))
            people.append(name)
    return people


def title(rng: random.Random) -> str:
    """A sentence-case title, maybe with a subtitle, a question, an acronym or a proper noun."""
    topic = rng.choice(TOPICS)
    roll = rng.random()
    if roll < 0.15:
        text = rng.choice(QUESTIONS).format(topic=topic)
        return text[0].upper() + text[1:]
    text = f"{rng.choice(OPENINGS)} {topic}"
    if roll < 0.3:
        text += f" in {rng.choice(PROPER)} patients"
    elif roll < 0.45:
        text += f" ({rng.choice(ACRONYMS)} {rng.choice(('I', 'II', 'IV'))})"
    if rng.random() < 0.4:
        subtitle = rng.choice(SUBTITLES)  # capitalised, as sentence case wants (CSL changes no case for APA)
        text += f": {subtitle[0].upper()}{subtitle[1:]}"
    return text


def date(rng: random.Random, precision: int) -> dict:
    parts = [rng.randint(1985, 2025), rng.randint(1, 12), rng.randint(1, 28)][:precision]
    return {"date-parts": [parts]}


def pages(rng: random.Random) -> str:
    first = rng.randint(1, 2400)
    return f"{first}-{first + rng.randint(2, 30)}"


def doi(rng: random.Random) -> str:
    return f"10.{rng.randint(1000, 9999)}/{rng.choice(('j', 'bmj', 'nejm', 's'))}.{rng.randint(100000, 999999)}"


def url(rng: random.Random, host: str) -> str:
    page = rng.choice(TOPICS).replace(" ", "-")
    return f"https://www.{host.lower().replace(' ', '-')}.org/{page}-{rng.randint(1, 999)}"


def item(rng: random.Random, number: int, kind: str) -> dict:
    """One CSL-JSON item of *kind* (one of :data:`TYPES`)."""
    base = {"id": f"item{number}", "title": title(rng), "author": authors(rng)}
    if kind.startswith("journal"):
        base.update({"type": "article-journal", "container-title": rng.choice(JOURNALS), "issued": date(rng, 1),
                     "DOI": doi(rng)})
        if kind == "journal":
            base.update({"volume": str(rng.randint(1, 400)), "issue": str(rng.randint(1, 12)), "page": pages(rng)})
        elif kind == "journal-article-number":
            base.update({"volume": str(rng.randint(1, 400)), "page": f"e{rng.randint(1000, 99999)}"})
        return base
    if kind in ("book", "edited-book"):
        base.update({"type": "book", "publisher": rng.choice(PUBLISHERS), "publisher-place": rng.choice(PLACES),
                     "issued": date(rng, 1)})
        if rng.random() < 0.3:
            base["edition"] = str(rng.randint(2, 6))
        if kind == "edited-book":
            base["editor"] = base.pop("author")[:rng.randint(1, 3)]
        return base
    if kind == "chapter":
        base.update({"type": "chapter", "container-title": title(rng), "publisher": rng.choice(PUBLISHERS),
                     "publisher-place": rng.choice(PLACES), "issued": date(rng, 1), "page": pages(rng),
                     "editor": [person(rng) for _ in range(rng.randint(1, 3))]})
        return base
    if kind.startswith("report"):
        organisation = rng.choice(ORGANISATIONS)
        base.update({"type": "report", "author": [{"literal": organisation}], "issued": date(rng, 2),
                     "publisher": organisation if rng.random() < 0.5 else rng.choice(PUBLISHERS),
                     "URL": url(rng, organisation.split()[0]), "accessed": date(rng, 3)})
        if kind == "report-numbered":
            base.update({"genre": rng.choice(REPORT_GENRES), "number": f"{rng.choice(('TA', 'NG', 'IPG'))}"
                                                                         f"{rng.randint(1, 400)}"})
        return base
    if kind.startswith("web"):
        site = rng.choice(SITES)
        base.update({"type": "webpage", "container-title": site, "URL": url(rng, site),
                     "accessed": date(rng, 3)})
        if kind == "web-dated":
            base["issued"] = date(rng, 3)
        return base
    # Online newspaper and magazine articles and downloaded software carry the access date a reader records
    # and Cite Them Right prints after their URL, as web pages and reports do.
    if kind in ("newspaper", "magazine"):
        base.update({"type": f"article-{kind}", "issued": date(rng, 3),
                     "container-title": rng.choice(NEWSPAPERS if kind == "newspaper" else MAGAZINES),
                     "URL": url(rng, "news"), "accessed": date(rng, 3)})
        return base
    if kind == "thesis":
        base.update({"type": "thesis", "author": base["author"][:1], "genre": rng.choice(("PhD thesis", "MD thesis")),
                     "publisher": rng.choice(UNIVERSITIES), "issued": date(rng, 1)})
        return base
    if kind == "conference":
        base.update({"type": "paper-conference", "container-title": f"Proceedings of the {rng.choice(PROPER)} "
                                                                    "Spine Society annual meeting",
                     "event-title": "Annual meeting", "publisher": rng.choice(PUBLISHERS), "issued": date(rng, 1),
                     "page": pages(rng)})
        return base
    if kind == "preprint":
        base.update({"type": "article", "publisher": rng.choice(PREPRINT_SERVERS), "issued": date(rng, 3),
                     "DOI": doi(rng), "genre": "Preprint"})
        return base
    if kind == "dataset":
        base.update({"type": "dataset", "publisher": rng.choice(REPOSITORIES), "issued": date(rng, 1), "DOI": doi(rng)})
        return base
    base.update({"type": "software", "publisher": rng.choice(REPOSITORIES), "issued": date(rng, 1),
                 "version": f"{rng.randint(0, 4)}.{rng.randint(0, 20)}", "URL": url(rng, "software"),
                 "accessed": date(rng, 3)})
    return base


def items(count: int, seed: int = 12, kinds: tuple[str, ...] = TYPES) -> list[dict]:
    """*count* items, the kinds in turn, their details drawn from a generator seeded with *seed*."""
    rng = random.Random(seed)
    return [item(rng, number, kinds[number % len(kinds)]) for number in range(count)]


def kind_of(item_id: str, kinds: tuple[str, ...] = TYPES) -> str:
    """The kind of the item :func:`items` made with *item_id*."""
    return kinds[int(item_id.removeprefix("item")) % len(kinds)]
