"""The outbox: a mail server that is down delays messages and loses none; two workers at once
send each message once (PostgreSQL: SKIP LOCKED; SQLite: writers take turns); nothing is sent in
the request, so a hung mail server does not slow a moderator; the command for a process of its
own; a rolled-back change sends nothing."""

from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta
from unittest.mock import patch

import pytest
from sqlalchemy import select, update

from parkbank.database import utcnow, write_intent
from parkbank.extensions import db
from parkbank.mail import outbox, worker
from parkbank.mail.models import OutboxMessage
from parkbank.posts.models import Post
from tests.conftest import _empty_tables
from tests.helpers import csrf_token, login
from tests.mail.conftest import mail_app
from tests.mail.smtp import Mailbox, free_port

JSON = {"Accept": "application/json"}


@pytest.fixture
def down():
    """A mail server that is down at first (nothing listens on its port); start() brings it up."""
    box = Mailbox(free_port())
    yield box
    box.stop()


@pytest.fixture
def quiet_app(schema, down):
    """An app whose worker does not run in the server: the test runs passes itself."""
    app = mail_app(schema, down.port, OUTBOX_WORKER=False)
    yield app
    with app.app_context():
        _empty_tables()


def fill(app, n: int, prefix: str = "Meddelande") -> None:
    write_intent.set(True)
    with app.app_context():
        for i in range(n):
            outbox.enqueue(f"person{i % 7}@example.se", f"{prefix} {i}", f"Text {i}", kind="staff_reminder")
        db.session.commit()
    write_intent.set(False)


def waiting(app) -> int:
    with app.app_context():
        return outbox.waiting()


def subjects(box: Mailbox) -> list[str]:
    return [str(m["Subject"]) for _, m in box.messages]


def test_a_server_down_at_first_delays_messages_and_every_one_arrives_exactly_once(quiet_app, down):
    fill(quiet_app, 20)
    with quiet_app.app_context():
        for _ in range(2):
            result = worker.run_once("w1")
            assert result.sent == 0
            time.sleep(0.06)
        rows = db.session.execute(select(OutboxMessage)).scalars().all()
        assert len(rows) == 20 and all(r.sent_at is None and r.recipient for r in rows)
        assert all(r.attempts >= 1 and r.last_error and r.claimed_by is None for r in rows)
    down.start()
    deadline = time.monotonic() + 15
    with quiet_app.app_context():
        while outbox.waiting() and time.monotonic() < deadline:
            worker.run_once("w1")
            time.sleep(0.05)
    assert waiting(quiet_app) == 0
    assert sorted(subjects(down)) == sorted(f"Meddelande {i}" for i in range(20))
    with quiet_app.app_context():
        rows = db.session.execute(select(OutboxMessage)).scalars().all()
        # Sent: no address, no body, no headers kept.
        assert all(r.sent_at and r.recipient is None and r.text_body is None and r.headers is None
                   for r in rows)


