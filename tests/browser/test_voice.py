"""Who speaks for the municipality, and what citizens report (issue 13), in a real browser: an
assigned responder's reply reaches an open board live as "Kommunens svar"; a citizen's report
reaches a moderator's open queue live and is dismissed there; a politician's view carries its
disclaimer."""

from __future__ import annotations

import pytest

from parkbank.auth.models import Role
from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser


def log_in_as_responder(tab, user):
    tab.page.goto("/logga-in")
    tab.page.get_by_label("E-post", exact=True).fill(user.email)
    tab.page.get_by_label("Lösenord", exact=True).fill(user.password)
    tab.page.get_by_role("button", name="Logga in").click()
    tab.page.wait_for_load_state()


def test_a_responders_reply_reaches_an_open_board_live(open_tab, make_consultation, make_user,
                                                       make_post):
    board_c = make_consultation(slug="svar-live", department="Kultur- och fritidsförvaltningen")
    idea = make_post(board_c, "Öppna biblioteket på söndagar", state="approved")
    responder = make_user(Role.RESPONDER, name="Eva Svensson")
    citizen = open_tab()
    citizen.open_board(board_c.slug)
    citizen.mark_loaded()

    staff = open_tab()
    log_in_as_responder(staff, responder)
    staff.open_board(board_c.slug)
    article = staff.page.locator(f"#inlagg-{idea}")
    article.get_by_text("Svara som kommunen").click()
    article.get_by_label("Kommunens svar").fill("Vi prövar söndagsöppet under våren.")
    assert_accessible(staff.page, "board with the responder's form open")
    article.get_by_role("button", name="Publicera svaret").click()
    expect(staff.page.locator(".flash")).to_contain_text("Kommunens svar är publicerat")

    reply = citizen.page.locator(f"#inlagg-{idea} .replies .pb-official")
    expect(reply).to_contain_text("Vi prövar söndagsöppet under våren.")
    expect(reply.locator(".pb-official-label")).to_have_text("Kommunens svar")
    expect(reply.locator("[data-field=official_signature]")).to_have_text(
        "Eva Svensson, Svarar för kommunen, Kultur- och fritidsförvaltningen")
    expect(reply.locator("[data-field=alias]")).to_be_hidden()
    citizen.assert_not_reloaded()
    assert_accessible(citizen.page, "board with an official reply that arrived live")
    assert not citizen.console_errors, citizen.console_errors

    staff.page.goto(f"/samrad/{board_c.slug}/svara")
    expect(staff.page.locator(f"#ide-{idea}")).to_contain_text("Besvarad")
    assert_accessible(staff.page, "the responders' page")


def test_a_report_reaches_the_queue_live_and_is_dismissed(open_tab, staff_tab, consultation,
                                                          moderator, make_post):
    post = make_post(consultation, "Köp billiga klockor här", state="approved")
    queue = staff_tab(moderator)
    expect(queue.page.locator("#reported-empty")).to_be_visible()

    citizen = open_tab()
    citizen.open_board(consultation.slug)
    article = citizen.page.locator(f"#inlagg-{post}")
    article.get_by_text("Anmäl", exact=True).click()
    article.get_by_label("Anledning", exact=True).select_option("spam")
    article.get_by_label("Något att tillägga? (valfritt)").fill("Reklam för klockor")
    assert_accessible(citizen.page, "board with the report form open")
    article.get_by_role("button", name="Skicka anmälan").click()
    expect(article.locator(".report-message")).to_contain_text("Din anmälan har tagits emot")

    item = queue.page.locator(f"#anmald-{post}")
    expect(item).to_contain_text("Köp billiga klockor här")
    expect(item.locator("[data-report=count]")).to_have_text("1")
    expect(item).to_contain_text("Reklam eller skräppost: 1")
    expect(item).to_contain_text("Reklam för klockor")
    expect(queue.page.locator("#reported-count")).to_have_text("1")
    assert_accessible(queue.page, "queue with a reported post")
    item.get_by_role("button", name="Avfärda anmälningarna").click()
    expect(item.locator(".decision-message")).to_contain_text("Anmälningarna är avfärdade")
    expect(queue.page.locator("#reported-count")).to_have_text("0")
    assert not queue.console_errors, queue.console_errors


def test_a_politicians_view_is_marked_from_the_queue_and_shown_live(open_tab, staff_tab,
                                                                   consultation, moderator,
                                                                   make_post):
    post = make_post(consultation, "Som politiker tycker jag att…", state="approved")
    citizen = open_tab()
    citizen.open_board(consultation.slug)
    queue = staff_tab(moderator)
    published = queue.page.locator(f"#published [data-post-id='{post}']")
    toggle = published.get_by_role("button", name="Politikers personliga åsikt")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(citizen.page.locator(f"#inlagg-{post} .pb-politician")).to_have_text(
        "Politikerns personliga åsikt – inte kommunens ståndpunkt")
    assert_accessible(citizen.page, "board with a politician's view")
