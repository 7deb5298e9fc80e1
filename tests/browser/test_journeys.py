"""User journeys in a real browser (Debian's headless Chromium) against the real server.

One server and one browser per run (tests/browser/conftest.py); every person in a journey gets a
browser context of their own (own cookies, own socket). Nothing here sleeps: assertions wait with
Playwright's expect(), and waiting for a socket to have joined its room polls the frames the page
received.
"""

from __future__ import annotations

import re

import pytest

from parkbank.auth.models import Role
from tests.browser.support import assert_accessible, cut_off_socket, expect

pytestmark = pytest.mark.browser

# --- 1. posting, approval, and the author watching it happen ----------------------------

def test_citizen_posts_and_sees_the_approval_live(open_tab, staff_tab, consultation, moderator):
    body = "Ett läsrum med långa öppettider"
    citizen = open_tab()
    citizen.submit_idea(consultation.slug, body)
    page = citizen.page
    expect(page.locator("#egna-inlagg")).to_be_visible()
    expect(page.get_by_role("heading", name="Dina inlägg")).to_be_visible()
    own = citizen.own_post(body)
    expect(own.locator(".own-status")).to_have_text("Väntar på granskning")
    expect(page.locator("#posts")).not_to_contain_text(body)
    citizen.mark_loaded()

    staff = staff_tab(moderator)  # a separate context: its own session and socket
    item = staff.queue_item(body)
    expect(item).to_be_visible()
    item.get_by_role("button", name="Godkänn").click()
    expect(item.locator(".decision-message")).to_contain_text("Beslutet är sparat")

    expect(page.locator("#posts")).to_contain_text(body)
    expect(page.locator("#posts-heading .count")).to_have_text("(1)")
    expect(own.locator(".own-status")).to_have_text("Publicerat")
    expect(page.locator("#live-announcer")).to_have_text(re.compile(r"publicera", re.I))
    citizen.assert_not_reloaded()
    expect(staff.page).to_have_url(re.compile(rf"/moderering/{consultation.slug}$"))  # fetch, no post
    assert_accessible(page, "board after a live update")


# --- 2. the queue fills by itself -------------------------------------------------------

def test_queue_fills_live(open_tab, staff_tab, consultation, moderator):
    staff = staff_tab(moderator)
    staff.mark_loaded()
    queue_page = staff.page
    expect(queue_page.locator("#pending-count")).to_have_text("0")
    expect(queue_page.locator("#queue-empty")).to_be_visible()

    body = "Fler bänkar i parken"
    open_tab().submit_idea(consultation.slug, body)

    item = staff.queue_item(body)
    expect(item).to_be_visible()
    expect(queue_page.locator("#pending-count")).to_have_text("1")
    expect(queue_page.locator("#queue-empty")).to_be_hidden()
    expect(queue_page.locator("#live-announcer")).to_have_text("Ett nytt inlägg väntar på granskning.")
    # The live item is a working copy of the template: its own ids, labels and form targets.
    post_id = item.get_attribute("data-post-id")
    assert post_id and post_id != "0"
    expect(item).to_have_attribute("id", f"ko-{post_id}")
    expect(item.get_by_role("article", name=f"Inlägg {post_id}")).to_be_visible()  # labelled by its own id
    forms = item.locator("form:not(.mark-form)")
    expect(forms).to_have_count(3)  # approve, and the openers of "Avslå…" and "Anteckning…"
    for form in forms.all():
        expect(form).to_have_attribute("action", f"/moderering/inlagg/{post_id}/beslut")
    expect(item.locator("form.mark-form")).to_have_attribute(
        "action", f"/moderering/inlagg/{post_id}/politiker")  # the politician's-view toggle
    staff.assert_not_reloaded()
    assert_accessible(queue_page, "queue with a post that arrived live")


# --- 3. rejecting with a reason; the author is told why ---------------------------------

