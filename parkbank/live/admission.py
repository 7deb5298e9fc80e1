"""Admission control for live connections: how much a process takes on at once (issue 18).

Two doors, one module:

- `database_slot()`: socket handlers hold one of a fixed number of slots while they use the
  database, so that a reconnect storm queues here for at most LIVE_DB_WAIT seconds and then hears
  "busy", instead of taking every pooled connection and starving HTTP requests (/healthz, a
  moderator's decision) for the pool's 30 s timeout.
- `HandshakeGate`: WSGI middleware in front of the Socket.IO app that refuses a request opening a
  new Engine.IO session with 503 and Retry-After when the process holds LIVE_MAX_SOCKETS sockets
  already, when its loop runs more than LIVE_MAX_LAG seconds late (`LoopLag`: the process has
  more to do than it can do now, whatever the machine), or when more than
  LIVE_HANDSHAKES_PER_SECOND arrive (a token bucket, one second's worth of burst; off by
  default). The refusal costs no database work and no session, so clients back off (the bundled
  client with full jitter) instead of piling up. Everything else passes untouched:
  /healthz, pages, and the polling and upgrades of established sessions (their query has `sid`).

Slots are a threading.BoundedSemaphore: gevent's monkey-patching makes it cooperative in
production; tests run threading mode.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from contextlib import contextmanager
from urllib.parse import parse_qs

from flask import current_app

log = logging.getLogger(__name__)
EXTENSION = "parkbank_admission"
SUMMARY_SECONDS = 10.0
# SQLAlchemy's QueuePool defaults, used when SQLALCHEMY_ENGINE_OPTIONS does not set them.
POOL_SIZE, MAX_OVERFLOW = 5, 10
# Connections of the pool kept for HTTP requests by the default number of slots.
HTTP_RESERVE = 5
RETRY_AFTER_FULL = 30  # seconds: sockets leave slowly
RETRY_AFTER_RATE = 5
LAG_INTERVAL = 0.05  # seconds between the loop-lag probe's naps


class Busy(Exception):
    """No database slot came free within LIVE_DB_WAIT seconds: answer "busy", the client retries."""


def default_db_slots(engine_options: dict) -> int:
    """The pool's connections (pool_size + max_overflow) less HTTP_RESERVE, at least 1: socket
    handlers never hold the connections that HTTP requests need."""
    pool = engine_options.get("pool_size", POOL_SIZE) + engine_options.get("max_overflow", MAX_OVERFLOW)
    return max(1, pool - HTTP_RESERVE)


class _Every:
    """Counts occurrences by kind and says when a summary is due: at most once per
    SUMMARY_SECONDS, the first one at once. `note` returns the counts since the last summary
    when one is due (and starts counting again), else None."""

    def __init__(self, *kinds: str, clock=time.monotonic):
        self.kinds, self.clock = kinds, clock
        self.counts = dict.fromkeys(kinds, 0)
        self.since = clock() - SUMMARY_SECONDS

    def note(self, kind: str) -> dict[str, int] | None:
        self.counts[kind] += 1
        now = self.clock()
        if now - self.since < SUMMARY_SECONDS:
            return None
        counts, self.counts, self.since = self.counts, dict.fromkeys(self.kinds, 0), now
        return counts


class Slots:
    def __init__(self, size: int, wait: float):
        self.size = size
        self.wait = wait
        self.semaphore = threading.BoundedSemaphore(size) if size else None
        self.busy = _Every("busy")

    @contextmanager
    def slot(self):
        if self.semaphore is None:
            yield
            return
        if not self.semaphore.acquire(timeout=self.wait):
            counts = self.busy.note("busy")
            if counts:
                log.warning("%d socket handlers answered busy since the last report: no database "
                            "slot came free (PARKBANK_LIVE_DB_SLOTS=%d)", counts["busy"], self.size)
            raise Busy
        try:
            yield
        finally:
            self.semaphore.release()


class LoopLag:
    """How late this process's loop runs: a background thread (a greenlet once gevent has patched
    threading, as in production) naps LAG_INTERVAL and keeps how much later than that it woke. A
    late wake-up is the queue of work every greenlet waits behind (handshakes, joins, /healthz, a
    moderator's decision), measured rather than guessed from a rate. The value halves at each
    calm nap, so one slow moment is remembered for a few naps. Started by the first request that
    needs it, so commands and tests that never open a socket start no thread."""

    def __init__(self, interval: float = LAG_INTERVAL, clock=time.monotonic, nap=time.sleep):
        self.interval, self.clock, self.nap = interval, clock, nap
        self.lag = 0.0
        self._started = False
        self._lock = threading.Lock()

    def current(self) -> float:
        if not self._started:
            with self._lock:
                if not self._started:
                    self._started = True
                    threading.Thread(target=self._run, name="parkbank-loop-lag", daemon=True).start()
        return self.lag

    def tick(self) -> None:
        before = self.clock()
        self.nap(self.interval)
        late = max(0.0, self.clock() - before - self.interval)
        self.lag = max(late, self.lag / 2)

    def _run(self) -> None:
        while True:
            self.tick()


def install(app, socketio) -> None:
    """Called by create_app after socketio.init_app: the slots, and the gate around the Socket.IO
    WSGI app (Flask-SocketIO has just put its middleware in app.wsgi_app)."""
    slots = app.config["LIVE_DB_SLOTS"]
    if slots is None:
        slots = default_db_slots(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    app.extensions[EXTENSION] = Slots(slots, app.config["LIVE_DB_WAIT"])
    app.wsgi_app = HandshakeGate(
        app.wsgi_app, socketio.server.eio, path=socketio.sockio_mw.engineio_path,
        max_sockets=app.config["LIVE_MAX_SOCKETS"],
        per_second=app.config["LIVE_HANDSHAKES_PER_SECOND"], max_lag=app.config["LIVE_MAX_LAG"])


@contextmanager
def database_slot():
    """Hold one of the process's database slots for the block; raise Busy after LIVE_DB_WAIT.

    The block's transaction ends inside the slot (commit, or rollback on an exception), so its
    pooled connection is back in the pool before the slot is free; the door's own commit then
    has nothing left to do."""
    from parkbank.extensions import db

    with current_app.extensions[EXTENSION].slot():
        try:
            yield
        except BaseException:
            db.session.rollback()
            raise
        db.session.commit()


class HandshakeGate:
    def __init__(self, wsgi_app, eio_server, path: str, max_sockets: int, per_second: float,
                 max_lag: float = 0.0, clock=time.monotonic, lag: LoopLag | None = None):
        self.wsgi_app = wsgi_app
        self.max_lag = max_lag
        self.lag = lag or LoopLag()
        self.eio = eio_server
        self.prefix = "/" + path.strip("/")
        self.max_sockets = max_sockets
        self.per_second = per_second
        self.clock = clock
        self.tokens = float(per_second)
        self.filled_at = clock()
        self.lock = threading.Lock()
        self.refused = _Every("full", "lag", "rate", clock=clock)  # since the last log line
        self.refused_total = {"full": 0, "lag": 0, "rate": 0}

    def __getattr__(self, name):  # Flask-SocketIO and tests reach through to the middleware
        return getattr(self.wsgi_app, name)

    def __call__(self, environ, start_response):
        if self._opens_a_session(environ):
            reason = self._refusal()
            if reason:
                return self._refuse(reason, start_response)
        return self.wsgi_app(environ, start_response)

    def _opens_a_session(self, environ) -> bool:
        path = environ.get("PATH_INFO") or ""
        if path != self.prefix and not path.startswith(self.prefix + "/"):
            return False
        return "sid" not in parse_qs(environ.get("QUERY_STRING") or "")

    def _open_sockets(self) -> int:
        """The Engine.IO sessions of this process. A closed one may stay in the dict until its
        websocket's connection ends or the service task passes by: counted out (one pass over
        the dict, only when it looks full)."""
        sockets = self.eio.sockets
        if len(sockets) < self.max_sockets:
            return len(sockets)
        return sum(1 for s in list(sockets.values()) if not s.closed)

    def _refusal(self) -> str | None:
        if self.max_sockets and self._open_sockets() >= self.max_sockets:
            return "full"
        if self.max_lag and self.lag.current() > self.max_lag:
            return "lag"
        if self.per_second:
            with self.lock:
                now = self.clock()
                self.tokens = min(float(self.per_second),
                                  self.tokens + (now - self.filled_at) * self.per_second)
                self.filled_at = now
                if self.tokens < 1:
                    return "rate"
                self.tokens -= 1
        return None

    def _refuse(self, reason: str, start_response):
        self.refused_total[reason] += 1
        counts = self.refused.note(reason)
        if counts:
            log.warning("refused new live connections since the last report: %d with %d sockets "
                        "open (PARKBANK_LIVE_MAX_SOCKETS=%d), %d with the loop more than "
                        "PARKBANK_LIVE_MAX_LAG=%s s late, %d beyond "
                        "PARKBANK_LIVE_HANDSHAKES_PER_SECOND=%s",
                        counts["full"], self._open_sockets(), self.max_sockets,
                        counts["lag"], self.max_lag, counts["rate"], self.per_second)
        body = json.dumps({"error": "busy"}).encode()
        start_response("503 Service Unavailable", [
            ("Content-Type", "application/json"), ("Content-Length", str(len(body))),
            ("Retry-After", str(RETRY_AFTER_FULL if reason == "full" else RETRY_AFTER_RATE)),
            ("Cache-Control", "no-store")])
        return [body]
