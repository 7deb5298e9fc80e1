"""Redaction in a real browser: a moderator removes a phone number from a published post and an
open board shows [borttaget] live, without reloading; the pages pass axe."""

from __future__ import annotations

import pytest

from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser

PHONE = "070-123 45 67"


def test_a_redacted_phone_number_leaves_an_open_board_live(open_tab, staff_tab, make_post,
                                                           consultation, moderator):
    post_id = make_post(consultation, body=f"Ring mig på {PHONE} om lekplatsen", state="approved")
    citizen = open_tab()
    citizen.open_board(consultation.slug)
    citizen.mark_loaded()
    board_post = citizen.page.locator(f"#inlagg-{post_id}")
    expect(board_post).to_contain_text(PHONE)
    # The follow-up page (/vad-hande) shows the published ideas too: it follows the redaction.
    follow = open_tab()
    since = len(follow.frames)
    follow.page.goto(f"/samrad/{consultation.slug}/vad-hande")
    follow.joined_board(since)
    follow.mark_loaded()
    follow_post = follow.page.locator(f"#ide-{post_id}")
    expect(follow_post).to_contain_text(PHONE)

    staff = staff_tab(moderator)
    published = staff.page.locator(f'#published [data-post-id="{post_id}"]')
    published.get_by_role("link", name="Maskera…").click()
    expect(staff.page.get_by_role("heading", name="Maskera inlägget")).to_be_visible()
    finding = staff.page.get_by_label("telefonnummer", exact=False)
    expect(finding).to_be_checked()
    assert_accessible(staff.page, "redaction page")

    # With script: text selected in the post is added as a passage.
    staff.page.locator("#redact-text [data-field=body_html]").evaluate("""(node) => {
        const text = node.querySelector('mark').nextSibling;
        const range = document.createRange();
        range.setStart(text, text.textContent.indexOf('lekplatsen'));
        range.setEnd(text, text.textContent.indexOf('lekplatsen') + 'lekplatsen'.length);
        getSelection().removeAllRanges(); getSelection().addRange(range);
    }""")
    staff.page.get_by_role("button", name="Lägg till den markerade texten").click()
    expect(staff.page.get_by_label("Andra stycken att ta bort (frivilligt)")).to_have_value("lekplatsen")

    staff.page.get_by_role("button", name="Ta bort de valda styckena").click()
    expect(staff.page.locator(".flash")).to_contain_text(f"Inlägg {post_id} är maskerat")
    expect(published).to_contain_text("Ring mig på [borttaget] om [borttaget]")

    expect(board_post).to_contain_text("Ring mig på [borttaget] om [borttaget]")
    expect(board_post).not_to_contain_text(PHONE)
    citizen.assert_not_reloaded()
    expect(follow_post).not_to_contain_text(PHONE)
    follow.assert_not_reloaded()
    assert_accessible(citizen.page, "board after a redaction")
    assert not citizen.console_errors and not staff.console_errors, (citizen.console_errors,
                                                                     staff.console_errors)
