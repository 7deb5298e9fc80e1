"""The public meeting screen in a real browser: posts approved in the queue arrive without a
reload and withdrawn ones vanish, the QR code scans to the board's address, a lost connection is
said large and what was missed arrives after it, and axe finds nothing."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import WAIT, assert_accessible, expect

pytestmark = pytest.mark.browser

RECONNECT = 15_000  # ms: Socket.IO's reconnection back-off (up to 5 s, jittered) plus the catch-up


def open_screen(tab, slug):
    since = len(tab.frames)
    tab.page.goto(f"/samrad/{slug}/skarm")
    tab.joined_board(since)
    tab.mark_loaded()


def test_an_approved_post_arrives_and_a_withdrawn_one_vanishes_without_reload(
        open_tab, staff_tab, make_post, consultation, moderator):
    older = make_post(consultation, body="Redan publicerad sedan i morse", state="approved")
    make_post(consultation, body="Ett tyst läsrum med utsikt över parken")
    screen = open_tab(viewport={"width": 1280, "height": 720})
    open_screen(screen, consultation.slug)
    posts = screen.page.locator("#screen-posts > li")
    expect(posts).to_have_count(1)

    staff = staff_tab(moderator)
    item = staff.queue_item("Ett tyst läsrum")
    item.get_by_role("button", name="Godkänn").click()
    expect(item.locator(".decision-message")).to_contain_text("Beslutet är sparat")

    newest = posts.first
    expect(newest).to_contain_text("Ett tyst läsrum med utsikt över parken")
    expect(newest).to_have_class(re.compile(r"\bpb-new\b"))  # the arrival is highlighted
    expect(newest).to_contain_text("Anonym")
    expect(newest).to_contain_text("just nu")
    expect(posts).to_have_count(2)
    expect(posts.nth(1)).to_have_attribute("data-post-id", str(older))
    post_id = newest.get_attribute("data-post-id")

    published = staff.page.locator(f"#published li[data-post-id='{post_id}']")
    staff.remove(published, "Annan anledning")
    expect(published.locator(".decision-message")).to_contain_text("Beslutet är sparat")
    expect(screen.page.locator(f"#screen-posts > li[data-post-id='{post_id}']")).to_have_count(0)
    expect(posts).to_have_count(1)
    screen.assert_not_reloaded()
    assert screen.console_errors == []


def test_the_qr_code_scans_to_the_boards_address(open_tab, consultation, server, tmp_path):
    import zxingcpp
    from PIL import Image

    screen = open_tab(viewport={"width": 1920, "height": 1080})
    screen.page.goto(f"/samrad/{consultation.slug}/skarm")
    code = screen.page.get_by_role("img", name=re.compile("^QR-kod till samrådets sida"))
    shot = tmp_path / "qr.png"
    code.screenshot(path=str(shot))
    found = zxingcpp.read_barcodes(Image.open(shot))
    address = f"{server}/samrad/{consultation.slug}"
    assert [(r.format, r.text) for r in found] == [(zxingcpp.BarcodeFormat.QRCode, address)]
    expect(screen.page.locator(".pb-qr__address")).to_have_text(address.split("://", 1)[1])


def test_a_lost_connection_is_said_and_what_was_missed_arrives_after_it(
        open_tab, staff_tab, make_post, consultation, moderator):
    make_post(consultation, body="Godkänd medan skärmen var utan anslutning")
    screen = open_tab(viewport={"width": 1280, "height": 720})
    page = screen.page
    sockets = []

    def websocket(ws):  # passed through, but kept, to end it as a lost network would
        ws.connect_to_server()
        sockets.append(ws)

    page.route_web_socket(re.compile(r"/socket\.io/"), websocket)
    open_screen(screen, consultation.slug)

    # The network goes: the open socket ends and every new attempt fails, as offline.
    screen.context.set_offline(True)
    for ws in sockets:
        ws.close()  # the page's side: its socket sees the connection end
    banner = page.locator("#live-status")
    expect(banner).to_be_visible()
    expect(banner).to_have_text("Anslutningen bröts – försöker igen…")

    item = staff_tab(moderator).queue_item("Godkänd medan skärmen")
    item.get_by_role("button", name="Godkänn").click()
    expect(item.locator(".decision-message")).to_contain_text("Beslutet är sparat")
    expect(page.locator("#screen-posts")).not_to_contain_text("Godkänd medan skärmen")

    screen.context.set_offline(False)  # the network is back
    expect(page.locator("#screen-posts > li").first).to_contain_text(
        "Godkänd medan skärmen var utan anslutning", timeout=RECONNECT)
    expect(banner).to_be_hidden(timeout=WAIT)
    expect(page.locator("#live-indicator")).to_be_visible()
    screen.assert_not_reloaded()


@pytest.mark.parametrize("viewport", [{"width": 1920, "height": 1080}, {"width": 390, "height": 844}])
def test_the_screen_passes_axe(open_tab, make_post, consultation, viewport):
    idea = make_post(consultation, body="Fler sittplatser vid fönstren", state="approved",
                     alias="Kim")
    make_post(consultation, body="Ja, och eluttag vid varje plats", state="approved", parent_id=idea)
    screen = open_tab(viewport=viewport)
    open_screen(screen, consultation.slug)
    expect(screen.page.locator("#live-indicator")).to_be_visible()
    assert_accessible(screen.page, f"the public meeting screen at {viewport['width']} px")
