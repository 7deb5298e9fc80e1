"""A kiosk in the library, in Debian's Chromium (issue 14): it forgets each visitor after the
idle time, shows approved posts live, keeps a post written while its network is down and sends it
once when the network is back, and passes axe."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from parkbank.consultations.models import Consultation
from parkbank.extensions import db
from parkbank.kiosk.operations import register_kiosk
from parkbank.posts.models import Channel, Post, PostState
from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def kiosk_token(app, consultation):
    with app.app_context():
        _kiosk, token = register_kiosk(name="Entrén", place="Stadsbiblioteket",
                                       consultation=db.session.get(Consultation, consultation.id))
        db.session.commit()
    return token


def open_kiosk(open_tab, token, clock=False):
    tab = open_tab(viewport={"width": 1280, "height": 800}, has_touch=True)
    if clock:
        tab.page.clock.install()
    since = len(tab.frames)
    tab.page.goto(f"/kiosk/{token}")
    tab.joined_board(since)
    return tab


def posts_with(app, body):
    with app.app_context():
        return list(db.session.execute(select(Post).where(Post.body == body)).scalars())


def test_the_kiosk_forgets_the_visitor_after_the_idle_time(app, open_tab, kiosk_token, make_post,
                                                           consultation):
    idea = make_post(consultation, "Fler sittplatser vid fönstren", state="approved")
    tab = open_kiosk(open_tab, kiosk_token, clock=True)
    page = tab.page
    support = page.locator(f"#inlagg-{idea} .pb-kiosk-support")
    support.click()
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(support).to_contain_text("1")
    page.get_by_role("link", name="Skriv din idé").click()
    page.get_by_role("textbox", name="Din idé").fill("Något personligt som nästa besökare inte ska se")
    page.get_by_label("Namn eller signatur (frivilligt, visas för alla)").fill("Karin")

    page.clock.fast_forward(61_000)  # a minute without a touch

    expect(page.locator("#kiosk-write")).to_be_hidden()
    expect(page.locator("#kiosk-start")).to_be_visible()
    assert page.locator("#body").input_value() == ""
    assert page.locator("#alias").input_value() == ""
    assert "nästa besökare" not in page.content()
    expect(support).to_have_attribute("aria-pressed", "false")
    # The next visitor is someone else: their "I agree" counts again.
    support.click()
    expect(support).to_contain_text("2")
    assert tab.console_errors == []


def test_an_approved_post_appears_on_an_open_kiosk_and_projector_without_a_reload(
        open_tab, staff_tab, kiosk_token, make_post, consultation, moderator):
    make_post(consultation, body="Ett café med utsikt över parken")
    tab = open_kiosk(open_tab, kiosk_token)
    tab.mark_loaded()
    screen = open_tab(viewport={"width": 1920, "height": 1080})
    since = len(screen.frames)
    screen.page.goto(f"/samrad/{consultation.slug}/skarm")
    screen.joined_board(since)
    screen.mark_loaded()
    staff = staff_tab(moderator)
    staff.queue_item("Ett café med utsikt").get_by_role("button", name="Godkänn").click()
    expect(tab.page.locator("#posts")).to_contain_text("Ett café med utsikt över parken")
    expect(tab.page.locator("#kiosk-ideas-heading")).to_contain_text("(1)")
    expect(screen.page.locator("main")).to_contain_text("Ett café med utsikt över parken")
    tab.assert_not_reloaded()
    screen.assert_not_reloaded()


def test_a_post_written_offline_is_kept_and_arrives_once_when_the_network_is_back(
        app, open_tab, staff_tab, kiosk_token, consultation, moderator):
    tab = open_kiosk(open_tab, kiosk_token)
    page = tab.page
    text = "Skrivet när nätverket låg nere: en läsecirkel på lördagar"
    tab.context.set_offline(True)
    expect(page.locator("#live-status")).to_be_visible()
    page.get_by_role("link", name="Skriv din idé").click()
    page.get_by_role("textbox", name="Din idé").fill(text)
    page.get_by_role("button", name="Skicka").click()

    expect(page.locator("#kiosk-thanks-kept")).to_be_visible()
    expect(page.locator("#kiosk-outbox")).to_have_text("1 idé väntar på att skickas")
    page.get_by_role("button", name="Klar").click()
    expect(page.locator("#kiosk-start")).to_be_visible()
    assert page.locator("#body").input_value() == ""  # not shown to the next visitor
    time.sleep(1)
    assert posts_with(app, text) == []

    tab.context.set_offline(False)
    expect(page.locator("#kiosk-outbox")).to_be_hidden(timeout=15_000)
    expect(page.locator("#live-status")).to_be_hidden(timeout=15_000)
    [post] = posts_with(app, text)
    assert (post.channel, post.place, post.state) == (Channel.KIOSK, "Stadsbiblioteket", PostState.PENDING)
    # Once: a reload (the outbox is read again) and another network cut send nothing more.
    page.reload()
    time.sleep(2)
    assert len(posts_with(app, text)) == 1
    # And it goes to pre-moderation like any other post.
    staff = staff_tab(moderator)
    expect(staff.queue_item("läsecirkel på lördagar")).to_be_visible()


def test_the_kiosk_passes_axe_on_each_screen(open_tab, kiosk_token, make_post, consultation):
    make_post(consultation, "En scen för små konserter", state="approved")
    tab = open_kiosk(open_tab, kiosk_token)
    page = tab.page
    assert_accessible(page, "kiosk start")
    # Touch targets are large (WCAG 2.5.5 asks 44 px).
    for target in (page.locator("#kiosk-write-open"), page.locator(".pb-kiosk-support").first,
                   page.locator(".pb-kiosk__staff")):
        box = target.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, box
    page.get_by_role("link", name="Skriv din idé").click()
    expect(page.get_by_role("textbox", name="Din idé")).to_be_focused()
    assert_accessible(page, "kiosk form")
    page.get_by_role("button", name="Skicka").click()
    expect(page.locator("#kiosk-form-error")).to_be_visible()
    assert_accessible(page, "kiosk form with an error")
    page.get_by_role("textbox", name="Din idé").fill("En idé")
    page.get_by_role("button", name="Skicka").click()
    expect(page.locator("#kiosk-thanks")).to_be_visible()
    assert_accessible(page, "kiosk thank-you")


def test_a_post_whose_answer_was_lost_is_sent_again_and_stored_once(app, open_tab, kiosk_token):
    """The network drops just after the server stored the post: the kiosk cannot know, keeps it,
    sends it again, and the server recognises the visit's submission key."""
    tab = open_kiosk(open_tab, kiosk_token)
    page = tab.page
    text = "Svaret kom aldrig fram, men idén gjorde det"
    lost = []

    def lose_the_answer(route):
        if not lost:
            route.fetch()  # the server stores it...
            lost.append(True)
            route.abort("internetdisconnected")  # ...and the answer is lost on the way back
        else:
            route.continue_()

    page.route("**/inlagg", lose_the_answer)
    page.get_by_role("link", name="Skriv din idé").click()
    page.get_by_role("textbox", name="Din idé").fill(text)
    page.get_by_role("button", name="Skicka").click()
    expect(page.locator("#kiosk-thanks-kept")).to_be_visible()
    assert len(posts_with(app, text)) == 1
    page.evaluate("window.dispatchEvent(new Event('online'))")  # the kiosk tries again
    expect(page.locator("#kiosk-outbox")).to_be_hidden(timeout=15_000)
    assert len(posts_with(app, text)) == 1


