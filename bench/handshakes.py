"""Handshakes: how many new Socket.IO sessions (websocket handshake + join_board) one process takes
a second, and what a crowd arriving at once does to /healthz, with and without the handshake gate
(parkbank/live/admission.py, issue 18).

A crowd of --clients connects all at once (no client-side pacing), each joining the board; every
client tries once (no reconnection). Meanwhile /healthz is asked every 100 ms. Reported per run:
clients in, refused (503 from the gate), failed otherwise, seconds, sessions taken per second, and
/healthz median and worst.

    .venv/bin/python -m bench.handshakes [--clients 1000] [--db sqlite|postgres] [--rates 0,100]
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import aiohttp

from bench.common import (
    SLUG,
    WAIT,
    app_env,
    app_server,
    client_process,
    fresh_database,
    header,
    parse,
    parser,
    percentile,
    save,
    seed,
    table,
)


async def crowd(base: str, clients: int) -> dict:
    import socketio

    joined, refused, failed, sockets = 0, 0, 0, []

    async def one():
        nonlocal joined, refused, failed
        client = socketio.AsyncClient(reconnection=False)
        try:
            await client.connect(base, transports=["websocket"], wait_timeout=WAIT)
        except socketio.exceptions.ConnectionError:  # the gate's 503 (the only refusal here)
            refused += 1
            return
        sockets.append(client)
        try:
            ack = await client.call("join_board", {"consultation": SLUG, "after": None, "own": False},
                                    timeout=WAIT)
        except Exception:  # a timeout counts as a failure
            ack = None
        if isinstance(ack, dict) and ack.get("ok"):
            joined += 1
        else:
            failed += 1

    health: list[float] = []
    done = asyncio.Event()

    async def watch():
        async with aiohttp.ClientSession() as http:
            while not done.is_set():
                start = time.perf_counter()
                async with http.get(f"{base}/healthz", timeout=aiohttp.ClientTimeout(total=30)) as r:
                    await r.read()
                health.append((time.perf_counter() - start) * 1000)
                await asyncio.sleep(0.1)

    watcher = asyncio.create_task(watch())
    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(clients)))
    seconds = time.perf_counter() - started
    done.set()
    await watcher
    await asyncio.gather(*(asyncio.wait_for(c.disconnect(), 5) for c in sockets), return_exceptions=True)
    return {"clients": clients, "joined": joined, "refused": refused, "failed": failed,
            "seconds": seconds, "per_second": joined / seconds,
            "healthz_median_ms": percentile(health, 50), "healthz_max_ms": max(health)}


async def main(args) -> None:
    client_process()
    header("handshakes")
    rows, results = [], []
    with tempfile.TemporaryDirectory(prefix="parkbank-bench-") as tmp:
        db_url = fresh_database(args.db, Path(tmp))
        seed(app_env(db_url))
        for rate in [int(r) for r in args.rates.split(",")]:
            env = app_env(db_url, PARKBANK_LIVE_HANDSHAKES_PER_SECOND=str(rate),
                          PARKBANK_LIVE_MAX_SOCKETS="0", PARKBANK_OUTBOX_WORKER="false")
            with app_server(env, Path(tmp), name=f"app-{rate}") as server:
                result = {"rate": rate, **await crowd(server.base, args.clients)}
            results.append(result)
            rows.append([rate or "off", result["clients"], result["joined"], result["refused"],
                         result["failed"], result["seconds"], result["per_second"],
                         result["healthz_median_ms"], result["healthz_max_ms"]])
    table(f"A crowd arriving at once ({args.db}; gate: PARKBANK_LIVE_HANDSHAKES_PER_SECOND)",
          ["gate", "clients", "joined", "503", "failed", "s", "joined/s", "healthz p50 ms",
           "healthz max ms"], rows)
    print("\nraw:", save("handshakes", {"args": vars(args), "runs": results}))


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--clients", type=int, default=1000)
    p.add_argument("--rates", default="0,100", help="gate rates to run, 0 = gate off")
    asyncio.run(main(parse(p)))
