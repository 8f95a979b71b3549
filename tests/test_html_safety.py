"""The decision on chapter HTML (scripts/html_safety.py), on known payloads and on generated variants.

The variants follow the OWASP XSS filter-evasion catalogue: mixed case, white space and control
characters inside tags and inside ``javascript:``, entities (decimal and hex, padded, with and
without ``;``), broken quoting, nested and split tags, NUL bytes, SVG and MathML carriers. Every
one must be refused; the allowed inline tags must still pass; and whatever the gate lets through,
a second HTML parser (lxml's) must find nothing but allowed tags and attributes in it.
"""

from __future__ import annotations

import html

from bs4 import BeautifulSoup
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scripts.html_safety import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, html_problems, url_problem

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Known payloads, each with {url} where a URL goes and {handler} where an event-handler name goes.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<script src={url}></script>",
    "<img src=x {handler}=alert(1)>",
    "<svg {handler}=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href={url}><text x=0 y=20>x</text></a></svg>",
    "<math><maction actiontype=statusline xlink:href={url}>x</maction></math>",
    "<math><mi href={url}>x</mi></math>",
    "<body {handler}=alert(1)>",
    "<iframe src={url}></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<object data={url}></object>",
    "<embed src={url}>",
    "<form action={url}><button>x</button></form>",
    "<button formaction={url}>x</button>",
    "<base href={url}>",
    "<meta http-equiv=refresh content='0;url={url}'>",
    "<link rel=stylesheet href={url}>",
    "<style>@import '{url}';</style>",
    "<div style=\"background:url({url})\">x</div>",
    "<a href={url}>x</a>",
    "<input {handler}=alert(1) autofocus>",
    "<details open {handler}=alert(1)>",
    "<span {handler}=alert(1)>x</span>",
    "<b title=\"x > y\" {handler}=\"alert(1)\">x</b>",
    "<abbr title='a>b' {handler}='alert(1)'>x</abbr>",
    "<span style=\"position:fixed;top:0\">x</span>",
    "<span title={url}>x</span>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>alert(1)//<</script>",
    "<!--><img src=x {handler}=alert(1)>-->",
    "<!-- --!><img src=x {handler}=alert(1)> -->",
    "<noscript><p title=\"</noscript><img src=x {handler}=alert(1)>\"></noscript>",
    "<template><img src=x {handler}=alert(1)></template>",
    "<b {handler}=alert(1)",
    "<kbd>Ctrl</kbd><img src=x {handler}=alert(1)//",
]
HANDLERS = ["onclick", "onload", "onerror", "onmouseover", "onfocus", "ontoggle", "onanimationstart", "onbegin"]
SCHEMES = ["javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="]


