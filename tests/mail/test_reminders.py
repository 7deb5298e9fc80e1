"""The follow-up reminder leaves by e-mail through the outbox: the worker in the server looks for
due consultations, each project leader gets one message with the links, and a second runner at the
same time reminds nobody twice."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from parkbank.auth.models import Role
from parkbank.consultations.models import Consultation
from parkbank.database import utcnow
from parkbank.extensions import db
from parkbank.mail import worker
from parkbank.mail.models import OutboxMessage
from parkbank.outcomes import reminders
from tests.mail.smtp import body

NOW = utcnow().replace(microsecond=0)


def _closed(app, make_consultation, make_post):
    c = make_consultation("stangt", opens_at=NOW - timedelta(days=60), closes_at=NOW + timedelta(days=1))
    make_post(c, "En idé om bänkar", state="approved")
    with app.app_context():
        db.session.get(Consultation, c.id).closes_at = NOW - timedelta(days=20)
        db.session.commit()
    return c


def test_the_worker_reminds_each_leader_once_by_e_mail(app, make_consultation, make_post, make_user,
                                                      mailbox):
    c = _closed(app, make_consultation, make_post)
    lena = make_user(Role.PROJECT_LEADER, name="Lena", email="lena@kommun.example")
    make_user(Role.MODERATOR, name="Maria", email="maria@kommun.example")  # not a leader
    loop = worker.start_in_server(app)
    (message,) = mailbox.wait_for(1, "lena@kommun.example")
    text = body(message)
    assert message["Subject"] == "Följ upp samrådet ”Nytt bibliotek”"
    assert "1 publicerad idé har inget utfall än" in text and "sammanfattning" in text
    assert f"https://samrad.kommun.example/samrad/{c.slug}/utfall" in text
    assert f"https://samrad.kommun.example/samrad/{c.slug}/vad-hande" in text
    loop.stop(wait=5)
    with app.app_context():
        kinds = db.session.execute(select(OutboxMessage.kind)).scalars().all()
        assert kinds == ["staff_reminder"]  # to Lena only, not to the moderator
    assert lena.id


def test_two_runners_at_once_remind_once(app, make_consultation, make_post, make_user, monkeypatch):
    """Two workers find the consultation due at the same moment (threads with sessions of their
    own, both past the due check before either writes, on PostgreSQL; on SQLite their write
    transactions take turns): the conditional mark lets one of them remind."""
    _closed(app, make_consultation, make_post)
    make_user(Role.PROJECT_LEADER, name="Lena", email="lena@kommun.example")
    with app.app_context():
        concurrent = db.engine.dialect.name == "postgresql"
    if concurrent:
        barrier = threading.Barrier(2, timeout=10)
        original = reminders.due_reminders

        def due_then_wait(now):
            found = original(now)
            barrier.wait()
            return found
        monkeypatch.setattr(reminders, "due_reminders", due_then_wait)
    counts = []

    def run():
        with app.app_context():
            counts.append(worker._committed(reminders.send_reminders, NOW))
            db.session.remove()
    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert sorted(len(c) for c in counts) == [0, 1]
    monkeypatch.undo()
    with app.app_context():
        assert len(db.session.execute(select(OutboxMessage)).scalars().all()) == 1
        assert len(reminders.send_reminders(NOW + timedelta(days=15))) == 1  # again after the interval
        db.session.commit()
        assert len(db.session.execute(select(OutboxMessage)).scalars().all()) == 2
