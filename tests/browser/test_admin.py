"""The administration on day one, in a real browser: an admin creates a consultation, assigns a
moderator and opens it; the moderator logs in, finds it on the start page and opens its queue.
Axe checks every new page."""

from __future__ import annotations

import re

import pytest

from parkbank.auth.models import Role
from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser


def test_day_one_create_assign_open_then_moderate(open_tab, make_user):
    admin = make_user(Role.ADMIN, name="Ada Admin")
    moderator = make_user(Role.MODERATOR, name="Maria Moderator", assigned=False)

    tab = open_tab()
    tab.log_in(admin)
    page = tab.page
    assert_accessible(page, "start page of an admin with nothing yet")
    page.get_by_role("link", name="Admin", exact=True).click()
    expect(page.get_by_role("heading", name="Administration")).to_be_visible()
    assert_accessible(page, "admin overview")
    page.get_by_role("link", name="Samråd", exact=True).first.click()
    page.get_by_role("link", name="Nytt samråd").click()

    # A first try without a question: the error summary takes the focus, the text stays.
    page.get_by_label("Rubrik").fill("Ny park vid ån")
    page.get_by_label("Adressnamn").fill("ny-park")
    page.get_by_label("Diarienummer (frivilligt)").fill("SBN 2026/42")
    page.get_by_label("Ansvarig förvaltning (frivilligt)").fill("Samhällsbyggnadsförvaltningen")
    page.get_by_label("Öppnar (frivilligt)").fill("2026-12-01T09:00")
    page.get_by_label("Stänger (frivilligt)").fill("2027-01-31T18:00")
    page.get_by_role("button", name="Skapa samrådet").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Skriv frågan.")
    expect(page.get_by_label("Rubrik")).to_have_value("Ny park vid ån")
    expect(page.get_by_label("Fråga", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "new consultation with an error")

    page.get_by_label("Fråga", exact=True).fill("Vad vill du göra i den nya parken?")
    page.get_by_role("button", name="Skapa samrådet").click()
    expect(page.locator(".flash")).to_contain_text("Samrådet är skapat")
    expect(page).to_have_url(re.compile(r"/admin/samrad/ny-park$"))
    expect(page.get_by_label("Öppnar (frivilligt)")).to_have_value("2026-12-01T09:00")
    assert_accessible(page, "consultation page")

    page.get_by_label("Maria Moderator (Moderator)").check()
    page.get_by_role("button", name="Spara personalen").click()
    expect(page.locator(".flash")).to_contain_text("1 tillagda")
    page.get_by_label("Status").select_option("open")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Sparat")
    expect(page.locator(".pb-admin-links .ds-tag")).to_have_text("Öppet")

    page.get_by_role("link", name="Personal", exact=True).first.click()
    expect(page.get_by_role("row", name=re.compile("Maria Moderator"))).to_contain_text("Ny park vid ån")
    assert_accessible(page, "staff list")
    page.get_by_role("link", name="Maria Moderator").click()
    assert_accessible(page, "a staff member's page")
    page.get_by_role("link", name="Kanaler", exact=True).first.click()
    assert_accessible(page, "channels")

    mod = open_tab()
    mod.log_in(moderator)
    card = mod.page.locator(".pb-start-list > li", has_text="Ny park vid ån")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Inget väntar på dig här.")
    assert_accessible(mod.page, "a moderator's start page")
    card.get_by_role("link", name=re.compile("Granskningskön")).click()
    expect(mod.page).to_have_url(re.compile(r"/moderering/ny-park$"))
    expect(mod.page.locator("#pending-count")).to_have_text("0")


def test_the_public_channel_page_is_accessible(open_tab, consultation):
    page = open_tab().page
    page.goto("/")
    page.locator("footer").get_by_role("link", name="Våra kanaler").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Här finns")
    expect(page.get_by_role("link", name="Nytt bibliotek")).to_be_visible()
    assert_accessible(page, "/kanaler")
