"""The admins' retention and data-request pages in a real browser, at a phone's width and a
desktop's: they work without surprises and pass axe, error states included."""

from __future__ import annotations

import pytest

from parkbank.auth.models import Role
from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_retention_and_data_request_pages_are_accessible(open_tab, make_user, make_post, consultation,
                                                         width):
    make_post(consultation, body="Ring 070-123 45 67", state="approved", email="anna@example.se",
              consent=True)
    admin = make_user(Role.ADMIN)
    tab = open_tab(viewport={"width": width, "height": 900})
    tab.log_in(admin)
    page = tab.page
    page.goto("/admin/gallring")
    assert_accessible(page, "retention page")
    days = page.locator("#g-rejected_posts-days")
    days.fill("tio")
    days.press("Enter")
    expect(page.locator("#g-rejected_posts-days")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#g-rejected_posts-days")).to_have_value("tio")
    assert_accessible(page, "retention page with an error")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto("/admin/personuppgifter")
    page.get_by_label("E-postadress").fill("ANNA@example.se")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("heading", name="1 inlägg angivet med anna@example.se")).to_be_visible()
    assert_accessible(page, "data request with a result")
    page.get_by_role("button", name="Radera kontaktuppgifterna…").click()
    page.get_by_role("button", name="Radera", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("E-postadressen raderades från 1 inlägg")
    unexpected = [e for e in tab.console_errors if "status of 400" not in e]  # the refused form's
    assert not unexpected, unexpected