def test_backoff_doubles_and_is_capped():
    first, cap = timedelta(seconds=30), timedelta(hours=1)
    assert [outbox.backoff(n, first, cap).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert outbox.backoff(10_000, first, cap) == cap


def test_two_workers_at_once_send_each_message_once(quiet_app, down):
    """Two workers (threads with sessions and connections of their own) on one database: on
    PostgreSQL they claim with SKIP LOCKED, on SQLite they take turns; each message once."""
    down.start()
    total = 240
    fill(quiet_app, total)
    quiet_app.config["OUTBOX_BATCH"] = 7
    loops = [worker.Loop(), worker.Loop()]
    threads = [threading.Thread(target=loop.run, args=(quiet_app,)) for loop in loops]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while len(down.messages) < total and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # a double would arrive now
    for loop in loops:
        loop.stop()
    for t in threads:
        t.join(10)
    received = subjects(down)
    assert len(received) == total and len(set(received)) == total
    assert waiting(quiet_app) == 0
    assert all(loop.passes > 0 for loop in loops)


def test_a_rolled_back_change_sends_nothing(quiet_app, down):
    with quiet_app.app_context():
        outbox.enqueue("eva@example.se", "Ångrad", "Text", kind="staff_reminder")
        db.session.rollback()
        assert outbox.waiting() == 0


def test_outbox_run_once_without_a_mail_server_writes_eml_files(schema, tmp_path):
    folder = tmp_path / "mail"
    app = mail_app(schema, 1, MAIL_SERVER=None, MAIL_FOLDER=str(folder))
    try:
        fill(app, 3)
        result = app.test_cli_runner().invoke(args=["outbox", "run", "--once"])
        assert result.exit_code == 0, result.output
        assert "Sent 3" in result.output
        files = sorted(folder.glob("*.eml"))
        assert len(files) == 3
        assert b"To: person0@example.se" in files[0].read_bytes()
        assert waiting(app) == 0
        status = app.test_cli_runner().invoke(args=["outbox", "status"])
        assert "0 message(s) waiting" in status.output
    finally:
        with app.app_context():
            _empty_tables()


def test_sent_rows_are_deleted_after_a_week(quiet_app, down):
    down.start()
    fill(quiet_app, 2)
    with quiet_app.app_context():
        worker.run_once("w1")
        write_intent.set(True)
        db.session.execute(update(OutboxMessage).where(OutboxMessage.subject == "Meddelande 0")
                           .values(sent_at=utcnow() - timedelta(days=8)))
        assert outbox.purge_sent() == 1
        db.session.commit()
        write_intent.set(False)
        assert [m.subject for m in db.session.execute(select(OutboxMessage)).scalars()] == ["Meddelande 1"]


def test_a_hung_mail_server_does_not_slow_the_moderators_click(schema, consultation, moderator,
                                                               make_post):
    """The mail server accepts connections and never answers: the approval still returns at once,
    and the notice waits in the outbox (the worker, in the server, waits for the server instead)."""
    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    hole.listen(50)
    app = mail_app(schema, hole.getsockname()[1], OUTBOX_WORKER=True, MAIL_TIMEOUT=3)
    try:
        post_id = make_post(consultation, "En idé", email="eva@example.se", consent=True)
        write_intent.set(True)
        with app.app_context():
            db.session.execute(update(Post).where(Post.id == post_id).values(email_confirmed_at=utcnow()))
            db.session.commit()
        write_intent.set(False)
        client = app.test_client()
        login(client, moderator)  # the first request starts the server's worker
        token = csrf_token(client.get(f"/moderering/{consultation.slug}").get_data(as_text=True))
        started = time.perf_counter()
        response = client.post(f"/moderering/inlagg/{post_id}/beslut",
                               data={"action": "approve", "csrf_token": token}, headers=JSON)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.get_data(as_text=True)
        assert elapsed < 1.0
        with app.app_context():
            kinds = sorted(db.session.execute(
                select(OutboxMessage.kind).where(OutboxMessage.sent_at.is_(None))).scalars())
        assert kinds == ["confirm", "decided"]
    finally:
        hole.close()
        worker.stop_in_server(app, wait=10)


def test_two_outbox_run_processes_send_each_message_once_and_stop_on_sigterm(quiet_app, down, schema,
                                                                             tmp_path):
    """`flask --app parkbank outbox run` twice, as separate processes beside each other."""
    import signal
    import subprocess
    import sys

    from tests.server import ROOT, server_env

    down.start()
    total = 120
    fill(quiet_app, total)
    env = server_env(schema, MAIL_SERVER="127.0.0.1", MAIL_PORT=str(down.port), PARKBANK_OUTBOX_BATCH="5",
                     PARKBANK_OUTBOX_POLL_SECONDS="1", PARKBANK_BASE_URL="https://samrad.kommun.example")
    command = [sys.executable, "-m", "flask", "--app", "parkbank", "outbox", "run"]
    logs = [open(tmp_path / f"worker{n}.log", "wb") for n in range(2)]
    workers = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
               for log in logs]
    try:
        deadline = time.monotonic() + 60
        while len(down.messages) < total and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
    finally:
        for process in workers:
            process.send_signal(signal.SIGTERM)
        codes = [process.wait(timeout=15) for process in workers]
        for log in logs:
            log.close()
    received = subjects(down)
    assert len(received) == total and len(set(received)) == total
    assert codes == [0, 0], [(tmp_path / f"worker{n}.log").read_text() for n in range(2)]
    assert all("Sent" in (tmp_path / f"worker{n}.log").read_text() for n in range(2))


