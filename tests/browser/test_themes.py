"""Themes in a real browser (issue 16): a project leader makes the theme list, a moderator tags an
idea at approval and later, and open boards — one filtered by a theme — follow live."""

from __future__ import annotations

import re

import pytest

from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation
from parkbank.extensions import db
from parkbank.themes.operations import create_theme
from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser


def themes(app, consultation, leader, *names):
    with app.app_context():
        c, user = db.session.get(Consultation, consultation.id), db.session.get(User, leader.id)
        made = [create_theme(c, name, user=user).id for name in names]
        db.session.commit()
        return made


def test_a_project_leader_adds_orders_and_retires_themes(open_tab, make_user, consultation):
    leader = make_user(Role.PROJECT_LEADER, name="Petra Projektledare")
    tab = open_tab()
    tab.log_in(leader)
    page = tab.page
    page.get_by_role("link", name="Redigera temana").click()
    for name in ("Trafik", "Parker och grönska"):
        page.get_by_label("Temats namn").fill(name)
        page.get_by_role("button", name="Lägg till", exact=True).click()
        expect(page.locator(".flash")).to_contain_text(f"Temat ”{name}” är tillagt")
    page.get_by_role("button", name=re.compile(r"Flytta upp\W+Parker och grönska")).click()
    expect(page.locator(".pb-theme-row h3")).to_have_text(["Parker och grönska", "Trafik"])
    page.get_by_role("button", name=re.compile(r"Pensionera\W+Trafik")).click()
    expect(page.locator("#teman")).to_contain_text("Pensionerat")
    assert_accessible(page, "the theme list")


def test_a_moderator_tags_at_approval_and_boards_follow_live(app, open_tab, staff_tab, make_user,
                                                             make_post, consultation, moderator):
    leader = make_user(Role.PROJECT_LEADER)
    trafik, _park = themes(app, consultation, leader, "Trafik", "Parker")
    idea = make_post(consultation, body="Fler cykelställ vid stationen")
    filtered = open_tab()
    since = len(filtered.frames)
    filtered.page.goto(f"/samrad/{consultation.slug}?tema=trafik")
    filtered.joined_board(since)
    expect(filtered.page.locator("#posts .empty")).to_have_text(
        "Inga publicerade idéer i det här temat ännu.")
    board = open_tab()
    board.open_board(consultation.slug)
    trafik_link = board.page.locator('#theme-list a[data-theme="trafik"]')
    expect(trafik_link).to_have_text("Trafik (0)")

    staff = staff_tab(moderator)
    card = staff.queue_item("Fler cykelställ")
    card.get_by_label("Trafik").check()
    assert_accessible(staff.page, "the queue with theme choices")
    card.get_by_role("button", name="Godkänn").click()
    expect(card.locator(".decision-message")).to_contain_text("Beslutet är sparat")

    # The filtered board shows the idea with its theme, and both boards count it.
    shown = filtered.page.locator(f"#inlagg-{idea}")
    expect(shown).to_be_visible()
    expect(shown.locator("[data-field=themes]")).to_have_text("Trafik")
    expect(filtered.page.locator('#theme-list a[data-theme="trafik"]')).to_have_text("Trafik (1)")
    expect(trafik_link).to_have_text("Trafik (1)")
    assert_accessible(filtered.page, "the board filtered by a theme")

    # Tagged again in "Published": the idea leaves the filtered board, the counts follow.
    published = staff.page.locator(f"#published li[data-post-id='{idea}']")
    published.locator("summary").click()
    published.get_by_label("Trafik").uncheck()
    published.get_by_label("Parker").check()
    published.get_by_role("button", name="Spara teman").click()
    expect(published.locator("[data-themes-summary]")).to_have_text("Parker")
    expect(shown).to_have_count(0)
    expect(trafik_link).to_have_text("Trafik (0)")
    expect(board.page.locator('#theme-list a[data-theme="parker"]')).to_have_text("Parker (1)")
    expect(board.page.locator(f"#inlagg-{idea} [data-field=themes]")).to_have_text("Parker")
    for tab in (filtered, board, staff):
        assert tab.console_errors == [], tab.console_errors
    assert trafik  # the ids are the page's checkbox values


def test_approving_with_a_note_keeps_the_themes_ticked_on_the_card(app, staff_tab, make_user, make_post,
                                                                   consultation, moderator):
    from parkbank.posts.models import Post

    leader = make_user(Role.PROJECT_LEADER)
    themes(app, consultation, leader, "Trafik", "Parker")
    idea = make_post(consultation, body="Ett nytt övergångsställe")
    staff = staff_tab(moderator)
    card = staff.queue_item("Ett nytt övergångsställe")
    card.get_by_label("Parker").check()
    card.get_by_role("button", name="Anteckning…").click()
    dialog = staff.page.get_by_role("dialog", name="Godkänn med anteckning")
    dialog.get_by_label("Anteckning (frivilligt)").fill("Ringde förslagsställaren")
    dialog.get_by_role("button", name="Godkänn", exact=True).click()
    expect(card.locator(".decision-message")).to_contain_text("Beslutet är sparat")
    with app.app_context():
        assert [t.slug for t in db.session.get(Post, idea).themes] == ["parker"]


