"""E-mail notifications (issue 17): what the outbox costs a moderator's click, and how fast the
worker sends.

1. The approve click: the moderator's POST through the app (Flask test client: the view, the
   decision, the notice composed and enqueued, the commit), alternately for a post whose author
   consented and confirmed an address and for one without e-mail, in the same run; the mail server
   is down meanwhile (`--hung`: it accepts connections and never answers) and the app's own worker
   runs in the process, failing and retrying, as it would in production.
2. Sending throughput: the mail server up (aiosmtpd on a free port), `--messages` queued, then one
   worker, and then two at once (threads with sessions of their own), until the outbox is empty;
   messages per second, and every message received exactly once.

    .venv/bin/python -m bench.outbox [--db sqlite|postgres|both] [--approvals 200] [--messages 2000] [--hung]
"""

from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import PY, ROOT, app_env, db_kinds, fresh_database, header, save, seed, table


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _csrf(page: str) -> str:
    import re

    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def measure(approvals: int, messages: int, hung: bool) -> dict:
    import logging

    from sqlalchemy import update

    from bench.seed import MODERATOR_EMAIL, MODERATOR_PASSWORD, SLUG
    from parkbank import create_app
    from parkbank.consultations.operations import get_by_slug
    from parkbank.database import utcnow, write_intent
    from parkbank.extensions import db
    from parkbank.mail import outbox, worker
    from parkbank.posts.models import Post
    from parkbank.posts.operations import submit_post
    from tests.mail.smtp import Mailbox

    logging.getLogger("parkbank.mail").setLevel(logging.ERROR)  # every failed attempt is logged
    hole = None
    port = _free_port()
    if hung:  # accepts, never answers: each attempt waits MAIL_TIMEOUT
        hole = socket.socket()
        hole.bind(("127.0.0.1", port))
        hole.listen(100)
    app = create_app({"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_TIMEOUT": 5,
                      "OUTBOX_WORKER": True, "OUTBOX_POLL_SECONDS": 1, "OUTBOX_RETRY_SECONDS": 1,
                      "OUTBOX_RETRY_CAP_SECONDS": 2, "BASE_URL": "https://samrad.bench.example",
                      "PREFERRED_URL_SCHEME": "http"})  # the test client speaks plain HTTP
    result: dict = {"approvals": approvals, "messages": messages, "hung": hung}
    with app.app_context():
        write_intent.set(True)
        consultation = get_by_slug(SLUG)
        ids = {"email": [], "none": []}
        for n in range(approvals):
            kind = "email" if n % 2 == 0 else "none"
            post, _ = submit_post(consultation, participant=None, body=f"Idé nummer {n} om parken",
                                  email=f"person{n}@example.se" if kind == "email" else None,
                                  consent=kind == "email")
            ids[kind].append(post.id)
        db.session.execute(update(Post).where(Post.id.in_(ids["email"])).values(email_confirmed_at=utcnow()))
        db.session.commit()
        write_intent.set(False)

    client = app.test_client()
    page = client.get("/logga-in").get_data(as_text=True)
    login = client.post("/logga-in", data={"email": MODERATOR_EMAIL, "password": MODERATOR_PASSWORD,
                                           "csrf_token": _csrf(page)})  # the worker starts
    assert login.status_code == 303, login.get_data(as_text=True)[-2000:]
    queue = client.get(f"/moderering/{SLUG}")
    assert queue.status_code == 200, queue.status_code
    token = _csrf(queue.get_data(as_text=True))
    times = {"email": [], "none": []}
    for email_id, plain_id in zip(ids["email"], ids["none"], strict=True):
        for kind, post_id in (("email", email_id), ("none", plain_id)):
            started = time.perf_counter()
            response = client.post(f"/moderering/inlagg/{post_id}/beslut",
                                   data={"action": "approve", "csrf_token": token},
                                   headers={"Accept": "application/json"})
            times[kind].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.get_data(as_text=True)
    with app.app_context():
        result["waiting_after_clicks"] = outbox.waiting()
    result.update(approve_email_ms=statistics.median(times["email"]),
                  approve_none_ms=statistics.median(times["none"]),
                  approve_email_p95=sorted(times["email"])[int(.95 * len(times["email"]))],
                  approve_none_p95=sorted(times["none"])[int(.95 * len(times["none"]))])
    worker.stop_in_server(app)
    if hole is not None:
        hole.close()

    box = Mailbox().start()
    app.config.update(MAIL_PORT=box.port, OUTBOX_WORKER=False)
    with app.app_context():  # the clicks' messages first, so the throughput rounds start empty
        worker.Loop().run(app, once=True)
        time.sleep(1.1)
        while outbox.waiting():
            worker.run_once("drain")
    for workers in (1, 2):
        before = len(box.messages)
        with app.app_context():
            write_intent.set(True)
            for i in range(messages):
                outbox.enqueue(f"person{i % 50}@example.se", f"Bench {workers} {i}", "Text " * 40,
                               kind="bench")
            db.session.commit()
            write_intent.set(False)
        loops = [worker.Loop() for _ in range(workers)]
        started = time.perf_counter()
        threads = [threading.Thread(target=loop.run, args=(app,)) for loop in loops]
        for t in threads:
            t.start()
        while len(box.messages) - before < messages and time.perf_counter() - started < 600:
            time.sleep(0.01)
        elapsed = time.perf_counter() - started
        time.sleep(0.5)
        for loop in loops:
            loop.stop()
        for t in threads:
            t.join(30)
        subjects = [str(m["Subject"]) for _, m in box.messages[before:]]
        result[f"sent_per_s_{workers}"] = messages / elapsed
        result[f"exactly_once_{workers}"] = len(subjects) == messages == len(set(subjects))
    box.stop()
    return result


def run_one(env: dict, args) -> dict:
    command = [PY, "-m", "bench.outbox", "--child", str(args.approvals), str(args.messages),
               "1" if args.hung else "0"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-4000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    import argparse

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument("--approvals", type=int, default=200)
    p.add_argument("--messages", type=int, default=2000)
    p.add_argument("--hung", action="store_true", help="the mail server accepts and never answers")
    args = p.parse_args()
    header("bench.outbox")
    rows, results = [], []
    with tempfile.TemporaryDirectory(prefix="parkbank-bench-") as tmp:
        for kind in db_kinds(args.db):
            work = Path(tmp) / kind
            work.mkdir()
            env = app_env(fresh_database(kind, work))
            seed(env, approved=0)
            r = run_one(env, args)
            r["db"] = kind
            results.append(r)
            rows.append([kind, r["approve_none_ms"], r["approve_email_ms"],
                         r["approve_email_ms"] - r["approve_none_ms"], r["approve_none_p95"],
                         r["approve_email_p95"],
                         r["waiting_after_clicks"], r["sent_per_s_1"], r["sent_per_s_2"],
                         "yes" if r["exactly_once_1"] and r["exactly_once_2"] else "NO"])
    down = "hung (accepts, never answers)" if args.hung else "down (refuses connections)"
    table(f"Approve click with the mail server {down} ({args.approvals} clicks, alternating), "
          f"and sending {args.messages:,} messages: ms medians, messages/s",
          ["db", "approve, no e-mail", "approve, consented", "difference", "p95 no e-mail", "p95 consented",
           "waiting", "sent/s 1 worker", "sent/s 2 workers", "each once"], rows)
    print(f"raw: {save('outbox', {'args': vars(args), 'results': results})}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(measure(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1")))
    else:
        main()
