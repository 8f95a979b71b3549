"""The CSL renderer (scripts/csl.py): three of the handbook's references in each style.

The expected strings were checked by hand against the manuals' rules as the citation checker's rule
reference gives them (scripts/check_citations/RULES.md: APA 7 §3, MLA 9 §4, Chicago author-date and
notes-bibliography §5, Cite Them Right §6); where the official CSL style prints an accepted variant of
the manual's form, the comment says so.
"""

from __future__ import annotations

import dataclasses
import json
import pathlib

import pytest

from scripts import csl

REFS = pathlib.Path(__file__).parent / "roots" / "test-citation_styles" / "refs.bib"
DOI = '<a href="https://doi.org/10.1056/NEJMoa0900429">https://doi.org/10.1056/NEJMoa0900429</a>'
WEB = ('<a href="https://www.news-medical.net/health/What-is-Vertebroplasty.aspx">'
       "https://www.news-medical.net/health/What-is-Vertebroplasty.aspx</a>")
NICE_URL = '<a href="https://www.nice.org.uk/guidance/ta279">https://www.nice.org.uk/guidance/ta279</a>'
# MLA 9 5.95 (RULES.md §4.6): the URL's text without https://, its target whole; a DOI keeps https://doi.org/.
MLA_WEB = ('<a href="https://www.news-medical.net/health/What-is-Vertebroplasty.aspx">'
           'www.news-medical.net/health/What-is-Vertebroplasty.aspx</a>')
MLA_NICE_URL = '<a href="https://www.nice.org.uk/guidance/ta279">www.nice.org.uk/guidance/ta279</a>'
NICE = "National Institute for Health and Care Excellence"
NICE_TITLE = "Percutaneous vertebroplasty and percutaneous balloon kyphoplasty for treating osteoporotic vertebral compression fractures"
NICE_TITLE_CASE = ("Percutaneous Vertebroplasty and Percutaneous Balloon Kyphoplasty for Treating Osteoporotic "
                   "Vertebral Compression Fractures")
TRIAL = "A randomized trial of vertebroplasty for painful osteoporotic vertebral fractures"
TRIAL_TITLE_CASE = "A Randomized Trial of Vertebroplasty for Painful Osteoporotic Vertebral Fractures"


@dataclasses.dataclass(frozen=True)
class Expected:
    citation: str
    narrative: str
    bibliography: str


