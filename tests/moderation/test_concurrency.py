"""Two moderators, or a moderator and a citizen, at the same moment: real transactions in two
threads (two database connections), on SQLite and on PostgreSQL."""

import threading

from parkbank.auth.models import User
from parkbank.consultations.models import Consultation
from parkbank.database import write_intent
from parkbank.extensions import db
from parkbank.live import broadcast
from parkbank.moderation import lifecycle
from parkbank.moderation.models import Action, Reason
from parkbank.participants import Participant
from parkbank.posts.models import Post, PostState
from parkbank.posts.operations import support_post

WAIT = 10


def in_thread(app, work, results, name):
    def run():
        write_intent.set(True)
        with app.app_context():
            try:
                results[name] = work()
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - the test reports it
                db.session.rollback()
                results[name] = error
    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


def test_a_reply_approved_while_its_idea_is_withdrawn_goes_with_the_idea(app, consultation,
                                                                         moderator, make_user,
                                                                         make_post, monkeypatch):
    idea = make_post(consultation, "Idé", state="approved")
    reply = make_post(consultation, "Svar med text som inte får synas", parent_id=idea)
    other = make_user(name="Nils")
    approved, release, results = threading.Event(), threading.Event(), {}
    check_parent = lifecycle._require_published_parent

    def check_then_wait(parent_id):  # A has seen the idea published; B acts right then
        check_parent(parent_id)
        approved.set()
        release.wait(WAIT)

    monkeypatch.setattr(lifecycle, "_require_published_parent", check_then_wait)

    def approve():  # moderator A approves the reply
        lifecycle.apply(reply, Action.APPROVE, user=db.session.get(User, moderator.id))

    def withdraw():  # moderator B: withdraws the idea meanwhile
        lifecycle.apply(idea, Action.WITHDRAW, user=db.session.get(User, other.id),
                        reason=Reason.PERSONAL_DATA)

    a = in_thread(app, approve, results, "approve")
    assert approved.wait(WAIT)
    b = in_thread(app, withdraw, results, "withdraw")
    b.join(0.5)  # B waits for A (A's lock on the idea), or, without it, B is done already
    release.set()
    a.join(WAIT)
    b.join(WAIT)
    assert results == {"approve": None, "withdraw": None}
    with app.app_context():
        states = {p.id: p.state for p in db.session.query(Post)}
    assert states[idea] is PostState.WITHDRAWN
    assert states[reply] is PostState.WITHDRAWN  # never approved under a withdrawn idea


def test_a_support_on_a_reply_while_its_idea_is_withdrawn_does_not_deadlock(
        app, consultation, moderator, make_post, monkeypatch):
    idea = make_post(consultation, "Idé", state="approved")
    reply = make_post(consultation, "Svar", state="approved", parent_id=idea)
    supporting, release, results = threading.Event(), threading.Event(), {}
    publish = broadcast.publish_board

    def publish_later(name, post):  # the support holds its reply row, then waits here
        if threading.current_thread().name == "support":
            supporting.set()
            release.wait(WAIT)
        return publish(name, post)

    monkeypatch.setattr(broadcast, "publish_board", publish_later)

    def support():
        c = db.session.get(Consultation, consultation.id)
        return support_post(c, reply, Participant("browser", "c" * 64)).counted

    def withdraw():
        lifecycle.apply(idea, Action.WITHDRAW, user=db.session.get(User, moderator.id),
                        reason=Reason.OTHER)

    s = in_thread(app, support, results, "support")
    assert supporting.wait(WAIT)
    w = in_thread(app, withdraw, results, "withdraw")
    w.join(0.5)
    release.set()
    s.join(WAIT)
    w.join(WAIT)
    assert results == {"support": True, "withdraw": None}, results
    with app.app_context():
        assert db.session.get(Post, reply).state is PostState.WITHDRAWN
