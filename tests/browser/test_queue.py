"""The moderation queue as a new moderator meets it (issue 11): one decision per key press, the
post's way to "Publicerat", who decided what and when, replies with their idea, and the count in
the tab's title."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from parkbank.auth.models import Role
from parkbank.extensions import db
from parkbank.moderation.models import Decision
from parkbank.posts.models import Post, PostState
from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser

SHORT_TIME = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"  # Swedish short format, as the server writes it


def states(app, *post_ids):
    with app.app_context():
        rows = db.session.execute(select(Post.id, Post.state).where(Post.id.in_(post_ids))).all()
        return {post_id: state for post_id, state in rows}


def two_waiting(make_post, staff_tab, consultation, moderator):
    """Two waiting posts, a moderator's queue, and the list of decision requests it sends."""
    first = make_post(consultation, body="Första väntande inlägget")
    second = make_post(consultation, body="Andra väntande inlägget")
    staff = staff_tab(moderator)
    decisions = []
    staff.page.on("request",
                  lambda r: decisions.append(r.url) if r.url.endswith("/beslut") else None)
    return first, second, staff, decisions


def test_enter_pressed_twice_decides_one_post_only(app, staff_tab, make_post, consultation,
                                                   moderator):
    first, second, staff, decisions = two_waiting(make_post, staff_tab, consultation, moderator)
    page = staff.page
    item = staff.queue_item("Första väntande")

    item.get_by_role("button", name="Godkänn").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # at once, while the first is on its way
    message = item.locator(".decision-message")
    expect(message).to_contain_text("Beslutet är sparat")
    expect(message).to_be_focused()  # not the next post's "Godkänn"
    assert_accessible(page, "queue right after a decision")
    page.keyboard.press("Enter")  # once more, after the answer

    expect(page.locator("#ko-" + str(second)).get_by_role("button", name="Godkänn")).to_be_enabled()
    expect(page.locator("#pending-count")).to_have_text("1")
    assert len(decisions) == 1, decisions
    assert states(app, first, second) == {first: PostState.APPROVED, second: PostState.PENDING}
    expect(message).to_contain_text("Beslutet är sparat")  # no "already decided" for one's own
    # When the decided post leaves the queue, focus goes to the queue's heading.
    expect(page.locator("#pending-heading")).to_be_focused(timeout=10_000)


def test_an_approved_post_appears_under_published_with_its_remove_form(
        open_tab, staff_tab, make_post, consultation, moderator):
    post_id = make_post(consultation, body="En lekplats vid biblioteket")
    staff = staff_tab(moderator)
    staff.mark_loaded()
    staff.queue_item("En lekplats").get_by_role("button", name="Godkänn").click()

    published = staff.page.locator(f"#published li[data-post-id='{post_id}']")
    expect(published).to_contain_text("En lekplats vid biblioteket")
    citizen = open_tab()
    citizen.open_board(consultation.slug)
    expect(citizen.page.locator(f"#inlagg-{post_id}")).to_be_visible()

    staff.remove(published, "Annan anledning")
    expect(published.locator(".decision-message")).to_contain_text("Beslutet är sparat")
    expect(citizen.page.locator(f"#inlagg-{post_id}")).to_have_count(0)
    staff.assert_not_reloaded()


def test_second_moderator_is_told_who_rejected_and_when(staff_tab, make_user, make_post,
                                                        consultation, moderator):
    make_post(consultation, body="Reklam för en bilfirma")
    second = make_user(Role.MODERATOR, name="Bo Granskare")
    first_tab, second_tab = staff_tab(moderator), staff_tab(second)
    second_item = second_tab.queue_item("Reklam för")
    expect(second_item).to_be_visible()

    first_item = first_tab.queue_item("Reklam för")
    first_tab.reject(first_item, "Reklam eller skräppost")

    expect(second_item.locator(".decision-message")).to_have_text(
        re.compile(rf"^Maria Moderator har redan avslagit det här inlägget \({SHORT_TIME}\)\.$"))
    for button in ("Godkänn", "Avslå…", "Anteckning…"):
        expect(second_item.get_by_role("button", name=button)).to_be_disabled()


