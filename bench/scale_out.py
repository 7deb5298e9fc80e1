"""Scale-out: app processes sharing PostgreSQL and a Redis message queue, against the bare baseline.

All --processes app processes (default 2) run with SOCKETIO_MESSAGE_QUEUE=redis://127.0.0.1:6379/0 and
a channel unique to this run. Phase "spread": the clients round-robin over the processes (as nginx's
hash spreads them), 20 approvals at 2 a second through A (t0 = just before the approve request):
every client on every process must get every post. Then a few `flask --app parkbank withdraw-post`
jobs with the same environment: t0 = just before the subprocess starts, t1 = receipt of
post_withdrawn; the commit time is the job's LiveEvent.created_at (written at flush, just before
commit; same host clock), so "after commit" = t1 - created_at. Phase "one" (--single, default up to
5,000 clients: one process's socket cap): all clients on A, same approvals; the p99 ratio
spread/one is the scale-out cost. Phase "baseline" (--baseline, default): the same spread over as
many bare python-socketio processes with python-socketio's RedisManager (bench/baseline_server.py,
BASELINE_MESSAGE_QUEUE), events through POST /emit on A; the p99 ratio app/baseline is the app's cost.

    /work/venv/bin/python -m bench.scale_out [--clients 1000] [--processes 2] [--approvals 20] [--jobs 3]
        [--no-baseline] [--single|--no-single]

The lead's size: --clients 10000 --processes 2 (one client process holds every client: its own CPU
shows in the latencies; compare with the baseline row, which has the same client load).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
import time
import uuid
from datetime import UTC
from pathlib import Path

import psycopg

from bench.common import (
    MODERATOR_EMAIL,
    PY,
    ROOT,
    SLUG,
    WAIT,
    Crowd,
    Emitter,
    Moderator,
    app_env,
    app_server,
    baseline_server,
    client_process,
    deliver,
    fresh_database,
    header,
    parse,
    parser,
    ratio,
    save,
    seed,
    server_preexec,
    stats,
    submit_many,
    table,
    verdict,
)

REDIS = "redis://127.0.0.1:6379/0"
JOIN = {"consultation": SLUG, "after": None, "own": False}


def commit_time(db_url: str, post_id: int) -> float:
    """When the job wrote its post_withdrawn event (LiveEvent.created_at, naive UTC)."""
    with psycopg.connect(db_url) as conn:
        created = conn.execute("SELECT created_at FROM live_event WHERE name = 'post_withdrawn' "
                               "AND post_id = %s", (post_id,)).fetchone()[0]
    return created.replace(tzinfo=UTC).timestamp()


async def withdraw_job(env: dict, db_url: str, post_id: int, crowds: list[Crowd]) -> dict:
    t0 = time.time()
    job = await asyncio.create_subprocess_exec(
        PY, "-m", "flask", "--app", "parkbank", "withdraw-post", str(post_id), "--reason", "other",
        "--by", MODERATOR_EMAIL, cwd=ROOT, env=env, preexec_fn=server_preexec,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    line = await asyncio.wait_for(job.stdout.readline(), WAIT * 3)
    printed = time.time()
    err = await asyncio.wait_for(job.stderr.read(), WAIT)
    if await job.wait() != 0:
        raise RuntimeError(f"withdraw-post failed: {line!r} {err.decode()[-2000:]}")
    exited = time.time()
    for crowd in crowds:
        await crowd.wait_for([post_id], event="post_withdrawn")
    committed = commit_time(db_url, post_id)
    arrivals = [t for crowd in crowds for t in crowd.arrivals["post_withdrawn"][post_id]]
    return {"post_id": post_id, "job_to_commit_ms": (committed - t0) * 1000,
            "job_printed_ms": (printed - t0) * 1000, "job_exit_ms": (exited - t0) * 1000,
            "from_start_ms": [(t - t0) * 1000 for t in arrivals],
            "after_commit_ms": [(t - committed) * 1000 for t in arrivals],
            "delivered": len(arrivals), "expected": sum(len(c.clients) for c in crowds)}


async def phase(name: str, spread: list[tuple[str, int]], action, keys: list[int], args,
                job_env: tuple[dict, str] | None = None, join: tuple[str, dict] = ("join_board", JOIN)
                ) -> tuple[list[dict], list[dict]]:
    """Connect the clients as spread [(base, count)], run action on keys[1:] (keys[0] warms up), run jobs."""
    crowds = [Crowd("post_published", "post_withdrawn") for _ in spread]
    try:
        for crowd, (base, count) in zip(crowds, spread, strict=True):
            await crowd.connect(base, count, *join)
        sent, request_ms = await deliver(crowds, action, keys[1:], args.rate, keys[0])
        reports = [{"phase": name, "server": base, "request_ms": request_ms, **crowd.report(sent)}
                   for crowd, (base, _n) in zip(crowds, spread, strict=True)]
        done = []
        if job_env:
            for post_id in keys[1:1 + args.jobs]:
                done.append(await withdraw_job(*job_env, post_id, crowds))
        for report, crowd in zip(reports, crowds, strict=True):
            report["disconnects"] = crowd.disconnects
        return reports, done
    finally:
        await asyncio.gather(*(crowd.close() for crowd in crowds))


def round_robin(bases: list[str], clients: int) -> list[tuple[str, int]]:
    return [(base, clients // len(bases) + (1 if n < clients % len(bases) else 0))
            for n, base in enumerate(bases)]


async def baseline_phase(args, tmp: Path) -> list[dict]:
    """The same spread over bare python-socketio processes sharing a Redis manager."""
    channel = f"baseline-bench-{uuid.uuid4().hex}"
    servers = [baseline_server(tmp, name=f"baseline{n}", BASELINE_MESSAGE_QUEUE=REDIS,
                               BASELINE_CHANNEL=channel) for n in range(args.processes)]
    with contextlib.ExitStack() as stack:
        for server in servers:
            stack.enter_context(server)
        emitter = Emitter(servers[0].base)
        try:
            reports, _ = await phase("baseline", round_robin([s.base for s in servers], args.clients),
                                     emitter.emit, list(range(1, args.approvals + 2)), args,
                                     join=("join", {"room": "board"}))
        finally:
            await emitter.close()
    for report, server in zip(reports, servers, strict=True):
        report["server"] = server.name
    return reports


def merged(name: str, reports: list[dict]) -> dict:
    return {"phase": name, "server": "all", "request_ms": reports[0]["request_ms"],
            **{k: sum(r[k] for r in reports) for k in
                                               ("delivered", "expected", "disconnects")},
            "latencies": [ms for r in reports for ms in r["latencies"]]}


async def main(args) -> None:
    client_process()
    header(f"scale_out clients={args.clients} processes={args.processes}")
    single = args.single if args.single is not None else args.clients <= 5000
    with tempfile.TemporaryDirectory(prefix="parkbank-bench-") as tmp:
        db_url = fresh_database("postgres", Path(tmp))
        channel = f"parkbank-bench-{uuid.uuid4().hex}"
        env = app_env(db_url, SOCKETIO_MESSAGE_QUEUE=REDIS, SOCKETIO_CHANNEL=channel)
        seed(env)
        servers = [app_server(env, Path(tmp), chr(ord("A") + n)) for n in range(args.processes)]
        with contextlib.ExitStack() as stack:
            for server in servers:
                stack.enter_context(server)
            a = servers[0]
            ids = await submit_many(a.base, 2 * (args.approvals + 1))
            moderator = await Moderator(a.base).login()
            try:
                two, jobs = await phase("spread", round_robin([s.base for s in servers], args.clients),
                                        moderator.decide, ids[:args.approvals + 1], args, (env, db_url))
                one = []
                if single:
                    one, _ = await phase("one", [(a.base, args.clients)], moderator.decide,
                                         ids[args.approvals + 1:], args)
            finally:
                await moderator.close()
        base = await baseline_phase(args, Path(tmp)) if args.baseline else []
    names = {s.base: s.name for s in servers}
    rounds = [*two, merged("spread", two), *one] + ([*base, merged("baseline", base)] if base else [])
    rows = []
    for r in rounds:
        r["latency"], r["request"] = stats(r["latencies"]), stats(r["request_ms"])
        rows.append([r["phase"], names.get(r["server"], r["server"]), f"{r['delivered']}/{r['expected']}",
                     r["disconnects"], r["latency"]["p50"], r["latency"]["p95"], r["latency"]["p99"],
                     r["latency"]["max"], r["request"]["p50"], r["request"]["max"]])
    table("Approve (through A) to visible, ms (p99 of 20 events ~ the slowest event; req = approve request,"
          " or POST /emit for the baseline)",
          ["phase", "server", "delivered", "disc", "p50", "p95", "p99", "max", "req p50", "req max"],
          rows)
    job_after = stats([ms for j in jobs for ms in j["after_commit_ms"]])
    job_start = stats([ms for j in jobs for ms in j["from_start_ms"]])
    table("withdraw-post jobs (ms from starting the subprocess, unless 'after commit')",
          ["post", "to commit", "printed", "exited", "delivered", "recv p50", "recv max", "after commit p50",
           "after commit max"],
          [[j["post_id"], j["job_to_commit_ms"], j["job_printed_ms"], j["job_exit_ms"],
            f"{j['delivered']}/{j['expected']}", stats(j["from_start_ms"])["p50"], max(j["from_start_ms"]),
            stats(j["after_commit_ms"])["p50"], max(j["after_commit_ms"])] for j in jobs])
    all_two = rounds[len(two)]
    p99_ratio = ratio(all_two["latency"]["p99"], rounds[len(two) + len(one)]["latency"]["p99"]) if one \
        else float("nan")
    base_ratio = ratio(all_two["latency"]["p99"], rounds[-1]["latency"]["p99"]) if base else float("nan")
    lossless = all(r["delivered"] == r["expected"] and r["disconnects"] == 0 for r in rounds)
    table("Against one process and the baseline in this run, and PRODUCT targets",
          ["p99 spread/one", "p99<=1.3x", "p99 app/baseline", "no loss",
           "job visible<500ms after commit (max)"],
          [[p99_ratio, verdict(p99_ratio <= 1.3) if one else "-", base_ratio, verdict(lossless and all(
              j["delivered"] == j["expected"] for j in jobs)), verdict(job_after["max"] < 500)]])
    print("\nraw:", save("scale_out", {"args": vars(args), "rounds": rounds, "jobs": jobs,
                                       "job_after_commit": job_after, "job_from_start": job_start}))


if __name__ == "__main__":
    p = parser(__doc__, db=False)
    p.add_argument("--clients", type=int, default=1000)
    p.add_argument("--approvals", type=int, default=20)
    p.add_argument("--rate", type=float, default=2.0, help="approvals a second")
    p.add_argument("--jobs", type=int, default=3, help="withdraw-post commands to time")
    p.add_argument("--processes", type=int, default=2, help="app (and baseline) server processes")
    p.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=True,
                   help="the same spread on bare python-socketio processes with a Redis manager")
    p.add_argument("--single", action=argparse.BooleanOptionalAction, default=None,
                   help="phase one: all clients on one process (default: up to 5,000 clients)")
    asyncio.run(main(parse(p)))
