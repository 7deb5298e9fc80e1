"""Parkbänk in physical places (issue 14): the kiosk's and the meeting screen's pages on a big
consultation, and posting through a kiosk's door beside the web's.

Reading: with 10,000 approved posts (bench/seed.py), one browser requests, interleaved so that all
see the same machine, the board's first page (20 ideas), a kiosk's screen (30 ideas with their
replies), the public meeting screen (30 posts and a QR code) and the baseline GET /healthz, 200
times each. Target: the same 30 ms (median) as the board's first page.

Posting: 3,000 ideas with unique submission keys over 50 concurrent clients, first through the web
door (each a browser with its CSRF token), then through one kiosk's door (each a visit of that
kiosk), Accept: application/json, limits off. Target: the kiosk door within 10 % of the web door
(they share the rules; only the participant and the origin differ).

    /work/venv/bin/python -m bench.kiosk [--db both] [--posts 3000] [--concurrency 50]
"""

from __future__ import annotations

import asyncio
import subprocess
import time
import uuid
from pathlib import Path

from bench.common import (
    BODY,
    JSON,
    PY,
    ROOT,
    SLUG,
    Citizen,
    app_env,
    app_server,
    client_process,
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

WARM_UP = 10


def add_kiosk(env: dict) -> str:
    """A kiosk for the seeded consultation, through the command operators use; its path."""
    done = subprocess.run([PY, "-m", "flask", "--app", "parkbank", "kiosk", "add", "--name", "Bench",
                           "--place", "Stadsbiblioteket", "--consultation", SLUG],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip().splitlines()[-1]


async def read_round(base: str, kiosk: str, requests: int) -> dict:
    paths = {"healthz": "/healthz", "board": f"/samrad/{SLUG}", "kiosk": kiosk,
             "projector": f"/samrad/{SLUG}/skarm"}
    times: dict[str, list[float]] = {name: [] for name in paths}
    browser = new_http()
    try:
        for turn in range(WARM_UP + requests):
            for name, path in paths.items():
                started = time.perf_counter()
                async with browser.get(base + path) as answer:
                    await answer.read()
                if answer.status != 200:
                    raise RuntimeError(f"{path}: {answer.status}")
                if turn >= WARM_UP:
                    times[name].append((time.perf_counter() - started) * 1000)
    finally:
        await browser.close()
    return {name: stats(ms) for name, ms in times.items()}


class Visit:
    """A kiosk's browser: each request a visit of its own (as after each reset)."""

    def __init__(self, base: str, kiosk: str):
        self.url, self.http = f"{base}{kiosk}/inlagg", new_http()

    async def submit(self) -> int:
        form = {"body": BODY, "visit": uuid.uuid4().hex, "submission_key": uuid.uuid4().hex}
        async with self.http.post(self.url, data=form, headers=JSON) as answer:
            await answer.read()
            return answer.status

    async def close(self) -> None:
        await self.http.close()


async def post_round(base: str, kiosk: str, count: int, concurrency: int) -> dict:
    citizens = await asyncio.gather(*(Citizen(base).open() for _ in range(concurrency)))
    try:
        web = await load(citizens, count, lambda c: c.submit())
    finally:
        await asyncio.gather(*(c.close() for c in citizens))
    visits = [Visit(base, kiosk) for _ in range(concurrency)]
    try:
        at_kiosk = await load(visits, count, lambda v: v.submit())
    finally:
        await asyncio.gather(*(v.close() for v in visits))

    def summary(result):
        seconds, latencies, statuses = result
        # Citizen.submit answers (status, id); Visit.submit the status alone.
        codes = {(k[0] if isinstance(k, tuple) else k): n for k, n in statuses.items()}
        return {"per_s": count / seconds, "ms": stats(latencies), "status": codes}

    return {"web": summary(web), "kiosk": summary(at_kiosk)}


async def db_round(kind: str, args, tmp: Path) -> dict:
    env = app_env(fresh_database(kind, tmp))
    seed(env, args.approved)
    kiosk = add_kiosk(env)
    with app_server(env, tmp) as server:
        reading = await read_round(server.base, kiosk, args.requests)
        posting = await post_round(server.base, kiosk, args.posts, args.concurrency)
    return {"db": kind, "reading": reading, "posting": posting}


async def main(args) -> None:
    client_process()
    header("kiosk")
    rounds = await rounds_per_db(args, db_round)
    table(f"Pages on {args.approved} approved posts, {args.requests} sequential requests each (ms)",
          ["db", "healthz p50", "board p50", "kiosk p50", "kiosk p99", "kiosk/board", "screen p50",
           "screen p99", "screen/board", "<30ms"],
          [[r["db"], r["reading"]["healthz"]["p50"], r["reading"]["board"]["p50"],
            r["reading"]["kiosk"]["p50"], r["reading"]["kiosk"]["p99"],
            ratio(r["reading"]["kiosk"]["p50"], r["reading"]["board"]["p50"]),
            r["reading"]["projector"]["p50"], r["reading"]["projector"]["p99"],
            ratio(r["reading"]["projector"]["p50"], r["reading"]["board"]["p50"]),
            verdict(max(r["reading"]["kiosk"]["p50"], r["reading"]["projector"]["p50"]) < 30)]
           for r in rounds])
    table(f"Posting: {args.posts} ideas, {args.concurrency} concurrent, web door then kiosk door",
          ["db", "web posts/s", "kiosk posts/s", "kiosk/web", "web p50", "kiosk p50", "kiosk p99",
           "kiosk 201s", "within 10%"],
          [[r["db"], r["posting"]["web"]["per_s"], r["posting"]["kiosk"]["per_s"],
            ratio(r["posting"]["kiosk"]["per_s"], r["posting"]["web"]["per_s"]),
            r["posting"]["web"]["ms"]["p50"], r["posting"]["kiosk"]["ms"]["p50"],
            r["posting"]["kiosk"]["ms"]["p99"], r["posting"]["kiosk"]["status"].get(201, 0),
            verdict(r["posting"]["kiosk"]["per_s"] >= 0.9 * r["posting"]["web"]["per_s"])]
           for r in rounds])
    print("\nraw:", save("kiosk", {"args": vars(args), "rounds": rounds}))


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--approved", type=int, default=10000)
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--posts", type=int, default=3000)
    p.add_argument("--concurrency", type=int, default=50)
    asyncio.run(main(parse(p)))
