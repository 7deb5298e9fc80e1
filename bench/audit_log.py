"""Reading the audit trail at 100,000 entries: /admin/logg, first page, a deep page and filtered.

In-process (the Flask test client, logged in as an admin): each request goes through the whole
view, query and template, as a reader's does minus the network. A fresh database is migrated and
seeded with a year of entries (ids in time order, as the app appends them): 40 staff, 30
consultations, every kind of action, a tenth by the system. Every page is asked for `--requests`
times, interleaved with the baseline GET /healthz (one `SELECT 1` through the same app), and the
medians printed with their ratio to it.

    .venv/bin/python -m bench.audit_log                         # SQLite file in a temporary directory
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/DB .venv/bin/python -m bench.audit_log
                                                               # PostgreSQL: DB is emptied first!
    .venv/bin/python -m bench.audit_log --upto 0007             # the schema before 0011's index
"""

from __future__ import annotations

import os
import random
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import fmt, header, parser, ratio, save, table

ENTRIES = 100_000
STAFF, CONSULTATIONS = 40, 30
PASSWORD = "bench audit password"
ROW_RE = re.compile(r'<tr id="entry-\d+"')
START = datetime(2026, 1, 1, tzinfo=UTC)
# How often each kind of action happens (decisions dominate), the rest rare.
WEIGHTS = {"post.approve": 60, "post.reject": 15, "post.withdraw": 3, "login": 10, "logout": 8,
           "consultation.status": 1, "assignment.add": 1, "user.create": 0.5, "user.password": 0.5}


def _fresh_schema(app, upto: str) -> None:
    import flask_migrate
    from sqlalchemy import text

    from parkbank.extensions import db

    with app.app_context():
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        flask_migrate.upgrade(revision=upto)


def _seed(app, entries: int) -> dict:
    """Staff, consultations and `entries` audit entries over a year; returns ids the pages use."""
    from sqlalchemy import insert, text

    from parkbank.audit.models import AuditEntry
    from parkbank.auth.models import Role
    from parkbank.auth.operations import create_user
    from parkbank.consultations.operations import create_consultation
    from parkbank.database import write_intent
    from parkbank.extensions import db

    rng = random.Random(13)
    with app.app_context():
        write_intent.set(True)
        admin = create_user(email="admin@kommun.example", name="Bench Admin", role=Role.ADMIN,
                            password=PASSWORD)
        staff = [create_user(email=f"staff{i}@kommun.example", name=f"Handläggare {i}",
                             role=Role.MODERATOR, password=PASSWORD) for i in range(STAFF)]
        consultations = [create_consultation(slug=f"samrad-{i}", title=f"Samråd {i}", question="Vad?")
                         for i in range(CONSULTATIONS)]
        db.session.commit()
        actions, weights = list(WEIGHTS), list(WEIGHTS.values())
        step = timedelta(days=365) / entries
        batch = []
        for i in range(entries):
            action = rng.choices(actions, weights)[0]
            system = action == "consultation.status" or rng.random() < 0.05
            actor = None if system else rng.choice(staff)
            consultation = rng.choice(consultations) if action.startswith(("post", "consultation")) else None
            batch.append({
                "created_at": START + i * step, "action": action,
                "actor_id": actor.id if actor else None, "actor_name": actor.name if actor else "system",
                "consultation_id": consultation.id if consultation else None,
                "target_type": "post" if action.startswith("post") else None,
                "target_id": i if action.startswith("post") else None,
                "details": {"reason": "spam", "note": "Reklam för en bilfirma"}
                if action == "post.reject" else {}})
            if len(batch) == 5_000:
                db.session.execute(insert(AuditEntry), batch)
                batch = []
        if batch:
            db.session.execute(insert(AuditEntry), batch)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does after a bulk load: the planner's statistics (without them it
            # guesses a date range matches 0.5 % of the rows, and scans the whole table).
            db.session.execute(text("ANALYZE audit_entry"))
            db.session.commit()
        write_intent.set(False)
        return {"actor": staff[7].id, "consultation": consultations[3].id, "admin": admin.email}