def test_reject_with_reason_reaches_the_author_live(open_tab, staff_tab, consultation, moderator):
    staff = staff_tab(moderator)
    body = "Köp en ny bil till kommunstyrelsen"
    citizen = open_tab()
    citizen.submit_idea(consultation.slug, body)
    citizen.mark_loaded()

    item = staff.queue_item(body)  # arrived live, built from the template
    expect(item).to_be_visible()
    staff.reject(item, "Hör inte till det här samrådet")
    expect(item.locator(".decision-message")).to_contain_text("Inte godkänt")

    own = citizen.own_post(body)
    expect(own.locator(".own-status")).to_have_text("Inte godkänt")
    expect(own.locator(".own-reason")).to_contain_text("Hör inte till det här samrådet")
    expect(citizen.page.locator("#live-announcer")).to_contain_text("Ditt inlägg blev inte godkänt")
    expect(citizen.page.locator("#posts")).not_to_contain_text(body)
    citizen.assert_not_reloaded()


# --- 4. two moderators, one post ----------------------------------------------------------

def test_second_moderator_is_told_live_who_decided(staff_tab, make_user, make_post, consultation,
                                                   moderator):
    make_post(consultation, body="Gratis kaffe på biblioteket")
    second = make_user(Role.MODERATOR, name="Bo Granskare")
    first_tab, second_tab = staff_tab(moderator), staff_tab(second)
    first_item = first_tab.queue_item("Gratis kaffe")
    second_item = second_tab.queue_item("Gratis kaffe")
    expect(second_item).to_be_visible()

    first_item.get_by_role("button", name="Godkänn").click()
    expect(first_item.locator(".decision-message")).to_contain_text("Beslutet är sparat")

    expect(second_item.locator(".decision-message")).to_contain_text(
        "Maria Moderator har redan godkänt det här inlägget (")
    expect(second_item.get_by_role("button", name="Godkänn")).to_be_disabled()
    expect(second_tab.page.locator("#live-announcer")).to_contain_text("Maria Moderator")


def test_second_moderator_who_clicks_late_is_told_who_decided(open_tab, staff_tab, make_user,
                                                              make_post, consultation, moderator):
    make_post(consultation, body="Längre öppettider på helger")
    second = make_user(Role.MODERATOR, name="Bo Granskare")
    second_tab = open_tab()
    second_tab.log_in(second)
    cut_off_socket(second_tab.page)  # no post_decided can reach this page
    second_tab.page.goto(f"/moderering/{consultation.slug}")
    second_item = second_tab.queue_item("Längre öppettider")
    expect(second_item).to_be_visible()

    first_item = staff_tab(moderator).queue_item("Längre öppettider")
    first_item.get_by_role("button", name="Godkänn").click()
    expect(first_item.locator(".decision-message")).to_contain_text("Beslutet är sparat")

    second_item.get_by_role("button", name="Godkänn").click()
    expect(second_item.locator(".decision-message")).to_contain_text(
        "Maria Moderator har redan godkänt det här inlägget (")
    expect(second_item.get_by_role("button", name="Godkänn")).to_be_disabled()


# --- 5. "Instämmer" -----------------------------------------------------------------------

def test_support_updates_every_open_board(open_tab, make_post, consultation):
    post_id = make_post(consultation, body="En skatepark vid ån", state="approved")
    supporter, onlooker = open_tab(), open_tab()
    for tab in (supporter, onlooker):
        tab.open_board(consultation.slug)
    onlooker.mark_loaded()
    button = supporter.page.locator(f"#inlagg-{post_id}").get_by_role(
        "button", name=re.compile(r"^Instämmer"))
    expect(button).to_have_attribute("aria-pressed", "false")

    button.click()

    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button.locator("[data-field=support_count]")).to_have_text("1")
    other = onlooker.page.locator(f"#inlagg-{post_id}")
    expect(other.locator("[data-field=support_count]")).to_have_text("1")
    expect(other.get_by_role("button", name=re.compile(r"^Instämmer"))).to_have_attribute(
        "aria-pressed", "false")
    onlooker.assert_not_reloaded()