@st.composite
def mixed_case(draw, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(character.upper() if flip else character.lower() for character, flip in zip(text, flips))


@st.composite
def entity_encoded(draw, text: str, after: str = "") -> str:
    """*text* (followed by *after*) with some characters written as character references, as browsers decode them."""
    out = []
    for index, character in enumerate(text):
        form = draw(st.sampled_from(["raw", "raw", "decimal", "padded", "hex", "HEX"]))
        if form == "raw":
            out.append(character)
            continue
        number = ord(character)
        reference = {"decimal": f"&#{number}", "padded": f"&#{number:07d}", "hex": f"&#x{number:x}",
                     "HEX": f"&#X{number:X}"}[form]
        following = (text + after)[index + 1:index + 2]
        # Without ";" a reference ends at the first character that cannot continue it.
        needs_semicolon = bool(following) and (following.isdigit() or (form in ("hex", "HEX") and following in
                                                                        "abcdefABCDEF"))
        out.append(reference + (";" if needs_semicolon or draw(st.booleans()) else ""))
    return "".join(out)


@st.composite
def obfuscated_url(draw) -> str:
    """A javascript:, vbscript: or data: URL spelt as a browser still obeys it."""
    url = draw(st.sampled_from(SCHEMES))
    scheme, _, rest = url.partition(":")
    scheme = draw(mixed_case(scheme))
    # Browsers drop ASCII tab and newline anywhere in a URL, and control characters and spaces before it.
    letters = [character + draw(st.sampled_from(["", "", "\t", "\n", "\r", "\t\n"])) for character in scheme]
    leading = draw(st.sampled_from(["", " ", "\x01", "\x0b ", "\t\n "]))
    return draw(entity_encoded(leading + "".join(letters) + ":", after=rest)) + rest


@st.composite
def quoted(draw, value: str) -> str:
    quote = draw(st.sampled_from(['"', "'", ""]))
    if quote == "" and any(character.isspace() or character in "'\"<>=`" for character in value):
        quote = '"'
    return f"{quote}{value}{quote}"


@st.composite
def payload_variant(draw) -> str:
    template = draw(st.sampled_from(PAYLOADS))
    url = draw(quoted(draw(obfuscated_url()))) if "{url}" in template else ""
    handler = draw(mixed_case(draw(st.sampled_from(HANDLERS))))
    text = template.replace("{url}", url).replace("{handler}", handler)
    # Tag and attribute names in any case; white space or "/" where a browser allows it between attributes.
    text = draw(mixed_case(text)) if draw(st.booleans()) and "{url}" not in template else text
    separator = draw(st.sampled_from([" ", "\t", "\n", "/", " \n\t"]))
    text = text.replace(" ", separator, 1) if draw(st.booleans()) else text
    if draw(st.booleans()):  # a NUL somewhere
        position = draw(st.integers(0, len(text)))
        text = text[:position] + "\x00" + text[position:]
    return text


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    '<a title="x > y" onclick="alert(1)">link</a>',
    '<a href="&#106;avascript:alert(1)">link</a>',
    '<a href="&#x6A;ava&#x09;script&colon;alert(1)">link</a>',
    '<iframe src="https://example.org/"></iframe>',
    '<svg onload="alert(1)"></svg>',
    '<IMG SRC="jav\tascript:alert(1)">',
    "<b\x00 onclick=alert(1)>x</b>",
    "<!--><img src=x onerror=alert(1)>-->",
    '<div title="',
])
def test_known_payloads_are_refused(payload):
    assert html_problems(payload)


@FUZZ
@given(payload_variant())
def test_every_variant_of_a_known_payload_is_refused(payload):
    assert html_problems(payload), payload


@FUZZ
@given(obfuscated_url())
@example("&#106avascript:alert(1)")
@example("\x01JaVa\tScRiPt:alert(1)")
def test_every_spelling_of_a_script_url_is_refused_in_any_attribute_and_as_a_link(url):
    assert html_problems(f'<span title="{url}">x</span>'), url
    assert url_problem(html.unescape(url)), url  # a link target arrives decoded, as MyST reads it


SAFE_TEXT = st.text(st.characters(whitelist_categories=("L", "N", "Zs"), whitelist_characters=".,;:!?()-'"),
                    max_size=30)


@FUZZ
@given(tag=st.sampled_from(sorted(ALLOWED_TAGS)), attribute=st.sampled_from(sorted(ALLOWED_ATTRIBUTES)),
       value=SAFE_TEXT, text=SAFE_TEXT, case=st.booleans())
def test_the_allowed_inline_tags_pass_with_any_plain_text(tag, attribute, value, text, case):
    name = tag.upper() if case else tag
    assert not html_problems(f'<{name} {attribute}="{value}">{text}</{name}>')
    assert not html_problems(f"a<{name}>{text}</{name}>b")


# Pieces of tag soup: whatever the gate lets through, a second parser must find harmless.
SOUP = st.lists(st.sampled_from([
    "<", ">", "</", "/>", "<!--", "-->", "--!>", "<!", "<?", "=", '"', "'", " ", "\n", "\t", "\x00", "&#", "&#x",
    "6a", "106", ";", "script", "img", "svg", "span", "b", "abbr", "a", "style", "title", "onclick", "onerror",
    "href", "src", "javascript:", "alert(1)", "x", "lang",
    # whole allowed pieces, so that some soups pass and the second parser has something to judge
    "<b>", "</b>", "<span ", "<abbr ", "title=", 'title="a>b" ', "lang=en ", "<br/>", "<kbd>", "</kbd>", "<!-- c -->",
    "text ",
]), max_size=25).map("".join)


@FUZZ
@given(SOUP)
def test_whatever_passes_holds_only_allowed_tags_and_attributes_for_another_parser(soup):
    if html_problems(soup):
        return
    # lxml wraps a fragment in html, body and, for leading text, p (which the soup's pieces never spell).
    for element in BeautifulSoup(soup, "lxml").find_all(True):
        assert element.name in ALLOWED_TAGS | {"html", "body", "p"}, soup
        assert set(element.attrs) <= ALLOWED_ATTRIBUTES, soup
