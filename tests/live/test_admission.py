"""Admission control (parkbank/live/admission.py): database slots for socket handlers, and the
handshake gate in front of the Socket.IO app."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from parkbank.config import ConfigError, from_environment
from parkbank.live.admission import Busy, HandshakeGate, LoopLag, database_slot, default_db_slots
from tests.helpers import build_app


@pytest.fixture
def one_slot_app(app):
    """Built after `app` (whose teardown empties the tables): the Socket.IO server is its own."""
    return build_app(app.config["SQLALCHEMY_DATABASE_URI"], LIVE_DB_SLOTS=1, LIVE_DB_WAIT=0.3)


def hold_slot(app):
    """Hold the app's one slot in another thread until the returned event is set."""
    taken, release = threading.Event(), threading.Event()

    def holder():
        with app.app_context(), database_slot():
            taken.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    assert taken.wait(5)
    return release, thread


def test_an_exhausted_slot_raises_busy_within_the_wait(one_slot_app):
    release, thread = hold_slot(one_slot_app)
    try:
        with one_slot_app.app_context():
            start = time.monotonic()
            with pytest.raises(Busy), database_slot():
                pass
            assert 0.25 < time.monotonic() - start < 1.5
    finally:
        release.set()
        thread.join()
    with one_slot_app.app_context(), database_slot():
        pass  # free again


def test_a_slot_is_released_when_its_block_fails(one_slot_app):
    with one_slot_app.app_context():
        with pytest.raises(ZeroDivisionError), database_slot():
            raise ZeroDivisionError
        start = time.monotonic()
        with database_slot():
            pass
        assert time.monotonic() - start < 0.1


def test_join_board_answers_busy_without_a_traceback_while_slots_are_held(
        consultation, one_slot_app, caplog, monkeypatch):
    from parkbank.extensions import socketio

    for name in ("parkbank.live.admission", "parkbank.live.events"):
        monkeypatch.setattr(logging.getLogger(name), "disabled", False)  # alembic's fileConfig
    board = socketio.test_client(one_slot_app)
    release, thread = hold_slot(one_slot_app)
    try:
        with caplog.at_level(logging.WARNING):
            for _ in range(3):
                start = time.monotonic()
                ack = board.emit("join_board", {"consultation": consultation.slug}, callback=True)
                assert ack == {"ok": False, "error": "busy"}
                assert time.monotonic() - start < 1.5
        assert not [r for r in caplog.records if r.exc_info]
        busy_lines = [r for r in caplog.records if "answered busy" in r.getMessage()]
        assert len(busy_lines) == 1  # one summary line per interval, not one per refusal
    finally:
        release.set()
        thread.join()
    ack = board.emit("join_board", {"consultation": consultation.slug}, callback=True)
    assert ack["ok"] is True
    board.disconnect()


def test_join_queue_waits_for_a_slot_too(consultation, one_slot_app):
    from parkbank.extensions import socketio

    queue = socketio.test_client(one_slot_app)
    release, thread = hold_slot(one_slot_app)
    try:
        ack = queue.emit("join_queue", {"consultation": consultation.slug}, callback=True)
        assert ack == {"ok": False, "error": "busy"}
    finally:
        release.set()
        thread.join()
    queue.disconnect()


def test_the_default_leaves_pool_connections_for_http_requests():
    assert default_db_slots({}) == 10  # SQLAlchemy's 5 + 10, less 5
    assert default_db_slots({"pool_size": 20, "max_overflow": 0}) == 15
    assert default_db_slots({"pool_size": 2, "max_overflow": 0}) == 1


def test_settings_are_read_from_the_environment():
    config = from_environment({"PARKBANK_LIVE_DB_SLOTS": "3", "PARKBANK_LIVE_DB_WAIT": "0.5",
                               "PARKBANK_LIVE_MAX_SOCKETS": "0",
                               "PARKBANK_LIVE_HANDSHAKES_PER_SECOND": "40"}, "/tmp", False)
    assert (config["LIVE_DB_SLOTS"], config["LIVE_DB_WAIT"], config["LIVE_MAX_SOCKETS"],
            config["LIVE_HANDSHAKES_PER_SECOND"]) == (3, 0.5, 0, 40)
    defaults = from_environment({}, "/tmp", False)
    assert defaults["LIVE_DB_SLOTS"] is None and defaults["LIVE_MAX_SOCKETS"] == 5000
    assert defaults["LIVE_MAX_LAG"] == 0.25 and defaults["LIVE_HANDSHAKES_PER_SECOND"] == 0
    assert from_environment({"PARKBANK_LIVE_MAX_LAG": "0.5"}, "/tmp", False)["LIVE_MAX_LAG"] == 0.5
    for name, value in [("PARKBANK_LIVE_DB_WAIT", "soon"), ("PARKBANK_LIVE_MAX_SOCKETS", "-1"),
                        ("PARKBANK_LIVE_MAX_LAG", "-0.1")]:
        with pytest.raises(ConfigError):
            from_environment({name: value}, "/tmp", False)


class FakeEngineIO:
    def __init__(self):
        self.sockets = {}


class FakeSocket:
    def __init__(self, closed=False):
        self.closed = closed


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def call(gate, path="/socket.io/", query="EIO=4&transport=polling"):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(gate({"PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": "GET"},
                         start_response))
    return seen["status"], seen["headers"], body


def passing_app(environ, start_response):
    start_response("200 OK", [])
    return [b"app"]


