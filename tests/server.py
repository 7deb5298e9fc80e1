"""Start the real application server in a subprocess on a free port, for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


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
                if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
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


def gunicorn(port: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1",
            "--worker-connections", "10000", "-b", f"127.0.0.1:{port}", "wsgi:app"]