def test_a_batch_slower_than_its_lease_is_not_sent_twice_by_a_second_worker(schema):
    """A slow mail server: the batch takes longer than the claim lasts. The second worker takes
    over the claims that ran out; the first, renewing its claim before each message, skips those."""
    import asyncio

    from aiosmtpd.controller import Controller

    from tests.mail.smtp import _Collect

    class Slow(_Collect):
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            await asyncio.sleep(0.25)
            return await super().handle_DATA(server, session, envelope)

    box = Mailbox()
    box.controller = Controller(Slow(box), hostname="127.0.0.1", port=box.port)
    box.controller.start()
    app = mail_app(schema, box.port, OUTBOX_WORKER=False, OUTBOX_LEASE_SECONDS=1, OUTBOX_BATCH=12)
    try:
        fill(app, 12)
        loops = [worker.Loop(), worker.Loop()]
        first = threading.Thread(target=loops[0].run, args=(app,), kwargs={"once": True})
        first.start()
        time.sleep(1.5)  # the first worker's claims on the rest of its batch have run out
        second = threading.Thread(target=loops[1].run, args=(app,), kwargs={"once": True})
        second.start()
        for t in (first, second):
            t.join(30)
        received = subjects(box)
        assert sorted(received) == sorted(f"Meddelande {i}" for i in range(12))
        assert waiting(app) == 0
    finally:
        box.stop()
        with app.app_context():
            _empty_tables()


def test_a_message_deleted_by_an_unsubscribe_while_claimed_is_not_sent(quiet_app, down):
    down.start()
    write_intent.set(True)
    with quiet_app.app_context():
        outbox.enqueue("eva@example.se", "Till Eva", "Text", kind="decided", post_id=None)
        outbox.enqueue("olle@example.se", "Till Olle", "Text", kind="staff_reminder")
        db.session.commit()
        claimed = worker._committed(outbox.claim, "w1", 10, timedelta(minutes=5))
        assert len(claimed) == 2
        # Eva erases her address while the batch is under way (a data-request erase).
        outbox.forget_address("eva@example.se")
        db.session.commit()
        write_intent.set(False)
        result = worker.deliver("w1", claimed, quiet_app.config)
    assert result.sent == 1
    assert subjects(down) == ["Till Olle"]


def test_a_message_whose_address_was_erased_before_it_committed_is_not_sent(quiet_app, down, consultation,
                                                                           make_post):
    """The race: a moderator's decision writes a notice while the author's unsubscribe commits.
    The notice's row, committed after the erase, is not sent and leaves with the address in it."""
    down.start()
    post_id = make_post(consultation, email="eva@example.se", consent=True)  # its confirmation
    write_intent.set(True)
    with quiet_app.app_context():
        post = db.session.get(Post, post_id)
        outbox.enqueue(post.email, "Ditt inlägg", "Text", kind="decided", post_id=post_id)
        db.session.commit()
        # The unsubscribe committed first: the address is gone from the post.
        db.session.execute(update(Post).where(Post.id == post_id).values(email=None, email_consent=False))
        db.session.commit()
        write_intent.set(False)
        result = worker.run_once("w1")
        assert result.sent == 0 and outbox.waiting() == 0
        assert db.session.execute(select(OutboxMessage)).first() is None
    assert down.messages == []


def test_a_refused_address_is_neither_logged_nor_kept_in_the_error(schema):
    """A mail server's refusal names the address; the log and the row's last_error must not, or
    an unsubscribe or an erase would leave it there."""
    from aiosmtpd.controller import Controller

    class Refuse:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
            return f"550 5.1.1 <{address}>: Recipient address rejected"

    box = Mailbox()
    box.controller = Controller(Refuse(), hostname="127.0.0.1", port=box.port)
    box.controller.start()
    app = mail_app(schema, box.port, OUTBOX_WORKER=False)
    try:
        write_intent.set(True)
        with app.app_context():
            outbox.enqueue("Eva.Ek@example.se", "Till Eva", "Text", kind="staff_reminder")
            db.session.commit()
            write_intent.set(False)
            logged = []
            with patch.object(worker.log, "warning", lambda *args: logged.append(args[0] % args[1:])):
                assert worker.run_once("w1").failed == 1
            (row,) = db.session.execute(select(OutboxMessage)).scalars().all()
            assert "550" in row.last_error and "eva.ek@example.se" not in row.last_error.lower()
        (line,) = logged
        assert "550" in line and "eva.ek@example.se" not in line.lower()
    finally:
        write_intent.set(False)
        box.stop()
        with app.app_context():
            _empty_tables()
