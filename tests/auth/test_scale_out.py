"""Ending a login disconnects that user's queue sockets on every server process, not only on the
process that handled the logout (two gunicorn processes sharing Redis)."""

from __future__ import annotations

import subprocess
import sys
import threading
import uuid

import pytest

from tests.server import (
    ROOT,
    WAIT,
    Listener,
    cookie_header,
    free_port,
    gunicorn,
    reachable_redis,
    running,
    server_env,
    staff_session,
)

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def two_processes(schema, tmp_path_factory):
    url = reachable_redis()
    env = server_env(schema, SOCKETIO_MESSAGE_QUEUE=url,
                     SOCKETIO_CHANNEL=f"parkbank-test-{uuid.uuid4().hex}")
    logs = tmp_path_factory.mktemp("logs")
    port_a, port_b = free_port(), free_port()
    with running(gunicorn(port_a), env, port_a, logs / "a.log") as a, \
            running(gunicorn(port_b), env, port_b, logs / "b.log") as b:
        yield a, b, env


def queue_socket_on(base, staff, slug) -> tuple[Listener, threading.Event]:
    """A staff socket in the queue of `slug` on server `base`, and an event set when it is
    disconnected."""
    listener = Listener(base, headers=cookie_header(staff))
    gone = threading.Event()
    listener.client.on("disconnect", lambda *_reason: gone.set())
    assert listener.client.call("join_queue", {"consultation": slug}, timeout=WAIT)["ok"]
    return listener, gone


def test_logout_on_one_process_disconnects_the_queue_socket_on_another(two_processes, consultation,
                                                                        moderator):
    a, b, _env = two_processes
    staff, token = staff_session(a, moderator)
    listener, gone = queue_socket_on(b, staff, consultation.slug)
    try:
        assert staff.post(f"{a}/logga-ut", data={"csrf_token": token},
                          allow_redirects=False).status_code == 303
        assert gone.wait(WAIT), "the socket on the other process is still connected"
    finally:
        listener.close()


def test_deactivate_user_command_disconnects_the_queue_socket(two_processes, consultation,
                                                              moderator):
    a, b, env = two_processes
    staff, _token = staff_session(a, moderator)
    listener, gone = queue_socket_on(b, staff, consultation.slug)
    try:
        job = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "parkbank", "deactivate-user",
             "--email", moderator.email], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=60)
        assert job.returncode == 0, job.stdout + job.stderr
        assert gone.wait(WAIT), "the socket is still connected"
    finally:
        listener.close()
