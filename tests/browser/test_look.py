"""The municipal look (issue 12), in Debian's Chromium: the organisation named on every page, the
ideas on the first screen, every page at 320 px without sideways scrolling whatever people wrote,
axe (WCAG 2.1 A and AA) on every page in both languages, Swedish content marked inside English."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.extensions import db
from tests.browser.support import CONTACT, ORGANISATION, assert_accessible, expect

pytestmark = pytest.mark.browser

FITS_THE_SCREEN = "() => document.documentElement.scrollWidth <= window.innerWidth"
WIDER_PARTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(0, 5)
  .map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))"""
LONG_LINK = "https://example.se/" + "b" * 281  # 300 characters without a place to break
LONG_TEXT = ("Ett bibliotek är mer än böcker: det är ett vardagsrum för hela staden, med plats för "
             "läxhjälp, språkcaféer, konserter och stillhet. ") * 6


def close(app, consultation):
    with app.app_context():
        db.session.execute(update(Consultation).where(Consultation.id == consultation.id)
                           .values(status=ConsultationStatus.CLOSED))
        db.session.commit()


@pytest.fixture
def closed(app, make_consultation, make_post):
    c = make_consultation(slug="lekplats", title="Ny lekplats", department="Samhällsbyggnad")
    make_post(c, body=f"Gungor och skugga, se {LONG_LINK}", state="approved")
    close(app, c)
    return c


@pytest.fixture
def kiosk(app, consultation):
    """A kiosk's address (a page of its own layout, seen at a library's touch screen)."""
    from parkbank.kiosk.operations import register_kiosk

    with app.app_context():
        _kiosk, token = register_kiosk(name="Entrén", place="Stadsbiblioteket, plan 2",
                                       consultation=db.session.get(Consultation, consultation.id))
        db.session.commit()
    return f"/kiosk/{token}"


def pages_of(consultation, closed, kiosk=None):
    """Every page a visitor or moderator opens, by name (the queue and overview need a login)."""
    return [*([("kiosk", kiosk)] if kiosk else []),
            ("start page", "/"), ("board", f"/samrad/{consultation.slug}"),
            ("closed board", f"/samrad/{closed.slug}"), ("login", "/logga-in"),
            ("privacy notice", "/personuppgifter"), ("accessibility statement", "/tillganglighet"),
            ("not found", "/samrad/finns-inte"),
            ("moderation overview", "/moderering/"), ("queue", f"/moderering/{consultation.slug}"),
            ("public meeting screen", f"/samrad/{consultation.slug}/skarm")]


def test_the_organisation_is_named_in_the_header_title_and_footer(open_tab, consultation, closed):
    page = open_tab().page
    for _name, path in pages_of(consultation, closed)[:7]:
        page.goto(path)
        expect(page).to_have_title(re.compile(rf" – {ORGANISATION}$"))
        expect(page.locator("header .pb-brand")).to_contain_text(ORGANISATION)
        expect(page.locator("footer")).to_contain_text(ORGANISATION)
        expect(page.locator("footer").get_by_role("link", name=CONTACT)).to_be_visible()
        expect(page.locator("footer").get_by_role("link", name="Personuppgifter")).to_be_visible()
        expect(page.locator("footer").get_by_role("link", name="Tillgänglighet")).to_be_visible()


def test_an_idea_is_on_the_first_screen_at_1280_and_near_the_top_on_a_phone(
        open_tab, make_consultation, make_post):
    c = make_consultation(slug="lang-beskrivning", description=LONG_TEXT,
                          department="Kultur- och fritidsförvaltningen", case_number="KS 2026/1",
                          next_steps=LONG_TEXT)
    for n in range(25):
        make_post(c, body=f"Idé nummer {n}: {LONG_TEXT[:300]}", state="approved")
    for width, height in ((1280, 800), (390, 844)):
        tab = open_tab(viewport={"width": width, "height": height})
        tab.open_board(c.slug)
        first = tab.page.locator("#posts > li").first.locator("article")
        box = first.bounding_box()
        # The idea's text begins on the first screen, with room for a line or two of it.
        assert box["y"] + 80 < height, f"at {width}×{height} the first idea starts at {box['y']} px"
        expect(tab.page.get_by_role("button", name="Skriv din idé")).to_be_in_viewport()


