"""Plumbing shared by the benchmarks: servers in subprocesses, HTTP actors, crowds of websocket
clients, statistics and tables.

Layout on the 2-core machine: the servers run pinned to CPU 0, this (client) process to CPU 1.
All times are time.time() in this process unless said otherwise: t0 is taken just before the
client itself sends the triggering request, t1 when a client's handler runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import html
import json
import os
import re
import resource
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bench.seed import BODY, MODERATOR_EMAIL, MODERATOR_PASSWORD, SLUG

if TYPE_CHECKING:  # imported where used, so that in-process benches (sanitize) need only the app
    import aiohttp
    import socketio

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
DEPLOY_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"  # production's gunicorn settings
WAIT = 20.0  # seconds any single step (connect, request, start-up) may take
SERVER_CPU, CLIENT_CPU = 0, 1
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "parkbank_bench"
JSON = {"Accept": "application/json"}
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# --- processes -------------------------------------------------------------------------------

def raise_nofile() -> None:
    """Lift the open-file limit as far as allowed (root may raise the hard limit too)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    for limit in (max(hard, 65536), hard):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))
            return
        except (ValueError, OSError):
            continue


def _pin(cpu: int) -> None:
    """Servers on one core, clients on the other (the default), so that neither steals the other's
    CPU. BENCH_PIN=0 pins nothing: the servers of a multi-process run then have every core, and
    the clients should yield to them (BENCH_CLIENT_NICE), standing in for phones elsewhere."""
    if os.environ.get("BENCH_PIN", "1") != "0" and (os.cpu_count() or 1) > cpu:
        os.sched_setaffinity(0, {cpu})


def server_preexec() -> None:
    raise_nofile()
    _pin(SERVER_CPU)


def client_process() -> None:
    """Call first in every benchmark: this process holds the clients (the driver too, which
    starts the client processes: BENCH_CLIENT_NICE applies to those only)."""
    raise_nofile()
    _pin(CLIENT_CPU)


def client_nice() -> None:
    """In a process that holds only clients: lower its CPU priority by BENCH_CLIENT_NICE (0-19)."""
    niceness = int(os.environ.get("BENCH_CLIENT_NICE", "0"))
    if niceness:
        os.nice(niceness)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


