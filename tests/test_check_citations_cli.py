"""The citation checker's command line, its in-text ↔ reference-list check, corrections and robustness."""

from __future__ import annotations

import json
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.check_citations.__main__ import main
from scripts.check_citations.parse import parse
from scripts.check_citations.rules import Profile, rules_for
from tests.helpers import REPO

VALID_APA = ("Buchbinder, R., Osborne, R. H., Ebeling, P. R., Wark, J. D., Mitchell, P., Wriedt, C., Graves, S., "
             "Staples, M. P., & Murphy, B. (2009). A randomized trial of vertebroplasty for painful osteoporotic "
             "vertebral fractures. *New England Journal of Medicine*, *361*(6), 557–568. "
             "https://doi.org/10.1056/NEJMoa0900429")
INVALID_APA = ("Thomas, Liji. (2021, February 04). What is Vertebroplasty?. News-Medical. Retrieved on October 04, "
               "2023 from https://www.news-medical.net/health/What-is-Vertebroplasty.aspx.")
# A group author repeated as publisher: APA leaves the publisher out, but only the writer knows it is
# the same body (a warning, RULES.md §1).
WARNING_ONLY_APA = ("American Academy of Orthopaedic Surgeons. (2010). *The treatment of symptomatic osteoporotic "
                    "spinal compression fractures*. American Academy of Orthopaedic Surgeons.")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_clean_file_exits_0_and_says_so(tmp_path, capsys):
    assert main(["--style", "apa", write(tmp_path, "refs.md", f"- {VALID_APA}\n")]) == 0
    assert capsys.readouterr().out.strip() == "No problems found."


def test_warnings_alone_exit_0(tmp_path, capsys):
    assert main(["--style", "apa", write(tmp_path, "refs.txt", WARNING_ONLY_APA + "\n")]) == 0
    assert "warning: the group author 'American Academy of Orthopaedic Surgeons' is repeated" in capsys.readouterr().err


