"""Posting throughput: ideas submitted over HTTP, each sanitised, stored and pushed to moderators.

50 citizens (each its own cookie jar: session + CSRF token from a GET of the board) send 3,000
form posts with unique submission keys, Accept: application/json. One moderator's queue client
(join_queue with the login cookie) counts the post_submitted pushes; afterwards a second
join_queue reads the pending queue back from the database to count what was stored. Baseline:
GET /healthz through the same server, client and concurrency (the HTTP ceiling of the pair).

    /work/venv/bin/python -m bench.posting [--db both] [--posts 3000] [--concurrency 50]
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench.common import (
    BODY,
    SLUG,
    WAIT,
    Citizen,
    Crowd,
    Moderator,
    app_env,
    app_server,
    client_process,
    cookie_header,
    fresh_database,
    header,
    load,
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

UNSAFE_BODY = BODY + " <b>viktigt</b> <script>alert(1)</script>"


async def health_load(base: str, count: int, concurrency: int):
    browsers = [new_http() for _ in range(concurrency)]

    async def health(http):
        async with http.get(f"{base}/healthz") as answer:
            await answer.read()
            return answer.status

    try:
        return await load(browsers, count, health)
    finally:
        await asyncio.gather(*(b.close() for b in browsers))


async def post_load(base: str, count: int, concurrency: int, ids: list[int]):
    citizens = await asyncio.gather(*(Citizen(base).open() for _ in range(concurrency)))

    async def post(citizen):
        status, post_id = await citizen.submit(UNSAFE_BODY)
        if status == 201:
            ids.append(post_id)
        return status

    try:
        return await load(citizens, count, post)
    finally:
        await asyncio.gather(*(c.close() for c in citizens))


async def db_round(kind: str, args, tmp: Path) -> dict:
    env = app_env(fresh_database(kind, tmp))
    seed(env)
    with app_server(env, tmp) as server:
        h_seconds, h_ms, h_status = await health_load(server.base, args.posts, args.concurrency)
        moderator = await Moderator(server.base).login()
        queue = Crowd("post_submitted")
        try:
            await queue.connect(server.base, 1, "join_queue", {"consultation": SLUG},
                                headers=cookie_header(moderator.http))
            ids: list[int] = []
            cpu = server.cpu()
            p_seconds, p_ms, p_status = await post_load(server.base, args.posts, args.concurrency, ids)
            await queue.wait_for(ids, 1)
            cpu_ms = (server.cpu() - cpu) * 1000 / args.posts
            pushed = sum(min(1, len(queue.arrivals["post_submitted"][i])) for i in ids)
            pending = (await queue.clients[0].call("join_queue", {"consultation": SLUG},
                                                   timeout=WAIT * 3))["pending"]
        finally:
            await queue.close()
            await moderator.close()
    unsanitised = sum("<" in p["body"] for p in pending)
    return {"db": kind, "health_rps": args.posts / h_seconds, "health_ms": stats(h_ms),
            "health_status": dict(h_status), "posts_per_s": args.posts / p_seconds, "post_ms": stats(p_ms),
            "post_status": dict(p_status), "created": len(ids), "stored": len(pending), "pushed": pushed,
            "unsanitised": unsanitised, "server_cpu_ms": cpu_ms,
            "server_busy": cpu_ms * args.posts / 1000 / p_seconds}


async def main(args) -> None:
    client_process()
    header("posting")
    rounds = await rounds_per_db(args, db_round)
    table(f"Posting: {args.posts} requests, {args.concurrency} concurrent (ms per request)",
          ["db", "healthz/s", "posts/s", "ratio", "post p50", "post p99", "healthz p50", "201s",
           "stored", "pushed", "tags left", "cpu ms/post", "busy", "target"],
          [[r["db"], r["health_rps"], r["posts_per_s"], ratio(r["posts_per_s"], r["health_rps"]),
            r["post_ms"]["p50"], r["post_ms"]["p99"], r["health_ms"]["p50"], r["created"], r["stored"],
            r["pushed"], r["unsanitised"], r["server_cpu_ms"], f"{r['server_busy']:.0%}",
            verdict(r["posts_per_s"] >= 300 and r["pushed"] == r["stored"] == args.posts)
            if r["db"] == "sqlite" else "-"]
           for r in rounds])
    print("\nraw:", save("posting", {"args": vars(args), "rounds": rounds}))


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--posts", type=int, default=3000)
    p.add_argument("--concurrency", type=int, default=50)
    asyncio.run(main(parse(p)))
