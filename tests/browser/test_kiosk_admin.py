"""Setting up a kiosk, in a real browser: an administrator registers it at /admin/kiosker, copies
the address shown once, opens it in another tab (the kiosk), then gives it a new address, and
the old one no longer opens anything. Axe checks the list, the form and the address page."""

from __future__ import annotations

import re

import pytest

from parkbank.auth.models import Role
from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser


def test_register_open_and_rotate_a_kiosk(open_tab, make_user, make_consultation):
    make_consultation("nytt-bibliotek", title="Nytt bibliotek")
    admin = make_user(Role.ADMIN, name="Ada Admin")
    tab = open_tab(permissions=["clipboard-read", "clipboard-write"])
    tab.log_in(admin)
    page = tab.page
    page.goto("/admin/")
    page.get_by_role("link", name="Kiosker", exact=True).first.click()
    expect(page.get_by_role("heading", name="Kiosker")).to_be_visible()
    assert_accessible(page, "kiosk list, empty")

    page.get_by_role("link", name="Ny kiosk").click()
    page.get_by_label("Namn").fill("Biblioteket, entrén")
    page.get_by_role("button", name="Registrera kiosken").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Ange var kiosken står")
    expect(page.get_by_label("Namn")).to_have_value("Biblioteket, entrén")
    assert_accessible(page, "new kiosk with errors")
    page.get_by_label("Plats").fill("Stadsbiblioteket")
    page.get_by_label("Samråd").select_option("nytt-bibliotek")
    page.get_by_role("button", name="Registrera kiosken").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Biblioteket, entrén är registrerad")
    expect(page.get_by_text("Den visas bara nu: spara den inte någon annanstans.")).to_be_visible()
    expect(page.get_by_role("img", name="QR-kod med kioskens adress")).to_be_visible()
    address = page.locator("#kiosk-address").text_content().strip()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/kiosk/[A-Za-z0-9_-]{43}", address), address
    page.get_by_role("button", name="Kopiera adressen").click()
    expect(page.locator("#copy-status")).to_have_text("Adressen är kopierad.")
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert_accessible(page, "the kiosk's address, shown once")

    kiosk = open_tab()
    assert kiosk.page.goto(address).status == 200
    expect(kiosk.page.get_by_role("heading", level=1)).to_have_text("Nytt bibliotek")

    page.get_by_role("link", name="Kioskens sida").click()
    expect(page.locator("body")).not_to_contain_text(address)
    assert_accessible(page, "a kiosk's page")
    page.get_by_role("button", name="Skapa en ny adress…").click()
    expect(page.get_by_text("Den gamla adressen slutar fungera direkt")).to_be_visible()
    assert_accessible(page, "confirming a new address")
    page.get_by_role("button", name="Skapa en ny adress – den gamla slutar fungera").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("En ny adress för Biblioteket, entrén")
    new_address = page.locator("#kiosk-address").text_content().strip()
    assert new_address != address

    assert kiosk.page.goto(address).status == 404
    assert kiosk.page.goto(new_address).status == 200

    page.get_by_role("link", name="Tillbaka till kioskerna").click()
    row = page.get_by_role("row", name=re.compile("Biblioteket, entrén"))
    expect(row).to_contain_text("I drift")
    expect(row).to_contain_text("Nytt bibliotek")
    assert_accessible(page, "kiosk list")
    assert [e for e in tab.console_errors if "status of 400" not in e] == []