def test_errors_exit_1_with_path_line_message_and_rule(tmp_path, capsys):
    path = write(tmp_path, "refs.md", f"# Sources\n\n1. {VALID_APA}\n2. {INVALID_APA}\n")
    assert main(["--style", "apa", path]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"{path}:4: given name spelled out in 'Thomas, Liji'; APA 7 uses initials: 'Thomas, L.' " \
           "(apa-author-initials)" in err
    assert all(line.startswith(f"{path}:4: ") for line in err)


def test_json_has_one_record_per_entry_with_findings_and_a_csl_correction(tmp_path, capsys):
    path = write(tmp_path, "refs.md", f"* {VALID_APA}\n* {INVALID_APA}\n")
    assert main(["--style", "apa", "--format", "json", path]) == 1
    records = json.loads(capsys.readouterr().out)
    assert [record["line"] for record in records] == [1, 2]
    for record in records:
        assert set(record) == {"path", "line", "text", "style", "edition", "type", "valid", "findings", "corrected"}
        assert (record["style"], record["edition"], record["path"]) == ("apa", 7, path)
    clean, broken = records
    assert clean["valid"] and clean["findings"] == [] and clean["type"] == "journal"
    assert not broken["valid"] and broken["type"] == "web"
    finding = next(f for f in broken["findings"] if f["rule"] == "double-punctuation")
    assert set(finding) == {"rule", "severity", "message", "start", "end"}
    assert broken["text"][finding["start"]:finding["end"]] == "?."
    assert broken["corrected"] == ("Thomas, L. (2021, February 4). *What is vertebroplasty?* News-Medical. "
                                   "https://www.news-medical.net/health/What-is-Vertebroplasty.aspx")


def test_corrections_are_rendered_in_one_batch_per_run(tmp_path, capsys, monkeypatch):
    from scripts import csl
    calls = []
    real_render = csl.render
    monkeypatch.setattr(csl, "render", lambda items, style, **kw: calls.append(len(items)) or real_render(items, style))
    entries = [INVALID_APA, INVALID_APA.replace("2021", "2020"), VALID_APA.replace("& Murphy", "and Murphy")]
    main(["--style", "apa", "--format", "json", write(tmp_path, "refs.txt", "\n".join(entries) + "\n")])
    records = json.loads(capsys.readouterr().out)
    assert calls == [3] and all(record["corrected"] for record in records)


def test_corrections_keep_html_italics_when_the_input_uses_them(tmp_path, capsys):
    entry = INVALID_APA.replace("What is Vertebroplasty?.", "<i>What is Vertebroplasty?</i>.")
    main(["--style", "apa", "--format", "json", write(tmp_path, "refs.html.txt", entry + "\n")])
    assert "<i>What is vertebroplasty?</i>" in json.loads(capsys.readouterr().out)[0]["corrected"]


def test_a_correction_reads_a_first_author_as_the_check_does_and_keeps_et_al(tmp_path, capsys):
    """Chicago 18 gives three names before et al.: read as two names, the first pair is the first author in
    direct order and the next author, and the correction inverts the first and keeps "et al."."""
    entry = ("James Berenson, Robert Pflugmacher, Peter Jarzem, et al. 2011. \"Balloon Kyphoplasty versus "
             "Non-surgical Fracture Management.\" *The Lancet Oncology* 12 (3): 225–35.")
    main(["--style", "chicago", "--chicago-system", "author-date", "--format", "json",
          write(tmp_path, "refs.txt", entry + "\n")])
    record = json.loads(capsys.readouterr().out)[0]
    assert [finding["rule"] for finding in record["findings"]] == ["chicago-author-names"]
    assert record["corrected"].startswith("Berenson, James, Robert Pflugmacher, Peter Jarzem, et al. 2011.")


def test_standard_input(tmp_path):
    result = subprocess.run([sys.executable, "-m", "scripts.check_citations", "--style", "mla", "--format", "json",
                             "--no-corrections", "-"], input=INVALID_APA.encode(), capture_output=True, cwd=REPO)
    assert result.returncode == 1
    assert json.loads(result.stdout)[0]["path"] == "-"


def test_binary_and_non_utf8_files_exit_2_with_a_clear_message(tmp_path, capsys):
    binary = tmp_path / "refs.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert main(["--style", "apa", str(binary)]) == 2
    assert f"{binary}: is a binary file, not text" in capsys.readouterr().err
    latin1 = tmp_path / "refs.txt"
    latin1.write_bytes("Thomas, L. (2021). *Caf\u00e9*.\n".encode("latin-1"))
    assert main(["--style", "apa", str(latin1)]) == 2
    assert "line 1: is not valid UTF-8" in capsys.readouterr().err


def test_usage_errors_exit_2(tmp_path):
    path = write(tmp_path, "refs.txt", VALID_APA)
    for argv in (["--style", "apa", "--edition", "6", path], ["--style", "vancouver", path], [path],
                 ["--style", "apa"], ["--style", "apa", "--disable", "no-such-rule", path]):
        result = subprocess.run([sys.executable, "-m", "scripts.check_citations", *argv], capture_output=True,
                                text=True, cwd=REPO)
        assert result.returncode == 2, argv
        assert "Traceback" not in result.stderr and "error:" in result.stderr


def test_list_rules_names_each_rule_once_with_its_styles(capsys):
    assert main(["--list-rules", "--style", "chicago"]) == 0
    lines = capsys.readouterr().out.splitlines()
    ids = [line.split()[0] for line in lines]
    assert len(ids) == len(set(ids))
    assert {"chicago-et-al", "double-punctuation", "citation-without-entry"} <= set(ids)
    assert not any(rule_id.startswith(("apa-", "mla-", "harvard-")) for rule_id in ids)


def test_disable_switches_a_rule_off(tmp_path, capsys):
    path = write(tmp_path, "refs.txt", INVALID_APA)
    main(["--style", "apa", "--disable", "double-punctuation", path])
    assert "(double-punctuation)" not in capsys.readouterr().err


def test_chicago_editions_differ(tmp_path, capsys):
    nine_authors = ("Buchbinder, Rachelle, Richard H. Osborne, Peter R. Ebeling, John D. Wark, Peter Mitchell, Chris "
                    "Wriedt, Stephen Graves, Margaret P. Staples, and Bridie Murphy. \"A Randomized Trial of "
                    "Vertebroplasty for Painful Osteoporotic Vertebral Fractures.\" *New England Journal of "
                    "Medicine* 361, no. 6 (2009): 557–68. https://doi.org/10.1056/NEJMoa0900429.")
    path = write(tmp_path, "refs.txt", nine_authors)
    assert main(["--style", "chicago", "--edition", "17", path]) == 0
    assert main(["--style", "chicago", path]) == 1
    assert "CMOS 18 lists up to 6" in capsys.readouterr().err


# -- In-text citations against the reference list -----------------------------------------------------

DOCUMENT = """# Evidence

Two sham-controlled trials found no benefit (Buchbinder et al., 2009; Kallmes et al., 2009).
Clark et al. (2016) reported the opposite; see also NICE (2013) and (Wardlaw, 2010).

## References

- Buchbinder, R., & Murphy, B. (2009). A randomized trial of vertebroplasty. *NEJM*, *361*(6), 557–568.
- Kallmes, D. F., & Jarvik, J. G. (2009). A randomized trial of vertebroplasty. *NEJM*, *361*(6), 569–579.
- Clark, W., & Gebski, V. (2016). Safety and efficacy of vertebroplasty. *The Lancet*, *388*(10052), 1408–1416.
- National Institute for Health and Care Excellence. (2013). *Percutaneous vertebroplasty* (TA279).
- Lindsay, R., & Seeman, E. (2001). Risk of new vertebral fracture. *JAMA*, *285*(3), 320–323.
"""


def test_document_citations_and_entries_must_match(tmp_path, capsys):
    path = write(tmp_path, "chapter.md", DOCUMENT)
    assert main(["--style", "apa", path]) == 1
    err = capsys.readouterr().err.splitlines()
    problems = [line for line in err if line.endswith(("(citation-without-entry)", "(entry-not-cited)"))]
    assert problems == [
        f"{path}:4: 'Wardlaw, 2010' is cited but no reference-list entry has the first author 'Wardlaw' and the "
        "year 2010; add the entry or correct the citation (citation-without-entry)",
        f"{path}:12: the entry for Lindsay (2001) is never cited in the text; cite it or remove it from the "
        "reference list (entry-not-cited)",
    ]


# The forms the CSL styles print for group authors, three authors, undated works and two works of one
# first author and year (the list told apart by the second author, as APA does); group names with a
# full stop, a lower-case word or a brand's inner capital (the handbook's own, as apa.csl renders them).
CSL_FORMS_DOCUMENT = """\
As the societies agreed (American College of Radiology et al., 2017).
As National Institute for Health and Care Excellence (2013) advised.
Kaufmann, Trout and Kallmes (2006) measured cement; a wiki agrees (Radiopaedia contributors, n.d.).
Two trials (Klazen, Venmans, et al., 2010; Klazen, Lohle, et al., 2010).
Leaflets agree (Krames StayWell, 2017; Drugs.com, 2025).
As Medicines and Healthcare products Regulatory Agency (2012) warned.

## References

- American College of Radiology, American Society of Neuroradiology, American Society of Spine Radiology, Society of Interventional Radiology, & Society of NeuroInterventional Surgery. (2017). *ACR–ASNR–ASSR–SIR–SNIS practice parameter for the performance of vertebral augmentation* (Practice parameter).
- Drugs.com. (2025, May 4). *Procedures for compression fractures of the spine (discharge care)*. https://www.drugs.com/cg/procedures-for-compression-fractures-of-the-spine-discharge-care.html
- Kaufmann, T. J., Trout, A. T., & Kallmes, D. F. (2006). The effects of cement volume on clinical outcomes of percutaneous vertebroplasty. *American Journal of Neuroradiology*, *27*(9), 1933–1937.
- Klazen, C. A. H., Lohle, P. N. M., & de Vries, J. (2010). Vertebroplasty versus conservative treatment in acute osteoporotic vertebral compression fractures (Vertos II). *The Lancet*, *376*(9746), 1085–1092.
- Klazen, C. A. H., Venmans, A., & de Vries, J. (2010). Percutaneous vertebroplasty is not a risk factor for new osteoporotic compression fractures. *American Journal of Neuroradiology*, *31*(8), 1447–1450.
- Krames StayWell. (2017, September 4). *Discharge instructions for vertebroplasty*. https://www.yourcareeverywhere.com/article/krames/en/article/healthcare-choices/discharge-and-aftercare/discharge-instructions-for-vertebroplasty.html
- Medicines and Healthcare products Regulatory Agency. (2012). *Calcitonin (Miacalcic): Increased risk of cancer with long-term use – all intra-nasal formulations for osteoporosis to be withdrawn* (No. 1; Vol. 6, p. A1). Drug Safety Update. https://amfms.ro/calcitonin-miacalcic-increased-risk-of-cancer-with-long-term-use
- National Institute for Health and Care Excellence. (2013). *Percutaneous vertebroplasty* (TA279).
- Radiopaedia contributors. (n.d.). *Vertebroplasty (revision 17)*. Radiopaedia.org. https://radiopaedia.org/articles/vertebroplasty
"""


def test_group_names_three_authors_undated_works_and_second_authors_match_their_entries(tmp_path, capsys):
    path = write(tmp_path, "chapter.md", CSL_FORMS_DOCUMENT)
    main(["--style", "apa", path])
    err = capsys.readouterr().err
    assert "(citation-without-entry)" not in err and "(entry-not-cited)" not in err, err
    assert "(apa-author-initials)" not in err, err  # Krames StayWell is a group, not a person


def test_document_check_can_be_switched_off_and_ignores_author_page_styles(tmp_path, capsys):
    path = write(tmp_path, "chapter.md", DOCUMENT)
    main(["--style", "apa", "--consistency", "never", path])
    assert "citation-without-entry" not in capsys.readouterr().err
    main(["--style", "mla", path])
    assert "citation-without-entry" not in capsys.readouterr().err


# -- Robustness ---------------------------------------------------------------------------------------

ENTRY_ALPHABET = st.sampled_from(list("*_<>/iem()[]\"'.,:;?!&-–— 0123456789aAbBdDeEhHlLmMnNoOpPsStTvVwW") +
                                 ["et al.", "doi:", "https://", "www.", "(Eds.)", "In ", " and ", "vol. ", "no. ",
                                  "pp. ", "Accessed", "Retrieved", "viewed", "February", "<i>", "</i>", "<em>"])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.lists(ENTRY_ALPHABET, max_size=60).map("".join)))