EXPECTED: dict[str, dict[str, Expected]] = {
    # APA 7 (RULES.md §3): all authors up to 20 as "Surname, I. I.", ", &"; volume italic; no period
    # after a DOI or URL.
    "apa": {
        "buchbinder2009": Expected(
            "(Buchbinder et al., 2009)", "Buchbinder et al. (2009)",
            "Buchbinder, R., Osborne, R. H., Ebeling, P. R., Wark, J. D., Mitchell, P., Wriedt, C., Graves, S., "
            f"Staples, M. P., &amp; Murphy, B. (2009). {TRIAL}. <em>New England Journal of Medicine</em>, "
            f"<em>361</em>(6), 557–568. {DOI}"),
        # §3.3 and §3.5 web page, word for word: date with day, italic sentence-case title, roman site name.
        "thomas2021newsmedical": Expected(
            "(Thomas, 2021)", "Thomas (2021)",
            f"Thomas, L. (2021, February 4). <em>What is vertebroplasty?</em> News-Medical. {WEB}"),
        # §3.6 report: the manual's form, but CSL labels the number "No." and names the publisher
        # (the .bib's institution "NICE", which CSL cannot know is the author): accepted variants.
        "nice2013ta279": Expected(
            f"({NICE}, 2013)", f"{NICE} (2013)",
            f"{NICE}. (2013). <em>{NICE_TITLE}</em> (Technology Appraisal Guidance No. TA279). NICE. {NICE_URL}"),
    },
    # MLA 9 (§4): three or more authors "First, Given, et al."; title case in quotes, period inside;
    # "vol., no., pp." with the second page abbreviated; entry ends with a period; (Author) in the text.
    "mla": {
        "buchbinder2009": Expected(
            "(Buchbinder et al.)", "Buchbinder et al.",
            f"Buchbinder, Rachelle, et al. “{TRIAL_TITLE_CASE}.” <em>New England Journal of Medicine</em>, "
            f"vol. 361, no. 6, 2009, pp. 557–68, {DOI}."),
        # §4.2 web page, word for word but for the optional access date.
        "thomas2021newsmedical": Expected(
            "(Thomas)", "Thomas",
            f"Thomas, Liji. “What Is Vertebroplasty?” <em>News-Medical</em>, 4 Feb. 2021, {MLA_WEB}."),
        "nice2013ta279": Expected(
            f"({NICE})", NICE,
            f"{NICE}. <em>{NICE_TITLE_CASE}</em>. Technology appraisal guidance no. TA279, NICE, Apr. 2013, "
            f"{MLA_NICE_URL}."),
    },
    # Chicago author-date (18th ed., §5): year after the authors; more than six authors: first three and
    # et al.; headline-style titles; "361 (6): 557–68"; DOI and URL end with a period.
    "chicago": {
        "buchbinder2009": Expected(
            "(Buchbinder et al. 2009)", "Buchbinder et al. (2009)",
            f"Buchbinder, Rachelle, Richard H. Osborne, Peter R. Ebeling, et al. 2009. “{TRIAL_TITLE_CASE}.” "
            f"<em>New England Journal of Medicine</em> 361 (6): 557–68. {DOI}."),
        # §5.3: the CSL form "News-Medical, February 4." (year not repeated) is accepted.
        "thomas2021newsmedical": Expected(
            "(Thomas 2021)", "Thomas (2021)",
            f"Thomas, Liji. 2021. “What Is Vertebroplasty?” News-Medical, February 4. {WEB}."),
        "nice2013ta279": Expected(
            f"({NICE} 2013)", f"{NICE} (2013)",
            f"{NICE}. 2013. <em>{NICE_TITLE_CASE}</em>. Technology Appraisal Guidance No. TA279. NICE. {NICE_URL}."),
    },
    # Chicago notes-bibliography (18th ed.): the first note in full, given name first.
    "chicago-notes": {
        "buchbinder2009": Expected(
            f"Rachelle Buchbinder et al., “{TRIAL_TITLE_CASE},” <em>New England Journal of Medicine</em> 361, "
            f"no. 6 (2009): 557–68, {DOI}.",
            f"Rachelle Buchbinder et al., “{TRIAL_TITLE_CASE},” <em>New England Journal of Medicine</em> 361, "
            f"no. 6 (2009): 557–68, {DOI}.",
            # §5.1 NB-18, word for word.
            f"Buchbinder, Rachelle, Richard H. Osborne, Peter R. Ebeling, et al. “{TRIAL_TITLE_CASE}.” "
            f"<em>New England Journal of Medicine</em> 361, no. 6 (2009): 557–68. {DOI}."),
        # §5.4 web page NB, word for word.
        "thomas2021newsmedical": Expected(
            f"Liji Thomas, “What Is Vertebroplasty?” News-Medical, February 4, 2021, {WEB}.",
            f"Liji Thomas, “What Is Vertebroplasty?” News-Medical, February 4, 2021, {WEB}.",
            f"Thomas, Liji. “What Is Vertebroplasty?” News-Medical, February 4, 2021. {WEB}."),
        # §5.5 report in the 18th edition: place omitted.
        "nice2013ta279": Expected(
            f"{NICE}, <em>{NICE_TITLE_CASE}</em>, Technology appraisal guidance no. TA279 (NICE, 2013), {NICE_URL}.",
            f"{NICE}, <em>{NICE_TITLE_CASE}</em>, Technology appraisal guidance no. TA279 (NICE, 2013), {NICE_URL}.",
            f"{NICE}. <em>{NICE_TITLE_CASE}</em>. Technology Appraisal Guidance No. TA279. NICE, 2013. {NICE_URL}."),
    },
    # Cite Them Right 12th (§6): "Surname, I." and "et al." for 4+; (Year) without a full stop; article
    # title in single quotes; "361(6), pp. 557–568"; "Available at:" before the DOI or URL.
    "harvard": {
        "buchbinder2009": Expected(
            "(Buchbinder <em>et al.</em>, 2009)", "Buchbinder <em>et al.</em> (2009)",
            f"Buchbinder, R. <em>et al.</em> (2009) ‘{TRIAL}’, <em>New England Journal of Medicine</em>, "
            f"361(6), pp. 557–568. Available at: {DOI}."),
        # §6.5 web page; the site name after the title is the CSL variant the rules accept. The .bib
        # gives no access date, so none is printed (see test_harvard_prints_the_access_date_in_british_form).
        "thomas2021newsmedical": Expected(
            "(Thomas, 2021)", "Thomas (2021)",
            f"Thomas, L. (2021) <em>What is vertebroplasty?</em>, <em>News-Medical</em>. Available at: {WEB}."),
        # §6.3 report template: Organisation (Year) *Title*. Series/number. Place: Publisher. Available at: URL.
        "nice2013ta279": Expected(
            f"({NICE}, 2013)", f"{NICE} (2013)",
            f"{NICE} (2013) <em>{NICE_TITLE}</em>. Technology appraisal guidance TA279. London: NICE. "
            f"Available at: {NICE_URL}."),
    },
}


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return csl.bibtex_to_csl(REFS)