def _login(client, email: str) -> None:
    page = client.get("/logga-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = client.post("/logga-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 303, answer.status_code


def _pages(ids: dict, deep_id: int) -> dict[str, str]:
    return {
        "healthz (baseline)": "/healthz",
        "first page": "/admin/logg/",
        "deep page (keyset, ~99,000 back)": f"/admin/logg/?fore={deep_id}",
        "newer from the deep page": f"/admin/logg/?efter={deep_id}",
        "action: common (approve)": "/admin/logg/?handelse=post.approve",
        "action: rare (status)": "/admin/logg/?handelse=consultation.status",
        "actor: one of 40": f"/admin/logg/?vem={ids['actor']}",
        "actor: system": "/admin/logg/?vem=system",
        "consultation: one of 30": f"/admin/logg/?samrad={ids['consultation']}",
        "date range: one week in June": "/admin/logg/?fran=2026-06-01&till=2026-06-07",
        "date range: first week of January": "/admin/logg/?fran=2026-01-01&till=2026-01-07",
        "date range: the whole year": "/admin/logg/?fran=2026-01-01&till=2026-12-31",
        "date range: a day with nothing": "/admin/logg/?fran=2027-03-01&till=2027-03-01",
        "date range: one day, 2nd page": None,  # filled below, from the first page's "Older"
        "actor + date range": f"/admin/logg/?vem={ids['actor']}&fran=2026-03-01&till=2026-03-31",
        "action + consultation": f"/admin/logg/?handelse=post.reject&samrad={ids['consultation']}",
    }


def _query_ms(app, path: str) -> float:
    """The page's query alone (log_page with the view's filter and cursor), in ms."""
    from flask import request
    from sqlalchemy import select

    from parkbank.audit.forms import LogFilterForm
    from parkbank.audit.queries import log_page
    from parkbank.audit.views import _cursor
    from parkbank.auth.models import User
    from parkbank.consultations.models import Consultation
    from parkbank.extensions import db

    with app.test_request_context(path):
        form = LogFilterForm(request.args, db.session.execute(select(User)).scalars().all(),
                             db.session.execute(select(Consultation)).scalars().all())
        form.validate()
        log_filter, before, after = form.log_filter(), _cursor("fore"), _cursor("efter")
        t0 = time.perf_counter()
        log_page(log_filter, before=before, after=after)
        elapsed = (time.perf_counter() - t0) * 1000
        db.session.rollback()
        return elapsed


def main() -> None:
    p = parser(__doc__, db=False)
    p.add_argument("--entries", type=int, default=ENTRIES)
    p.add_argument("--requests", type=int, default=30, help="requests per page (after 3 to warm up)")
    p.add_argument("--upto", default="head", help="migrate to this revision (e.g. 0007: before 0011)")
    args = p.parse_args()
    header("audit_log")

    from parkbank import create_app
    from parkbank.config import TEST_CONFIG

    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'audit.db'}"
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "TESTING": False})
        _fresh_schema(app, args.upto)
        started = time.perf_counter()
        ids = _seed(app, args.entries)
        seconds = time.perf_counter() - started
        print(f"{url.split(':')[0]}: {args.entries:,} entries seeded in {seconds:.0f} s, "
              f"schema at {args.upto}", flush=True)
        client = app.test_client()
        _login(client, ids["admin"])
        first = client.get("/admin/logg/").get_data(as_text=True)
        newest = int(re.search(r'<tr id="entry-(\d+)"', first)[1])
        pages = _pages(ids, deep_id=newest - 99_000 if newest > 99_050 else max(60, newest // 100))
        day = client.get("/admin/logg/?fran=2026-09-15&till=2026-09-15").get_data(as_text=True)
        second = re.search(r'rel="next" href="([^"]+)"', day)[1]
        pages["date range: one day, 2nd page"] = second.replace("&amp;", "&")
        times: dict[str, list[float]] = {name: [] for name in pages}
        queries: dict[str, list[float]] = {name: [] for name in pages}
        for turn in range(3 + args.requests):
            for name, path in pages.items():
                t0 = time.perf_counter()
                answer = client.get(path)
                elapsed = (time.perf_counter() - t0) * 1000
                assert answer.status_code == 200, (path, answer.status_code)
                if turn == 0 and name not in ("healthz (baseline)", "date range: a day with nothing"):
                    assert len(ROW_RE.findall(answer.get_data(as_text=True))) == 50, path
                if turn >= 3:
                    times[name].append(elapsed)
                    if name != "healthz (baseline)":
                        queries[name].append(_query_ms(app, path))
    base = statistics.median(times["healthz (baseline)"])
    rows = [[name, statistics.median(t), max(t), ratio(statistics.median(t), base),
             statistics.median(queries[name]) if queries[name] else float("nan")]
            for name, t in times.items()]
    table(f"GET /admin/logg at {args.entries:,} entries ({url.split(':')[0]}, schema {args.upto}), "
          f"ms over {args.requests} requests", ["page", "median", "max", "× healthz", "query median"], rows)
    slowest = max(r[1] for r in rows)
    print(f"\nslowest median: {fmt(slowest)} ms (target: under ~50 ms on SQLite)")
    save("audit_log", {"url": url.split(":")[0], "upto": args.upto, "entries": args.entries,
                       "times": times, "queries": queries})


if __name__ == "__main__":
    main()