def test_a_moderator_on_a_kiosk_is_logged_out_after_five_idle_minutes(open_tab, kiosk_token,
                                                                      consultation, moderator):
    tab = open_kiosk(open_tab, kiosk_token, clock=True)
    page = tab.page
    page.get_by_role("link", name="Personal").click()
    expect(page.get_by_text("Du loggar in på en kiosk")).to_be_visible()
    expect(page.get_by_label("Håll mig inloggad på den här datorn")).to_have_count(0)
    page.get_by_label("E-post", exact=True).fill(moderator.email)
    page.get_by_label("Lösenord", exact=True).fill(moderator.password)
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(re.compile(rf"/moderering/{consultation.slug}$"))
    expect(page.locator("#kiosk-staff")).to_contain_text("Du är inloggad på en kiosk")
    assert_accessible(page, "queue on a kiosk")

    page.clock.fast_forward(5 * 60_000 + 1_000)  # five minutes without a touch
    expect(page).to_have_url(re.compile(rf"/kiosk/{re.escape(kiosk_token)}$"))
    expect(page.get_by_role("link", name="Skriv din idé")).to_be_visible()
    page.goto(f"/moderering/{consultation.slug}")
    expect(page).to_have_url(re.compile(r"/logga-in"))  # the login has ended


def test_a_kiosk_switched_off_while_open_keeps_the_post_and_says_so(app, open_tab, kiosk_token):
    from parkbank.kiosk.operations import find_by_token, set_active

    tab = open_kiosk(open_tab, kiosk_token)
    page = tab.page
    with app.app_context():
        set_active(find_by_token(kiosk_token), False)
        db.session.commit()
    page.get_by_role("link", name="Skriv din idé").click()
    page.get_by_role("textbox", name="Din idé").fill("Skrivet just när kiosken stängdes av")
    page.get_by_role("button", name="Skicka").click()
    expect(page.get_by_text("Den här kiosken är avstängd")).to_be_visible(timeout=10_000)
    with app.app_context():
        set_active(find_by_token(kiosk_token), True)
        db.session.commit()
    page.reload()  # switched on again: the kept post is sent
    expect(page.locator("#kiosk-outbox")).to_be_hidden(timeout=15_000)
    assert len(posts_with(app, "Skrivet just när kiosken stängdes av")) == 1


def test_an_answer_that_comes_after_the_reset_leaves_the_next_visitor_alone(app, open_tab, kiosk_token):
    tab = open_kiosk(open_tab, kiosk_token)
    page = tab.page
    held = []
    page.route("**/inlagg", lambda route: held.append(route))  # the answer is slow in coming
    page.get_by_role("link", name="Skriv din idé").click()
    page.get_by_role("textbox", name="Din idé").fill("Den förra besökarens idé")
    page.get_by_role("button", name="Skicka").click()
    expect(page.get_by_role("button", name="Skicka")).to_be_disabled()
    page.get_by_role("button", name="Avbryt").click()  # the visitor walks away: the kiosk resets

    page.get_by_role("link", name="Skriv din idé").click()
    expect(page.get_by_role("button", name="Skicka")).to_be_enabled()
    page.get_by_role("textbox", name="Din idé").fill("Nästa besökare skriver")
    held[0].continue_()  # now the first answer arrives
    expect(page.locator("#kiosk-outbox")).to_be_hidden()
    assert len(posts_with(app, "Den förra besökarens idé")) == 1
    expect(page.locator("#kiosk-thanks")).to_be_hidden()
    assert page.get_by_role("textbox", name="Din idé").input_value() == "Nästa besökare skriver"
