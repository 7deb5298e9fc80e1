"""The follow-up page and the responsiveness figures at 10,000 published ideas: GET
/samrad/<slug>/vad-hande (first and a deep page), the board (which shows the figures too) and
`responsiveness()` alone (what the board, the follow-up page and every export pay for them).

In-process (the Flask test client), like bench/themes.py. A fresh database is migrated and seeded
with 10,000 approved ideas, each with its moderation decision; a third have an outcome (with its
transition row) and a fifth an official reply. Every page is asked for `--requests` times,
interleaved, and the medians printed with their ratio to GET /healthz.

    .venv/bin/python -m bench.outcomes                        # SQLite file in a temporary directory
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/DB .venv/bin/python -m bench.outcomes
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
START = datetime(2026, 9, 1, tzinfo=UTC)


def _fresh_schema(app) -> None:
    """Drop whatever is there (the search index refers to post, so it goes first), then migrate."""
    import flask_migrate
    from sqlalchemy import text

    from parkbank.extensions import db
    from parkbank.search.index import drop_index_table

    with app.app_context():
        drop_index_table(db.session)
        db.session.commit()
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        flask_migrate.upgrade()


def _seed(app, ideas: int) -> str:
    from sqlalchemy import insert, text

    from parkbank.auth.models import Role
    from parkbank.auth.operations import create_user
    from parkbank.consultations.operations import create_consultation
    from parkbank.database import write_intent
    from parkbank.extensions import db
    from parkbank.moderation.models import Action, Decision
    from parkbank.outcomes.models import Outcome, OutcomeChange
    from parkbank.posts.models import Post, PostState

    rng = random.Random(17)
    outcomes = list(Outcome)
    with app.app_context():
        write_intent.set(True)
        c = create_consultation(slug="utfall", title="Utfall", question="Vad?")
        staff = create_user(email="bench@kommun.example", name="Bench", role=Role.PROJECT_LEADER,
                            password="correct horse battery staple")
        db.session.flush()
        step = timedelta(days=60) / ideas
        rows = [{"consultation_id": c.id, "body": f"Idé nummer {i} om staden", "alias": None,
                 "body_html": f"Idé nummer {i} om staden", "state": PostState.APPROVED,
                 "created_at": START + i * step, "published_at": START + i * step + timedelta(hours=2),
                 "decided_at": START + i * step + timedelta(hours=2), "support_count": rng.randint(0, 20),
                 "outcome": rng.choice(outcomes) if rng.random() < 1 / 3 else None}
                for i in range(ideas)]
        for at in range(0, ideas, 5_000):
            db.session.execute(insert(Post), rows[at:at + 5_000])
        posts = db.session.execute(text("SELECT id, created_at, outcome FROM post ORDER BY id")).all()
        decisions = [{"post_id": pid, "moderator_id": staff.id, "action": Action.APPROVE,
                      "from_state": PostState.PENDING, "to_state": PostState.APPROVED,
                      "created_at": START + timedelta(hours=rng.randint(1, 48))} for pid, _, _ in posts]
        changes = [{"post_id": pid, "consultation_id": c.id, "to_outcome": Outcome(o),
                    "explanation": "Förklaring.", "explanation_html": "Förklaring.",
                    "changed_by_id": staff.id, "changed_by_name": "Bench",
                    "created_at": START + timedelta(days=70)}
                   for pid, _, o in posts if o is not None]
        replies = [{"consultation_id": c.id, "parent_id": pid, "body": "Svar", "body_html": "Svar",
                    "state": PostState.APPROVED, "official_name": "Eva", "official_title": "Kultur",
                    "created_at": START + timedelta(days=61), "published_at": START + timedelta(days=61),
                    "support_count": 0} for pid, _, _ in posts if rng.random() < 0.2]
        for table_, batch in ((Decision, decisions), (OutcomeChange, changes), (Post, replies)):
            for at in range(0, len(batch), 5_000):
                db.session.execute(insert(table_), batch[at:at + 5_000])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE post; ANALYZE outcome_change; ANALYZE moderation_decision"))
            db.session.commit()
        write_intent.set(False)
        return c.slug


def _figures_ms(app, slug: str) -> float:
    from parkbank.consultations.operations import get_by_slug
    from parkbank.extensions import db
    from parkbank.outcomes.figures import responsiveness

    with app.test_request_context("/"):
        consultation_id = get_by_slug(slug).id
        t0 = time.perf_counter()
        responsiveness(consultation_id)
        elapsed = (time.perf_counter() - t0) * 1000
        db.session.rollback()
        return elapsed


def main() -> None:
    p = parser(__doc__, db=False)
    p.add_argument("--ideas", type=int, default=IDEAS)
    p.add_argument("--requests", type=int, default=20, help="requests per page (after 3 to warm up)")
    args = p.parse_args()
    header("outcomes")

    from parkbank import create_app
    from parkbank.config import TEST_CONFIG

    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'outcomes.db'}"
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "TESTING": False})
        _fresh_schema(app)
        slug = _seed(app, args.ideas)
        print(f"{url.split(':')[0]}: {args.ideas:,} ideas", flush=True)
        pages = {"healthz": "/healthz",
                 "board (with the figures)": f"/samrad/{slug}",
                 "vad-hande, page 1": f"/samrad/{slug}/vad-hande",
                 "vad-hande, page 60": f"/samrad/{slug}/vad-hande?sida=60"}
        client = app.test_client()
        times: dict[str, list[float]] = {name: [] for name in pages}
        figures: list[float] = []
        for turn in range(3 + args.requests):
            for name, path in pages.items():
                t0 = time.perf_counter()
                answer = client.get(path)
                elapsed = (time.perf_counter() - t0) * 1000
                assert answer.status_code == 200, (path, answer.status_code)
                if turn >= 3:
                    times[name].append(elapsed)
            if turn >= 3:
                figures.append(_figures_ms(app, slug))
    health = statistics.median(times["healthz"])
    rows = [[name, statistics.median(t), max(t), ratio(statistics.median(t), health)]
            for name, t in times.items()]
    rows.append(["responsiveness() alone", statistics.median(figures), max(figures),
                 ratio(statistics.median(figures), health)])
    table(f"Follow-up at {args.ideas:,} ideas ({url.split(':')[0]}), ms over {args.requests} requests",
          ["page", "median", "max", "× healthz"], rows)
    save("outcomes", {"url": url.split(":")[0], "ideas": args.ideas, "times": times, "figures": figures})


if __name__ == "__main__":
    main()
