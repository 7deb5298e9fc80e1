"""End to end against the real server over a real websocket: a citizen posts over HTTP, a
moderator approves over HTTP, and connected Socket.IO clients see it happen."""

from __future__ import annotations

import re
import threading

import pytest
import requests
import socketio

from tests.helpers import csrf_token
from tests.server import flask_run, free_port, gunicorn, running, server_env

pytestmark = pytest.mark.server
JSON = {"Accept": "application/json"}
WAIT = 10


@pytest.fixture(params=["flask run", "gunicorn gevent"])
def server(request, schema, tmp_path):
    port = free_port()
    command = flask_run(port) if request.param == "flask run" else gunicorn(port)
    with running(command, server_env(schema), port, tmp_path / "server.log") as base:
        yield base


def cookie_header(session: requests.Session) -> dict:
    return {"Cookie": "; ".join(f"{c.name}={c.value}" for c in session.cookies)}


class Listener:
    """A python-socketio client over a websocket that records what it is pushed."""

    def __init__(self, base, headers=None):
        self.client = socketio.Client(reconnection=False)
        self.received: dict[str, list] = {}
        self.arrived = threading.Condition()
        self.client.on("*", self._record)
        self.client.connect(base, headers=headers or {}, transports=["websocket"], wait_timeout=WAIT)

    def _record(self, event, data):
        with self.arrived:
            self.received.setdefault(event, []).append(data)
            self.arrived.notify_all()

    def wait_for(self, event, timeout=WAIT):
        with self.arrived:
            assert self.arrived.wait_for(lambda: self.received.get(event), timeout), \
                f"no {event} within {timeout}s; got {list(self.received)}"
            return self.received[event]

    def close(self):
        self.client.disconnect()




def test_post_approve_and_every_client_sees_it(server, app, consultation, moderator):
    board = Listener(server)
    try:
        assert board.client.transport() == "websocket"
        ack = board.client.call("join_board", {"consultation": consultation.slug, "after": 0},
                                timeout=WAIT)
        assert ack["ok"] and ack["events"] == []

        citizen = requests.Session()
        page = citizen.get(f"{server}/samrad/{consultation.slug}").text
        key = re.search(r'name="submission_key"[^>]*value="([0-9a-f]+)"', page).group(1)
        posted = citizen.post(f"{server}/samrad/{consultation.slug}/inlagg", headers=JSON, data={
            "body": "Ett läsrum för <b>alla</b>", "alias": "Eva", "csrf_token": csrf_token(page),
            "submission_key": key})
        assert posted.status_code == 201, posted.text
        post_id = posted.json()["id"]

        author = Listener(server, headers=cookie_header(citizen))
        assert author.client.call("join_board", {"consultation": consultation.slug},
                                  timeout=WAIT)["ok"]

        staff = requests.Session()
        token = csrf_token(staff.get(f"{server}/logga-in").text)
        logged_in = staff.post(f"{server}/logga-in", allow_redirects=False, data={
            "email": moderator.email, "password": moderator.password, "csrf_token": token})
        assert logged_in.status_code == 303
        queue = Listener(server, headers=cookie_header(staff))
        joined = queue.client.call("join_queue", {"consultation": consultation.slug}, timeout=WAIT)
        assert [p["id"] for p in joined["pending"]] == [post_id]

        decided = staff.post(f"{server}/moderering/inlagg/{post_id}/beslut", headers=JSON, data={
            "action": "approve", "csrf_token": token})
        assert decided.status_code == 200, decided.text
        assert decided.json() == {**decided.json(), "id": post_id, "status": "approved"}

        [published] = board.wait_for("post_published")
        assert published["post"]["id"] == post_id
        assert published["post"]["body"] == "Ett läsrum för alla"
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