def test_a_reply_in_the_queue_shows_the_idea_it_answers(open_tab, staff_tab, make_post,
                                                        consultation, moderator):
    idea = "Ett <b>stort</b> läsrum " + "med många fönster " * 15  # longer than the excerpt
    idea_id = make_post(consultation, body=idea, state="approved")
    staff = staff_tab(moderator)  # open before the reply is written: it arrives live

    open_tab().write_reply(consultation.slug, idea_id, "Och sittplatser vid fönstren")

    excerpt = staff.queue_item("Och sittplatser").locator(".parent-excerpt")
    expect(excerpt).to_be_visible()
    expect(excerpt).to_contain_text("Svarar på den här idén:")
    live = excerpt.locator(".parent-body").text_content()
    assert live.startswith("Ett <b>stort</b> läsrum med många fönster") and live.endswith("…")
    assert len(live) == 201  # 200 characters and the ellipsis

    staff.open_queue(consultation.slug)  # the same, rendered by the server
    assert staff.queue_item("Och sittplatser").locator(".parent-body").text_content() == live
    assert_accessible(staff.page, "queue with a reply and the idea it answers")


def test_the_tab_title_counts_the_posts_waiting(open_tab, staff_tab, make_post, consultation,
                                                moderator):
    make_post(consultation, body="Ett väntande inlägg")
    staff = staff_tab(moderator)
    expect(staff.page).to_have_title("(1) Kö: Nytt bibliotek – Exempelby kommun")

    open_tab().submit_idea(consultation.slug, "Ett till väntande inlägg")
    expect(staff.page).to_have_title("(2) Kö: Nytt bibliotek – Exempelby kommun")

    for body in ("Ett väntande inlägg", "Ett till väntande inlägg"):
        staff.queue_item(body).get_by_role("button", name="Godkänn").click()
    expect(staff.page).to_have_title("Kö: Nytt bibliotek – Exempelby kommun")


# --- the shared dialog, keys, search, no script, a narrow screen ------------------------------

def decisions_of(app, post_id):
    with app.app_context():
        return db.session.execute(
            select(Decision).where(Decision.post_id == post_id)).scalars().all()


def test_reject_with_the_keyboard_only_reaches_the_author(app, open_tab, staff_tab, consultation,
                                                          moderator):
    staff = staff_tab(moderator)
    page = staff.page
    expect(page.locator("#queue-shortcuts")).to_be_visible()  # the keys are announced
    citizen = open_tab()
    body = "Sälj biblioteket till en bilfirma"
    citizen.submit_idea(consultation.slug, body)
    citizen.mark_loaded()
    item = staff.queue_item(body)  # arrived live
    expect(item).to_be_visible()
    dialog = page.get_by_role("dialog", name="Avslå inlägget")

    page.keyboard.press("j")  # to the first post
    expect(item.locator(".pb-queue-card")).to_be_focused()
    page.keyboard.press("r")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(body)  # which post is being rejected
    expect(dialog.get_by_label("Innehåller personuppgifter")).to_be_focused()
    page.keyboard.press("Escape")  # changed one's mind: back to the post's "Avslå…"
    expect(dialog).to_be_hidden()
    expect(item.get_by_role("button", name="Avslå…")).to_be_focused()

    item.locator(".pb-queue-card").focus()
    page.keyboard.press("r")
    expect(dialog.get_by_label("Innehåller personuppgifter")).to_be_focused()
    for _ in range(3):  # arrows choose within the group: the fourth reason
        page.keyboard.press("ArrowDown")
    expect(dialog.get_by_label("Hör inte till det här samrådet")).to_be_checked()
    page.keyboard.press("Tab")
    expect(dialog.get_by_label("Anteckning (frivilligt)")).to_be_focused()
    page.keyboard.type("Reklam för en firma")
    dialog.evaluate("d => Promise.all(d.getAnimations({subtree: true}).map(a => a.finished))")
    assert_accessible(page, "queue with the reject dialog open")  # once it has faded in
    page.keyboard.press("Enter")

    expect(dialog).to_be_hidden()
    message = item.locator(".decision-message")
    expect(message).to_contain_text("Inte godkänt")
    expect(message).to_be_focused()
    own = citizen.own_post(body)
    expect(own.locator(".own-status")).to_have_text("Inte godkänt")
    expect(own.locator(".own-reason")).to_contain_text("Hör inte till det här samrådet")
    citizen.assert_not_reloaded()
    post_id = int(item.get_attribute("data-post-id"))
    [decision] = decisions_of(app, post_id)
    assert decision.reason.value == "off_topic" and decision.note == "Reklam för en firma"
    assert staff.console_errors == []