def test_arbitrary_text_never_crashes_the_parser_or_a_rule(text):
    for profile in (Profile("apa", 7), Profile("mla", 9), Profile("chicago", 17), Profile("chicago", 18, "author-date"),
                    Profile("harvard", 12)):
        entry = parse(text, profile.style, profile.names_before_et_al)
        for check in rules_for(profile.style):
            for problem in check.function(entry, profile):
                start, end = entry.source_span(problem.start, problem.end)
                assert 0 <= start <= end <= len(text)


def test_the_handbooks_own_citation_from_the_csl_engine_passes_every_style(tmp_path, capsys):
    """The cite-this strings are rendered by scripts/csl.py from CITATION.cff; as a book (with or
    without its URL) they must pass in every style and system (warnings allowed)."""
    from scripts import csl
    from scripts.check_citations.correct import to_markup
    item = {"id": "handbook", "type": "book", "author": [{"literal": "The Vertebroplasty Handbook Team"}],
            "title": "The Vertebroplasty Handbook", "version": "1.0.0", "issued": {"date-parts": [[2026, 11, 24]]}}
    for extra in ({}, {"URL": "https://example.org/vertebroplasty-handbook/"}):
        for csl_style, argv in (("apa", ["--style", "apa"]), ("mla", ["--style", "mla"]),
                                ("chicago-notes", ["--style", "chicago"]),
                                ("chicago", ["--style", "chicago", "--chicago-system", "author-date"]),
                                ("harvard", ["--style", "harvard"])):
            entry = to_markup(csl.render([{**item, **extra}], csl_style)["handbook"].bibliography, "*")
            path = write(tmp_path, f"cite-this-{csl_style}.md", entry + "\n")
            assert main([*argv, path]) == 0, (entry, capsys.readouterr().err)