def test_the_gate_refuses_new_sessions_beyond_max_sockets_and_lets_the_rest_pass():
    eio = FakeEngineIO()
    gate = HandshakeGate(passing_app, eio, "/socket.io/", max_sockets=2, per_second=0)
    assert call(gate)[0] == "200 OK"
    eio.sockets = {"a": FakeSocket(), "b": FakeSocket(closed=True)}
    assert call(gate)[0] == "200 OK"  # a closed session waiting to be swept is not counted
    eio.sockets["b"] = FakeSocket()
    status, headers, body = call(gate)
    assert status.startswith("503") and int(headers["Retry-After"]) > 0
    assert body == b'{"error": "busy"}'
    assert call(gate, query="EIO=4&transport=polling&sid=abc")[0] == "200 OK"  # established
    assert call(gate, query="EIO=4&transport=websocket&sid=abc")[0] == "200 OK"  # its upgrade
    assert call(gate, path="/healthz", query="")[0] == "200 OK"
    assert call(gate, path="/samrad/x", query="")[0] == "200 OK"
    assert gate.refused_total == {"full": 1, "lag": 0, "rate": 0}


def test_the_gate_admits_a_seconds_worth_of_handshakes_then_refills():
    clock = Clock()
    gate = HandshakeGate(passing_app, FakeEngineIO(), "socket.io", max_sockets=0, per_second=5,
                         clock=clock)
    assert [call(gate)[0][:3] for _ in range(7)] == ["200"] * 5 + ["503"] * 2
    clock.now += 0.2
    assert [call(gate)[0][:3] for _ in range(2)] == ["200", "503"]
    clock.now += 10
    assert [call(gate)[0][:3] for _ in range(6)] == ["200"] * 5 + ["503"]  # burst stays one second's


class SteppedLag:
    def __init__(self):
        self.lag = 0.0

    def current(self):
        return self.lag


def test_the_gate_refuses_while_the_loop_runs_late_and_admits_again_when_it_catches_up():
    lag = SteppedLag()
    gate = HandshakeGate(passing_app, FakeEngineIO(), "/socket.io", max_sockets=0, per_second=0,
                         max_lag=0.25, lag=lag)
    assert call(gate)[0] == "200 OK"
    lag.lag = 0.4
    status, headers, _body = call(gate)
    assert status.startswith("503") and int(headers["Retry-After"]) > 0
    assert call(gate, path="/healthz", query="")[0] == "200 OK"  # never refused
    assert call(gate, query="EIO=4&transport=websocket&sid=abc")[0] == "200 OK"
    lag.lag = 0.1
    assert call(gate)[0] == "200 OK"
    assert gate.refused_total == {"full": 0, "lag": 1, "rate": 0}


def test_the_loop_lag_is_how_late_a_nap_ends_and_fades_when_calm():
    clock = Clock()
    late = [0.3, 0.0, 0.0, 0.0, 0.5]

    def nap(seconds):
        clock.now += seconds + late.pop(0)

    probe = LoopLag(interval=0.05, clock=clock, nap=nap)
    probe.tick()
    assert probe.lag == pytest.approx(0.3)
    probe.tick()
    probe.tick()
    probe.tick()
    assert probe.lag == pytest.approx(0.3 / 8)  # halved at each calm nap
    probe.tick()
    assert probe.lag == pytest.approx(0.5)


def test_the_loop_lag_probe_starts_with_the_first_question_and_measures():
    probe = LoopLag(interval=0.01, nap=lambda seconds: time.sleep(seconds + 0.05))
    assert not any(t.name == "parkbank-loop-lag" and t.is_alive() for t in threading.enumerate()
                   if getattr(t, "_target", None) == probe._run)
    probe.current()
    deadline = time.monotonic() + 5
    while probe.lag < 0.04 and time.monotonic() < deadline:  # each nap ends 50 ms late
        time.sleep(0.01)
    assert 0.04 <= probe.lag < 1


def test_zero_switches_both_limits_off():
    eio = FakeEngineIO()
    eio.sockets = {i: FakeSocket() for i in range(10_000)}
    gate = HandshakeGate(passing_app, eio, "/socket.io", max_sockets=0, per_second=0)
    assert all(call(gate)[0] == "200 OK" for _ in range(1000))


def test_the_app_is_wrapped_in_the_gate(schema):
    """Through create_app: a third handshake in a second is refused while /healthz answers."""
    app = build_app(schema, LIVE_HANDSHAKES_PER_SECOND=2)
    client = app.test_client()
    statuses = [client.get("/socket.io/?EIO=4&transport=polling").status_code for _ in range(3)]
    assert statuses == [200, 200, 503]
    assert client.get("/healthz").status_code == 200


def test_refusals_are_summed_up_in_one_log_line_per_interval(caplog, monkeypatch):
    monkeypatch.setattr(logging.getLogger("parkbank.live.admission"), "disabled", False)
    clock, eio = Clock(), FakeEngineIO()
    eio.sockets = {"a": FakeSocket()}
    gate = HandshakeGate(passing_app, eio, "/socket.io", max_sockets=1, per_second=0, clock=clock)
    with caplog.at_level(logging.WARNING):
        for _ in range(4):  # the first at once, the next three in the interval after it
            assert call(gate)[0].startswith("503")
        clock.now += 10
        assert call(gate)[0].startswith("503")
    lines = [r.getMessage() for r in caplog.records if "refused new live" in r.getMessage()]
    assert len(lines) == 2
    assert lines[0].startswith("refused new live connections since the last report: 1 with 1 sockets")
    assert "report: 4 with 1 sockets" in lines[1]  # the three of the interval and the one now
    assert gate.refused_total == {"full": 5, "lag": 0, "rate": 0}