def test_a_pressed_twice_approves_the_focused_post_once(app, staff_tab, make_post, consultation,
                                                         moderator):
    first, second, staff, decisions = two_waiting(make_post, staff_tab, consultation, moderator)
    page = staff.page
    approve = page.locator(f"#ko-{first}").get_by_role("button", name="Godkänn")
    expect(approve).to_have_attribute("aria-keyshortcuts", "a")

    search = page.get_by_label("Sök bland publicerade inlägg")
    search.focus()
    page.keyboard.type("ja")  # typing in a field is typing, not keys
    expect(search).to_have_value("ja")
    page.keyboard.press("Control+a")  # nor with Ctrl
    assert decisions == []

    page.locator("#main").focus()
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(page.locator(f"#ko-{second} .pb-queue-card")).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator(f"#ko-{first} .pb-queue-card")).to_be_focused()
    page.keyboard.press("a")
    page.keyboard.press("a")  # at once, while the first is on its way
    message = page.locator(f"#ko-{first} .decision-message")
    expect(message).to_contain_text("Beslutet är sparat")
    expect(message).to_be_focused()
    page.keyboard.press("a")  # once more, after the answer: focus is on the decided post
    expect(page.locator("#pending-count")).to_have_text("1")
    page.wait_for_timeout(300)
    assert len(decisions) == 1, decisions
    assert states(app, first, second) == {first: PostState.APPROVED, second: PostState.PENDING}

    page.keyboard.press("j")  # on to the next post waiting, past the decided one
    expect(page.locator(f"#ko-{second} .pb-queue-card")).to_be_focused()
    page.keyboard.press("n")  # approve with a note: the note field at once, Enter sends
    dialog = page.get_by_role("dialog", name="Godkänn med anteckning")
    expect(dialog.get_by_label("Anteckning (frivilligt)")).to_be_focused()
    page.keyboard.type("Bra förslag")
    page.keyboard.press("Enter")
    expect(page.locator(f"#ko-{second} .decision-message")).to_contain_text("Publicerat")
    assert states(app, second)[second] == PostState.APPROVED
    [decision] = decisions_of(app, second)
    assert decision.note == "Bra förslag" and decision.reason is None
    assert staff.console_errors == []


def test_search_finds_a_published_post_and_the_pager_keeps_it(open_tab, staff_tab, make_post,
                                                              consultation, moderator):
    for n in range(51):  # more than one page of "Publicerat" (50)
        make_post(consultation, body=f"Äppelträd nummer {n}", state="approved")
    make_post(consultation, body="Ett päronträd vid entrén", state="approved")
    staff = staff_tab(moderator)
    page = staff.page
    page.get_by_label("Sök bland publicerade inlägg").fill("äPPELTRÄD")
    page.get_by_role("button", name="Sök", exact=True).click()

    expect(page.locator("#search-result")).to_contain_text("51 publicerade inlägg innehåller")
    expect(page.locator("#published li")).to_have_count(50)
    expect(page.locator("#published")).not_to_contain_text("päronträd")
    older = page.get_by_role("link", name="Äldre")
    assert "q=" in older.get_attribute("href")
    older.click()
    expect(page.locator("#published li")).to_have_count(1)
    expect(page.locator("#published")).to_contain_text("Äppelträd nummer 0")
    expect(page.get_by_label("Sök bland publicerade inlägg")).to_have_value("äPPELTRÄD")
    assert "q=" in page.get_by_role("link", name="Nyare").get_attribute("href")
    assert_accessible(page, "queue with a search among the published posts")


