"""With a Redis message queue the recent-events store is Redis, under the queue's channel: an event
recorded by one process (here a `flask withdraw-post` command) is served by another without the
database."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest

from parkbank.extensions import db
from parkbank.live import broadcast, recent
from tests.helpers import SqlCounter, build_app
from tests.server import ROOT, reachable_redis, server_env

pytestmark = pytest.mark.server


@pytest.fixture
def channel():
    name = f"parkbank-test-{uuid.uuid4().hex}"
    yield name
    store = recent.RedisStore(reachable_redis(), name)
    for key in store.client.scan_iter(f"{name}:*"):
        store.client.delete(key)
    store.close()


def test_a_redis_queue_chooses_the_redis_store_under_its_channel(schema, channel):
    app = build_app(schema, SOCKETIO_MESSAGE_QUEUE=reachable_redis(), SOCKETIO_CHANNEL=channel)
    store = recent.state(app).store
    assert isinstance(store, recent.RedisStore) and store.prefix == f"{channel}:recent"
    store.close()
    assert isinstance(recent.state(build_app(schema)).store, recent.MemoryStore)


def join(sock, consultation, after, **more):
    ack = sock.emit("join_board", {"consultation": consultation.slug, "after": after, **more},
                    callback=True)
    assert ack["ok"], ack
    return ack


def test_an_event_a_command_recorded_is_served_by_another_process(schema, app, socket_for,
                                                                  consultation, moderator,
                                                                  make_post, channel):
    url = reachable_redis()
    recent.state(app).store = recent.RedisStore(url, channel)  # this process reads that Redis
    post_id = make_post(consultation, "Ring 070-1234567", state="approved")       # 1, here
    board = socket_for()
    join(board, consultation, None, own=False)
    job = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "parkbank", "withdraw-post", str(post_id),
         "--reason", "other", "--by", moderator.email],                          # 2, there
        cwd=ROOT, env=server_env(schema, SOCKETIO_MESSAGE_QUEUE=url, SOCKETIO_CHANNEL=channel),
        capture_output=True, text=True, timeout=60)
    assert job.returncode == 0, job.stdout + job.stderr
    with SqlCounter(app) as counter:
        ack = join(board, consultation, 0, own=False)
    assert counter.statements == []
    assert ack["last_event_id"] == 2
    assert ack["events"] == [
        {"event": "post_withdrawn", "data": {"event_id": 1, "post_id": post_id}},
        {"event": "post_withdrawn", "data": {"event_id": 2, "post_id": post_id}}]
    with app.app_context():
        assert ack["events"] == broadcast.events_since(consultation.id, 0, 501)
        db.session.rollback()
