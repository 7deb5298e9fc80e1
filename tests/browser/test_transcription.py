"""Analog input in a real browser: a moderator enters two notes from one workshop one after the
other without leaving the form (how, where and when stay filled in), both reach an open board
live, and the form passes axe."""

from __future__ import annotations

import pytest

from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser

PLACE = "Stadsbiblioteket, workshop 12 november"


def test_two_notes_from_one_workshop_in_a_row_reach_an_open_board(open_tab, staff_tab, consultation,
                                                                 moderator):
    citizen = open_tab()
    citizen.open_board(consultation.slug)
    citizen.mark_loaded()

    staff = staff_tab(moderator)
    staff.page.get_by_role("link", name="Skriv in inlägg från papper, workshop eller telefon").click()
    page = staff.page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Skriv in inlägg")
    assert_accessible(page, "the analog input form")

    page.get_by_label("Från en workshop").check()
    page.get_by_label("Plats (frivilligt)").fill(PLACE)
    body = page.get_by_label("Texten, som den är skriven")
    body.fill("Ett rum för läxläsning i grupp.")
    expect(page.locator("#body-count")).to_contain_text("31 av 2")
    page.get_by_label("Signatur (frivilligt)").fill("Sara")
    page.get_by_role("button", name="Publicera inlägget").click()

    expect(page.locator("#transcribed")).to_contain_text("är publicerat")
    # The next note: how, where and when are kept, the text and signature are empty, and the
    # text field has the focus, so typing can start at once.
    expect(page.get_by_label("Från en workshop")).to_be_checked()
    expect(page.get_by_label("Plats (frivilligt)")).to_have_value(PLACE)
    expect(body).to_have_value("")
    expect(page.get_by_label("Signatur (frivilligt)")).to_have_value("")
    expect(body).to_be_focused()
    page.keyboard.type("Fler eluttag vid borden.")
    page.get_by_role("button", name="Publicera inlägget").click()
    expect(page.locator("#transcribed")).to_contain_text("Fler eluttag")
    expect(page.get_by_label("Plats (frivilligt)")).to_have_value(PLACE)
    recent = page.locator(".pb-transcribed-list > li")
    expect(recent).to_have_count(2)
    expect(recent.first).to_contain_text("Fler eluttag vid borden.")
    expect(recent.first).to_contain_text(moderator.name)
    assert_accessible(page, "the analog input form after a saved note")

    board = citizen.page.locator("#posts")
    for text in ("Ett rum för läxläsning i grupp.", "Fler eluttag vid borden."):
        card = citizen.page.locator("article.post", has_text=text)
        expect(card).to_contain_text(f"Från en workshop · {PLACE}")
    expect(board).to_contain_text("Sara")
    citizen.assert_not_reloaded()
    assert not citizen.console_errors and not staff.console_errors, (citizen.console_errors,
                                                                     staff.console_errors)


def test_a_refused_note_keeps_what_was_typed_and_reads_out_the_errors_first(staff_tab, consultation,
                                                                           moderator):
    staff = staff_tab(moderator)
    page = staff.page
    page.goto(f"/moderering/{consultation.slug}/analog")
    page.get_by_label("Texten, som den är skriven").fill("Kommunen borde ha ett café.")
    page.get_by_label("Signatur (frivilligt)").fill("Kommunen")
    page.get_by_role("button", name="Publicera inlägget").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Hur det kom in")
    expect(summary).to_contain_text("Signatur")
    expect(page.get_by_label("Texten, som den är skriven")).to_have_value("Kommunen borde ha ett café.")
    assert_accessible(page, "the analog input form with errors")
