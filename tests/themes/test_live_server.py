"""Over a real websocket against the real server: a moderator tags a published idea over HTTP and
a connected board is told its themes and the new counts, in order."""

from __future__ import annotations

import pytest

from tests.server import JSON, WAIT, Listener, flask_run, free_port, running, server_env, staff_session

pytestmark = pytest.mark.server


@pytest.fixture
def server(schema, tmp_path):
    port = free_port()
    with running(flask_run(port), server_env(schema), port, tmp_path / "server.log") as base:
        yield base


def test_a_tag_change_reaches_an_open_board(server, consultation, moderator, make_post, make_theme):
    trafik = make_theme(consultation, "Trafik")
    idea = make_post(consultation, "Fler cykelställ", state="approved")
    board = Listener(server)
    try:
        ack = board.client.call("join_board", {"consultation": consultation.slug, "after": 2},
                                timeout=WAIT)
        assert ack["ok"] and ack["events"] == []
        staff, token = staff_session(server, moderator)
        tagged = staff.post(f"{server}/moderering/inlagg/{idea}/teman", headers=JSON,
                            data={"csrf_token": token, "themes": "1", "theme": str(trafik)})
        assert tagged.status_code == 200, tagged.text
        [themes] = board.wait_for("post_themes")
        [counts] = board.wait_for("theme_counts")
        assert (themes["event_id"], themes["post"]["id"]) == (3, idea)
        assert themes["post"]["themes"] == [{"slug": "trafik", "name": "Trafik"}]
        assert counts == {"event_id": 4, "themes": [{"slug": "trafik", "name": "Trafik", "count": 1}]}
    finally:
        board.close()
