"""Admission control in the real server (gunicorn, gevent): new Socket.IO sessions beyond what a
process takes are refused at once with 503, and socket handlers that cannot get a database slot
answer "busy" within the wait, while /healthz and the sockets already open keep working."""

from __future__ import annotations

import threading
import time

import pytest
import requests
import socketio

from tests.server import WAIT, Listener, free_port, gunicorn, running, server_env

pytestmark = pytest.mark.server
HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


def timed_get(url):
    start = time.perf_counter()
    response = requests.get(url, timeout=10)
    return response, time.perf_counter() - start


def assert_healthy(base):
    response, seconds = timed_get(f"{base}/healthz")
    assert response.status_code == 200 and seconds < 1.0, (response.status_code, seconds)


def wait_admitted(base):
    deadline = time.monotonic() + WAIT
    while requests.get(base + HANDSHAKE, timeout=5).status_code == 503:
        assert time.monotonic() < deadline, "the gate stayed shut"
        time.sleep(0.05)


def assert_joins(listener, slug):
    ack = listener.client.call("join_board", {"consultation": slug, "after": 0}, timeout=WAIT)
    assert ack["ok"] is True, ack


def test_new_sessions_beyond_max_sockets_are_refused_at_once(schema, tmp_path, consultation):
    port = free_port()
    env = server_env(schema, PARKBANK_LIVE_MAX_SOCKETS="3", PARKBANK_LIVE_HANDSHAKES_PER_SECOND="0")
    with running(gunicorn(port), env, port, tmp_path / "server.log") as base:
        open_ = [Listener(base) for _ in range(3)]
        try:
            refused, seconds = timed_get(base + HANDSHAKE)
            assert refused.status_code == 503 and seconds < 1.0
            assert int(refused.headers["Retry-After"]) > 0
            assert refused.json() == {"error": "busy"}
            late = socketio.Client(reconnection=False)
            with pytest.raises(socketio.exceptions.ConnectionError):
                late.connect(base, transports=["websocket"], wait_timeout=5)
            assert_healthy(base)
            for listener in open_:  # the sockets already open are served as before
                assert_joins(listener, consultation.slug)
            open_.pop().close()
            deadline = time.monotonic() + WAIT
            while requests.get(base + HANDSHAKE, timeout=5).status_code == 503:
                assert time.monotonic() < deadline, "a closed socket's place was not given back"
                time.sleep(0.1)
        finally:
            for listener in open_:
                listener.close()
        assert "refused new live connections" in (tmp_path / "server.log").read_text()


def test_handshakes_beyond_the_rate_are_refused_while_open_sockets_work(schema, tmp_path,
                                                                         consultation):
    port = free_port()
    env = server_env(schema, PARKBANK_LIVE_MAX_SOCKETS="0", PARKBANK_LIVE_HANDSHAKES_PER_SECOND="5")
    with running(gunicorn(port), env, port, tmp_path / "server.log") as base:
        time.sleep(1.2)  # a full bucket
        listener = Listener(base)
        try:
            answers = [timed_get(base + HANDSHAKE) for _ in range(15)]
            statuses = [response.status_code for response, _ in answers]
            assert set(statuses) == {200, 503}
            assert 4 <= statuses.count(200) <= 7, statuses  # the burst: one second's worth
            assert max(seconds for response, seconds in answers if response.status_code == 503) < 1.0
            assert_healthy(base)
            assert_joins(listener, consultation.slug)
            time.sleep(1.0)
            assert requests.get(base + HANDSHAKE, timeout=5).status_code == 200  # refilled
        finally:
            listener.close()


def test_join_board_answers_busy_within_the_wait_while_slots_are_held(schema, tmp_path,
                                                                       consultation):
    port = free_port()
    env = server_env(schema, PARKBANK_LIVE_DB_SLOTS="1", PARKBANK_LIVE_DB_WAIT="1",
                     PARKBANK_SLOW_JOIN_SECONDS="4", PARKBANK_SLOW_JOIN_SLUG=consultation.slug)
    command = gunicorn(port, app="tests.slow_join_wsgi:app")
    with running(command, env, port, tmp_path / "server.log") as base:
        assert_healthy(base)  # warm: this process's first database connection is made now
        slow, quick = Listener(base), Listener(base)
        slow_ack = []

        def hold_the_slot():
            try:
                slow_ack.append(slow.client.call("join_board", {"consultation": "langsam"}, timeout=WAIT))
            except Exception as error:  # reported by the assertion below, not as a stray thread
                slow_ack.append(error)

        holder = threading.Thread(target=hold_the_slot)
        try:
            holder.start()
            time.sleep(0.5)  # the slow join holds the one slot now
            start = time.perf_counter()
            ack = quick.client.call("join_board", {"consultation": consultation.slug}, timeout=WAIT)
            assert ack == {"ok": False, "error": "busy"}
            assert 0.8 < time.perf_counter() - start < 2.5
            assert_healthy(base)
            holder.join(WAIT)
            # the slow one finished in its slot
            assert isinstance(slow_ack[0], dict) and slow_ack[0]["ok"] is True, slow_ack
            assert_joins(quick, consultation.slug)  # and the slot is free again
        finally:
            if holder.ident:  # started: let it end before its socket closes under it
                holder.join(WAIT)
            slow.close()
            quick.close()
        log = (tmp_path / "server.log").read_text()
        assert "answered busy" in log and "Traceback" not in log


def test_new_sessions_are_refused_while_the_loop_runs_late_and_admitted_when_it_catches_up(
        schema, tmp_path, consultation):
    port = free_port()
    env = server_env(schema, PARKBANK_LIVE_MAX_LAG="0.1", PARKBANK_SLOW_JOIN_SECONDS="0.6",
                     PARKBANK_SLOW_JOIN_SLUG=consultation.slug)
    with running(gunicorn(port, app="tests.slow_join_wsgi:app"), env, port,
                 tmp_path / "server.log") as base:
        wait_admitted(base)  # a server's first requests may run its loop late: calm first
        listener = Listener(base)
        try:
            ack = listener.client.call("join_board", {"consultation": "blockerar"}, timeout=WAIT)
            assert ack["ok"] is True  # the loop was held 0.6 s: the probe woke that late
            refused, seconds = timed_get(base + HANDSHAKE)
            assert refused.status_code == 503 and seconds < 1.0
            assert_healthy(base)  # never refused
            assert_joins(listener, consultation.slug)  # the socket already open is served
            wait_admitted(base)  # the loop caught up: the gate opens again
        finally:
            listener.close()
        assert "with the loop more than PARKBANK_LIVE_MAX_LAG=0.1 s late" in (
            tmp_path / "server.log").read_text()
