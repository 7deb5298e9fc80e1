"""The public meeting screen, /samrad/<slug>/skarm: what the board shows, newest first, large;
nothing else (no staff data, no controls); a QR code made on the server that leads to the board."""

from __future__ import annotations

import re

import pytest

from parkbank.auth.models import Role
from parkbank.consultations.models import ConsultationStatus
from parkbank.extensions import db
from parkbank.kiosk.projector import SCREEN_POSTS, _qr_markup
from parkbank.moderation.models import Action, Reason
from tests.conftest import _empty_tables
from tests.helpers import build_app, decide


def screen(client, slug):
    response = client.get(f"/samrad/{slug}/skarm")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def card_ids(html):
    """The posts' ids in page order (not the empty card of the <template>)."""
    found = re.findall(r'<li class="pb-screen-item" data-post-id="(\d+)"', html)
    return [int(n) for n in found if n != "0"]


def card(html, post_id):
    start = html.index(f'<li class="pb-screen-item" data-post-id="{post_id}"')
    return html[start:html.index("</li>", start)]


def test_public_posts_newest_first_and_nothing_else(client, consultation, make_post, moderator):
    first = make_post(consultation, "Den första idén", state="approved")
    reply = make_post(consultation, "Ett svar på den första", state="approved", parent_id=first)
    make_post(consultation, "Väntar på granskning")
    make_post(consultation, "Avslaget inlägg", state="rejected")
    make_post(consultation, "Borttaget inlägg", state="withdrawn")
    gone = make_post(consultation, "En idé som togs bort", state="approved")
    make_post(consultation, "Svar under en borttagen idé", state="approved", parent_id=gone)
    with client.application.app_context():  # the idea goes, and its published reply with it
        decide(gone, moderator, Action.WITHDRAW, reason=Reason.OTHER)
        db.session.commit()
    newest = make_post(consultation, "Den senaste idén", state="approved")

    html = screen(client, consultation.slug)
    assert card_ids(html) == [newest, reply, first]
    for hidden in ("Väntar på granskning", "Avslaget", "Borttaget", "togs bort", "borttagen idé"):
        assert hidden not in html
    assert 'data-field="reply_marker">Svar på en idé' in card(html, reply)
    assert 'data-field="reply_marker" hidden>' in card(html, first)
    assert f'data-post-id="{reply}" data-parent-id="{first}"' in html


def test_no_staff_data_no_email_and_no_controls(client, consultation, make_post, make_user):
    make_user(Role.MODERATOR, name="Maria Moderator", email="maria@kommun.example")
    make_post(consultation, "Med e-post", state="approved", email="person@example.se",
              alias="Kim")
    html = screen(client, consultation.slug)
    assert "Med e-post" in html and "Kim" in html
    for secret in ("person@example.se", "maria@kommun.example", "Maria Moderator", "Fixture Moderator",
                   "csrf_token", "Logga in", "Logga ut"):
        assert secret not in html
    for control in ("<form", "<button", "<input", "<textarea", "<select", "<nav"):
        assert control not in html


def test_unknown_and_draft_consultations_are_not_found(client, make_consultation):
    draft = make_consultation(slug="utkast", status=ConsultationStatus.DRAFT)
    assert client.get(f"/samrad/{draft.slug}/skarm").status_code == 404
    assert client.get("/samrad/finns-inte/skarm").status_code == 404


@pytest.mark.parametrize("status", [ConsultationStatus.CLOSED, ConsultationStatus.PAUSED])
def test_closed_and_paused_consultations_still_show(client, make_consultation, make_post, status):
    c = make_consultation(slug="stangd")
    make_post(c, "Sagt innan det stängdes", state="approved")
    with client.application.app_context():
        from parkbank.consultations.models import Consultation

        db.session.get(Consultation, c.id).status = status
        db.session.commit()
    html = screen(client, c.slug)
    assert "Sagt innan det stängdes" in html
    assert "Läs alla idéer på" in html and "Skriv din idé på" not in html


def test_a_bounded_number_of_posts(client, consultation, make_post):
    ids = [make_post(consultation, f"Idé nummer {n}", state="approved") for n in range(SCREEN_POSTS + 3)]
    html = screen(client, consultation.slug)
    assert card_ids(html) == ids[::-1][:SCREEN_POSTS]
    assert f'data-limit="{SCREEN_POSTS}"' in html


def test_official_reply_and_politicians_view_are_marked(client, make_consultation, make_post, make_user,
                                                        moderator):
    c = make_consultation(department="Kulturförvaltningen")
    idea = make_post(c, "Ett läsrum", state="approved")
    view = make_post(c, "Min egen åsikt", state="approved")
    responder = make_user(Role.RESPONDER, name="Eva Svensson")
    with client.application.app_context():
        from parkbank.auth.models import User
        from parkbank.consultations.models import Consultation
        from parkbank.moderation.marks import set_politician_view
        from parkbank.official.operations import publish_official_reply

        reply = publish_official_reply(db.session.get(Consultation, c.id), idea,
                                       db.session.get(User, responder.id), "Tack, det finns med.")
        set_politician_view(view, True, user=db.session.get(User, moderator.id))
        db.session.commit()
        reply_id = reply.id
    html = screen(client, c.slug)
    official = card(html, reply_id)
    assert 'class="post pb-screen-card pb-official"' in official
    assert 'data-field="official">Kommunens svar' in official and "Eva Svensson" in official
    assert 'data-field="politician_view">Politikerns personliga åsikt – inte kommunens ståndpunkt' in card(
        html, view)


def test_the_page_carries_its_last_event_for_catch_up(client, consultation, make_post):
    make_post(consultation, "Ett", state="approved")
    make_post(consultation, "Två", state="approved")
    html = screen(client, consultation.slug)
    assert 'data-last-event-id="2"' in html and f'data-consultation="{consultation.slug}"' in html


def test_qr_code_is_an_inline_svg_without_style_attributes(client, consultation):
    response = client.get(f"/samrad/{consultation.slug}/skarm")
    html = response.get_data(as_text=True)
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-label="QR-kod till samrådets sida: localhost/samrad/' in svg
    assert "style=" not in html  # the CSP allows no inline style
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]
    assert svg.endswith(_qr_markup(f"http://localhost/samrad/{consultation.slug}")[-200:])
    assert "Skriv din idé på" in html and '<strong class="pb-qr__address">localhost/samrad/' in html


@pytest.fixture
def public_app(schema):
    app = build_app(schema, PUBLIC_URL="https://samrad.exempelby.se")
    yield app
    with app.app_context():
        _empty_tables()


def test_the_address_and_code_use_the_public_url_when_set(public_app):
    from parkbank.consultations.operations import create_consultation

    with public_app.app_context():
        create_consultation(slug="torget", title="Torget", question="Hur?")
        db.session.commit()
    html = screen(public_app.test_client(), "torget")
    assert '<strong class="pb-qr__address">samrad.exempelby.se/samrad/torget</strong>' in html
    assert _qr_markup("https://samrad.exempelby.se/samrad/torget").split(">", 1)[1] in html
    assert "localhost" not in html
