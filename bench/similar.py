"""Similar ideas on a consultation of 10,000 approved ideas (issue 16): the time of one look-up
(`similar_public`, as GET /samrad/<slug>/liknande answers it: the event number, the index, the
public read-back), the first look-up of a process (the index is built), the look-up after an
approval (the index takes in one post), and an approval with and without the similar index warm.
Baseline in the same run: reading the board's first page (`board_page`). Target: under 50 ms.

    .venv/bin/python -m bench.similar [--db sqlite|postgres|both] [--posts 10000]

The ideas are sentences of tests/data/similar_pairs.csv, two at a time plus a number: a board on
few subjects, where n-grams are common (the slow case for an inverted index).
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

TARGET_MS = 50.0


def child(posts: int) -> dict:
    from sqlalchemy import insert, select, update

    from bench.seed import SLUG
    from bench.similar_eval import load_pairs
    from parkbank import create_app
    from parkbank.auth.models import User
    from parkbank.consultations.models import Consultation
    from parkbank.consultations.operations import get_by_slug
    from parkbank.database import utcnow, write_intent
    from parkbank.extensions import db
    from parkbank.moderation.lifecycle import apply
    from parkbank.moderation.models import Action
    from parkbank.posts.models import Channel, Post, PostState
    from parkbank.posts.operations import submit_post
    from parkbank.posts.queries import board_page
    from parkbank.similar.operations import forget_indexes, similar_public

    sentences = sorted({t for a, b, *_ in load_pairs() for t in (a, b)})
    rnd = random.Random(16)
    app = create_app()
    with app.app_context():
        write_intent.set(True)
        consultation = db.session.execute(select(Consultation).where(Consultation.slug == SLUG)).scalar_one()
        now = utcnow()
        rows = [{"consultation_id": consultation.id, "body": (body := f"{rnd.choice(sentences)} "
                 f"{rnd.choice(sentences)} (#{i})"), "body_html": body, "state": PostState.APPROVED,
                 "channel": Channel.WEB, "email_consent": False, "support_count": i % 7,
                 "created_at": now, "decided_at": now, "published_at": now} for i in range(posts)]
        for start in range(0, len(rows), 2000):
            db.session.execute(insert(Post), rows[start:start + 2000])
        db.session.commit()
        moderator = db.session.execute(select(User)).scalars().first()
        queries = [rnd.choice(sentences) for _ in range(60)]

        def ms(fn) -> float:
            started = time.perf_counter()
            fn()
            return (time.perf_counter() - started) * 1000

        def look(text):
            return lambda: similar_public(get_by_slug(SLUG), text)

        forget_indexes()
        cold = ms(look(queries[0]))
        db.session.rollback()
        warm = [ms(look(q)) for q in queries]
        found = sum(1 for q in queries if similar_public(get_by_slug(SLUG), q))
        baseline = [ms(lambda: board_page(consultation.id, 1, 20)) for _ in queries]

        def approve_one(i) -> float:
            post, _ = submit_post(get_by_slug(SLUG), participant=None,
                                  body=f"{rnd.choice(sentences)} Ny idé nummer {i}.")
            db.session.commit()
            started = time.perf_counter()
            apply(post.id, Action.APPROVE, user=db.session.get(User, moderator.id))
            db.session.commit()
            return (time.perf_counter() - started) * 1000

        approvals = [approve_one(i) for i in range(20)]
        after_approval = []
        for i in range(20):
            approve_one(100 + i)
            after_approval.append(ms(look(queries[i])))
        db.session.execute(update(Post).values(support_count=Post.support_count))
        db.session.rollback()
    return {"posts": posts, "cold_ms": cold, "warm_ms": statistics.median(warm),
            "warm_max_ms": max(warm), "found_share": found / len(queries),
            "baseline_ms": statistics.median(baseline), "approve_ms": statistics.median(approvals),
            "after_approval_ms": statistics.median(after_approval)}


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="both", choices=["sqlite", "postgres", "both"])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child)))
        return
    header("similar")
    results = {}
    for kind in db_kinds(args.db):
        with tempfile.TemporaryDirectory() as tmp:
            env = app_env(fresh_database(kind, Path(tmp)))
            seed(env, 0)
            done = subprocess.run([PY, "-m", "bench.similar", "--child", str(args.posts)], cwd=ROOT,
                                  env=env, capture_output=True, text=True, timeout=900)
            if done.returncode != 0:
                sys.exit(done.stderr)
            results[kind] = json.loads(done.stdout.strip().splitlines()[-1])
    table("Similar ideas, medians (ms)", ["db", "look-up", "max", "first (build)", "after an approval",
                                          "approve", "board page (baseline)", "ratio", "under 50 ms"],
          [[kind, r["warm_ms"], r["warm_max_ms"], r["cold_ms"], r["after_approval_ms"], r["approve_ms"],
            r["baseline_ms"], r["warm_ms"] / r["baseline_ms"], verdict(r["warm_ms"] < TARGET_MS)]
           for kind, r in results.items()])
    save("similar", results)


if __name__ == "__main__":
    main()
