"""parkbank.sanitize: text is kept as typed; its HTML is made here, safe, and only here."""

import time

import pytest

from parkbank.posts.pii import Finding
from parkbank.sanitize import normalize_text, render_html, render_marked

TYPED = "Skriv <namn> på listan &#60;b&#62; 5 < 7"


def test_text_is_kept_as_typed_angle_brackets_and_entities_included():
    assert normalize_text(TYPED) == TYPED
    assert normalize_text("&#60;img src=x onerror=alert(1)&#62;") == "&#60;img src=x onerror=alert(1)&#62;"


def test_control_and_bidi_characters_are_dropped():
    assert normalize_text("hej\x00\x07\u202e\u2066då\ufeff") == "hejdå"


def test_line_breaks_and_blank_lines_are_normalised():
    assert normalize_text("rad 1  \r\n\r\n\r\n\r\nrad 2\r") == "rad 1\n\nrad 2"


def test_single_line_folds_white_space():
    assert normalize_text("  Anna \n  Svensson ", multiline=False) == "Anna Svensson"


def test_unicode_is_normalised_to_nfc():
    assert normalize_text("a\u030a") == "\u00e5"


def test_html_shows_the_typed_text_exactly_and_makes_no_tag():
    html = render_html(TYPED)
    assert html == "Skriv &lt;namn&gt; på listan &amp;#60;b&amp;#62; 5 &lt; 7"


def test_html_of_an_entity_encoded_tag_is_text():
    html = render_html('&#60;img src=x onerror="alert(1)"&#62; <script>x</script>')
    assert "<img" not in html and "<script" not in html
    assert "&amp;#60;img" in html and "&lt;script&gt;" in html


def test_links_get_nofollow_ugc_noopener():
    html = render_html("Se https://kommun.se/plan?a=1&b=2")
    assert '<a href="https://kommun.se/plan?a=1&amp;b=2" rel="nofollow ugc noopener">' in html


def test_javascript_urls_are_not_linked():
    html = render_html("javascript:alert(1)")
    assert "<a" not in html


def test_line_breaks_become_br():
    assert render_html("ett\ntvå") == "ett<br>\ntvå"


def test_hostile_text_costs_about_as_much_as_ordinary_text():
    """Work is linear: a body of '<a <a <a …' is no dearer than prose of the same length
    (it took seconds per 10 KB when bleach cleaned it in rounds)."""
    def cost(text):
        start = time.perf_counter()
        render_html(normalize_text(text))
        return time.perf_counter() - start

    ordinary = cost("Fler läsplatser och längre öppettider. " * 50)
    hostile = cost("<a " * 660)
    assert hostile < max(20 * ordinary, 0.05)


@pytest.mark.parametrize("text", [
    "Se kommun.se/plan och www.karlshamn.se", "http://x.se", "Mejla info@kommun.se",
    "Slut. Ny mening", "3.5 miljoner", "<a href='javascript:alert(1)'>x.se</a>",
])
def test_the_fast_path_renders_exactly_what_the_linkifier_would(text):
    import html as html_module

    from parkbank.sanitize import _linker

    full = _linker().linkify(html_module.escape(text, quote=False)).replace("\n", "<br>\n")
    assert render_html(text) == full


def test_render_marked_escapes_marks_and_breaks_lines_by_code_points():
    text = "😀 <b>x</b> 070-123 45 67\nslut & a@b.se"
    spans = [Finding("phone", 11, 24), Finding("email", 32, 38)]
    assert text[11:24] == "070-123 45 67" and text[32:38] == "a@b.se"
    assert render_marked(text, spans) == (
        '😀 &lt;b&gt;x&lt;/b&gt; <mark data-kind="phone">070-123 45 67</mark><br>\n'
        'slut &amp; <mark data-kind="email">a@b.se</mark>')
    assert render_marked("", spans) == ""
    assert render_marked("a<b", []) == "a&lt;b"
