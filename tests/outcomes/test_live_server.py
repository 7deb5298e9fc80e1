"""Over a real websocket against the real server: a responder sets an idea's outcome over HTTP and
a connected board (a python-socketio client) is told `post_outcome` with the idea as it is now."""

from __future__ import annotations

import pytest

from tests.server import JSON, WAIT, Listener, flask_run, free_port, running, server_env, staff_session

pytestmark = pytest.mark.server


@pytest.fixture
def server(schema, tmp_path):
    port = free_port()
    with running(flask_run(port), server_env(schema), port, tmp_path / "server.log") as base:
        yield base


def test_an_outcome_reaches_an_open_board(server, consultation, responder, make_post):
    idea = make_post(consultation, "Fler cykelställ", state="approved")
    board = Listener(server)
    try:
        ack = board.client.call("join_board", {"consultation": consultation.slug, "after": 1},
                                timeout=WAIT)
        assert ack["ok"] and ack["events"] == []
        staff, token = staff_session(server, responder)
        set_ = staff.post(f"{server}/samrad/{consultation.slug}/inlagg/{idea}/utfall", headers=JSON,
                          data={"csrf_token": token, "outcome": "in_proposal",
                                "explanation": "Med i budgetförslaget 2027.",
                                "reference": "KF 2026/88"})
        assert set_.status_code == 200, set_.text
        [told] = board.wait_for("post_outcome")
        assert (told["event_id"], told["post"]["id"]) == (2, idea)
        assert told["post"]["outcome"]["state"] == "in_proposal"
        assert told["post"]["outcome"]["reference"] == "KF 2026/88"
    finally:
        board.close()
