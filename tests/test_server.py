"""End to end against the real server over a real websocket: a citizen posts over HTTP, a
moderator approves over HTTP, and connected Socket.IO clients see it happen."""

from __future__ import annotations

import pytest
import socketio

from tests.server import (
    WAIT,
    Listener,
    cookie_header,
    decide,
    flask_run,
    free_port,
    gunicorn,
    running,
    server_env,
    staff_session,
    submit_idea,
)

pytestmark = pytest.mark.server


@pytest.fixture(params=["flask run", "gunicorn gevent"])
def server(request, schema, tmp_path):
    port = free_port()
    command = flask_run(port) if request.param == "flask run" else gunicorn(port)
    with running(command, server_env(schema), port, tmp_path / "server.log") as base:
        yield base


def test_post_approve_and_every_client_sees_it(server, app, consultation, moderator):
    board = Listener(server)
    try:
        assert board.client.transport() == "websocket"
        ack = board.client.call("join_board", {"consultation": consultation.slug, "after": 0},
                                timeout=WAIT)
        assert ack["ok"] and ack["events"] == []

        citizen, post_id = submit_idea(server, consultation.slug, "Ett läsrum för <b>alla</b>")

        author = Listener(server, headers=cookie_header(citizen))
        assert author.client.call("join_board", {"consultation": consultation.slug},
                                  timeout=WAIT)["ok"]

        staff, token = staff_session(server, moderator)
        queue = Listener(server, headers=cookie_header(staff))
        joined = queue.client.call("join_queue", {"consultation": consultation.slug}, timeout=WAIT)
        assert [p["id"] for p in joined["pending"]] == [post_id]

        decided = decide(staff, token, server, post_id, action="approve")
        assert decided == {**decided, "id": post_id, "status": "approved"}

        [published] = board.wait_for("post_published")
        assert published["post"]["id"] == post_id
        assert published["post"]["body"] == "Ett läsrum för <b>alla</b>"  # text as typed
        assert published["post"]["body_html"] == "Ett läsrum för &lt;b&gt;alla&lt;/b&gt;"
        assert published["event_id"] == 1
        [told] = author.wait_for("own_post_decided")
        assert told == {**told, "id": post_id, "status": "approved"}
        [queued] = queue.wait_for("post_decided")
        assert queued["decided_by"] == moderator.name
        for listener in (author, queue):
            listener.close()
    finally:
        board.close()


def test_websocket_from_another_origin_is_refused(server):
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(server, headers={"Origin": "https://evil.example"},
                       transports=["websocket"], wait_timeout=5)


def test_staff_queue_is_refused_to_anonymous_sockets(server, consultation):
    anonymous = Listener(server)
    try:
        ack = anonymous.client.call("join_queue", {"consultation": consultation.slug}, timeout=WAIT)
        assert ack == {"ok": False, "error": "forbidden"}
    finally:
        anonymous.close()


def test_a_hostile_body_is_refused_at_once_while_the_server_keeps_answering(server, consultation):
    """120 KB of '<a <a <a …' took 27 s to refuse, and 64 KB blocked a gevent worker for 9 s."""
    import re
    import threading
    import time

    import requests

    citizen = requests.Session()
    page = citizen.get(f"{server}/samrad/{consultation.slug}").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    timings, health = [], []

    def attack():
        for size in (64, 120, 120):
            start = time.perf_counter()
            answer = citizen.post(f"{server}/samrad/{consultation.slug}/inlagg",
                                  data={"csrf_token": token, "body": "<a " * (size * 1024 // 3)},
                                  headers={"Accept": "application/json"})
            timings.append((answer.status_code, time.perf_counter() - start))

    attacker = threading.Thread(target=attack)
    attacker.start()
    while attacker.is_alive():
        start = time.perf_counter()
        health.append((requests.get(f"{server}/healthz", timeout=5).status_code,
                       time.perf_counter() - start))
    attacker.join()
    assert [status for status, _ in timings] == [413, 413, 413]
    assert max(seconds for _, seconds in timings) < 1.0
    assert all(status == 200 and seconds < 1.0 for status, seconds in health)
