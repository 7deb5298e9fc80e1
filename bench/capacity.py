"""Capacity: 2,000 websocket clients connect (and join the board) on one server process.

Reports the time to connect all of them, the server's resident memory (gunicorn master + worker)
before and after, and memory per connection (growth of the worker / clients), for the app and
for the bare python-socketio baseline in the same run. Both servers get 20 warm-up clients first,
so one-time start-up costs are not counted per connection.

    /work/venv/bin/python -m bench.capacity [--clients 2000] [--db sqlite|postgres]
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from bench.common import (
    SLUG,
    Crowd,
    Server,
    app_env,
    app_server,
    baseline_server,
    client_process,
    fresh_database,
    header,
    parse,
    parser,
    ratio,
    save,
    seed,
    table,
    verdict,
)

WARM_UP = 20


async def fill(server: Server, clients: int, join: str, data: dict) -> dict:
    warm = Crowd("post_published")
    await warm.connect(server.base, WARM_UP, join, data)
    await warm.close()
    await asyncio.sleep(0.5)
    before_worker, before_total = server.rss()
    crowd = Crowd("post_published")
    try:
        seconds = await crowd.connect(server.base, clients, join, data)
        await asyncio.sleep(1.0)  # let write buffers and greenlets settle
        after_worker, after_total = server.rss()
        disconnects = crowd.disconnects
    finally:
        await crowd.close()
    return {"server": server.name, "clients": clients, "connect_s": seconds, "rss_before": before_total,
            "rss_after": after_total, "per_conn_kb": (after_worker - before_worker) * 1024 / clients,
            "disconnects": disconnects}


async def main(args) -> None:
    client_process()
    header("capacity")
    with tempfile.TemporaryDirectory(prefix="parkbank-bench-") as tmp:
        with baseline_server(Path(tmp)) as server:
            base = await fill(server, args.clients, "join", {"room": "board"})
        env = app_env(fresh_database(args.db, Path(tmp)))
        seed(env)
        with app_server(env, Path(tmp)) as server:
            app = await fill(server, args.clients, "join_board",
                             {"consultation": SLUG, "after": None, "own": False})
    app["server"] = f"app ({args.db})"
    table("Capacity (RSS = gunicorn master + worker, MB; per connection = worker growth / clients)",
          ["server", "clients", "connect s", "RSS before", "RSS after", "KB/conn", "disc"],
          [[r["server"], r["clients"], r["connect_s"], r["rss_before"], r["rss_after"], r["per_conn_kb"],
            r["disconnects"]] for r in (base, app)])
    memory_ratio = ratio(app["per_conn_kb"], base["per_conn_kb"])
    table("Against the baseline and PRODUCT targets",
          ["per-conn ratio", "connect ratio", "ratio<=1.3x", "RSS<600MB", "all in <10s"],
          [[memory_ratio, ratio(app["connect_s"], base["connect_s"]), verdict(memory_ratio <= 1.3),
            verdict(app["rss_after"] < 600), verdict(app["connect_s"] < 10 and app["disconnects"] == 0)]])
    print("\nraw:", save("capacity", {"args": vars(args), "baseline": base, "app": app}))


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--clients", type=int, default=2000)
    asyncio.run(main(parse(p)))