def test_reject_without_javascript(app, open_tab, make_post, consultation, moderator):
    post_id = make_post(consultation, body="Ett inlägg utan skript")
    staff = open_tab(java_script_enabled=False)
    staff.log_in(moderator)
    page = staff.page
    page.goto(f"/moderering/{consultation.slug}")
    expect(page.locator("#queue-shortcuts")).to_be_hidden()  # the keys need the script
    page.locator(f"#ko-{post_id}").get_by_role("button", name="Avslå…").click()
    expect(page).to_have_url(re.compile(rf"/moderering/inlagg/{post_id}/beslut\?action=reject$"))
    expect(page.get_by_role("heading", name="Avslå inlägget")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Ett inlägg utan skript")
    with_script = open_tab()  # axe runs as a script: check the same page in a tab that has one
    with_script.log_in(moderator)
    with_script.page.goto(page.url)
    assert_accessible(with_script.page, "the decision page")
    page.get_by_label("Reklam eller skräppost").check()
    page.get_by_label("Anteckning (frivilligt)").fill("Utan skript")
    page.get_by_role("button", name="Avslå", exact=True).click()
    expect(page.locator(".flash")).to_contain_text(f"Beslutet om inlägg {post_id} är sparat")
    assert states(app, post_id)[post_id] == PostState.REJECTED


def test_a_long_link_in_the_queue_and_its_dialog_fits_320_px(staff_tab, make_post, consultation,
                                                             moderator):
    long_link = "https://example.se/" + "a" * 281  # 300 characters without a place to break
    make_post(consultation, body=f"Väntar: {long_link}")
    make_post(consultation, body=f"Publicerad: {long_link}", state="approved")
    staff = staff_tab(moderator)
    page = staff.page
    page.set_viewport_size({"width": 320, "height": 700})
    item = staff.queue_item("Väntar:")
    expect(item).to_contain_text("example.se")
    fits = "() => document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(fits), "queue is wider than 320 px"
    item.get_by_role("button", name="Avslå…").click()
    dialog = page.get_by_role("dialog", name="Avslå inlägget")
    expect(dialog).to_contain_text("example.se")
    assert page.evaluate(fits), "queue with the dialog open is wider than 320 px"
    assert dialog.evaluate("d => d.scrollWidth <= d.clientWidth"), "the dialog scrolls sideways"


def test_personal_data_is_flagged_and_marked_server_rendered_and_live(
        open_tab, staff_tab, make_post, consultation, moderator):
    number = "811218-9876"
    body = f"Hej 😀 <b>Åsa</b> här, mitt personnummer är {number}.\nRing 070-123 45 67!"
    make_post(consultation, body=body)
    staff = staff_tab(moderator)
    page = staff.page

    def check(item):
        warning = item.locator(".pb-pii-warning")
        expect(warning).to_be_visible()
        expect(warning).to_have_text("Kan innehålla personuppgifter: personnummer, telefonnummer")
        marks = item.locator("[data-field=body_html] mark")
        expect(marks).to_have_count(2)
        expect(marks.nth(0)).to_have_text(number)
        expect(marks.nth(1)).to_have_text("070-123 45 67")
        text = item.locator("[data-field=body_html]")
        expect(text).to_contain_text("<b>Åsa</b>")  # escaped, as typed
        assert text.locator("b").count() == 0 and text.locator("br").count() == 1

    server = staff.queue_item("mitt personnummer")
    check(server)
    assert_accessible(page, "queue with a post holding personal data")

    open_tab().submit_idea(consultation.slug, "Live: " + body)
    live = staff.queue_item("Live: Hej")
    check(live)  # arrived live: built by queue.js from post.body and post.pii
    plain = "Inget här att se, buss 150 och linje 4, 374 31 Karlshamn"
    open_tab().submit_idea(consultation.slug, plain)
    expect(staff.queue_item("Inget här").locator(".pb-pii-warning")).to_be_hidden()
    expect(staff.queue_item("Inget här").locator("mark")).to_have_count(0)

    live.get_by_role("button", name="Godkänn").click()  # the highlights stay in the queue
    published = page.locator("#published li", has_text="Live: Hej")
    expect(published).to_contain_text(number)
    expect(published.locator("mark")).to_have_count(0)
    assert staff.console_errors == []