def test_a_long_theme_name_wraps_on_a_phone_and_its_count_stays_whole(app, open_tab, make_user,
                                                                       consultation):
    leader = make_user(Role.PROJECT_LEADER)
    themes(app, consultation, leader, "Trafik", "Belysning och trygghet på kvällstid i centrum")
    tab = open_tab(viewport={"width": 390, "height": 844})
    tab.page.goto(f"/samrad/{consultation.slug}")
    link = tab.page.locator('#theme-list a[data-theme^="belysning"]')
    expect(link).to_have_text(re.compile(r"\(0\)$"))
    name_height, count_height, line = link.evaluate(
        "a => [a.firstElementChild.getBoundingClientRect().height,"
        " a.querySelector('.count').getBoundingClientRect().height,"
        " parseFloat(getComputedStyle(a).lineHeight)]")
    assert name_height > 1.5 * line  # the name wraps inside the link ...
    assert count_height < 1.5 * line  # ... and "(0)" is on one line beside it


def test_saving_themes_in_place_still_names_a_retired_theme_the_idea_keeps(app, staff_tab, make_user,
                                                                           make_post, consultation,
                                                                           moderator):
    from parkbank.themes.operations import set_post_themes, set_retired

    leader = make_user(Role.PROJECT_LEADER)
    trafik, gammal, _parker = themes(app, consultation, leader, "Trafik", "Gammalt tema", "Parker")
    idea = make_post(consultation, body="Fler bänkar i parken", state="approved")
    with app.app_context():
        set_post_themes(idea, [trafik, gammal], user=db.session.get(User, moderator.id))
        set_retired(db.session.get(Consultation, consultation.id), gammal, True,
                    user=db.session.get(User, leader.id))
        db.session.commit()
    staff = staff_tab(moderator)
    published = staff.page.locator(f"#published li[data-post-id='{idea}']")
    summary = published.locator("[data-themes-summary]")
    expect(summary).to_have_text("Trafik, Gammalt tema")
    published.locator("summary").click()
    published.get_by_label("Parker").check()
    published.get_by_role("button", name="Spara teman").click()
    expect(published.locator(".decision-message")).to_have_text("Temana är sparade.")
    expect(summary).to_have_text("Trafik, Gammalt tema, Parker")  # as the idea is tagged now


def test_a_theme_link_keeps_the_focus_when_the_counts_change_live(app, open_tab, staff_tab, make_user,
                                                                  make_post, consultation, moderator):
    leader = make_user(Role.PROJECT_LEADER)
    themes(app, consultation, leader, "Trafik", "Parker")
    make_post(consultation, body="Fler cykelställ vid stationen")
    board = open_tab()
    board.open_board(consultation.slug)
    trafik = board.page.locator('#theme-list a[data-theme="trafik"]')
    trafik.focus()  # a keyboard user is going through the filter
    staff = staff_tab(moderator)
    card = staff.queue_item("Fler cykelställ")
    card.get_by_label("Trafik").check()
    card.get_by_role("button", name="Godkänn").click()
    expect(trafik).to_have_text("Trafik (1)")
    expect(trafik).to_be_focused()


def test_a_filtered_boards_heading_counts_an_idea_leaving_the_theme_from_a_later_page(
        app, open_tab, staff_tab, make_user, make_post, consultation, moderator):
    from parkbank.themes.operations import set_post_themes

    leader = make_user(Role.PROJECT_LEADER)
    [trafik] = themes(app, consultation, leader, "Trafik")
    ideas = [make_post(consultation, body=f"Trafikidé nummer {n}", state="approved") for n in range(21)]
    with app.app_context():
        for idea in ideas:
            set_post_themes(idea, [trafik], user=db.session.get(User, moderator.id))
        db.session.commit()
    filtered = open_tab()
    since = len(filtered.frames)
    filtered.page.goto(f"/samrad/{consultation.slug}?tema=trafik")  # 20 a page: the first idea is on page 2
    filtered.joined_board(since)
    heading = filtered.page.locator("#posts-heading .count")
    expect(heading).to_have_text("(21)")
    staff = staff_tab(moderator)
    published = staff.page.locator(f"#published li[data-post-id='{ideas[0]}']")
    published.locator("summary").click()
    published.get_by_label("Trafik").uncheck()
    published.get_by_role("button", name="Spara teman").click()
    expect(filtered.page.locator('#theme-list a[data-theme="trafik"]')).to_have_text("Trafik (20)")
    expect(heading).to_have_text("(20)")
