"""Similar ideas while writing (issue 16): after a pause in typing the form lists the published
ideas that say much the same, told politely without moving the focus, and "Instäm i stället"
there counts a support."""

from __future__ import annotations

import os

import pytest

from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser

LIBRARY = "Biblioteket i kulturhuset borde vara öppet på kvällar och helger."
AGAIN = "Låt bibloteket i nya kulturhuset ha kvällsöppet och öppet på helgerna"
SHOTS = os.environ.get("PARKBANK_SCREENSHOTS")  # a directory: save the form's look there


def test_the_form_shows_a_similar_idea_while_typing_and_its_support_counts(open_tab, make_post,
                                                                         consultation):
    original = make_post(consultation, body=LIBRARY, state="approved")
    make_post(consultation, body="Sänk hastigheten till 30 km/h utanför skolan.", state="approved")
    tab = open_tab()
    page = tab.page
    page.goto(f"/samrad/{consultation.slug}")
    tab.start_writing()
    body = page.get_by_label("Din idé", exact=True)
    body.press_sequentially(AGAIN, delay=5)
    region = page.locator("#similar-ideas")
    expect(region).to_be_visible()
    expect(region.get_by_role("heading", name="Liknande idéer")).to_be_visible()
    items = region.locator("li[data-post-id]")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text(LIBRARY)
    expect(page.locator("#similar-status")).to_have_text("En liknande idé visas under formuläret.")
    expect(body).to_be_focused()  # told, not moved
    assert_accessible(page, "board form with similar ideas")
    if SHOTS:
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            region.scroll_into_view_if_needed()
            page.screenshot(path=os.path.join(SHOTS, f"similar-{width}.png"), full_page=False)

    support = items.first.get_by_role("button", name="Instäm i stället")
    support.click()
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(items.first.locator("[data-field=support_count]")).to_have_text("1")
    expect(items.first.locator(".support-note")).to_have_text("Tack för att du instämmer!")
    # the idea's own card on the board follows live (support_changed)
    expect(page.locator(f"#inlagg-{original} [data-field=support_count]")).to_have_text("1")
    assert body.input_value() == AGAIN  # the text is still there


def test_without_script_similar_ideas_are_a_step_before_sending(app, open_tab, make_post, consultation):
    make_post(consultation, body=LIBRARY, state="approved")
    tab = open_tab(java_script_enabled=False)
    page = tab.page
    page.goto(f"/samrad/{consultation.slug}")
    page.get_by_label("Din idé", exact=True).fill(AGAIN)
    page.get_by_role("button", name="Skicka", exact=True).click()
    expect(page.get_by_role("heading", name="Liknande idéer", level=1)).to_be_visible()
    expect(page.locator(".pb-similar__item")).to_contain_text(LIBRARY)
    expect(page.get_by_label("Din idé", exact=True)).to_have_value(AGAIN)
    page.get_by_role("button", name="Skicka ändå").click()
    expect(page.locator(".flash")).to_contain_text("Ditt inlägg väntar på granskning")


def test_the_similar_ideas_step_passes_axe(open_tab, make_post, consultation):
    """axe needs script in the page: the step is reached as without script, by a form that does
    not say it saw the suggestions already."""
    make_post(consultation, body=LIBRARY, state="approved")
    tab = open_tab()
    page = tab.page
    page.goto(f"/samrad/{consultation.slug}")
    tab.start_writing()
    page.get_by_label("Din idé", exact=True).fill(AGAIN)
    page.evaluate("() => document.querySelector('#post-form input[name=skip_similar]').remove()")
    page.get_by_role("button", name="Skicka", exact=True).click()
    expect(page.get_by_role("heading", name="Liknande idéer", level=1)).to_be_visible()
    assert_accessible(page, "similar-ideas step")
    if SHOTS:
        page.set_viewport_size({"width": 390, "height": 900})
        page.screenshot(path=os.path.join(SHOTS, "similar-step-390.png"), full_page=True)


def test_nothing_is_shown_when_nothing_is_close(open_tab, make_post, consultation):
    make_post(consultation, body=LIBRARY, state="approved")
    tab = open_tab()
    page = tab.page
    page.goto(f"/samrad/{consultation.slug}")
    tab.start_writing()
    page.get_by_label("Din idé", exact=True).press_sequentially("Fler papperskorgar längs stranden", delay=5)
    page.wait_for_timeout(1500)
    expect(page.locator("#similar-ideas")).to_be_hidden()
    expect(page.locator("#similar-status")).to_have_text("")


def test_the_queue_shows_likely_duplicates_and_rejects_as_one(open_tab, staff_tab, make_post,
                                                             consultation, moderator):
    make_post(consultation, body=LIBRARY, state="approved")
    make_post(consultation, body=AGAIN)
    tab = staff_tab(moderator)
    page = tab.page
    first = page.locator(".queue-item").first
    expect(first.locator(".pb-duplicates")).to_contain_text(LIBRARY)
    assert_accessible(page, "queue with likely duplicates")
    if SHOTS:
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            first.locator(".pb-duplicates").scroll_into_view_if_needed()
            page.screenshot(path=os.path.join(SHOTS, f"queue-{width}.png"))
    # A post that arrives live carries its duplicates: the published one and the waiting one.
    open_tab().submit_idea(consultation.slug,
                           "Kulturhusets bibliotek måste ha kvällsöppet och vara öppet på helgerna.")
    arrived = page.locator(".queue-item").nth(1)
    expect(arrived.locator(".pb-duplicates li")).to_have_count(2)
    arrived.get_by_role("button", name="Avslå som dubblett av denna").first.click()
    expect(arrived.locator(".decision-message")).to_contain_text("Inte godkänt")


def test_a_long_text_cut_inside_an_emoji_still_asks_for_similar_ideas(open_tab, make_post, consultation):
    """The script sends the first 2,000 characters; cut between the two halves of an emoji, the
    text must still be sent (encodeURIComponent throws on half a pair)."""
    make_post(consultation, body=LIBRARY, state="approved")
    tab = open_tab()
    page = tab.page
    page.goto(f"/samrad/{consultation.slug}")
    tab.start_writing()
    long_text = AGAIN + " " + "x" * (1999 - len(AGAIN) - 1) + "\U0001F600 och mer"
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.get_by_label("Din idé", exact=True).fill(long_text)
    expect(page.locator("#similar-ideas li[data-post-id]")).to_have_count(1)
    assert errors == []
