"""A board never freezes while it looks live: a join that is never answered is retried."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import expect

pytestmark = pytest.mark.browser


def test_a_lost_join_is_retried_and_the_board_stays_live(open_tab, staff_tab, make_post,
                                                         consultation, moderator):
    """The first join_board never reaches the server (as when a handler died in a reconnect
    storm and sent no ack): the board times the join out, tries again, and shows what follows."""
    make_post(consultation, body="Godkänns efter en förlorad anslutning")
    citizen = open_tab()
    page = citizen.page
    dropped = []

    def websocket(ws):
        to_server = ws.connect_to_server()

        def from_page(message):
            if not dropped and isinstance(message, str) and '"join_board"' in message:
                dropped.append(message)  # swallowed: no room joined, no ack
                return
            to_server.send(message)

        ws.on_message(from_page)

    page.route_web_socket(re.compile(r"/socket\.io/"), websocket)
    page.goto(f"/samrad/{consultation.slug}")
    citizen.wait_for_frame('"last_event_id"', timeout=15)  # the retry's ack
    assert len(dropped) == 1

    staff = staff_tab(moderator)
    staff.queue_item("förlorad anslutning").get_by_role("button", name="Godkänn").click()
    expect(page.locator("#posts")).to_contain_text("Godkänns efter en förlorad anslutning")
