"""The board filters by theme at an address that can be shared, and shows each theme's number of
published ideas; a retired theme is not offered as a filter."""

from __future__ import annotations

import re


def _ideas(html):
    found = re.findall(r'<article class="post ds-card[^"]*"[^>]*data-post-id="(\d+)"', html)
    return [i for i in found if i != "0"]  # not the empty template's


def test_the_board_shows_only_the_ideas_of_the_chosen_theme(client, consultation, make_post,
                                                            make_theme, tag):
    trafik = make_theme(consultation, "Trafik")
    cykel = make_post(consultation, "Fler cykelställ", state="approved")
    make_post(consultation, "Ett läsrum", state="approved")
    tag(cykel, trafik)
    html = client.get(f"/samrad/{consultation.slug}?tema=trafik").get_data(as_text=True)
    assert _ideas(html) == [str(cykel)]
    assert 'data-theme="trafik"' in html and 'aria-current="page"' in html
    assert "(1)" in re.search(r'<h2 id="posts-heading".*?</h2>', html, re.S).group(0)
    # The window's title names the theme too (a shared address says what it shows).
    assert re.search(r"<title>Trafik – [^<]*Nytt bibliotek", html)


def test_each_theme_shows_its_number_of_published_ideas(client, consultation, make_post, make_theme, tag):
    trafik, park = make_theme(consultation, "Trafik"), make_theme(consultation, "Park")
    for body in ("Cykelställ", "Övergångsställe"):
        tag(make_post(consultation, body, state="approved"), trafik)
    hidden = make_post(consultation, "Väntar")
    tag(hidden, park)  # a waiting idea is not counted
    html = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    counts = dict(re.findall(r'data-theme="([a-z-]+)"><span[^>]*>[^<]+</span> <span class="count" data-count>'
                             r'\((\d+)\)', html))
    assert counts == {"trafik": "2", "park": "0"}


def test_an_unknown_theme_address_is_not_found(client, consultation):
    assert client.get(f"/samrad/{consultation.slug}?tema=finns-inte").status_code == 404


def test_a_theme_address_that_no_slug_can_have_is_not_found(client, consultation, make_theme):
    make_theme(consultation, "Trafik")
    for odd in ("trafik%00", "%00", "Trafik", "trafik%C3%A5", "trafik" + "-" * 80, "tr%20fik"):
        assert client.get(f"/samrad/{consultation.slug}?tema={odd}").status_code == 404, odd


def test_paging_a_theme_keeps_the_theme(app, client, consultation, make_post, make_theme, tag):
    app.config["BOARD_PAGE_SIZE"] = 1
    trafik = make_theme(consultation, "Trafik")
    for body in ("Ett", "Två"):
        tag(make_post(consultation, body, state="approved"), trafik)
    html = client.get(f"/samrad/{consultation.slug}?tema=trafik").get_data(as_text=True)
    assert f'href="/samrad/{consultation.slug}?sida=2&amp;tema=trafik"' in html


def test_an_idea_shows_its_themes_as_links_to_the_filtered_board(client, consultation, make_post,
                                                                 make_theme, tag):
    trafik = make_theme(consultation, "Trafik")
    tag(make_post(consultation, "Cykelställ", state="approved"), trafik)
    html = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert f'<li><a class="ds-link" href="/samrad/{consultation.slug}?tema=trafik">Trafik</a></li>' in html


def test_a_retired_theme_is_no_filter_but_its_address_still_works(app, client, consultation, make_post,
                                                                  make_theme, tag, retire):
    trafik = make_theme(consultation, "Trafik")
    idea = make_post(consultation, "Cykelställ", state="approved")
    tag(idea, trafik)
    retire(consultation, trafik)
    html = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert 'data-theme="trafik"' not in html
    filtered = client.get(f"/samrad/{consultation.slug}?tema=trafik").get_data(as_text=True)
    assert _ideas(filtered) == [str(idea)]


def test_a_board_without_themes_hides_the_filter(client, consultation):
    html = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert re.search(r'<nav class="pb-theme-filter"[^>]* hidden>', html)
