"""Search (issue 16) on a consultation of 10,000 approved posts of varied Swedish text, in a fresh
process per database: the time of one search (count, first page of 20 and its excerpts: all a
results page asks) and of the whole results page over HTTP (Flask test client, template
included), medians over a mixed set of queries; and what indexing adds to an approval — approvals
with the index kept (as production runs) and with `refresh` replaced by a no-op, interleaved in
the same run, each with its commit. Also the full reindex (`flask search reindex`). PostgreSQL
is ANALYZEd after the bulk fill, as autovacuum would have done on a running database.
Targets: a search under 50 ms, indexing under 5 ms of an approval.

    .venv/bin/python -m bench.search [--db sqlite|postgres|both] [--posts 10000] [--approvals 200]
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import PY, ROOT, app_env, db_kinds, fresh_database, header, save, seed, table, verdict

SEARCH_TARGET_MS = 50.0
INDEX_TARGET_MS = 5.0
# Words a park and library consultation is written in, some inflected, some compounds.
WORDS = """bibliotek biblioteket biblioteken biblioteksbuss läsrum böcker bok boken barn barnen
barnfamiljer lekplats lekplatsen gunga gungor bänk bänkar parkbänk park parken träd träden
fruktträd grönska blommor gräs damm dammen ån stranden utegym gym cykel cykelbana cykelbanor
parkering bil bilar buss bussen hållplats belysning lampor mörkt kväll kvällar helger öppet
öppettider söndagar lördagar toalett toaletter papperskorg papperskorgar skräp sopor städning
hundar hundrastgård fotboll fotbollsplan skatepark ungdomar äldre pensionärer rullstol ramp
trygghet säkerhet kamera vakter café kiosk glass mat grill grillplats picknick bord stolar
tak regn sol skugga vatten fontän konst skulptur musik scen konsert marknad loppis""".split()
FILLER = "och att som en det för med på till är vi kan vill ska mer fler bra gärna också".split()
QUERIES = ["bibliotek", "barn", "lekplatsen", "cykelbanor", "bänk park", "öppettider söndagar",
           "fotbollsplan", "hundrastgård", "grillplats picknick", "konsert", "trygghet kväll",
           "toaletter", "skulptur", "glass", "parkering bilar", "lampor", "finns inte alls",
           '"bibliotek" OR *', "ramp rullstol", "fruktträd"]


def p95(values: list[float]) -> float:
    return sorted(values)[int(.95 * len(values))]


def body(rng: random.Random) -> str:
    words = [rng.choice(WORDS) if rng.random() < 0.55 else rng.choice(FILLER)
             for _ in range(rng.randint(8, 60))]
    return " ".join(words).capitalize() + "."


def fill(posts: int, pending: int) -> None:
    """The seeded consultation gets `posts` approved posts and `pending` waiting ones, then the
    index is rebuilt (the rows are bulk-inserted, past the life cycle)."""
    from datetime import timedelta

    from sqlalchemy import insert

    from bench.seed import SLUG
    from parkbank.consultations.operations import get_for_staff
    from parkbank.database import utcnow
    from parkbank.extensions import db
    from parkbank.posts.models import Channel, Post, PostState
    from parkbank.sanitize import render_html

    rng, now = random.Random(16), utcnow()
    consultation = get_for_staff(SLUG)
    rows = []
    for i in range(posts + pending):
        text = body(rng)
        approved = i < posts
        rows.append({"consultation_id": consultation.id, "body": text, "body_html": render_html(text),
                     "state": PostState.APPROVED if approved else PostState.PENDING,
                     "channel": Channel.WEB, "email_consent": False, "support_count": i % 7,
                     "created_at": now - timedelta(seconds=2 * posts - i),
                     "decided_at": now - timedelta(seconds=posts - i) if approved else None,
                     "published_at": now - timedelta(seconds=posts - i) if approved else None})
    for start in range(0, len(rows), 2000):
        db.session.execute(insert(Post), rows[start:start + 2000])
    db.session.commit()


def measure(posts: int, approvals: int) -> dict:
    """In the child: fill, reindex, then time searches and approvals."""
    from sqlalchemy import select, text

    from bench.seed import MODERATOR_EMAIL, SLUG
    from parkbank import create_app
    from parkbank.auth.models import User
    from parkbank.consultations.operations import get_for_staff
    from parkbank.database import write_intent
    from parkbank.extensions import db
    from parkbank.moderation import lifecycle
    from parkbank.moderation.models import Action
    from parkbank.posts.models import Post, PostState
    from parkbank.search import index
    from parkbank.search.queries import search
    from parkbank.search.terms import parse

    app = create_app()
    result: dict = {"posts": posts}
    with app.app_context():
        write_intent.set(True)
        fill(posts, 2 * approvals)
        started = time.perf_counter()
        result["indexed"] = index.rebuild()
        db.session.commit()
        result["reindex_s"] = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql":  # the statistics a running database has
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        consultation_id = get_for_staff(SLUG).id
        write_intent.set(False)
        search_ms, page_ms, totals = [], [], {}
        client = app.test_client()
        for _ in range(5):
            for q in QUERIES:
                started = time.perf_counter()
                page = search(parse(q), consultation_id=consultation_id)
                [hit.excerpt for hit in page.hits]
                search_ms.append((time.perf_counter() - started) * 1000)
                db.session.rollback()
                totals[q] = page.total
                started = time.perf_counter()
                assert client.get(f"/samrad/{SLUG}/sok", query_string={"q": q}).status_code == 200
                page_ms.append((time.perf_counter() - started) * 1000)
        result.update(search_ms=statistics.median(search_ms), search_p95=p95(search_ms),
                      page_ms=statistics.median(page_ms), page_p95=p95(page_ms), totals=totals)

        moderator = db.session.execute(select(User).where(User.email == MODERATOR_EMAIL)).scalar_one()
        waiting = list(db.session.execute(select(Post.id).where(Post.state == PostState.PENDING)
                                          .order_by(Post.id)).scalars())
        kept = lifecycle.search_index.refresh
        times = {"with": [], "without": []}
        for n, post_id in enumerate(waiting):
            mode = "with" if n % 2 == 0 else "without"  # interleaved: the same machine state
            lifecycle.search_index.refresh = kept if mode == "with" else (lambda ids: None)
            write_intent.set(True)
            started = time.perf_counter()
            lifecycle.apply(post_id, Action.APPROVE, user=db.session.get(User, moderator.id))
            db.session.commit()
            times[mode].append((time.perf_counter() - started) * 1000)
            write_intent.set(False)
        lifecycle.search_index.refresh = kept
        result.update(approve_with_ms=statistics.median(times["with"]),
                      approve_without_ms=statistics.median(times["without"]), approvals=len(waiting))
    return result


def run_one(env: dict, posts: int, approvals: int) -> dict:
    done = subprocess.run([PY, "-m", "bench.search", "--child", str(posts), str(approvals)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=1200)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    import argparse

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument("--posts", type=int, default=10_000)
    p.add_argument("--approvals", type=int, default=200)
    args = p.parse_args()
    header("bench.search")
    rows, results = [], []
    with tempfile.TemporaryDirectory(prefix="parkbank-bench-") as tmp:
        for kind in db_kinds(args.db):
            work = Path(tmp) / kind
            work.mkdir()
            env = app_env(fresh_database(kind, work))
            seed(env, approved=0)
            r = run_one(env, args.posts, args.approvals)
            r["db"] = kind
            results.append(r)
            added = r["approve_with_ms"] - r["approve_without_ms"]
            rows.append([kind, r["indexed"], r["reindex_s"], r["search_ms"], r["search_p95"], r["page_ms"],
                         verdict(r["search_ms"] < SEARCH_TARGET_MS), r["approve_without_ms"],
                         r["approve_with_ms"], added, verdict(added < INDEX_TARGET_MS)])
    table(f"Search on {args.posts:,} approved posts ({len(QUERIES)} queries × 5): milliseconds, medians",
          ["db", "indexed", "reindex s", "search", "search p95", "page (HTTP)", "< 50 ms",
           "approve w/o index", "approve", "index adds", "< 5 ms"], rows)
    print("\nhits per query:", json.dumps(results[0]["totals"], ensure_ascii=False))
    print(f"raw: {save('search', {'args': vars(args), 'results': results})}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(measure(int(sys.argv[2]), int(sys.argv[3]))))
    else:
        main()
