"""Outcomes in a real browser (issue 17): a responder says what became of an idea on the staff page,
and an open board and an open follow-up page show it at once, without reloading. Selectors are
names and ids, not words: the words are translated at merge."""

from __future__ import annotations

import pytest

from parkbank.auth.models import Role
from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser


def test_a_responder_sets_an_outcome_and_the_board_and_follow_up_page_follow(
        open_tab, make_user, make_post, consultation):
    responder = make_user(Role.RESPONDER, name="Eva Svensson")
    idea = make_post(consultation, body="Fler bänkar i parken", state="approved")
    make_post(consultation, body="Längre öppettider", state="approved")

    board = open_tab()
    board.open_board(consultation.slug)
    board.mark_loaded()
    line = board.page.locator(f"#inlagg-{idea} [data-field=outcome]")
    expect(line).to_be_hidden()

    follow = open_tab()
    since = len(follow.frames)
    follow.page.goto(f"/samrad/{consultation.slug}/vad-hande")
    follow.joined_board(since)
    follow.mark_loaded()
    expect(follow.page.locator(".pb-outcome-group")).to_have_count(1)  # all without an outcome
    assert_accessible(follow.page, "the follow-up page")

    staff = open_tab()
    staff.log_in(responder)
    staff.page.goto(f"/samrad/{consultation.slug}/utfall")
    form = staff.page.locator(f"#ide-{idea} form")
    form.locator(f"[name='utfall-{idea}-outcome']").select_option("decided")
    form.locator(f"[name='utfall-{idea}-explanation']").fill("Beslutat i kultur- och fritidsnämnden.")
    form.locator(f"[name='utfall-{idea}-link']").fill("javascript:alert(1)")
    form.locator("button[type=submit]").click()
    # Refused: the error summary takes the focus and what was typed is still there.
    summary = staff.page.locator(f"#ide-{idea}-errors")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(staff.page.locator(f"[name='utfall-{idea}-explanation']")).to_have_value(
        "Beslutat i kultur- och fritidsnämnden.")
    assert_accessible(staff.page, "the outcomes page with an error")
    staff.page.locator(f"[name='utfall-{idea}-link']").fill("https://kommun.example/protokoll")
    staff.page.locator(f"[name='utfall-{idea}-reference']").fill("KFN 2026/12 § 4")
    staff.page.locator(f"#ide-{idea} form button[type=submit]").click()
    expect(staff.page.locator(".flash")).to_be_visible()

    expect(line).to_be_visible()
    expect(line.locator("[data-part=label]")).not_to_be_empty()
    board.assert_not_reloaded()
    groups = follow.page.locator(".pb-outcome-group")
    expect(groups).to_have_count(2)
    expect(groups.first).to_have_attribute("data-outcome", "decided")
    expect(groups.first).to_contain_text("KFN 2026/12 § 4")
    expect(follow.page.locator('td[data-outcome="decided"]')).to_have_text("1")
    follow.assert_not_reloaded()
    assert board.console_errors == [] and follow.console_errors == []