def test_reply_published_live_works_like_the_others(open_tab, staff_tab, make_post, consultation,
                                                    moderator):
    post_id = make_post(consultation, body="Ett bibliotek på torget", state="approved")
    reader, writer = open_tab(), open_tab()
    reader.open_board(consultation.slug)
    reader.mark_loaded()

    writer.write_reply(consultation.slug, post_id, "Ja, med långa öppettider")

    item = staff_tab(moderator).queue_item("Ja, med långa öppettider")
    expect(item.get_by_text("Svar på ett annat inlägg")).to_be_visible()
    item.get_by_role("button", name="Godkänn").click()

    reply = reader.page.locator(f"#inlagg-{post_id} .replies .post.reply")
    expect(reply).to_contain_text("Ja, med långa öppettider")
    support = reply.get_by_role("button", name=re.compile(r"^Instämmer"))
    support.click()
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(support.locator("[data-field=support_count]")).to_have_text("1")
    reader.assert_not_reloaded()  # the live reply's form is sent with fetch, like the others


# --- 6. removing a published post -----------------------------------------------------------

def test_removed_post_disappears_from_open_boards(open_tab, staff_tab, make_post, consultation,
                                                  moderator):
    post_id = make_post(consultation, body="Ett inlägg som ska bort", state="approved")
    make_post(consultation, body="Ett inlägg som får stå kvar", state="approved")
    citizen = open_tab()
    citizen.open_board(consultation.slug)
    citizen.mark_loaded()
    expect(citizen.page.locator(f"#inlagg-{post_id}")).to_be_visible()

    staff = staff_tab(moderator)
    published = staff.page.locator(f"#published li[data-post-id='{post_id}']")
    staff.remove(published, "Annan anledning")
    expect(published.locator(".decision-message")).to_contain_text("Beslutet är sparat")

    expect(citizen.page.locator(f"#inlagg-{post_id}")).to_have_count(0)
    expect(citizen.page.locator("#posts-heading .count")).to_have_text("(1)")
    expect(citizen.page.locator("#posts")).to_contain_text("Ett inlägg som får stå kvar")
    expect(citizen.page.locator("#live-announcer")).to_have_text("En idé har tagits bort.")
    citizen.assert_not_reloaded()


def test_unsent_text_survives_a_reload_and_is_forgotten_once_sent(open_tab, consultation):
    citizen = open_tab()
    citizen.open_board(consultation.slug)
    citizen.start_writing()
    citizen.page.get_by_label("Din idé", exact=True).fill("En lång text jag inte vill förlora")
    citizen.page.reload()
    field = citizen.page.get_by_label("Din idé", exact=True)
    expect(field).to_have_value("En lång text jag inte vill förlora")
    citizen.page.get_by_role("button", name="Skicka", exact=True).click()
    expect(citizen.page.locator(".flash")).to_contain_text("Ditt inlägg väntar på granskning")
    expect(citizen.page.get_by_label("Din idé", exact=True)).to_have_value("")
    # The thank-you page's (deferred) script forgets the draft; let it run before reloading, as
    # any person's reload would.
    citizen.page.wait_for_load_state("load")
    citizen.page.reload()
    expect(citizen.page.get_by_label("Din idé", exact=True)).to_have_value("")


# --- 7. keyboard only -----------------------------------------------------------------------

FOCUS_IS_VISIBLE = """() => {
  const focused = document.activeElement;
  // Designsystemet rings a checkbox's or radio's whole field (box and label), not the box alone.
  const el = (focused.matches('input[type=checkbox], input[type=radio]') && focused.closest('.ds-field'))
    || focused;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  // a yellow outline (for the dark header) and a dark ring (for light backgrounds)
  return focused.matches(':focus-visible') && style.outlineStyle !== 'none'
    && parseFloat(style.outlineWidth) >= 2 && style.boxShadow !== 'none'
    && box.width > 0 && box.height > 0
    && box.right > 0 && box.bottom > 0 && box.left < innerWidth;
}"""


