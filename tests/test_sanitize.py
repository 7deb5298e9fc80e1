from parkbank.sanitize import clean_text, render_text


def test_clean_text_strips_tags_but_keeps_words():
    assert clean_text("<b>Fler</b> <script>alert(1)</script>böcker") == "Fler alert(1)böcker"


def test_clean_text_keeps_plain_characters_that_look_like_html():
    assert clean_text("a < b & c > d") == "a < b & c > d"


def test_clean_text_strips_tags_typed_as_entities_too():
    assert clean_text("&lt;img src=x onerror=alert(1)&gt;hej") == "hej"
    assert "<" not in clean_text("&amp;lt;b&amp;gt;fet")  # entity text stays text, never a tag


def test_clean_text_removes_control_and_bidi_characters():
    assert clean_text("hej\x00\x07\u202edå") == "hejdå"


def test_clean_text_normalises_line_breaks_and_blank_lines():
    assert clean_text("rad 1  \r\n\r\n\r\n\r\nrad 2\r") == "rad 1\n\nrad 2"


def test_clean_text_single_line_folds_white_space():
    assert clean_text("  Anna \n  Svensson ", multiline=False) == "Anna Svensson"


def test_render_text_escapes_everything_the_user_typed():
    html = render_text('<img src=x onerror="alert(1)">')
    assert "<img" not in html
    assert "&lt;img" in html


def test_render_text_links_urls_with_nofollow_ugc_noopener():
    html = render_text("Se https://kommun.se/plan?a=1&b=2")
    assert '<a href="https://kommun.se/plan?a=1&amp;b=2" rel="nofollow ugc noopener">' in html


def test_render_text_does_not_link_javascript_urls():
    html = render_text("javascript:alert(1)")
    assert "<a" not in html


def test_render_text_turns_line_breaks_into_br():
    assert render_text("ett\ntvå") == "ett<br>\ntvå"