def test_spans_point_into_the_entry_as_written_with_its_markup(tmp_path, capsys):
    entry = ("Thomas, L. (2021) *What is vertebroplasty?*. Available at: "
             "https://www.news-medical.net/health/What-is-Vertebroplasty.aspx (Accessed: 04 October 2023).")
    main(["--style", "harvard", "--format", "json", "--no-corrections", write(tmp_path, "refs.md", f"- {entry}\n")])
    record = json.loads(capsys.readouterr().out)[0]
    spans = {f["rule"]: entry[f["start"]:f["end"]] for f in record["findings"]}
    assert spans == {"double-punctuation": "?*.", "day-zero-padded": "04"}


def test_no_correction_where_the_renderer_lacks_the_edition(tmp_path, capsys):
    entry = ('Pears, Richard, and Graham Shields. *Cite Them Right: The Essential Referencing Guide*. 12th ed. '
             'Bloomsbury Academic, 2022.')
    assert main(["--style", "chicago", "--edition", "17", "--format", "json", write(tmp_path, "r.txt", entry)]) == 1
    record = json.loads(capsys.readouterr().out)[0]
    assert [f["rule"] for f in record["findings"]] == ["chicago-place-of-publication"]
    assert record["corrected"] is None and record["system"] == "notes-bibliography"
