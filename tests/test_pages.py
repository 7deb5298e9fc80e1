"""Pages as the server renders them (issue 11): closed consultations, the archive, the queue,
Swedish content in the English interface, numbers and times written one way, error pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from parkbank.config import from_environment
from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.extensions import db
from parkbank.posts.models import Post
from tests.helpers import build_app, csrf_token, login

NBSP = "\u00a0"


def close(app, consultation):
    with app.app_context():
        db.session.execute(update(Consultation).where(Consultation.id == consultation.id)
                           .values(status=ConsultationStatus.CLOSED))
        db.session.commit()


def set_time(app, post_id, **values):
    with app.app_context():
        db.session.execute(update(Post).where(Post.id == post_id).values(**values))
        db.session.commit()


def board(client, consultation):
    return client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)


def in_english(client):
    client.get("/sprak/en")


# --- closed consultations ------------------------------------------------------------------------

def test_a_closed_board_offers_no_writing_replying_or_supporting(app, client, consultation,
                                                                 make_post):
    make_post(consultation, body="En idé från när det var öppet", state="approved")
    close(app, consultation)
    page = board(client, consultation)
    assert "Samrådet är avslutat" in page
    assert "En idé från när det var öppet" in page
    assert "Bli först" not in page
    assert 'id="post-form"' not in page and "Skriv ett svar" not in page
    assert "support-form" not in page and "Antal som instämde:" in page


def test_an_empty_closed_board_does_not_ask_anyone_to_be_first(app, client, consultation):
    close(app, consultation)
    page = board(client, consultation)
    assert "Bli först" not in page
    assert "Inga idéer publicerades i det här samrådet." in page


def test_the_start_page_keeps_closed_consultations_as_an_archive_below_open_ones(
        app, client, make_consultation):
    make_consultation(slug="oppet", title="Ett öppet samråd")
    closed = make_consultation(slug="stangt", title="Ett avslutat samråd")
    close(app, closed)
    make_consultation(slug="utkast", title="Ett utkast", status=ConsultationStatus.DRAFT)
    page = client.get("/").get_data(as_text=True)
    assert page.index("Ett öppet samråd") < page.index("Avslutade samråd") < page.index(
        "Ett avslutat samråd")
    assert "Ett utkast" not in page


def test_the_queue_of_a_closed_consultation_promises_no_new_posts(app, client, consultation,
                                                                  moderator):
    close(app, consultation)
    login(client, moderator)
    page = client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    assert "Nya inlägg dyker upp här" not in page
    assert "Inget väntar på granskning." in page


# --- the queue -----------------------------------------------------------------------------------

def test_a_reply_in_the_queue_shows_an_excerpt_of_its_idea_as_plain_text(
        client, consultation, moderator, make_post):
    idea = make_post(consultation, body="Läsrum & <b>kafé</b> " + "x" * 300, state="approved")
    stored = "Läsrum & <b>kafé</b> " + "x" * 300  # as typed
    make_post(consultation, body="Ja, gärna!", parent_id=idea)
    login(client, moderator)
    page = client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    rendered = page[:page.index("<template")]
    excerpt = re.search(r'<blockquote class="parent-body[^>]*>(.*?)</blockquote>', rendered).group(1)
    # The first 200 characters as typed, escaped: text, never markup.
    assert excerpt == stored[:200].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "…"
    assert "Svarar på den här idén:" in rendered


def test_the_queues_title_leads_with_the_number_waiting(client, consultation, moderator,
                                                        make_post):
    login(client, moderator)
    empty = client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    assert "<title>Kö: Nytt bibliotek – Parkbänk</title>" in empty
    make_post(consultation, body="Ett")
    make_post(consultation, body="Två")
    page = client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    assert "<title>(2) Kö: Nytt bibliotek – Parkbänk</title>" in page


# --- Swedish content in the English interface ---------------------------------------------------

def test_swedish_content_is_marked_as_swedish_in_the_english_interface(client, make_consultation,
                                                                      make_post):
    c = make_consultation(description="Kommunen bygger ett nytt hus.")
    make_post(c, body="Ett tyst läsrum", state="approved")
    in_english(client)
    page = board(client, c)
    assert '<html lang="en" ' in page
    assert re.search(r'<h1 [^>]*lang="sv">Nytt bibliotek</h1>', page)
    assert '<p class="pb-question" lang="sv">Vad vill du ha?</p>' in page
    assert re.search(r'<div class="description[^"]*" lang="sv">Kommunen bygger', page)
    assert re.search(r'<div class="post-body[^"]*" data-field="body_html" lang="sv">Ett tyst läsrum',
                     page)


def test_the_content_language_is_a_setting():
    assert from_environment({}, "/tmp", False)["CONTENT_LANGUAGE"] == "sv"
    assert from_environment({"PARKBANK_CONTENT_LANGUAGE": "fi"}, "/tmp", False)["CONTENT_LANGUAGE"] \
        == "fi"


def test_the_content_language_setting_marks_the_content(schema, make_consultation):
    app = build_app(schema, CONTENT_LANGUAGE="fi")
    c = make_consultation(slug="suomeksi")
    page = app.test_client().get(f"/samrad/{c.slug}").get_data(as_text=True)
    assert re.search(r'<h1 [^>]*lang="fi">', page)


# --- numbers and times ---------------------------------------------------------------------------

def test_numbers_are_written_with_the_languages_thousands_separator(client, consultation):
    page = board(client, consultation)
    data = {"csrf_token": csrf_token(page), "body": "x" * 2001}
    refused = client.post(f"/samrad/{consultation.slug}/inlagg", data=data).get_data(as_text=True)
    assert f"Mellan 1 och 2{NBSP}000 tecken." in refused
    assert f"Högst 2{NBSP}000 tecken. Du har skrivit 2{NBSP}001." in refused
    assert "2000" not in refused.replace('data-max="2000"', "").replace('maxlength="2000"', "")
    in_english(client)
    refused = client.post(f"/samrad/{consultation.slug}/inlagg", data=data).get_data(as_text=True)
    assert "At most 2,000 characters; you wrote 2,001." in refused


def test_times_are_in_stockholm_in_each_languages_own_format(app, client, consultation,
                                                             make_post):
    post_id = make_post(consultation, body="Klockan", state="approved")
    set_time(app, post_id, published_at=datetime(2026, 11, 25, 19, 29, tzinfo=UTC))
    page = board(client, consultation)
    assert '<span class="pb-time__exact"> (2026-11-25 20:29)</span></time>' in page
    assert 'title="2026-11-25 20:29"' in page
    assert 'data-timezone="Europe/Stockholm" data-datetime-pattern="y-MM-dd HH:mm"' in page
    in_english(client)
    page = board(client, consultation)
    assert "> (25/11/2026, 20:29)</span></time>" in page  # not 11/25/26, 8:29 PM
    assert 'data-datetime-pattern="dd/MM/y, HH:mm"' in page


def test_times_say_how_long_ago_and_after_a_week_the_day(app, client, consultation, make_post):
    recent = make_post(consultation, body="Nyss", state="approved")
    older = make_post(consultation, body="Förra månaden", state="approved")
    now = datetime.now(UTC)
    set_time(app, recent, published_at=now - timedelta(minutes=5, seconds=10))
    set_time(app, older, published_at=datetime(2026, 10, 3, 12, 0, tzinfo=UTC))
    page = board(client, consultation)
    assert '<span class="pb-time__ago">för 5 minuter sedan</span>' in page
    assert '<span class="pb-time__ago">3 oktober 2026</span>' in page
    in_english(client)
    page = board(client, consultation)
    assert '<span class="pb-time__ago">5 minutes ago</span>' in page
    assert '<span class="pb-time__ago">3 October 2026</span>' in page


# --- error pages and the favicon -----------------------------------------------------------------

def test_the_too_many_requests_page_links_back_to_the_page_it_came_from(schema, consultation):
    app = build_app(schema, RATELIMIT_ENABLED=True, RATELIMIT_POSTS="1 per minute")
    client = app.test_client()
    board_path = f"/samrad/{consultation.slug}"
    token = csrf_token(client.get(board_path).get_data(as_text=True))
    for n in range(2):
        response = client.post(f"{board_path}/inlagg", data={"body": f"Idé {n}", "csrf_token": token},
                               headers={"Referer": f"http://localhost{board_path}?sida=2"})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert f'<a href="{board_path}?sida=2">Tillbaka till föregående sida</a>' in page
    assert '<a href="/">Tillbaka till startsidan</a>' in page


def test_an_error_page_never_links_back_to_another_site(client):
    page = client.get("/samrad/finns-inte",
                      headers={"Referer": "https://elak.example/samrad/x"}).get_data(as_text=True)
    assert "elak.example" not in page
    assert "föregående sida" not in page and '<a href="/">Tillbaka till startsidan</a>' in page


def test_pages_link_a_favicon_that_is_served(client):
    page = client.get("/").get_data(as_text=True)
    href = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page).group(1)
    with client.get(href) as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
        assert b"<svg" in icon.data
