"""The author's own link in Debian's Chromium: send an idea on a phone 320 px wide, save the link,
open it, revoke it; and at a kiosk, photograph the QR code, which is gone at the reset. Each page
passes axe."""

from __future__ import annotations

import pytest

from parkbank.consultations.models import Consultation
from parkbank.extensions import db
from parkbank.kiosk.operations import register_kiosk
from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser


def _fits(page, width):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_send_save_the_link_open_it_and_revoke_it_on_a_small_phone(open_tab, consultation, server):
    tab = open_tab(viewport={"width": 320, "height": 640}, has_touch=True)
    page = tab.page
    tab.submit_idea(consultation.slug, "Fler cykelställ vid biblioteket")
    saved = page.locator("#follow-address")
    expect(saved).to_be_visible()
    url = saved.get_attribute("href")
    assert url.startswith(f"{server}/mitt-inlagg/")
    expect(page.locator("#egna-inlagg .own-follow")).to_have_attribute("href", url)
    _fits(page, 320)
    assert_accessible(page, "the board with the link to save")

    saved.click()
    expect(page).to_have_url(url)
    expect(page.locator(".follow-status")).to_have_class("ds-tag follow-status status-pending")
    expect(page.locator(".pb-follow__post")).to_have_text("Fler cykelställ vid biblioteket")
    _fits(page, 320)
    assert_accessible(page, "the follow page")

    page.locator(".follow-revoke-form button").click()
    expect(page).to_have_url(f"{server}/mitt-inlagg-aterkallad")
    assert_accessible(page, "the link is revoked")
    assert tab.console_errors == []
    assert page.goto(url).status == 404
    page.goto(f"/samrad/{consultation.slug}")
    expect(page.locator("#egna-inlagg .own-follow")).to_have_count(0)


@pytest.fixture
def kiosk_token(app, consultation):
    with app.app_context():
        _kiosk, token = register_kiosk(name="Entrén", place="Stadsbiblioteket",
                                       consultation=db.session.get(Consultation, consultation.id))
        db.session.commit()
    return token


def test_a_kiosk_shows_the_link_as_a_qr_code_and_forgets_it_at_the_reset(open_tab, kiosk_token, server,
                                                                          tmp_path):
    import zxingcpp
    from PIL import Image

    tab = open_tab(viewport={"width": 1280, "height": 800}, has_touch=True)
    page = tab.page
    since = len(tab.frames)
    page.goto(f"/kiosk/{kiosk_token}")
    tab.joined_board(since)
    page.get_by_role("link", name="Skriv din idé").click()
    page.get_by_role("textbox", name="Din idé").fill("En lekplats vid ån")
    page.get_by_role("button", name="Skicka").click()
    code = page.locator("#kiosk-follow svg")
    expect(code).to_be_visible()
    shot = tmp_path / "follow.png"
    code.screenshot(path=str(shot))
    [found] = zxingcpp.read_barcodes(Image.open(shot))
    assert found.text.startswith(f"{server}/mitt-inlagg/")
    token = found.text.rsplit("/", 1)[1]
    assert_accessible(page, "the kiosk's thank-you with the code")
    # Kept nowhere in the kiosk's browser: not in its storage, not in a cookie.
    stored = page.evaluate(
        "() => JSON.stringify(Object.assign({}, window.localStorage, window.sessionStorage))")
    assert token not in stored
    assert all(token not in c["value"] for c in tab.context.cookies())

    page.get_by_role("button", name="Klar").click()
    expect(page.locator("#kiosk-follow")).to_be_hidden()
    expect(page.locator("#kiosk-follow svg")).to_have_count(0)
    assert token not in page.content()
    # The link works on the visitor's own phone.
    phone = open_tab(viewport={"width": 360, "height": 740})
    assert phone.page.goto(found.text).status == 200
    assert tab.console_errors == []