def test_keyboard_order_and_visible_focus(open_tab, make_post, consultation):
    post_id = make_post(consultation, body="Läxhjälp på kvällarna", state="approved")
    page = open_tab().page
    page.goto(f"/samrad/{consultation.slug}")
    form, article = page.locator("#post-form"), page.locator(f"#inlagg-{post_id}")
    write = page.get_by_role("button", name="Skriv din idé")
    expected = [
        page.get_by_role("link", name="Hoppa till innehållet"),
        page.get_by_role("link", name="Exempelby kommun Parkbänk"),
        page.get_by_role("link", name="Inloggning för personal"),
        page.get_by_role("link", name="In English"),
        write,
        page.get_by_role("searchbox", name="Sök bland idéer och svar"),
        page.get_by_role("button", name="Sök", exact=True),
        article.get_by_role("button", name=re.compile(r"^Instämmer")),
        article.locator("summary", has_text="Skriv ett svar"),
    ]
    for step, target in enumerate(expected):
        page.keyboard.press("Tab")
        expect(target).to_be_focused()
        assert page.evaluate(FOCUS_IS_VISIBLE), f"no visible focus at step {step}: {target}"

    # The skip link takes a keyboard user past the menu, straight to the button that opens the
    # form; pressing it opens the form and puts the cursor in it, and the form goes on in order.
    page.goto(f"/samrad/{consultation.slug}")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(write).to_be_focused()
    page.keyboard.press("Enter")
    expect(write).to_have_attribute("aria-expanded", "true")
    for target in (form.get_by_label("Din idé", exact=True),
                   form.get_by_label("Namn eller signatur (frivilligt, visas för alla)", exact=True),
                   form.get_by_label("E-post (frivilligt, visas aldrig)", exact=True),
                   form.get_by_label("Ja, ni får spara min adress för att mejla mig om det här inlägget.",
                                     exact=True),
                   form.get_by_role("button", name="Skicka", exact=True)):
        expect(target).to_be_focused()
        assert page.evaluate(FOCUS_IS_VISIBLE), f"no visible focus on {target}"
        page.keyboard.press("Tab")

    # A reply form opens with the keyboard too.
    summary = article.locator(".reply-box > summary")
    summary.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(article.get_by_label("Ditt svar")).to_be_focused()


# --- 8. accessibility (axe-core, WCAG 2.1 A and AA) -----------------------------------------

def test_pages_pass_axe(open_tab, make_post, consultation, moderator):
    first = make_post(consultation, body="Ett café i entrén", alias="Eva", state="approved")
    make_post(consultation, body="Ja, med bra kaffe!", parent_id=first, state="approved")
    second = make_post(consultation, body="Plats för barnvagnar", state="approved")
    make_post(consultation, body="Och rullstolar", alias="Ali", parent_id=second, state="approved")
    make_post(consultation, body="Ett rum för läxhjälp")  # pending

    citizen = open_tab()
    page = citizen.page
    page.goto("/")
    assert_accessible(page, "start page")
    page.goto(f"/samrad/{consultation.slug}")
    assert_accessible(page, "board")
    citizen.start_writing()
    assert_accessible(page, "board with the form open")

    page.get_by_role("button", name="Skicka", exact=True).click()  # nothing written
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#body-error")).to_contain_text("Skriv något innan du skickar.")
    assert_accessible(page, "board after a failed submission")

    citizen.submit_idea(consultation.slug, "Ett inlägg som väntar")
    assert_accessible(page, "board with an own post waiting")

    staff = open_tab()
    staff.page.goto("/logga-in")
    assert_accessible(staff.page, "login page")
    staff.page.get_by_role("button", name="Logga in").click()
    expect(staff.page.locator(".error").first).to_be_visible()
    assert_accessible(staff.page, "login page with errors")
    staff.log_in(moderator)
    assert_accessible(staff.page, "moderation overview")
    staff.open_queue(consultation.slug)
    expect(staff.page.locator("#queue .queue-item")).to_have_count(2)
    assert_accessible(staff.page, "moderation queue with pending posts")


