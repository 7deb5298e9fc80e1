"""Search in a real browser at a phone's width and a desktop's: from the board's form to the
results (marked words, count, paging), on to the post on its board, without script too; axe."""

from __future__ import annotations

import pytest

from tests.browser.support import assert_accessible, expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_searching_from_the_board_finds_inflections_and_leads_to_the_post(open_tab, consultation,
                                                                          make_post, width):
    target = make_post(consultation, "Biblioteket borde ha en biblioteksbuss som kör till byarna "
                       "på lördagar, så att barnen kan låna böcker.", state="approved")
    make_post(consultation, "Fler parkbänkar vid ån", state="approved")
    for n in range(21):
        make_post(consultation, f"Idé nummer {n} om bibliotekets öppettider", state="approved")
    tab = open_tab(viewport={"width": width, "height": 900})
    page = tab.page
    tab.open_board(consultation.slug)
    page.screenshot(path=f"/tmp/search-board-{width}.png")
    page.get_by_label("Sök bland idéer och svar").fill("bibliotek")
    page.get_by_label("Sök bland idéer och svar").press("Enter")
    expect(page.get_by_role("heading", name="22 träffar för ”bibliotek”")).to_be_visible()
    expect(page.locator(".pb-hit mark").first).to_be_visible()
    assert_accessible(page, "search results")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"/tmp/search-results-{width}.png", full_page=True)

    page.goto(f"/samrad/{consultation.slug}/sok?q=biblioteksbussar")
    expect(page.get_by_role("heading", name="1 träff för ”biblioteksbussar”")).to_be_visible()
    page.get_by_role("link", name="Visa på samrådssidan").click()
    expect(page.locator(f"#inlagg-{target}")).to_be_in_viewport()

    page.goto(f"/samrad/{consultation.slug}/sok?q=%22%29+OR+NEAR%28*")
    expect(page.get_by_role("heading", name="Inga träffar")).to_be_visible()
    assert_accessible(page, "search without matches")
    page.screenshot(path=f"/tmp/search-none-{width}.png", full_page=True)
    assert not tab.console_errors, tab.console_errors


def test_the_start_page_searches_every_consultation_without_script(open_tab, consultation, make_post):
    make_post(consultation, "Lekplatsen behöver nya gungor", state="approved")
    tab = open_tab(java_script_enabled=False, viewport={"width": 390, "height": 900})
    page = tab.page
    page.goto("/")
    page.screenshot(path="/tmp/search-start-390.png")
    page.get_by_label("Sök i alla samråd").fill("lekplats")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("heading", name="1 träff för ”lekplats”")).to_be_visible()
    expect(page.locator(".pb-hit")).to_contain_text("Nytt bibliotek")
    page.screenshot(path="/tmp/search-site-390.png", full_page=True)
