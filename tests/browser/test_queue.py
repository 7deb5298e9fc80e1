"""The moderation queue as a new moderator meets it (issue 11): one decision per key press, the
post's way to "Publicerat", who decided what and when, replies with their idea, and the count in
the tab's title."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from parkbank.auth.models import Role
from parkbank.extensions import db
from parkbank.posts.models import Post, PostState
from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser

SHORT_TIME = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"  # Swedish short format, as the server writes it


def states(app, *post_ids):
    with app.app_context():
        rows = db.session.execute(select(Post.id, Post.state).where(Post.id.in_(post_ids))).all()
        return {post_id: state for post_id, state in rows}


def test_enter_pressed_twice_decides_one_post_only(app, staff_tab, make_post, consultation,
                                                   moderator):
    first = make_post(consultation, body="Första väntande inlägget")
    second = make_post(consultation, body="Andra väntande inlägget")
    staff = staff_tab(moderator)
    page = staff.page
    decisions = []
    page.on("request", lambda r: decisions.append(r.url) if r.url.endswith("/beslut") else None)
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

    published.get_by_label("Anledning till borttagning").select_option(label="Annan anledning")
    published.get_by_role("button", name="Ta bort").click()
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
    first_item.get_by_label("Anledning", exact=True).select_option(label="Reklam eller skräppost")
    first_item.get_by_role("button", name="Avslå").click()

    expect(second_item.locator(".decision-message")).to_have_text(
        re.compile(rf"^Maria Moderator har redan avslagit det här inlägget \({SHORT_TIME}\)\.$"))
    expect(second_item.get_by_role("button", name="Avslå")).to_be_disabled()


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
