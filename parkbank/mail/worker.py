"""The outbox worker: claim due messages, send them, mark each sent or failed.

In the server process by default: a background task (a thread, or a greenlet under gevent,
through socketio.start_background_task) started by the first request of each process and woken
by every commit that enqueued a message; OUTBOX_WORKER=false switches it off, e.g. when
`flask --app parkbank outbox run` runs as a process of its own. Nothing here runs in a request.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask, current_app, has_app_context

from parkbank.database import write_intent
from parkbank.extensions import db, socketio
from parkbank.mail import outbox, transport

log = logging.getLogger("parkbank.mail")
_KEY = "parkbank_outbox"
_PERIODIC = "parkbank_outbox_periodic"
PURGE_EVERY = 100  # passes between deletions of old sent rows


@dataclass
class PassResult:
    sent: int = 0
    failed: int = 0
    full: bool = False  # as many claimed as the batch holds: more may be due


def worker_name() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _committed(work, *args):
    """One short write transaction of its own (SQLite: BEGIN IMMEDIATE)."""
    db.session.rollback()
    write_intent.set(True)
    try:
        result = work(*args)
        db.session.commit()
        return result
    except BaseException:
        db.session.rollback()
        raise
    finally:
        write_intent.set(False)


def run_once(name: str, config=None) -> PassResult:
    """One pass in the current app context: claim a batch, send it, mark each message."""
    config = config or current_app.config
    batch = config["OUTBOX_BATCH"]
    claimed = _committed(outbox.claim, name, batch, timedelta(seconds=config["OUTBOX_LEASE_SECONDS"]))
    result = deliver(name, claimed, config)
    result.full = len(claimed) >= batch
    return result


def deliver(name: str, claimed: list[outbox.Claimed], config) -> PassResult:
    """Send messages this worker claimed and mark each; a message whose claim this worker lost
    meanwhile, or that was deleted meanwhile, is not sent (outbox.renew, just before sending)."""
    result = PassResult()
    lease = timedelta(seconds=config["OUTBOX_LEASE_SECONDS"])
    first = timedelta(seconds=config["OUTBOX_RETRY_SECONDS"])
    cap = timedelta(seconds=config["OUTBOX_RETRY_CAP_SECONDS"])

    def keep(message: outbox.Claimed) -> bool:
        return _committed(outbox.renew, message.id, name, lease)

    for message, error in transport.send_all(config, claimed, keep):
        if error is transport.SKIPPED:
            continue
        if error is None:
            _committed(outbox.mark_sent, message.id, name)
            result.sent += 1
        else:
            error = _without_address(error, message.recipient)
            log.warning("E-mail %s not sent (attempt %s): %s", message.id, message.attempts, error)
            _committed(outbox.mark_failed, message.id, name, outbox.backoff(message.attempts, first, cap),
                       error)
            result.failed += 1
    return result


def _without_address(error: str, address: str) -> str:
    """A mail server's refusal often names the address: the log and the row's last_error keep
    the refusal, not the address (an unsubscribe or an erase could not reach them there)."""
    if not address:
        return error
    return re.sub(re.escape(address.strip()), "<recipient>", error, flags=re.IGNORECASE)


@dataclass
class Loop:
    """A running worker: stop() ends it after the pass under way."""

    name: str = field(default_factory=worker_name)
    woken: threading.Event = field(default_factory=threading.Event)
    stopped: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)
    passes: int = 0
    last_run: dict = field(default_factory=dict)  # periodic task -> monotonic time of its last run

    def stop(self, wait: float = 0) -> bool:
        """Stop after the pass under way; with `wait`, wait that many seconds for it to end."""
        self.stopped.set()
        self.woken.set()
        return self.finished.wait(wait) if wait else self.finished.is_set()

    def run(self, app: Flask, *, once: bool = False) -> PassResult:
        self.finished.clear()
        try:
            return self._run(app, once)
        finally:
            self.finished.set()

    def _run(self, app: Flask, once: bool) -> PassResult:
        total = PassResult()
        while not self.stopped.is_set():
            try:
                with app.app_context():
                    result = run_once(self.name, app.config)
                    self.passes += 1
                    if self.passes % PURGE_EVERY == 1:
                        _committed(outbox.purge_sent)
                    self._periodic(app)
                    db.session.remove()
            except Exception:  # a database that is away: try again at the next poll
                log.exception("The outbox worker's pass failed")
                result = PassResult()
            total.sent += result.sent
            total.failed += result.failed
            if once:
                break
            if result.full and not result.failed:
                continue
            self.woken.wait(app.config["OUTBOX_POLL_SECONDS"])
            self.woken.clear()
        return total


    def _periodic(self, app: Flask) -> None:
        """Run the tasks registered with every() whose interval has passed (their own commits)."""
        now = time.monotonic()
        for seconds, task in app.extensions.get(_PERIODIC, ()):
            if now - self.last_run.get(task, float("-inf")) >= seconds:
                self.last_run[task] = now
                try:
                    _committed(task)
                except Exception:
                    log.exception("The outbox worker's periodic task %s failed", task.__name__)


def every(app: Flask, seconds: float, task) -> None:
    """Have each outbox worker (in the server or `outbox run`) call `task()` in an app context and
    a write transaction of its own, at its first pass and then every `seconds`: work that leaves as
    e-mail, such as reminders. It must be safe to run in several workers at once."""
    app.extensions.setdefault(_PERIODIC, []).append((seconds, task))


_start_lock = threading.Lock()


def start_in_server(app: Flask) -> Loop | None:
    """Start this process's worker once (the first request calls it); None when switched off."""
    if not app.config["OUTBOX_WORKER"]:
        return None
    with _start_lock:
        loop = app.extensions.get(_KEY)
        if loop is None:
            loop = app.extensions[_KEY] = Loop()
            socketio.start_background_task(loop.run, app)
    return loop


def stop_in_server(app: Flask, wait: float = 0) -> None:
    """Stop this process's worker (tests; with `wait`, until its pass under way has ended)."""
    loop = app.extensions.pop(_KEY, None)
    if loop is not None:
        loop.stop(wait)


def wake() -> None:
    """A message was committed: the process's worker sends it now rather than at its next poll."""
    if has_app_context():
        loop = current_app.extensions.get(_KEY)
        if loop is not None:
            loop.woken.set()


def register(app: Flask) -> None:
    if not app.config["OUTBOX_WORKER"]:
        return

    @app.before_request
    def _start_outbox_worker():
        if _KEY not in app.extensions:
            start_in_server(app)
