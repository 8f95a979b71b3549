"""scripts/print_pdf.py in-process: unique ids in singlehtml's output, and clear errors on bad input.

The whole route (Sphinx, WeasyPrint, pikepdf) is tested on the real handbook in test_handbook_pdf.py.
"""

from __future__ import annotations

import lxml.html
import pytest

from scripts import print_pdf

# Two chapters as Sphinx's singlehtml builder writes them: each has its own "id1", and links say
# which chapter they mean ("#document-b#id1") or mean their own ("#id1").
TWO_CHAPTERS = """
<div class="toctree-wrapper">
  <span id="document-a"></span>
  <section id="a"><h2>A</h2>
    <p id="id1">A's first paragraph</p>
    <p><a id="local" href="#id1">own</a> <a id="other" href="#document-b#id1">other</a>
       <a id="whole" href="#document-b">chapter b</a></p>
  </section>
  <span id="document-b"></span>
  <section id="b"><h2>B</h2>
    <p id="id1">B's first paragraph</p>
    <p><a id="back" href="#document-a#id1">back</a></p>
  </section>
</div>
"""


def test_repeated_ids_get_their_chapter_and_links_follow():
    root = lxml.html.fragment_fromstring(TWO_CHAPTERS)
    print_pdf.make_ids_unique(root)
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    links = {link.get("id"): link.get("href") for link in root.iter("a")}
    assert links == {"local": "#a--id1", "other": "#b--id1", "whole": "#b", "back": "#a--id1"}
    assert root.get_element_by_id("a--id1").text == "A's first paragraph"
    assert root.get_element_by_id("b--id1").text == "B's first paragraph"


def test_a_link_without_target_is_an_error_naming_it():
    root = lxml.html.fragment_fromstring(TWO_CHAPTERS.replace("#document-b#id1", "#document-b#nowhere"))
    with pytest.raises(print_pdf.PrintError, match="'#document-b#nowhere' in chapter 'a'"):
        print_pdf.make_ids_unique(root)


def test_a_page_not_written_by_singlehtml_is_refused(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("<html><body><p>Not a Sphinx page</p></body></html>", encoding="utf-8")
    with pytest.raises(print_pdf.PrintError, match=str(page)):
        print_pdf.print_document(page, 0)


def test_a_weasyprint_warning_fails_the_layout(tmp_path):
    """An image without alt text: WeasyPrint logs an error and would still write the PDF."""
    (tmp_path / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
                                          encoding="utf-8")
    document = print_pdf.PrintDocument('<html lang="en-GB"><head><title>T</title></head>'
                                       '<body><p><img src="drawing.svg"></p></body></html>', {})
    with pytest.raises(print_pdf.PrintError, match="no required alt description"):
        print_pdf.render(document, tmp_path, "standard", "a4")
