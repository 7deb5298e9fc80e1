"""Approve-to-visible latency, delivery (no loss) and the approve request's own time.

For each client count (default 100 and 1,000) on one server process: N websocket clients join the
board; a citizen's posts are submitted first; then 20 approvals at 2 a second. t0 = just before
the moderator's approve request, t1 = each client's receipt of post_published. Baseline: the same
clients on a bare python-socketio gevent server, t0 = just before POST /emit. The approve
request time is measured by the client and, free of client load, by gunicorn's access log.

    /work/venv/bin/python -m bench.live_latency [--clients 100,1000] [--approvals 20] [--rate 2]
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from bench.common import (
    SLUG,
    Crowd,
    Emitter,
    Moderator,
    app_env,
    app_server,
    baseline_server,
    client_process,
    db_kinds,
    deliver,
    fresh_database,
    header,
    parse,
    parser,
    ratio,
    save,
    seed,
    stats,
    submit_many,
    table,
    verdict,
)


async def app_round(kind: str, clients: int, args, tmp: Path) -> dict:
    env = app_env(fresh_database(kind, tmp))
    seed(env)
    with app_server(env, tmp, access_log=True) as server:
        ids = await submit_many(server.base, args.approvals + 1)
        moderator = await Moderator(server.base).login()
        crowd = Crowd("post_published")
        try:
            connect_s = await crowd.connect(server.base, clients, "join_board",
                                            {"consultation": SLUG, "after": None, "own": False})
            sent, request_ms = await deliver([crowd], moderator.decide, ids[1:], args.rate, ids[0])
            result = crowd.report(sent)
        finally:
            await crowd.close()
            await moderator.close()
        server_ms = server.server_ms("/beslut")[1:]  # without the warm-up
    return {"server": f"app ({kind})", "clients": clients, "connect_s": connect_s,
            "request_ms": request_ms, "server_ms": server_ms, **result}


async def baseline_round(clients: int, args, tmp: Path) -> dict:
    with baseline_server(tmp, access_log=True) as server:
        emitter = Emitter(server.base)
        crowd = Crowd("post_published")
        try:
            connect_s = await crowd.connect(server.base, clients, "join", {"room": "board"})
            keys = list(range(1, args.approvals + 1))
            sent, request_ms = await deliver([crowd], emitter.emit, keys, args.rate, 0)
            result = crowd.report(sent)
        finally:
            await crowd.close()
            await emitter.close()
        server_ms = server.server_ms("/emit")[1:]
    return {"server": "baseline", "clients": clients, "connect_s": connect_s,
            "request_ms": request_ms, "server_ms": server_ms, **result}


def summarise(rounds: list[dict]) -> None:
    rows = []
    for r in rounds:
        lat, req, srv = stats(r["latencies"]), stats(r["request_ms"]), stats(r["server_ms"])
        r["latency"], r["request"], r["server_side"] = lat, req, srv
        rows.append([r["server"], r["clients"], r["connect_s"], f"{r['delivered']}/{r['expected']}",
                     r["disconnects"], lat["p50"], lat["p99"], lat["max"], req["p50"], req["p95"],
                     srv["p95"]])
    table("Approve-to-visible (ms); request = approve or /emit as the client saw it, srv = gunicorn's "
          "own time", ["server", "clients", "connect s", "delivered", "disc", "p50", "p99", "max",
                       "req p50", "req p95", "srv p95"], rows)

    checks = []
    for r in rounds:
        if r["server"] == "baseline":
            continue
        base = next(b for b in rounds if b["server"] == "baseline" and b["clients"] == r["clients"])
        p99_ratio = ratio(r["latency"]["p99"], base["latency"]["p99"])
        p50_ratio = ratio(r["latency"]["p50"], base["latency"]["p50"])
        lossless = r["delivered"] == r["expected"] and r["disconnects"] == 0
        checks.append([r["server"], r["clients"], p50_ratio, p99_ratio,
                       verdict(p99_ratio <= 1.5), verdict(r["latency"]["p50"] < 100), verdict(lossless),
                       verdict(r["request"]["p95"] < 50), verdict(r["server_side"]["p95"] < 50)])
    table("Ratios against the baseline in this run, and PRODUCT targets (binding at 1,000 clients)",
          ["server", "clients", "p50 ratio", "p99 ratio", "p99<=1.5x", "p50<100ms", "no loss",
           "approve p95<50", "srv p95<50"], checks)


async def main(args) -> None:
    client_process()
    header("live_latency")
    rounds = []
    with tempfile.TemporaryDirectory(prefix="parkbank-bench-") as tmp:
        for clients in args.clients:
            work = Path(tmp) / f"baseline-{clients}"
            work.mkdir()
            rounds.append(await baseline_round(clients, args, work))
            for kind in db_kinds(args.db):
                work = Path(tmp) / f"app-{kind}-{clients}"
                work.mkdir()
                rounds.append(await app_round(kind, clients, args, work))
    summarise(rounds)
    print("\nraw:", save("live_latency", {"args": vars(args), "rounds": rounds}))


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--clients", type=lambda s: [int(n) for n in s.split(",")], default=[100, 1000])
    p.add_argument("--approvals", type=int, default=20)
    p.add_argument("--rate", type=float, default=2.0, help="approvals a second")
    asyncio.run(main(parse(p)))
