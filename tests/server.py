"""Start the real application server in a subprocess on a free port, for end-to-end tests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import requests
import socketio

from tests.helpers import csrf_token

ROOT = Path(__file__).resolve().parent.parent
WAIT = 10
JSON = {"Accept": "application/json"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(db_url: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "PARKBANK_TEST"))}
    env.update({
        "DATABASE_URL": db_url,
        "SECRET_KEY": "end-to-end-test-key",
        "SESSION_COOKIE_SECURE": "false",
        "RATELIMIT_ENABLED": "false",
        "PYTHONUNBUFFERED": "1",
        # No e-mail worker in a test's server unless the test asks for one: a server that outlives
        # its test (the browser tests' runs for the whole session) would otherwise claim and send
        # the messages later tests put in the shared database.
        "PARKBANK_OUTBOX_WORKER": "false",
        # No loop-lag gate: these servers run beside the rest of the suite on a shared machine, so
        # their loop's lag measures the machine, and a handshake refused with 503 is a retry for a
        # browser but a failure for a test client that does not retry (a CI run: a server's first
        # requests ran late and the next handshake was refused). Tests of the gate set it.
        "PARKBANK_LIVE_MAX_LAG": "0",
    })
    env.update(extra)
    return env


@contextmanager
def running(command: list[str], env: dict, port: int, log: Path, timeout: float = 30.0):
    """Run `command` until the block ends; wait for /healthz first and show the log on failure."""
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()}")
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:  # not listening yet, or still booting
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not start in {timeout}s:\n{log.read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def flask_run(port: int) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "parkbank", "run", "--port", str(port)]


def gunicorn(port: int, app: str = "wsgi:app") -> list[str]:
    return [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1",
            "--worker-connections", "10000", "-b", f"127.0.0.1:{port}", app]


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


def submit_idea(base: str, slug: str, body: str) -> tuple[requests.Session, int]:
    """A citizen reads the board and posts an idea through the form fields; returns (session, id)."""
    citizen = requests.Session()
    page = citizen.get(f"{base}/samrad/{slug}").text
    key = re.search(r'name="submission_key"[^>]*value="([0-9a-f]+)"', page).group(1)
    posted = citizen.post(f"{base}/samrad/{slug}/inlagg", headers=JSON, data={
        "body": body, "csrf_token": csrf_token(page), "submission_key": key})
    assert posted.status_code == 201, posted.text
    return citizen, posted.json()["id"]


def staff_session(base: str, user) -> tuple[requests.Session, str]:
    """A logged-in staff browser session and its CSRF token."""
    staff = requests.Session()
    token = csrf_token(staff.get(f"{base}/logga-in").text)
    logged_in = staff.post(f"{base}/logga-in", allow_redirects=False, data={
        "email": user.email, "password": user.password, "csrf_token": token})
    assert logged_in.status_code == 303, logged_in.text
    return staff, token


def decide(staff: requests.Session, token: str, base: str, post_id: int, **fields) -> dict:
    response = staff.post(f"{base}/moderering/inlagg/{post_id}/beslut", headers=JSON,
                          data={"csrf_token": token, **fields})
    assert response.status_code == 200, response.text
    return response.json()


def reachable_redis() -> str:
    """The test Redis URL; skip (fail on CI) when it does not answer."""
    import pytest
    import redis

    url = os.environ.get("PARKBANK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {url}; CI must run the scale-out tests")
        pytest.skip(f"Redis is not reachable at {url}")
    finally:
        client.close()
    return url
