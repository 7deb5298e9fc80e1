"""The citizens' board as a new user meets it (issue 11): sending once, errors, the character
count, reflow on a small screen, times, and "Instämmer" across tabs."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, update

from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.extensions import db
from parkbank.posts.models import Post
from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser

NBSP = "\u00a0"  # Swedish thousands separator, as Babel (and Intl) write it
FITS_THE_SCREEN = "() => document.documentElement.scrollWidth <= window.innerWidth"


def posts_with_body(app, body):
    with app.app_context():
        return db.session.execute(select(func.count(Post.id)).where(Post.body == body)).scalar_one()


# --- sending once -----------------------------------------------------------------------------

def test_back_after_sending_cannot_send_the_post_again(app, open_tab, consultation):
    body = "En idé som bara ska skickas en gång"
    tab = open_tab()
    page = tab.page
    page.goto(f"/samrad/{consultation.slug}")
    tab.start_writing()
    page.get_by_label("Din idé", exact=True).fill(body)
    page.get_by_role("button", name="Skicka", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Ditt inlägg väntar på granskning")
    # The thank-you page's script notes the stored key; on a busy machine the flash is drawn a
    # moment before that (deferred) script has run, and a person does not press Back that fast.
    page.wait_for_load_state("load")

    page.go_back()
    field = page.get_by_label("Din idé", exact=True)
    expect(field).to_have_value("")  # the browser restored the sent text; the page took it away
    tab.start_writing()
    send = page.get_by_role("button", name="Skicka", exact=True)
    expect(send).to_be_enabled()
    send.click()

    expect(page.locator("#form-errors")).to_be_visible()  # an empty form, not a second post
    assert posts_with_body(app, body) == 1


def test_failed_send_moves_focus_to_the_error_summary(open_tab, consultation):
    tab = open_tab()
    page = tab.page
    page.goto(f"/samrad/{consultation.slug}")
    tab.start_writing()
    page.get_by_role("button", name="Skicka", exact=True).click()  # nothing written
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Skriv något innan du skickar.")
    summary.get_by_role("link", name=re.compile("Din idé")).click()
    expect(page.get_by_label("Din idé", exact=True)).to_be_focused()


# --- the character count ------------------------------------------------------------------------

def test_character_count_is_shown_and_spoken_only_near_the_limit(open_tab, consultation):
    tab = open_tab()
    page = tab.page
    page.goto(f"/samrad/{consultation.slug}")
    tab.start_writing()
    count, spoken = page.locator("#body-count"), page.locator("#body-count-status")
    hint = page.locator("#body-hint")
    expect(hint).to_contain_text(f"2{NBSP}000 tecken")  # written by the server (Babel)
    expect(count).to_have_text(f"0 av 2{NBSP}000 tecken")  # written by the script: the same "2 000"

    field = page.get_by_label("Din idé", exact=True)
    field.press_sequentially("Ett bibliotek")
    expect(count).to_have_text(f"13 av 2{NBSP}000 tecken")
    page.wait_for_timeout(1_300)  # past the pause after which the count is spoken
    expect(spoken).to_have_text("")  # far from the limit: not read out

    field.fill("x" * 1_900)
    expect(count).to_have_text(f"1{NBSP}900 av 2{NBSP}000 tecken")
    expect(spoken).to_have_text(f"1{NBSP}900 av 2{NBSP}000 tecken")  # near the limit: politely
    assert spoken.get_attribute("aria-live") == "polite"


# --- reflow: a 300-character link on a phone ----------------------------------------------------

LONG_LINK = "https://example.se/" + "a" * 281  # 300 characters without a place to break


@pytest.mark.parametrize("width", [320, 390])
def test_a_long_link_never_makes_board_or_queue_wider_than_the_screen(
        open_tab, staff_tab, make_post, consultation, moderator, width):
    idea = make_post(consultation, body=f"Läs mer: {LONG_LINK}", state="approved")
    make_post(consultation, body=f"Svar med länk {LONG_LINK}", parent_id=idea, state="approved")
    make_post(consultation, body=f"Väntar: {LONG_LINK}", parent_id=idea)
    citizen = open_tab(viewport={"width": width, "height": 800})
    citizen.submit_idea(consultation.slug, f"Min egen {LONG_LINK}")  # under "Dina inlägg" too
    page = citizen.page
    expect(page.locator(f"#inlagg-{idea}")).to_contain_text("example.se")
    assert page.evaluate(FITS_THE_SCREEN), f"board is wider than {width} px"

    staff = staff_tab(moderator)
    staff.page.set_viewport_size({"width": width, "height": 800})
    expect(staff.page.locator("#queue .queue-item")).to_have_count(2)
    expect(staff.page.locator("#published")).to_contain_text("example.se")
    assert staff.page.evaluate(FITS_THE_SCREEN), f"queue is wider than {width} px"


# --- one time zone, each language's own format -------------------------------------------------

@pytest.mark.parametrize("language,pattern", [
    ("sv", r"^ \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}\)$"),
    ("en", r"^ \(\d{2}/\d{2}/\d{4}, \d{2}:\d{2}\)$"),
])
def test_live_and_server_rendered_times_read_the_same(app, open_tab, staff_tab, make_post,
                                                      consultation, moderator, language, pattern):
    post_id = make_post(consultation, body="Ett inlägg klockan halv nio")
    citizen = open_tab(timezone_id="America/New_York")  # not the app's time zone
    if language == "en":
        citizen.page.goto(f"/sprak/en?next=/samrad/{consultation.slug}")
    citizen.open_board(consultation.slug)

    staff = staff_tab(moderator)
    staff.queue_item("halv nio").get_by_role("button", name="Godkänn").click()
    live_time = citizen.page.locator(f"#inlagg-{post_id} time .pb-time__exact")
    expect(live_time).to_have_text(re.compile(pattern))
    live = live_time.text_content()
    ago = citizen.page.locator(f"#inlagg-{post_id} time .pb-time__ago")
    expect(ago).to_have_text("just nu" if language == "sv" else "just now")

    citizen.page.reload()
    server_rendered = citizen.page.locator(f"#inlagg-{post_id} time .pb-time__exact").text_content()
    assert live == server_rendered
    with app.app_context():
        published_at = db.session.get(Post, post_id).published_at
    assert published_at.astimezone(ZoneInfo("Europe/Stockholm")).strftime("%H:%M") in live


def test_times_are_in_the_apps_time_zone_not_the_browsers(app, open_tab, make_post,
                                                                     consultation):
    """Near midnight, a browser elsewhere would put the post on another day."""
    post_id = make_post(consultation, body="Sent på kvällen", state="approved")
    with app.app_context():
        db.session.execute(update(Post).where(Post.id == post_id).values(
            published_at=datetime(2026, 11, 25, 23, 30, tzinfo=UTC)))
        db.session.commit()
    page = open_tab(timezone_id="America/Los_Angeles").page
    page.goto(f"/samrad/{consultation.slug}")
    expect(page.locator(f"#inlagg-{post_id} time .pb-time__exact")).to_have_text(" (2026-11-26 00:30)")
    expect(page.locator(f"#inlagg-{post_id} time")).to_have_attribute("title", "2026-11-26 00:30")
    formatted = page.evaluate("() => window.Parkbank.formatTime('2026-11-25T23:30:00+00:00')")
    assert formatted == "2026-11-26 00:30"


# --- closed consultations ------------------------------------------------------------------------

def test_a_closed_board_and_the_archive_pass_axe(app, open_tab, make_post, consultation):
    make_post(consultation, body="En idé från när samrådet var öppet", state="approved")
    with app.app_context():
        db.session.execute(update(Consultation).values(status=ConsultationStatus.CLOSED))
        db.session.commit()
    page = open_tab().page
    page.goto("/")
    expect(page.get_by_role("heading", name="Avslutade samråd")).to_be_visible()
    assert_accessible(page, "start page with the archive")
    page.goto(f"/samrad/{consultation.slug}")
    expect(page.locator(".support-closed")).to_contain_text("Antal som instämde: 0")
    assert_accessible(page, "closed board")


# --- "Instämmer" ----------------------------------------------------------------------------------

def support_button(page, post_id):
    return page.locator(f"#inlagg-{post_id}").get_by_role("button", name=re.compile(r"^Instämmer"))


def test_support_shows_as_pressed_in_every_tab_of_the_browser(open_tab, make_post, consultation):
    post_id = make_post(consultation, body="Fler cykelställ", state="approved")
    tab = open_tab()
    first = tab.page
    second = tab.context.new_page()  # the same browser: same cookies, same supporter
    for page in (first, second):
        page.goto(f"/samrad/{consultation.slug}")
    expect(support_button(second, post_id)).to_have_attribute("aria-pressed", "false")

    support_button(first, post_id).click()
    expect(support_button(first, post_id)).to_have_attribute("aria-pressed", "true")
    expect(first.locator(f"#inlagg-{post_id} .support-note")).to_have_text("Tack för att du instämmer!")
    expect(support_button(second, post_id)).to_have_attribute("aria-pressed", "true")
    assert_accessible(first, "board with a support note")


def test_a_second_click_takes_the_support_back_and_says_so(open_tab, make_post, consultation):
    """Needs the server's taking back (undo=1, "supported" in the answer)."""
    post_id = make_post(consultation, body="Ett växthus på taket", state="approved")
    page = open_tab().page
    page.goto(f"/samrad/{consultation.slug}")
    button = support_button(page, post_id)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button.locator("[data-field=support_count]")).to_have_text("1")

    button.click()
    expect(page.locator(f"#inlagg-{post_id} .support-note")).to_have_text("Du instämmer inte längre.")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button.locator("[data-field=support_count]")).to_have_text("0")
    page.reload()
    expect(support_button(page, post_id)).to_have_attribute("aria-pressed", "false")
