"""Two server processes share the database and a Redis message queue: a post approved through
process A reaches a board connected to process B, and so does an event from a command-line job."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest

from tests.server import (
    ROOT,
    Listener,
    decide,
    free_port,
    gunicorn,
    reachable_redis,
    running,
    server_env,
    staff_session,
    submit_idea,
)

pytestmark = pytest.mark.server


@pytest.fixture
def redis_url():
    return reachable_redis()


def test_two_processes_share_events_through_redis(schema, redis_url, tmp_path, app, consultation,
                                                  moderator):
    channel = f"parkbank-test-{uuid.uuid4().hex}"
    env = server_env(schema, SOCKETIO_MESSAGE_QUEUE=redis_url, SOCKETIO_CHANNEL=channel)
    port_a, port_b = free_port(), free_port()
    with running(gunicorn(port_a), env, port_a, tmp_path / "a.log") as a, \
            running(gunicorn(port_b), env, port_b, tmp_path / "b.log") as b:
        on_b = Listener(b)
        on_a = Listener(a)
        try:
            for listener in (on_a, on_b):
                assert listener.client.call("join_board", {"consultation": consultation.slug})["ok"]
            _, post_id = submit_idea(a, consultation.slug, "Läsecirklar på lördagar")
            staff, token = staff_session(a, moderator)
            decide(staff, token, a, post_id, action="approve")
            for listener in (on_a, on_b):
                [published] = listener.wait_for("post_published")
                assert published["post"]["id"] == post_id and published["event_id"] == 1

            job = subprocess.run(
                [sys.executable, "-m", "flask", "--app", "parkbank", "withdraw-post", str(post_id),
                 "--reason", "other", "--by", moderator.email],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
            assert job.returncode == 0, job.stdout + job.stderr
            for listener in (on_a, on_b):
                [withdrawn] = listener.wait_for("post_withdrawn")
                assert withdrawn == {"post_id": post_id, "event_id": 2}
        finally:
            on_a.close()
            on_b.close()
            _delete_recent_events(redis_url, channel)


def _delete_recent_events(url: str, channel: str) -> None:
    """The processes kept the board's recent events under the test's channel (parkbank/live/recent.py)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        for key in client.scan_iter(f"{channel}:*"):
            client.delete(key)
    finally:
        client.close()
