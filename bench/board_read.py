"""Reading a big board: the first page of a consultation with 10,000 approved posts.

The posts are bulk-inserted (approved, published) by bench/seed.py. One browser (cookie jar kept)
requests, sequentially and interleaved so that both see the same machine: the board's first
page, its last page (deepest OFFSET, for information) and the baseline GET /healthz (a Flask
request with one `SELECT 1` through the same server and client), 200 times each.

    /work/venv/bin/python -m bench.board_read [--db both] [--posts 10000] [--requests 200]
"""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

from bench.common import (
    SLUG,
    app_env,
    app_server,
    client_process,
    fresh_database,
    header,
    new_http,
    parse,
    parser,
    ratio,
    rounds_per_db,
    save,
    seed,
    stats,
    table,
    verdict,
)

PAGE_SIZE = 20  # the app's default BOARD_PAGE_SIZE
POST_RE = re.compile(r'data-post-id="[1-9]')  # 0 is the empty live-update template
WARM_UP = 10


async def db_round(kind: str, args, tmp: Path) -> dict:
    env = app_env(fresh_database(kind, tmp))
    seed(env, args.posts)
    last = -(-args.posts // PAGE_SIZE)
    paths = {"healthz": "/healthz", "first page": f"/samrad/{SLUG}",
             "last page": f"/samrad/{SLUG}?sida={last}"}
    times: dict[str, list[float]] = {name: [] for name in paths}
    with app_server(env, tmp) as server:
        browser = new_http()
        try:
            for turn in range(WARM_UP + args.requests):
                for name, path in paths.items():
                    started = time.perf_counter()
                    async with browser.get(server.base + path) as answer:
                        page = await answer.text()
                    elapsed = (time.perf_counter() - started) * 1000
                    if answer.status != 200:
                        raise RuntimeError(f"{path}: {answer.status}")
                    if name != "healthz" and len(POST_RE.findall(page)) != PAGE_SIZE:
                        raise RuntimeError(f"{path} did not show {PAGE_SIZE} posts")
                    if turn >= WARM_UP:
                        times[name].append(elapsed)
        finally:
            await browser.close()
    return {"db": kind, "posts": args.posts, **{name: stats(ms) for name, ms in times.items()}}


async def main(args) -> None:
    client_process()
    header("board_read")
    rounds = await rounds_per_db(args, db_round)
    table(f"Board pages, {args.requests} sequential requests each (ms)",
          ["db", "posts", "healthz p50", "first p50", "first p99", "ratio p50", "last p50", "last p99",
           "first p50<30ms"],
          [[r["db"], r["posts"], r["healthz"]["p50"], r["first page"]["p50"], r["first page"]["p99"],
            ratio(r["first page"]["p50"], r["healthz"]["p50"]), r["last page"]["p50"],
            r["last page"]["p99"], verdict(r["first page"]["p50"] < 30)] for r in rounds])
    print("\nraw:", save("board_read", {"args": vars(args), "rounds": rounds}))


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--posts", type=int, default=10000)
    p.add_argument("--requests", type=int, default=200)
    asyncio.run(main(parse(p)))