def test_styles_are_the_official_csl_files_of_the_package():
    assert set(csl.STYLES) == {"apa", "mla", "chicago", "chicago-notes", "harvard"}
    for style in csl.STYLES:
        assert csl.style_file(style).is_file()
        assert csl.style_file(style).parent == csl.STYLE_DIR


def test_bibtex_becomes_csl_json_with_the_site_as_container(items):
    by_key = {item["id"]: item for item in items}
    assert list(by_key) == ["buchbinder2009", "thomas2021newsmedical", "nice2013ta279"]
    assert by_key["buchbinder2009"]["type"] == "article-journal"
    assert by_key["buchbinder2009"]["DOI"] == "10.1056/NEJMoa0900429"
    assert by_key["thomas2021newsmedical"]["container-title"] == "News-Medical"
    assert "publisher" not in by_key["thomas2021newsmedical"]
    assert by_key["nice2013ta279"]["author"] == [{"literal": NICE}]


def test_bibtex_text_is_accepted_as_well_as_a_path():
    items = csl.bibtex_to_csl("@book{x, title = {A Title}, year = {2020}}")
    assert items[0]["id"] == "x" and items[0]["type"] == "book"


def test_bibtex_conversion_is_kept_by_content_and_redone_when_the_bib_changes(tmp_path, monkeypatch, items):
    # The build keeps the items beside its doctrees, so a rebuild does not start pandoc for an unchanged .bib.
    assert csl.bibtex_to_csl(REFS, cache_dir=tmp_path) == items
    assert [path.name.startswith("bibtex-") for path in tmp_path.iterdir()] == [True]

    def no_pandoc(*args, **kwargs):
        raise AssertionError("pandoc ran for a .bib whose items were kept")

    monkeypatch.setattr(csl, "run_pandoc", no_pandoc)
    assert csl.bibtex_to_csl(REFS, cache_dir=tmp_path) == items
    with pytest.raises(AssertionError, match="pandoc ran"):
        csl.bibtex_to_csl(REFS.read_text(encoding="utf-8").replace("2009", "2010"), cache_dir=tmp_path)


@pytest.mark.parametrize("style", EXPECTED)
def test_each_style_renders_the_hand_checked_strings(items, style):
    rendered = csl.render(items, style)
    assert set(rendered) == set(EXPECTED[style])
    for key, expected in EXPECTED[style].items():
        assert rendered[key].key == key
        assert rendered[key].citation == expected.citation, (style, key)
        assert rendered[key].narrative == expected.narrative, (style, key)
        assert rendered[key].bibliography == expected.bibliography, (style, key)