class Server:
    """`gunicorn -c deploy/gunicorn.conf.py -b 127.0.0.1:<port> <wsgi>`: the deployed settings, so that
    the benchmarks measure what is deployed; the port, the access log and `worker_connections` (when
    given) are the bench's own overrides, and BENCH_GUNICORN_ARGS in this process's environment adds
    more (`BENCH_GUNICORN_ARGS="--keep-alive 2"`: gunicorn's default, to compare). The same port is kept
    across stop/kill and start.

    With access_log, gunicorn logs "METHOD PATH STATUS MICROSECONDS" per request: the server-side
    time of a request, free of the client process's own load. With PROFILE_DIR set in this
    process's environment (--profile), py-spy samples the worker for the server's whole life.
    """

    def __init__(self, name: str, wsgi: str, env: dict, tmp: Path, access_log: bool = False,
                 worker_connections: int | None = None):
        self.name, self.wsgi, self.env = name, wsgi, env
        self.worker_connections = worker_connections
        self.profiler: subprocess.Popen | None = None
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"{name}.log"
        self.access = tmp / f"{name}.access.log" if access_log else None
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        command = [PY, "-m", "gunicorn", "-c", str(DEPLOY_CONFIG), "-b", f"127.0.0.1:{self.port}"]
        if self.worker_connections:
            command += ["--worker-connections", str(self.worker_connections)]
        command += shlex.split(os.environ.get("BENCH_GUNICORN_ARGS", ""))
        command.append(self.wsgi)
        if self.access:
            command += ["--access-logfile", str(self.access),
                        "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"]
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out,
                                            stderr=subprocess.STDOUT, preexec_fn=server_preexec)
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as answer:
                    if answer.status == 200 and self.worker_pid:
                        self._profile()
                        return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not start in {WAIT}s:\n{self.log.read_text()[-3000:]}")

    def _profile(self) -> None:
        folder = os.environ.get("PROFILE_DIR")
        if not folder:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        out = Path(folder) / f"{self.name}-{self.port}.txt"
        self.profiler = subprocess.Popen(
            [str(Path(PY).parent / "py-spy"), "record", "--pid", str(self.worker_pid), "--rate", "250",
             "--format", "raw", "--nonblocking", "-o", str(out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        if self.profiler and self.profiler.poll() is None:
            self.profiler.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
            try:
                self.profiler.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.profiler.kill()
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # gunicorn: quick shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self, sig: int = signal.SIGKILL, wait: float = 30) -> None:
        """A crash (SIGKILL to master and worker at once) or a graceful stop (SIGTERM to the master,
        which waits graceful_timeout for the worker's connections, as systemd stops it)."""
        if self.profiler and self.profiler.poll() is None:
            self.profiler.send_signal(signal.SIGINT)
        if not self.process or self.process.poll() is not None:
            return
        worker = self.worker_pid
        self.process.send_signal(sig)
        if sig == signal.SIGKILL and worker:
            try:
                os.kill(worker, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()

    @property
    def worker_pid(self) -> int | None:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = children.read_text().split() if children.exists() else []
        return int(pids[0]) if pids else None

    def rss(self) -> tuple[float, float]:
        """(worker, master + worker) resident memory in MB."""
        worker = rss_mb(self.worker_pid)
        return worker, worker + rss_mb(self.process.pid)

    def peak_rss(self) -> float:
        """The worker's peak resident memory (VmHWM) in MB."""
        for line in Path(f"/proc/{self.worker_pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError(f"no VmHWM for {self.worker_pid}")

    def cpu(self) -> float:
        """CPU seconds (user + system) the worker has used so far."""
        fields = Path(f"/proc/{self.worker_pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def server_ms(self, path_part: str) -> list[float]:
        """Server-side durations (ms) of the logged requests whose path contains path_part."""
        times = []
        for line in self.access.read_text().splitlines():
            _method, path, _status, micros = line.split()
            if path_part in path:
                times.append(int(micros) / 1000)
        return times


# --- databases and servers -------------------------------------------------------------------

def fresh_database(kind: str, tmp: Path) -> str:
    """A new empty database: a SQLite file in tmp, or PostgreSQL `parkbank_bench` dropped and made anew."""
    if kind == "sqlite":
        return f"sqlite:///{tmp / 'parkbank.db'}"
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {PG_BENCH_DB}")
    return f"postgresql://postgres@127.0.0.1:5432/{PG_BENCH_DB}"


def app_env(db_url: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "PARKBANK_", "SOCKETIO_"))}
    env.update({"DATABASE_URL": db_url, "SECRET_KEY": "bench-secret-key", "SESSION_COOKIE_SECURE": "false",
                "RATELIMIT_ENABLED": "false", "PYTHONUNBUFFERED": "1", **extra})
    # BENCH_APP_ENV="PARKBANK_LIVE_HANDSHAKES_PER_SECOND=300 …" tries other settings of the app.
    env.update(item.split("=", 1) for item in os.environ.get("BENCH_APP_ENV", "").split() if "=" in item)
    return env


def seed(env: dict, approved: int = 0) -> None:
    """Migrate and fill the database named in env (see bench/seed.py)."""
    done = subprocess.run([PY, "-m", "bench.seed", str(approved)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"seeding failed:\n{done.stdout}\n{done.stderr}")


def app_server(env: dict, tmp: Path, name: str = "app", access_log: bool = False,
               worker_connections: int | None = None) -> Server:
    """The app as production runs it; BENCH_APP_WSGI=module:app (importable from the project root or
    PYTHONPATH) measures a patched variant, e.g. a proposed fix, without touching parkbank/."""
    return Server(name, os.environ.get("BENCH_APP_WSGI", "wsgi:app"), env, tmp, access_log,
                  worker_connections)


def baseline_server(tmp: Path, access_log: bool = False, name: str = "baseline",
                    worker_connections: int | None = None, **extra: str) -> Server:
    """The bare python-socketio server (bench/baseline_server.py); `extra` goes to its environment
    (BASELINE_MESSAGE_QUEUE and BASELINE_CHANNEL: a Redis manager, as the app's processes share)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **extra}
    return Server(name, "bench.baseline_server:app", env, tmp, access_log, worker_connections)


# --- HTTP actors -----------------------------------------------------------------------------

def new_http() -> aiohttp.ClientSession:
    """A browser: its own cookie jar (unsafe=True: cookies for 127.0.0.1), one connection at a time."""
    import aiohttp

    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                 connector=aiohttp.TCPConnector(limit=1),
                                 timeout=aiohttp.ClientTimeout(total=WAIT))


def csrf(page: str) -> str:
    match = CSRF_RE.search(page)
    if not match:
        raise RuntimeError("no csrf_token in page")
    return match.group(1)


def cookie_header(http: aiohttp.ClientSession) -> dict:
    return {"Cookie": "; ".join(f"{c.key}={c.value}" for c in http.cookie_jar)}


class Citizen:
    """A browser that has read the board (session cookie + CSRF token) and posts ideas."""

    def __init__(self, base: str, slug: str = SLUG):
        self.base, self.slug = base, slug
        self.http = new_http()
        self.token = ""

    async def open(self) -> Citizen:
        async with self.http.get(f"{self.base}/samrad/{self.slug}") as page:
            self.token = csrf(await page.text())
        return self

    async def submit(self, body: str = BODY) -> tuple[int, int | None]:
        """(HTTP status, post id)."""
        form = {"body": body, "csrf_token": self.token, "submission_key": uuid.uuid4().hex}
        async with self.http.post(f"{self.base}/samrad/{self.slug}/inlagg", data=form,
                                  headers=JSON) as answer:
            data = await answer.json()
            return answer.status, data.get("id")

    async def close(self) -> None:
        await self.http.close()


class Moderator:
    def __init__(self, base: str):
        self.base = base
        self.http = new_http()
        self.token = ""

    async def login(self) -> Moderator:
        async with self.http.get(f"{self.base}/logga-in") as page:
            self.token = csrf(await page.text())
        form = {"email": MODERATOR_EMAIL, "password": MODERATOR_PASSWORD, "csrf_token": self.token}
        async with self.http.post(f"{self.base}/logga-in", data=form, allow_redirects=False) as answer:
            if answer.status != 303:
                raise RuntimeError(f"login failed: {answer.status} {await answer.text()}")
        return self

    async def decide(self, post_id: int, action: str = "approve") -> None:
        form = {"csrf_token": self.token, "action": action}
        async with self.http.post(f"{self.base}/moderering/inlagg/{post_id}/beslut", data=form,
                                  headers=JSON) as answer:
            if answer.status != 200:
                raise RuntimeError(f"decision failed: {answer.status} {await answer.text()}")

    async def close(self) -> None:
        await self.http.close()


async def submit_many(base: str, count: int) -> list[int]:
    """Post `count` ideas as one citizen; returns their ids (all pending)."""
    citizen = await Citizen(base).open()
    try:
        ids = []
        for _ in range(count):
            status, post_id = await citizen.submit()
            if status != 201:
                raise RuntimeError(f"submit failed: {status}")
            ids.append(post_id)
        return ids
    finally:
        await citizen.close()


def published_like(key: int, body: str = BODY) -> dict:
    """A payload shaped and sized like the app's post_published (see posts/serialize.py)."""
    now = datetime.now(UTC).replace(tzinfo=None).isoformat() + "+00:00"
    post = {"id": key, "parent_id": None, "body": body, "body_html": html.escape(body), "channel": "web",
            "support_count": 0, "created_at": now, "published_at": now, "alias": None}
    return {"post": post, "event_id": key}


class Emitter:
    """Drives the baseline: POST /emit makes it broadcast a post_published-like payload to `board`."""

    def __init__(self, base: str):
        self.base = base
        self.http = new_http()

    async def emit(self, key: int) -> None:
        message = {"event": "post_published", "room": "board", "data": published_like(key)}
        async with self.http.post(f"{self.base}/emit", json=message) as answer:
            if answer.status != 200:
                raise RuntimeError(f"emit failed: {answer.status}")

    async def close(self) -> None:
        await self.http.close()


async def load(actors: list, count: int, request: Callable[[object], Awaitable[int]]):
    """`count` requests spread over the actors, each actor one at a time (concurrency = len(actors)).

    Returns (seconds, latencies in ms, Counter of statuses).
    """
    latencies, statuses = [], Counter()
    turns = iter(range(count))

    async def work(actor):
        for _ in turns:
            started = time.perf_counter()
            statuses[await request(actor)] += 1
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(work(actor) for actor in actors))
    return time.perf_counter() - started, latencies, statuses


# --- websocket crowds ------------------------------------------------------------------------

def post_key(data: dict) -> int:
    """The post an event is about: {post: {id}} (published, submitted) or {post_id} (withdrawn)."""
    return data["post"]["id"] if "post" in data else data["post_id"]


class Crowd:
    """Websocket clients that join a room and stamp (time.time()) the events they are pushed.

    arrivals[event][post id] lists the arrival times; the first event named is the default.
    """

    def __init__(self, *events: str):
        self.events = events
        self.clients: list[socketio.AsyncClient] = []
        self.arrivals: dict[str, dict[int, list[float]]] = {e: defaultdict(list) for e in events}
        self.disconnects = 0
        self._closing = False

    def _stamp(self, event: str) -> Callable[[dict], None]:
        def arrived(data: dict) -> None:
            self.arrivals[event][post_key(data)].append(time.time())
        return arrived

    def _lost(self, *_reason) -> None:
        if not self._closing:
            self.disconnects += 1

    async def connect(self, base: str, count: int, join: str, data: dict, headers: dict | None = None,
                      concurrency: int = 100) -> float:
        """Connect `count` clients over websocket and join (acked); returns the seconds it took."""
        gate = asyncio.Semaphore(concurrency)

        async def one():
            async with gate:
                import socketio

                client = socketio.AsyncClient(reconnection=False)
                for event in self.events:
                    client.on(event, self._stamp(event))
                client.on("disconnect", self._lost)
                await client.connect(base, headers=dict(headers or {}), transports=["websocket"],
                                     wait_timeout=WAIT)
                self.clients.append(client)
                ack = await client.call(join, data, timeout=WAIT)
                if not (isinstance(ack, dict) and ack.get("ok")):
                    raise RuntimeError(f"{join} refused: {ack}")

        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(count)))
        return time.perf_counter() - started

    async def wait_for(self, keys: Iterable[int], per_key: int | None = None, timeout: float = WAIT,
                       event: str | None = None) -> None:
        """Until every key has arrived per_key times (default: once per client), or timeout (then
        the report shows the loss)."""
        keys, arrivals = list(keys), self.arrivals[event or self.events[0]]
        per_key = len(self.clients) if per_key is None else per_key
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(len(arrivals[k]) >= per_key for k in keys):
                return
            await asyncio.sleep(0.05)

    def report(self, sent: dict[int, float], event: str | None = None) -> dict:
        """Latencies t1 - t0 (ms) of every arrival of the sent keys, and deliveries against expected."""
        clients, arrivals = len(self.clients), self.arrivals[event or self.events[0]]
        latencies = [(t1 - t0) * 1000 for key, t0 in sent.items() for t1 in arrivals[key]]
        return {"latencies": latencies, "delivered": len(latencies), "expected": len(sent) * clients,
                "disconnects": self.disconnects}

    async def close(self) -> None:
        self._closing = True
        await asyncio.gather(*(asyncio.wait_for(c.disconnect(), 5) for c in self.clients),
                             return_exceptions=True)
        self.clients.clear()


def backoff(attempt: int, floor: float = 0.0, cap: float = 30.0, base: float = 1.0) -> float:
    """The browsers' reconnect pause (static/js/live.js), full jitter:
    random() * min(cap, max(base * 2**attempt, floor)), attempt from 1."""
    import random

    return random.random() * min(cap, max(base * 2 ** attempt, floor))


def refused_status(error: BaseException) -> int | None:
    """The HTTP status of a refused websocket handshake, found in the exception's chain (python-engineio
    raises its own ConnectionError while handling aiohttp's WSServerHandshakeError)."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        status = getattr(error, "status", None)
        if isinstance(status, int) and status >= 400:
            return status
        error = error.__cause__ or error.__context__
    return None


class Rejoiner:
    """A browser's board: one websocket client that joins with `after` = the last event_id it has
    applied in order, and after a lost connection, a refused handshake (HTTP 503), a failed or
    unanswered join (8 s) or a `busy` ack, waits a full-jitter pause and tries again, as static/js/live.js.

    `seen` maps event_id -> arrival time (push or ack); `last` is the highest event_id up to which
    every number was seen (from the first ack's last_event_id). Times are time.time().
    """

    JOIN_TIMEOUT = 8.0  # the browser gives a join this long
    HANDSHAKE_TIMEOUT = 20.0  # socket.io-client's default connect timeout

    def __init__(self, base: str, join: str, data: dict, headers: dict | None = None):
        self.base, self.join, self.data, self.headers = base, join, data, headers or {}
        self.client = None
        self.seen: dict[int, float] = {}
        self.first: int | None = None  # last_event_id of the first join
        self.last = 0
        self.target: int | None = None  # caught up when last >= target
        self.attempts = self.refusals = self.errors = self.busy = self.drops = 0
        self.refused_last = False  # the last handshake was refused (503) or timed out
        self.before = (0, 0, 0, 0)  # (attempts, errors, refusals, busy) at a moment the caller marks
        self.rejoined_at: float | None = None  # first successful join after a drop
        self.caught_at: float | None = None
        self.tried_at: float | None = None  # when the attempt that succeeded began (connect or join)
        self.closing = False
        self._recovering: asyncio.Task | None = None

    def _event(self, _name: str, data=None) -> None:
        if isinstance(data, dict) and isinstance(data.get("event_id"), int):
            self._saw(data["event_id"])

    def _saw(self, event_id: int) -> None:
        self.seen.setdefault(event_id, time.time())
        while self.last + 1 in self.seen:
            self.last += 1
        self._check_caught()

    def _check_caught(self) -> None:
        if self.caught_at is None and self.target is not None and self.rejoined_at is not None \
                and self.last >= self.target:
            self.caught_at = time.time()

    def set_target(self, target: int) -> None:
        self.target = target
        self._check_caught()

    def _lost(self, *_reason) -> None:
        if self.closing:
            return
        self.drops += 1
        self.rejoined_at = self.caught_at = None
        if self._recovering is None or self._recovering.done():
            self._recovering = asyncio.get_running_loop().create_task(self._recover())

    async def _connect(self) -> bool:
        import socketio

        old, self.client = self.client, socketio.AsyncClient(reconnection=False)
        if old is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(old.disconnect(), 1)
        self.client.on("*", self._event)
        self.client.on("disconnect", self._lost)
        self.attempts += 1
        self.refused_last = False
        try:
            await asyncio.wait_for(self.client.connect(self.base, headers=dict(self.headers),
                                                       transports=["websocket"],
                                                       wait_timeout=self.HANDSHAKE_TIMEOUT),
                                   self.HANDSHAKE_TIMEOUT)
            return True
        except Exception as error:  # refused, reset, timed out: the browser tries again later
            if refused_status(error) in (503, 429):
                self.refusals += 1
                self.refused_last = True
            else:
                self.errors += 1
                self.refused_last = isinstance(error, asyncio.TimeoutError)  # the browser's "timeout"
            http = getattr(self.client.eio, "http", None)  # a failed client keeps its session open
            if http is not None and not http.closed:
                with contextlib.suppress(Exception):
                    await http.close()
            return False

    async def _join(self) -> bool:
        try:
            ack = await self.client.call(self.join, {**self.data, "after": self.after()},
                                         timeout=self.JOIN_TIMEOUT)
        except Exception:
            self.errors += 1
            return False
        if not (isinstance(ack, dict) and ack.get("ok")):
            self.busy += 1
            return False
        if self.first is None:
            self.first = self.last = ack.get("last_event_id", 0)
        for item in ack.get("events", []):
            self._event(item["event"], item["data"])
        if self.rejoined_at is None:
            self.rejoined_at = time.time()
        self._check_caught()
        return True

    def after(self) -> int | None:
        return None if self.first is None else self.last

    async def start(self, timeout: float = 600) -> None:
        """Connect and join (the crowd before the storm); a refused handshake or join is retried
        with the same pauses, as admission control may refuse part of a crowd that arrives at once."""
        if not (await self._connect() and await self._join()):
            self._recovering = asyncio.get_running_loop().create_task(self._recover())
            await asyncio.wait_for(self._recovering, timeout)
        self.rejoined_at = None  # counts only after a drop

    async def _recover(self) -> None:
        """As live.js: the window doubles with each refusal (503, a handshake or join that timed
        out, a busy ack) and otherwise grows only with the outage's length (floor = outage / 10)."""
        refusals, lost_at = 0, time.time()
        while not self.closing:
            await asyncio.sleep(backoff(1 + refusals, (time.time() - lost_at) / 10))
            if self.closing:
                return
            self.tried_at = time.time()
            if not (self.client and self.client.connected) and not await self._connect():
                refusals += self.refused_last
                continue
            if await self._join():
                return
            refusals += 1

    async def close(self) -> None:
        self.closing = True
        if self._recovering:
            self._recovering.cancel()
        if self.client:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.client.disconnect(), 5)

    def served(self) -> float | None:
        """Seconds from the start of the attempt that succeeded to caught up: the server's part,
        without the pauses of the reconnect policy."""
        if self.caught_at is None or self.tried_at is None:
            return None
        return self.caught_at - self.tried_at

    def missed(self, final: int) -> list[int]:
        """The event_ids after the first join up to `final` that never arrived."""
        start = self.first if self.first is not None else final
        return [n for n in range(start + 1, final + 1) if n not in self.seen]


async def deliver(crowds: list[Crowd], action: Callable[[int], Awaitable[None]], keys: list[int],
                  rate: float, warm_key: int | None = None):
    """One warm-up event (not counted), then `keys` at `rate` a second; waits until every client of
    every crowd has each key, or WAIT. Returns ({key: t0}, request times in ms).

    The client process's own garbage collector is held off meanwhile: with thousands of clients
    its full collections pause every client for 50-200 ms, which is not the server's latency.
    """
    if warm_key is not None:
        await action(warm_key)
        for crowd in crowds:
            await crowd.wait_for([warm_key])
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        sent, request_ms = await paced(keys, rate, action)
        for crowd in crowds:
            await crowd.wait_for(keys)
    finally:
        gc.enable()
        gc.unfreeze()
    return sent, request_ms


async def paced(keys: list[int], rate: float, action: Callable[[int], Awaitable[None]]):
    """Run action(key) for each key at `rate` a second; returns ({key: t0}, request times in ms)."""
    sent, request_ms = {}, []
    start = time.time()
    for i, key in enumerate(keys):
        await asyncio.sleep(max(0.0, start + i / rate - time.time()))
        t0 = time.time()
        sent[key] = t0
        await action(key)
        request_ms.append((time.time() - t0) * 1000)
    return sent, request_ms


# --- statistics and output -------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def stats(values: list[float]) -> dict:
    return {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
            "p99": percentile(values, 99), "max": max(values, default=float("nan"))}


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def table(title: str, columns: list[str], rows: list[list]) -> None:
    cells = [columns] + [[fmt(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    print(f"\n{title}")
    for n, row in enumerate(cells):
        print("  ".join(cell.rjust(w) if n and i else cell.ljust(w)
                        for i, (cell, w) in enumerate(zip(row, widths, strict=True))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def save(name: str, data: dict) -> Path:
    """Keep the raw numbers in bench/results/ (ignored by git)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(data, indent=1, default=str))
    return path


def header(name: str) -> None:
    """What ran, and how busy the shared machine was at the start (load average of 1 minute)."""
    load = Path("/proc/loadavg").read_text().split()[0]
    print(f"{name}  {datetime.now():%Y-%m-%d %H:%M}  cpus={os.cpu_count()}  load={load}  "
          f"python={sys.version.split()[0]}", flush=True)


def db_kinds(choice: str) -> list[str]:
    return ["sqlite", "postgres"] if choice == "both" else [choice]


async def rounds_per_db(args, db_round) -> list[dict]:
    """Run `db_round(kind, args, work_dir)` once for each database chosen with --db."""
    rounds = []
    with tempfile.TemporaryDirectory(prefix="parkbank-bench-") as tmp:
        for kind in db_kinds(args.db):
            work = Path(tmp) / kind
            work.mkdir()
            rounds.append(await db_round(kind, args, work))
    return rounds


def parser(doc: str | None, db: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    if db:
        p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    p.add_argument("--profile", metavar="DIR", help="py-spy every server worker into DIR (collapsed "
                   "stacks; summarise with `python -m bench.hotspots DIR/FILE`)")
    return p


def parse(p: argparse.ArgumentParser) -> argparse.Namespace:
    args = p.parse_args()
    if args.profile:
        os.environ["PROFILE_DIR"] = str(Path(args.profile).resolve())
    return args
