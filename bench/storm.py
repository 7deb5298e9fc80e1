"""Reconnect storm: every server process dies and comes back, and all its browsers rejoin at once.

Steps, for the app and then (--baseline, the default) for the bare python-socketio server at the
same size in the same run:
1. Start --processes live server processes (gunicorn -c deploy/gunicorn.conf.py) and --pages page
   processes (the same server; as deploy/nginx.conf routes, browsers' sockets reach only the live
   ones and the moderator's requests only the page one). With more than one process in all,
   PostgreSQL and a Redis message queue, as bench/scale_out.py. --events approvals happen first.
2. --clients browsers connect (round-robin over the processes, as nginx's hash spreads them; held
   by --client-procs client processes) and join the board; each keeps the last event_id it has
   applied in order (bench.common.Rejoiner).
3. Every server process is killed (--signal kill: SIGKILL, a crash; term: SIGTERM, gunicorn's
   graceful stop as systemd does it). While they are down --events more board events happen: the
   app's through `flask --app parkbank withdraw-post` (the database's event log), the baseline's
   appended to its event file (BASELINE_LOG). The browsers already retry, with full jitter.
4. The processes restart on the same ports. Each browser reconnects with full jitter (after a lost
   connection, a refused handshake (503) or a failed join: wait random() * min(30 s,
   max(2**(1 + refusals) s, outage / 10))) and rejoins with `after`. Meanwhile /healthz is
   fetched on every process one after another, every 100 ms, and a moderator approves a fresh
   post through the HTTP door (the baseline: POST /emit) every --approve-every seconds, timing
   each request.
5. When every browser has caught up with the events made while down (or --timeout), the approvals
   stop, and each browser must have every event after its first join up to the last (else: missed).

Times are from the moment the restart began (t=0; "up" is when every process answered /healthz).
CPU seconds and peak RSS are the restarted workers', from the restart to the end.

    /work/venv/bin/python -m bench.storm [--clients 1000] [--processes 1] [--pages N] [--db sqlite|postgres]
        [--events 5] [--signal kill|term] [--client-procs 1] [--no-baseline] [--timeout 600]

--processes above 1 implies --db postgres and needs Redis on 127.0.0.1:6379 (a channel unique to
the run). At 10,000 clients use --client-procs 4 or so: one asyncio client process is CPU-bound.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sqlite3
import sys
import time
import uuid
from pathlib import Path

import aiohttp

from bench.common import (
    MODERATOR_EMAIL,
    PY,
    ROOT,
    SLUG,
    WAIT,
    Emitter,
    Moderator,
    Rejoiner,
    Server,
    app_env,
    app_server,
    baseline_server,
    client_nice,
    client_process,
    fresh_database,
    header,
    new_http,
    parse,
    parser,
    published_like,
    ratio,
    save,
    seed,
    server_preexec,
    stats,
    submit_many,
    table,
)

REDIS = "redis://127.0.0.1:6379/0"
HEALTH_EVERY = 0.1
# How long a probe or an approval may take before it counts as failed: in the operator's storm of
# 10,000 an approve took 80 s, and that is a latency to report, not a failure.
SLOW = aiohttp.ClientTimeout(total=180)


# --- the client processes ----------------------------------------------------------------------

def say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def client_worker(spec: dict) -> None:
    """One client process: `count` browsers; reads commands on stdin, reports on stdout (JSON lines)."""
    client_process()
    client_nice()
    bases = spec["bases"]
    browsers = [Rejoiner(bases[(spec["offset"] + i) % len(bases)], spec["join"], spec["data"])
                for i in range(spec["count"])]
    gate = asyncio.Semaphore(100)

    async def start(browser: Rejoiner) -> None:
        async with gate:
            await browser.start()

    await asyncio.gather(*(start(b) for b in browsers))
    say({"ready": len(browsers)})
    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)

    async def progress() -> None:
        while True:
            await asyncio.sleep(0.25)
            say({"progress": [sum(b.rejoined_at is not None for b in browsers),
                              sum(b.caught_at is not None for b in browsers)]})

    reporter = loop.create_task(progress())
    while line := await stdin.readline():
        command, _, value = line.decode().strip().partition(" ")
        if command == "target":  # sent just before the restart
            for browser in browsers:
                browser.before = (browser.attempts, browser.errors, browser.refusals, browser.busy)
                browser.set_target(int(value))
        elif command == "finish":
            final = int(value)
            deadline = time.monotonic() + WAIT
            while time.monotonic() < deadline and any(b.last < final for b in browsers):
                await asyncio.sleep(0.1)
            reporter.cancel()
            records = []
            for b in browsers:
                missed = b.missed(final)
                attempts, errors, refusals, busy = b.before
                records.append([b.base, b.rejoined_at, b.caught_at, b.attempts - attempts,
                                b.refusals - refusals, b.errors - errors, b.busy - busy, b.drops,
                                len(missed), missed[:5], b.served()])
            await asyncio.gather(*(b.close() for b in browsers))
            say({"records": records})
            return



async def status_of(request) -> int:
    """The HTTP status of an aiohttp request once its body is read; 0 when it got no answer."""
    try:
        async with request as answer:
            await answer.read()
            return answer.status
    except Exception:
        return 0

class Clients:
    """The client processes, as seen from the driver."""

    def __init__(self, total: int, procs: int, bases: list[str], join: str, data: dict):
        self.total, self.procs = total, []
        self.shares = [total // procs + (1 if i < total % procs else 0) for i in range(procs)]
        self.spec = {"bases": bases, "join": join, "data": data}
        self.progress = [[0, 0] for _ in self.shares]
        self.records: list[list] = []
        self._ready: list[asyncio.Future] = []
        self._done: list[asyncio.Future] = []

    async def start(self) -> float:
        started = time.perf_counter()
        offset = 0
        loop = asyncio.get_running_loop()
        for count in self.shares:
            spec = {**self.spec, "count": count, "offset": offset}
            offset += count
            proc = await asyncio.create_subprocess_exec(
                PY, "-m", "bench.storm", "--worker", json.dumps(spec), cwd=ROOT, limit=2 ** 28,
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
            ready, done = loop.create_future(), loop.create_future()
            self.procs.append(proc)
            self._ready.append(ready)
            self._done.append(done)
            loop.create_task(self._read(len(self.procs) - 1, proc, ready, done))
        await asyncio.wait_for(asyncio.gather(*self._ready), WAIT * 30)
        return time.perf_counter() - started

    async def _read(self, n: int, proc, ready: asyncio.Future, done: asyncio.Future) -> None:
        while line := await proc.stdout.readline():
            message = json.loads(line)
            if "ready" in message:
                ready.set_result(True)
            elif "progress" in message:
                self.progress[n] = message["progress"]
            elif "records" in message:
                done.set_result(message["records"])
        for future in (ready, done):
            if not future.done():
                future.set_exception(RuntimeError(f"client process {n} exited ({await proc.wait()})"))

    async def tell(self, line: str) -> None:
        for proc in self.procs:
            proc.stdin.write(line.encode() + b"\n")
            await proc.stdin.drain()

    def rejoined(self) -> int:
        return sum(p[0] for p in self.progress)

    def caught(self) -> int:
        return sum(p[1] for p in self.progress)

    async def finish(self, final: int) -> list[list]:
        await self.tell(f"finish {final}")
        for records in await asyncio.wait_for(asyncio.gather(*self._done), WAIT * 10):
            self.records.extend(records)
        for proc in self.procs:
            await proc.wait()
        return self.records

    def kill(self) -> None:
        for proc in self.procs:
            if proc.returncode is None:
                proc.kill()


# --- the two kinds of server ---------------------------------------------------------------------

class AppSide:
    """The app: events are approvals (through the moderator's door) and, while down, withdraw-post."""

    # A viewer, as a browser that shows no post of its own waiting sends it.
    name, join, data = "app", "join_board", {"consultation": SLUG, "own": False}

    def __init__(self, args, tmp: Path):
        self.args, self.tmp = args, tmp
        self.kind = "postgres" if args.processes + args.pages > 1 else args.db
        self.db_url = fresh_database(self.kind, tmp)
        extra = {}
        if args.processes + args.pages > 1:
            extra = {"SOCKETIO_MESSAGE_QUEUE": REDIS,
                     "SOCKETIO_CHANNEL": f"parkbank-storm-{uuid.uuid4().hex}"}
        self.env = app_env(self.db_url, **extra)
        seed(self.env)
        self.live = [app_server(self.env, tmp, f"app{n}") for n in range(args.processes)]
        self.pages = [app_server(self.env, tmp, f"pages{n}") for n in range(args.pages)]
        self.servers = self.live + self.pages
        self.door = self.servers[-1].base  # the moderator's: a page process when there is one
        self.moderator: Moderator | None = None
        self.pending: list[int] = []
        self.approved: list[int] = []

    async def prepare(self) -> None:
        base = self.door
        self.pending = await submit_many(base, self.args.events + self.args.pool)
        self.moderator = await Moderator(base).login()
        for _ in range(self.args.events):
            post_id = self.pending.pop(0)
            await self.moderator.decide(post_id)
            self.approved.append(post_id)

    async def while_down(self) -> list[float]:
        """Withdraw the approved posts by command; returns each command's seconds."""
        times = []
        for post_id in self.approved:
            started = time.perf_counter()
            job = await asyncio.create_subprocess_exec(
                PY, "-m", "flask", "--app", "parkbank", "withdraw-post", str(post_id), "--reason", "other",
                "--by", MODERATOR_EMAIL, cwd=ROOT, env=self.env, preexec_fn=server_preexec,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            out, err = await asyncio.wait_for(job.communicate(), WAIT * 3)
            if job.returncode != 0:
                raise RuntimeError(f"withdraw-post failed: {out!r} {err.decode()[-2000:]}")
            times.append(time.perf_counter() - started)
        return times

    async def event(self) -> int:
        """One approval through the HTTP door; returns its HTTP status (0: no answer or no post left)."""
        if not self.pending:
            return 0
        post_id = self.pending.pop(0)
        form = {"csrf_token": self.moderator.token, "action": "approve"}
        return await status_of(self.moderator.http.post(
            f"{self.door}/moderering/inlagg/{post_id}/beslut", data=form,
            headers={"Accept": "application/json"}, timeout=SLOW))

    def last_event_id(self) -> int:
        query = f"SELECT event_seq FROM consultation WHERE slug = '{SLUG}'"
        if self.kind == "sqlite":
            with sqlite3.connect(self.db_url.removeprefix("sqlite:///")) as conn:
                return conn.execute(query).fetchone()[0]
        import psycopg

        with psycopg.connect(self.db_url) as conn:
            return conn.execute(query).fetchone()[0]

    async def close(self) -> None:
        if self.moderator:
            await self.moderator.close()


class BaselineSide:
    """The bare server: events are POST /emit (logged to its file); while down, lines appended."""

    name, join, data = "baseline", "join", {"room": "board"}

    def __init__(self, args, tmp: Path):
        self.args = args
        self.log = tmp / "baseline-events.jsonl"
        extra = {"BASELINE_LOG": str(self.log)}
        if args.processes + args.pages > 1:
            extra |= {"BASELINE_MESSAGE_QUEUE": REDIS,
                      "BASELINE_CHANNEL": f"baseline-storm-{uuid.uuid4().hex}"}
        self.live = [baseline_server(tmp, name=f"baseline{n}", **extra) for n in range(args.processes)]
        self.pages = [baseline_server(tmp, name=f"baseline-pages{n}", **extra) for n in range(args.pages)]
        self.servers = self.live + self.pages
        self.door = self.servers[-1].base
        self.emitter: Emitter | None = None
        self.key = 0

    async def prepare(self) -> None:
        self.emitter = Emitter(self.door)
        for _ in range(self.args.events):
            self.key += 1
            await self.emitter.emit(self.key)

    async def while_down(self) -> list[float]:
        times = []
        for _ in range(self.args.events):
            started = time.perf_counter()
            self.key += 1
            with open(self.log, "ab") as out:
                message = {"event": "post_published", "room": "board", "data": published_like(self.key)}
                out.write(json.dumps(message).encode() + b"\n")
            times.append(time.perf_counter() - started)
        return times

    async def event(self) -> int:
        self.key += 1
        message = {"event": "post_published", "room": "board", "data": published_like(self.key)}
        return await status_of(self.emitter.http.post(f"{self.door}/emit", json=message,
                                                      timeout=SLOW))

    def last_event_id(self) -> int:
        return self.key

    async def close(self) -> None:
        if self.emitter:
            await self.emitter.close()


# --- the storm -----------------------------------------------------------------------------------

async def health(server: Server, until: asyncio.Event, samples: list) -> None:
    """GET /healthz one after another, starting every 100 ms: [(ms, status, when asked)], status 0
    for no answer."""
    http = new_http()
    try:
        while not until.is_set():
            started = time.perf_counter()
            try:
                async with http.get(f"{server.base}/healthz", timeout=SLOW) as answer:
                    await answer.read()
                    status = answer.status
            except Exception:
                status = 0
            elapsed = time.perf_counter() - started
            samples.append((elapsed * 1000, status, time.time() - elapsed))
            await asyncio.sleep(max(0.0, HEALTH_EVERY - elapsed))
    finally:
        await http.close()


async def approvals(side, every: float, until: asyncio.Event, samples: list) -> None:
    """An event every `every` seconds (no overlap): [(ms, status)]."""
    while not until.is_set():
        started = time.perf_counter()
        status = await side.event()
        elapsed = time.perf_counter() - started
        samples.append((elapsed * 1000, status))
        await asyncio.sleep(max(0.0, every - elapsed))


async def storm(side, args, down: float) -> dict:
    bases = [server.base for server in side.live]  # browsers reach the live processes only
    clients = Clients(args.clients, args.client_procs, bases, side.join, side.data)
    try:
        await asyncio.gather(*(asyncio.to_thread(server.start) for server in side.servers))
        await side.prepare()
        connect_s = await clients.start()
        print(f"  {side.name}: {args.clients} clients joined in {connect_s:.1f}s", flush=True)
        sig = signal.SIGKILL if args.signal == "kill" else signal.SIGTERM
        killed = time.perf_counter()
        await asyncio.gather(*(asyncio.to_thread(server.kill, sig) for server in side.servers))
        gone = time.perf_counter()
        stop_s = gone - killed  # SIGTERM: gunicorn waits graceful_timeout for the websockets
        down_jobs = await side.while_down()
        # Down for as long on both sides: the browsers' pauses grow with every failed attempt.
        await asyncio.sleep(max(0.0, down - (time.perf_counter() - gone)))
        down_s = time.perf_counter() - gone
        target = side.last_event_id()
        await clients.tell(f"target {target}")
        t0 = time.time()
        await asyncio.gather(*(asyncio.to_thread(server.start) for server in side.servers))
        up_s = time.time() - t0
        cpu0 = [server.cpu() for server in side.servers]
        done = asyncio.Event()
        health_samples = [[] for _ in side.servers]
        approve_samples: list = []
        samplers = [asyncio.create_task(health(s, done, h)) for s, h in zip(side.servers, health_samples,
                                                                             strict=True)]
        approver = asyncio.create_task(approvals(side, args.approve_every, done, approve_samples))
        deadline = time.monotonic() + args.timeout
        all_rejoined = None
        while time.monotonic() < deadline and clients.caught() < args.clients:
            if all_rejoined is None and clients.rejoined() >= args.clients:
                all_rejoined = time.time() - t0
            await asyncio.sleep(0.1)
        all_caught = time.time() - t0 if clients.caught() >= args.clients else None
        done.set()
        await asyncio.gather(approver, *samplers)
        final = side.last_event_id()
        records = await clients.finish(final)
        wall = time.time() - t0
        cpu = [server.cpu() - c for server, c in zip(side.servers, cpu0, strict=True)]
        peak = [server.peak_rss() for server in side.servers]
    finally:
        clients.kill()
        for server in side.servers:
            server.stop()
        await side.close()
    return summarise(side.name, args, records, t0, {
        "connect_s": connect_s, "stop_s": stop_s, "down_jobs_s": down_jobs, "down_s": down_s, "up_s": up_s,
        "all_rejoined_s": all_rejoined, "all_caught_s": all_caught, "wall_s": wall, "cpu_s": cpu,
        "peak_rss_mb": peak, "target": target, "final": final, "health": health_samples,
        "approve": approve_samples})


def summarise(name: str, args, records: list[list], t0: float, run: dict) -> dict:
    rejoin = [(r[1] - t0) for r in records if r[1] is not None]
    caught = [(r[2] - t0) for r in records if r[2] is not None]
    health_ms = [ms for samples in run["health"] for ms, status, _at in samples if status == 200]
    health_failed = sum(1 for samples in run["health"] for _ms, status, _at in samples if status != 200)
    # When the slow answers were asked (s from t=0) and by which process: where to look.
    health_slow = sorted((round(at - t0, 1), round(ms), n) for n, samples in enumerate(run["health"])
                         for ms, status, at in samples if ms > 1000)
    approve_ms = [ms for ms, status in run["approve"] if status == 200]
    return {"server": name, "clients": args.clients,
            "processes": f"{args.processes}+{args.pages}" if args.pages else args.processes, **run,
            "rejoin": stats(rejoin), "caught": stats(caught),
            "served": stats([r[10] for r in records if r[10] is not None]),
            "not_rejoined": len(records) - len(rejoin),
            "not_caught": len(records) - len(caught),
            "clients_missing_events": sum(1 for r in records if r[8]),
            "missed_events": sum(r[8] for r in records), "missed_sample": [r[9] for r in records if r[8]][:5],
            "attempts": sum(r[3] for r in records), "refusals": sum(r[4] for r in records),
            "errors": sum(r[5] for r in records), "busy": sum(r[6] for r in records),
            "health_ms": stats(health_ms), "health_over_1s": sum(ms > 1000 for ms in health_ms),
            "health_slow": health_slow,
            "health_failed": health_failed, "approve_ms": stats(approve_ms),
            "approve_failed": sum(1 for _ms, status in run["approve"] if status != 200)}


def report(rounds: list[dict]) -> None:
    table("Reconnect storm: seconds from the restart (t=0) per client; stop = until the processes were "
          "gone, down = then without server",
          ["server", "clients", "procs", "stop", "down", "up", "rejoin p50", "p95", "max", "caught p50",
           "p95", "max", "all caught", "not caught", "missed ev (clients)", "served p50", "p95", "max"],
          [[r["server"], r["clients"], r["processes"], r["stop_s"], r["down_s"], r["up_s"],
            r["rejoin"]["p50"], r["rejoin"]["p95"], r["rejoin"]["max"], r["caught"]["p50"],
            r["caught"]["p95"], r["caught"]["max"],
            r["all_caught_s"] if r["all_caught_s"] is not None else "timeout", r["not_caught"],
            f"{r['missed_events']} ({r['clients_missing_events']})", r["served"]["p50"], r["served"]["p95"],
            r["served"]["max"]] for r in rounds])
    table("Attempts after the restart, and the server under the storm (healthz every 100 ms per process; "
          "approve = one event every --approve-every s)",
          ["server", "attempts", "503", "errors", "busy", "healthz p50", "p99", "max", ">1s", "failed",
           "approve p50", "p95", "max", "failed", "CPU s", "peak RSS MB"],
          [[r["server"], r["attempts"], r["refusals"], r["errors"], r["busy"], r["health_ms"]["p50"],
            r["health_ms"]["p99"], r["health_ms"]["max"], r["health_over_1s"], r["health_failed"],
            r["approve_ms"]["p50"], r["approve_ms"]["p95"], r["approve_ms"]["max"], r["approve_failed"],
            "/".join(f"{c:.1f}" for c in r["cpu_s"]), "/".join(f"{m:.0f}" for m in r["peak_rss_mb"])]
           for r in rounds])
    if len(rounds) == 2:
        app, base = rounds
        pairs = [("caught p95", app["caught"]["p95"], base["caught"]["p95"]),
                 ("caught max", app["caught"]["max"], base["caught"]["max"]),
                 ("served p95", app["served"]["p95"], base["served"]["p95"]),
                 ("healthz p99", app["health_ms"]["p99"], base["health_ms"]["p99"]),
                 ("approve p95", app["approve_ms"]["p95"], base["approve_ms"]["p95"]),
                 ("CPU s", sum(app["cpu_s"]), sum(base["cpu_s"])),
                 ("peak RSS", sum(app["peak_rss_mb"]), sum(base["peak_rss_mb"]))]
        table("App against the bare baseline in this run (app / baseline)", ["measure", "app", "baseline",
                                                                           "ratio"],
              [[name, a, b, ratio(a, b)] for name, a, b in pairs])


async def main(args) -> None:
    client_process()
    header(f"storm clients={args.clients} processes={args.processes} pages={args.pages} signal={args.signal}")
    import tempfile

    rounds = []
    with tempfile.TemporaryDirectory(prefix="parkbank-bench-") as tmp:
        sides = [AppSide] + ([BaselineSide] if args.baseline else [])
        for n, side_class in enumerate(sides):
            work = Path(tmp) / str(n)
            work.mkdir()
            # The baseline stays down as long as the app did (its commands may outlast --down).
            down = max([args.down] + [r["down_s"] for r in rounds])
            rounds.append(await storm(side_class(args, work), args, down))
    report(rounds)
    for r in rounds:
        r.pop("health"), r.pop("approve")
    print("\nraw:", save("storm", {"args": vars(args), "rounds": rounds}))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        asyncio.run(client_worker(json.loads(sys.argv[2])))
        sys.exit(0)
    p = parser(__doc__)
    p.add_argument("--clients", type=int, default=1000)
    p.add_argument("--processes", type=int, default=1, help="server processes (>1: PostgreSQL + Redis)")
    p.add_argument("--pages", type=int, default=None,
                   help="page processes besides the live ones (nginx sends /socket.io/ to the live "
                        "processes, everything else here; the moderator approves here; with Redis). "
                        "Default: 1 with --processes above 1 (deploy/nginx.conf), else 0")
    p.add_argument("--client-procs", type=int, default=1, help="client processes holding the browsers")
    p.add_argument("--events", type=int, default=5, help="board events before and while down")
    p.add_argument("--signal", choices=["kill", "term"], default="kill")
    p.add_argument("--approve-every", type=float, default=0.5, help="seconds between approvals in the storm")
    p.add_argument("--pool", type=int, default=400, help="pending posts for the approvals in the storm")
    p.add_argument("--down", type=float, default=10, help="seconds the servers stay down (at least; "
                   "longer if the events while down take longer, and then the baseline as long)")
    p.add_argument("--timeout", type=float, default=600, help="seconds the storm may take")
    p.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=True)
    args = parse(p)
    if args.db == "both":
        p.error("--db sqlite or postgres")
    if args.pages is None:
        args.pages = 1 if args.processes > 1 else 0
    asyncio.run(main(args))