@pytest.mark.parametrize("style", EXPECTED)
def test_results_come_in_the_style_bibliography_order(items, style):
    # All four styles sort by author: Buchbinder, National Institute…, Thomas.
    assert list(csl.render(items, style)) == ["buchbinder2009", "nice2013ta279", "thomas2021newsmedical"]


def test_harvard_prints_the_access_date_in_british_form(items):
    accessed = [dict(item, accessed={"date-parts": [[2023, 10, 4]]}) if item["id"] == "thomas2021newsmedical"
                else item for item in items]
    entry = csl.render(accessed, "harvard")["thomas2021newsmedical"].bibliography
    assert entry.endswith(f"Available at: {WEB} (Accessed: 4 October 2023).")


def test_equal_names_and_years_are_disambiguated_within_a_batch():
    items = [{"id": key, "type": "book", "title": title, "author": [{"family": "Smith", "given": "Jane"}],
              "issued": {"date-parts": [[2020]]}} for key, title in (("a", "Alpha"), ("b", "Beta"))]
    rendered = csl.render(items, "apa")
    assert {rendered["a"].citation, rendered["b"].citation} == {"(Smith, 2020a)", "(Smith, 2020b)"}


def test_one_pandoc_process_per_batch_and_a_cache(items, monkeypatch, tmp_path):
    calls = []
    real_run = csl.run_pandoc
    monkeypatch.setattr(csl, "run_pandoc", lambda *args: calls.append(args) or real_run(*args))
    monkeypatch.setattr(csl, "_memory_cache", {})
    first = csl.render(items, "mla", cache_dir=tmp_path)
    assert len(calls) == 1
    assert csl.render(items, "mla") == first  # from memory
    monkeypatch.setattr(csl, "_memory_cache", {})
    assert csl.render(items, "mla", cache_dir=tmp_path) == first  # from the cache file
    assert len(calls) == 1
    assert len(list(tmp_path.glob("csl-mla-*.json"))) == 1
    changed = [dict(item, title="Another title") if item["id"] == "buchbinder2009" else item for item in items]
    csl.render(changed, "mla", cache_dir=tmp_path)
    assert len(calls) == 2


def test_an_unknown_style_is_a_clear_error(items):
    with pytest.raises(csl.CslError, match=r"unknown citation style 'vancouver'; use one of: apa, mla, chicago"):
        csl.render(items, "vancouver")


def test_a_pandoc_failure_is_a_csl_error(monkeypatch, tmp_path):
    broken = tmp_path / "broken.csl"
    broken.write_text("<style>not a CSL style", encoding="utf-8")
    monkeypatch.setattr(csl, "STYLE_DIR", tmp_path)
    monkeypatch.setitem(csl.STYLES, "apa", "broken.csl")
    monkeypatch.setattr(csl, "_memory_cache", {})
    with pytest.raises(csl.CslError, match="pandoc failed"):
        csl.render([{"id": "x", "type": "book", "title": "T"}], "apa")


def test_items_need_unique_ids():
    with pytest.raises(csl.CslError, match="needs an 'id'"):
        csl.render([{"type": "book"}], "apa")
    with pytest.raises(csl.CslError, match="duplicate item ids: x"):
        csl.render([{"id": "x"}, {"id": "x"}], "apa")


