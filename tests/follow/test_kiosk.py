"""A kiosk shows the visitor's follow link as a QR code to photograph, in its answer only: never
in the kiosk's cookies, and not on the screen the next visitor gets."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from parkbank.consultations.models import Consultation
from parkbank.extensions import db
from parkbank.kiosk.operations import register_kiosk
from tests.follow.conftest import JSON
from tests.follow.qr import decode_svg


@pytest.fixture
def kiosk_token(app, consultation):
    with app.app_context():
        _, token = register_kiosk(name="Kiosken", place="Stadsbiblioteket",
                                  consultation=db.session.get(Consultation, consultation.id))
        db.session.commit()
        return token


def _send(client, kiosk_token, body="En idé från kiosken", **headers):
    return client.post(f"/kiosk/{kiosk_token}/inlagg", headers=headers,
                       data={"body": body, "visit": "visit-a-0123456789abcdef", "submission_key": body[:20]})


def test_the_json_answer_has_a_qr_code_that_decodes_to_the_follow_link(client, kiosk_token):
    answer = _send(client, kiosk_token, **JSON)
    assert answer.status_code == 201
    url, svg = answer.json["follow_url"], answer.json["follow_qr"]
    assert url.startswith("http://localhost/mitt-inlagg/")
    assert svg.startswith("<svg ") and 'role="img"' in svg and "<script" not in svg
    assert decode_svg(svg) == [url]
    page = client.get(urlsplit(url).path)
    assert page.status_code == 200 and "En idé från kiosken" in page.get_data(as_text=True)
    assert "Set-Cookie" not in answer.headers  # nothing of it kept in the kiosk's browser


def test_without_script_the_thank_you_shows_the_code_and_the_reset_forgets_it(client, kiosk_token):
    answer = _send(client, kiosk_token, "Utan skript")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert "Set-Cookie" not in answer.headers and answer.headers["Cache-Control"] == "no-store"
    svg = page[page.index('<div class="pb-kiosk__follow-code"><svg'):]
    svg = svg[svg.index("<svg"):svg.index("</svg>") + 6]
    [url] = decode_svg(svg)
    assert url.startswith("http://localhost/mitt-inlagg/")
    # The page goes back to the kiosk's start after the idle time, and that screen has no code.
    assert f'<meta http-equiv="refresh" content="60;url=/kiosk/{kiosk_token}">' in page
    screen = client.get(f"/kiosk/{kiosk_token}").get_data(as_text=True)
    assert urlsplit(url).path not in screen and "pb-kiosk__sent" not in screen
    assert '<div class="pb-kiosk__follow-code" id="kiosk-follow-code"></div>' in screen
    assert client.get_cookie("pb_follow") is None


def test_the_qr_code_of_a_follow_link_is_not_cached(app, client, kiosk_token):
    from parkbank.kiosk.projector import _qr_markup

    _qr_markup.cache_clear()
    _send(client, kiosk_token, **JSON)
    assert _qr_markup.cache_info().currsize == 0