# --- 9. Content-Security-Policy ---------------------------------------------------------------

RECORD_CSP = """document.addEventListener('securitypolicyviolation', (e) => {
  (window.pbCsp = window.pbCsp || []).push(e.violatedDirective + ' ' + e.blockedURI);
});"""


def test_no_csp_violations_or_script_errors(open_tab, make_post, consultation, moderator):
    post_id = make_post(consultation, body="Sagostund på lördagar", state="approved")
    make_post(consultation, body="Ett väntande inlägg")
    citizen, staff = open_tab(), open_tab()
    for tab in (citizen, staff):
        tab.context.add_init_script(RECORD_CSP)

    citizen.open_board(consultation.slug)
    support = citizen.page.locator(f"#inlagg-{post_id}").get_by_role(
        "button", name=re.compile(r"^Instämmer"))
    support.click()
    expect(support).to_have_attribute("aria-pressed", "true")

    staff.log_in(moderator)
    staff.open_queue(consultation.slug)
    item = staff.queue_item("Ett väntande inlägg")
    item.get_by_role("button", name="Godkänn").click()
    expect(item.locator(".decision-message")).to_contain_text("Beslutet är sparat")
    expect(citizen.page.locator("#posts")).to_contain_text("Ett väntande inlägg")

    for tab in (citizen, staff):
        assert tab.page.evaluate("() => window.pbCsp || []") == []
        assert tab.console_errors == []


# --- 10. reconnecting after a lost connection -------------------------------------------------

def test_board_catches_up_after_a_lost_connection(open_tab, staff_tab, make_post, consultation,
                                                  moderator):
    make_post(consultation, body="Ett inlägg som publiceras medan sidan är offline")
    citizen = open_tab()
    page = citizen.page
    cut = {"off": False}
    sockets = []

    def websocket(ws):
        if cut["off"]:
            # Stand-in for an unreachable server: a connection attempt that fails. (A socket that
            # opens and closes cleanly before the handshake would leave the client waiting for its
            # 20 s connect timeout instead.) "x" is not an Engine.IO packet: the client gives up on
            # this transport at once, tries polling (refused below), then retries with back-off.
            ws.send("x")
            return
        sockets.append((ws, ws.connect_to_server()))

    page.route_web_socket(re.compile(r"/socket\.io/"), websocket)
    page.route("**/socket.io/**", lambda route: route.abort() if cut["off"] else route.continue_())
    citizen.open_board(consultation.slug)
    citizen.mark_loaded()

    cut["off"] = True
    for to_page, to_server in sockets:
        to_server.close()
        to_page.close()
    expect(page.locator("#live-status")).to_be_visible()
    expect(page.locator("#live-status")).to_contain_text("Vi försöker ansluta igen")
    expect(page.locator("#live-announcer")).to_contain_text("Vi försöker ansluta igen")

    staff = staff_tab(moderator)
    item = staff.queue_item("medan sidan är offline")
    item.get_by_role("button", name="Godkänn").click()
    expect(item.locator(".decision-message")).to_contain_text("Beslutet är sparat")
    expect(page.locator("#posts")).not_to_contain_text("medan sidan är offline")

    since = len(citizen.frames)
    cut["off"] = False
    # Socket.IO retries with a growing delay (at most 5 s, randomised by ±50 %, so up to 7.5 s),
    # and an attempt begun just before the cut ended may take its own time: allow two full waits.
    citizen.wait_for_frame('"last_event_id"', since, timeout=20)  # reconnected, caught up
    expect(page.locator("#live-status")).to_be_hidden()
    expect(page.locator("#posts")).to_contain_text("medan sidan är offline")
    expect(page.locator("#live-announcer")).to_contain_text("En ny idé har publicerats.")
    citizen.assert_not_reloaded()