def test_rendered_is_a_frozen_record_that_round_trips_through_json(items):
    rendered = csl.render(items, "apa")["buchbinder2009"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rendered.citation = "changed"
    assert csl.Rendered(**json.loads(json.dumps(dataclasses.asdict(rendered)))) == rendered


# -- Where the official styles depart from the manuals (RULES.md §8) ---------------------------------


def journal_items(*works: tuple[str, str, list[str]]) -> list[dict]:
    """Journal articles of 2010, each ``(id, title, family names of its authors)``."""
    return [{"id": key, "type": "article-journal", "title": title, "container-title": "The Lancet",
             "author": [{"family": family, "given": "Ann"} for family in families],
             "issued": {"date-parts": [[2010]]}, "volume": "376", "page": "1085-1092"}
            for key, title, families in works]


SAME_FIRST_AUTHORS = journal_items(
    ("a", "A randomized trial of vertebroplasty", ["Klazen", "Lohle", "Vries", "Jansen"]),
    ("b", "Percutaneous vertebroplasty is not a risk factor", ["Klazen", "Venmans", "Rooij", "Blonk"]))


def test_mla_entries_keep_one_name_before_et_al_and_citations_take_a_short_title():
    rendered = csl.render(SAME_FIRST_AUTHORS, "mla")
    assert rendered["a"].bibliography.startswith("Klazen, Ann, et al. “A Randomized Trial of Vertebroplasty.”")
    assert rendered["b"].bibliography.startswith("Klazen, Ann, et al. “Percutaneous Vertebroplasty Is Not")
    assert rendered["a"].citation == "(Klazen et al., “Randomized Trial”)"
    assert rendered["b"].citation == "(Klazen et al., “Percutaneous Vertebroplasty”)"


def test_harvard_tells_equal_citations_apart_by_a_year_letter_not_by_names():
    rendered = csl.render(SAME_FIRST_AUTHORS, "harvard")
    assert {rendered["a"].citation, rendered["b"].citation} == {"(Klazen <em>et al.</em>, 2010a)",
                                                                "(Klazen <em>et al.</em>, 2010b)"}
    assert all(item.bibliography.startswith("Klazen, A. <em>et al.</em> (2010") for item in rendered.values())


def test_mla_title_case_keeps_prepositions_lower_case():
    items = journal_items(("a", "Vertebroplasty versus sham: Mortality after fractures between 2000 and 2010",
                           ["Firanescu"]))
    entry = csl.render(items, "mla")["a"].bibliography
    assert "“Vertebroplasty versus Sham: Mortality after Fractures between 2000 and 2010.”" in entry
    assert "nocase" not in entry


def test_apa_prints_no_retrieved_without_a_date():
    items = [{"id": "r", "type": "webpage", "title": "Vertebroplasty", "container-title": "Radiopaedia.org",
              "author": [{"literal": "Radiopaedia contributors"}], "URL": "https://radiopaedia.org/articles/x"}]
    entry = csl.render(items, "apa")["r"].bibliography
    assert "Retrieved" not in entry
    assert entry.endswith('Radiopaedia.org. <a href="https://radiopaedia.org/articles/x">'
                          'https://radiopaedia.org/articles/x</a>')


def test_many_items_render_in_batches_that_keep_alike_items_together(monkeypatch):
    batches = []
    real_render = csl.render
    monkeypatch.setattr(csl, "render", lambda items, style, **kwargs: batches.append(
        [item["id"] for item in items]) or real_render(items, style, **kwargs))
    items = [{"id": f"s{n}", "type": "book", "title": f"Book {n}", "author": [{"family": "Smith", "given": "Jane"}],
              "issued": {"date-parts": [[2020]]}} for n in range(3)]
    items += [{"id": f"o{n}", "type": "book", "title": "Other", "author": [{"family": f"Other{n}", "given": "A"}],
               "issued": {"date-parts": [[2020]]}} for n in range(4)]
    rendered = csl.render_in_batches(items, "apa", batch=4)
    assert set(rendered) == {item["id"] for item in items}
    assert all(len(batch) <= 4 for batch in batches) and len(batches) == 2
    # The three works of Smith, 2020 went in one batch, so the style still told them apart.
    assert {rendered[f"s{n}"].citation for n in range(3)} == {"(Smith, 2020a)", "(Smith, 2020b)", "(Smith, 2020c)"}
    with pytest.raises(csl.CslError, match="duplicate item ids: s0"):
        csl.render_in_batches([items[0], items[0]], "apa")


def test_without_disambiguation_each_item_reads_as_if_cited_alone():
    items = [{"id": key, "type": "book", "title": title, "author": [{"family": "Smith", "given": "Jane"}],
              "issued": {"date-parts": [[2020]]}} for key, title in (("a", "Alpha"), ("b", "Beta"))]
    rendered = csl.render(items, "apa", disambiguate=False)
    assert rendered["a"].citation == rendered["b"].citation == "(Smith, 2020)"
    assert rendered["a"].bibliography.startswith("Smith, J. (2020). <em>Alpha</em>")
