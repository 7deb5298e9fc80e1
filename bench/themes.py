"""The board by theme at 10,000 published ideas: GET /samrad/<slug> unfiltered (the baseline: the
board as it was before themes, plus the theme filter's counts), filtered by a common and a rare
theme, a deep page of a theme, and the theme counts' query alone (what each `theme_counts` event
costs to build).

In-process (the Flask test client): each request goes through the whole view, queries and
template. A fresh database is migrated and seeded with 10,000 approved ideas, 12 themes and about
1.5 tags per idea (the first theme on a third of the ideas, the last on 1 %). Every page is asked
for `--requests` times, interleaved, and the medians printed with their ratio to the unfiltered
board and to GET /healthz.

    .venv/bin/python -m bench.themes                         # SQLite file in a temporary directory
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/DB .venv/bin/python -m bench.themes
                                                            # PostgreSQL: DB is emptied first!
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import header, parser, ratio, save, table

IDEAS = 10_000
THEMES = ["Trafik", "Parker", "Kultur", "Skola", "Idrott", "Trygghet", "Belysning", "Bibliotek",
          "Lekplatser", "Cykel", "Kollektivtrafik", "Konst"]
# How likely an idea is to carry each theme: the first common, the last rare.
ODDS = [0.33, 0.25, 0.2, 0.15, 0.12, 0.1, 0.08, 0.07, 0.06, 0.05, 0.03, 0.01]
START = datetime(2026, 9, 1, tzinfo=UTC)


def _fresh_schema(app) -> None:
    import flask_migrate
    from sqlalchemy import text

    from parkbank.extensions import db

    with app.app_context():
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        flask_migrate.upgrade()


def _seed(app, ideas: int) -> tuple[str, int]:
    from sqlalchemy import insert, text

    from parkbank.consultations.operations import create_consultation
    from parkbank.database import write_intent
    from parkbank.extensions import db
    from parkbank.posts.models import Post, PostState
    from parkbank.themes.models import PostTheme, Theme

    rng = random.Random(16)
    with app.app_context():
        write_intent.set(True)
        c = create_consultation(slug="teman", title="Teman", question="Vad?")
        db.session.flush()
        themes = [Theme(consultation_id=c.id, slug=name.lower(), name=name, position=n,
                        created_at=START) for n, name in enumerate(THEMES)]
        db.session.add_all(themes)
        db.session.flush()
        step = timedelta(days=60) / ideas
        rows = [{"consultation_id": c.id, "body": f"Idé nummer {i} om staden", "alias": None,
                 "body_html": f"Idé nummer {i} om staden", "state": PostState.APPROVED,
                 "created_at": START + i * step, "published_at": START + i * step,
                 "decided_at": START + i * step, "support_count": rng.randint(0, 20)}
                for i in range(ideas)]
        for at in range(0, ideas, 5_000):
            db.session.execute(insert(Post), rows[at:at + 5_000])
        ids = db.session.execute(text("SELECT id FROM post ORDER BY id")).scalars().all()
        tags = [{"post_id": post_id, "theme_id": theme.id, "created_at": START}
                for post_id in ids for theme, odds in zip(themes, ODDS, strict=True) if rng.random() < odds]
        for at in range(0, len(tags), 5_000):
            db.session.execute(insert(PostTheme), tags[at:at + 5_000])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE post; ANALYZE post_theme; ANALYZE theme"))
            db.session.commit()
        write_intent.set(False)
        return c.slug, len(tags)


def _counts_ms(app, slug: str) -> float:
    from parkbank.consultations.operations import get_by_slug
    from parkbank.extensions import db
    from parkbank.themes.queries import board_themes

    with app.test_request_context("/"):
        consultation_id = get_by_slug(slug).id
        t0 = time.perf_counter()
        board_themes(consultation_id)
        elapsed = (time.perf_counter() - t0) * 1000
        db.session.rollback()
        return elapsed


def main() -> None:
    p = parser(__doc__, db=False)
    p.add_argument("--ideas", type=int, default=IDEAS)
    p.add_argument("--requests", type=int, default=30, help="requests per page (after 3 to warm up)")
    args = p.parse_args()
    header("themes")

    from parkbank import create_app
    from parkbank.config import TEST_CONFIG

    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'themes.db'}"
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "TESTING": False})
        _fresh_schema(app)
        slug, tags = _seed(app, args.ideas)
        print(f"{url.split(':')[0]}: {args.ideas:,} ideas, {tags:,} tags", flush=True)
        pages = {"healthz": "/healthz",
                 "board, all themes (baseline)": f"/samrad/{slug}",
                 "board, common theme (1/3)": f"/samrad/{slug}?tema=trafik",
                 "board, rare theme (1 %)": f"/samrad/{slug}?tema=konst",
                 "board, common theme, page 100": f"/samrad/{slug}?tema=trafik&sida=100"}
        client = app.test_client()
        times: dict[str, list[float]] = {name: [] for name in pages}
        counts: list[float] = []
        for turn in range(3 + args.requests):
            for name, path in pages.items():
                t0 = time.perf_counter()
                answer = client.get(path)
                elapsed = (time.perf_counter() - t0) * 1000
                assert answer.status_code == 200, (path, answer.status_code)
                if turn >= 3:
                    times[name].append(elapsed)
            if turn >= 3:
                counts.append(_counts_ms(app, slug))
    board = statistics.median(times["board, all themes (baseline)"])
    health = statistics.median(times["healthz"])
    rows = [[name, statistics.median(t), max(t), ratio(statistics.median(t), board),
             ratio(statistics.median(t), health)] for name, t in times.items()]
    rows.append(["theme counts query alone (theme_counts)", statistics.median(counts), max(counts),
                 ratio(statistics.median(counts), board), ratio(statistics.median(counts), health)])
    table(f"The board by theme at {args.ideas:,} ideas ({url.split(':')[0]}), ms over {args.requests} "
          "requests", ["page", "median", "max", "× board", "× healthz"], rows)
    save("themes", {"url": url.split(":")[0], "ideas": args.ideas, "times": times, "counts": counts})


if __name__ == "__main__":
    main()