def test_no_page_scrolls_sideways_at_320_px_whatever_people_wrote(
        open_tab, staff_tab, make_post, consultation, closed, moderator, kiosk):
    idea = make_post(consultation, body=f"Läs mer: {LONG_LINK}", alias="A" * 60, state="approved")
    make_post(consultation, body=f"Svar med länk {LONG_LINK}", parent_id=idea, state="approved")
    make_post(consultation, body=f"Väntar: {LONG_LINK}")
    staff = staff_tab(moderator)
    staff.page.set_viewport_size({"width": 320, "height": 640})
    for name, path in pages_of(consultation, closed, kiosk):
        staff.page.goto(path)
        staff.page.wait_for_load_state("networkidle")
        assert staff.page.evaluate(FITS_THE_SCREEN), \
            f"{name} is wider than 320 px: {staff.page.evaluate(WIDER_PARTS)}"
    citizen = open_tab(viewport={"width": 320, "height": 640})
    citizen.submit_idea(consultation.slug, f"Min egen {LONG_LINK}")  # under "Dina inlägg" too
    citizen.page.locator(f"#inlagg-{idea} .reply-box > summary").click()  # an open reply form
    citizen.page.locator(f"#inlagg-{idea} .pb-report-open").first.click()  # and "Anmäl"
    assert citizen.page.evaluate(FITS_THE_SCREEN), \
        f"board with forms open is wider than 320 px: {citizen.page.evaluate(WIDER_PARTS)}"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_page_passes_axe_in_both_languages(open_tab, staff_tab, make_post, consultation,
                                                  closed, moderator, kiosk, language):
    first = make_post(consultation, body="Ett café i entrén", alias="Eva", state="approved")
    make_post(consultation, body="Ja, med bra kaffe!", parent_id=first, state="approved")
    make_post(consultation, body=f"Ett rum för läxhjälp {LONG_LINK}")  # waiting
    staff = staff_tab(moderator)
    staff.page.goto(f"/sprak/{language}")
    for name, path in pages_of(consultation, closed, kiosk):
        staff.page.goto(path)
        staff.page.wait_for_load_state("networkidle")
        expect(staff.page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(staff.page, f"{name} ({language})")
    citizen = open_tab()
    citizen.page.goto(f"/sprak/{language}?next=/samrad/{consultation.slug}")
    citizen.start_writing()
    assert_accessible(citizen.page, f"board with the form open ({language})")


def test_swedish_content_is_marked_swedish_inside_the_english_interface(open_tab, make_post,
                                                                         consultation):
    idea = make_post(consultation, body="Ett tyst läsrum", state="approved")
    page = open_tab().page
    page.goto(f"/sprak/en?next=/samrad/{consultation.slug}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Write your idea")).to_be_visible()
    language_of = "el => el.closest('[lang]').getAttribute('lang')"
    assert page.locator("h1").evaluate(language_of) == "sv"
    assert page.locator(".pb-question").evaluate(language_of) == "sv"
    assert page.locator(f"#inlagg-{idea} .post-body").evaluate(language_of) == "sv"
    assert page.locator(f"#inlagg-{idea} .support").evaluate(language_of) == "en"


def test_the_live_indicator_shows_while_connected_and_a_new_idea_is_highlighted(
        open_tab, staff_tab, make_post, consultation, moderator):
    citizen = open_tab()
    citizen.open_board(consultation.slug)
    expect(citizen.page.locator("#live-indicator")).to_be_visible()
    expect(citizen.page.locator("#live-indicator")).to_have_text("Uppdateras direkt")
    post_id = make_post(consultation, body="En helt ny idé")
    staff = staff_tab(moderator)
    staff.queue_item("En helt ny idé").get_by_role("button", name="Godkänn").click()
    arrived = citizen.page.locator("#posts > li").first
    expect(arrived.locator("article")).to_have_id(f"inlagg-{post_id}")
    expect(arrived).to_have_class(re.compile(r"\bpb-new\b"))
    expect(arrived.locator(".pb-time__ago")).to_have_text("just nu")


def test_a_device_clock_ahead_of_the_server_still_says_just_now(open_tab, staff_tab, make_post,
                                                                consultation, moderator):
    citizen = open_tab()
    citizen.page.clock.install(time=datetime.now(UTC) + timedelta(minutes=7))  # a fast phone
    citizen.open_board(consultation.slug)
    post_id = make_post(consultation, body="Klockan går före")
    staff_tab(moderator).queue_item("Klockan går före").get_by_role("button", name="Godkänn").click()
    expect(citizen.page.locator(f"#inlagg-{post_id} .pb-time__ago")).to_have_text("just nu")


def test_a_closed_board_always_shows_the_exact_time(app, open_tab, closed):
    page = open_tab().page
    page.goto(f"/samrad/{closed.slug}")
    exact = page.locator(".pb-time__exact").first
    assert exact.bounding_box()["width"] > 50  # nothing in its card takes focus


def test_the_exact_time_shows_when_focus_is_inside_the_card(open_tab, make_post, consultation):
    idea = make_post(consultation, body="Längre öppettider", state="approved")
    page = open_tab().page
    page.goto(f"/samrad/{consultation.slug}")
    exact = page.locator(f"#inlagg-{idea} .pb-time__exact")
    assert exact.bounding_box()["width"] <= 1  # read out, not shown
    page.locator(f"#inlagg-{idea} .support").focus()
    expect(exact).to_have_text(re.compile(r"^ \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}\)$"))
    assert exact.bounding_box()["width"] > 50
