"""join_board served from the recent-events store, in memory and in Redis: the same answer as the
log gives, without one SQL statement; and what makes the store forget."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest

from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.consultations.operations import set_status
from parkbank.database import utcnow
from parkbank.extensions import db
from parkbank.live import broadcast, recent
from parkbank.moderation.marks import set_politician_view
from parkbank.moderation.models import Action, Reason
from parkbank.moderation.redaction import redact
from parkbank.official.operations import publish_official_reply
from parkbank.outcomes.operations import OutcomeInput, set_outcome
from parkbank.participants import Participant
from parkbank.posts.operations import support_post
from parkbank.retention.culling import cull
from parkbank.themes.operations import create_theme, rename_theme, set_post_themes
from tests.conftest import _empty_tables
from tests.helpers import SqlCounter, build_app, csrf_token, decide
from tests.server import reachable_redis

JSON = {"Accept": "application/json"}


@pytest.fixture(params=["memory", "redis"])
def app(request, schema):
    """The conftest's app, with the store in memory, or in Redis under a channel of its own (the
    Flask-SocketIO test client refuses a message queue, so the store is put in by hand here;
    tests/live/test_recent_processes.py chooses it by SOCKETIO_MESSAGE_QUEUE)."""
    app = build_app(schema)
    if request.param == "redis":
        recent.state(app).store = recent.RedisStore(reachable_redis(),
                                                    f"parkbank-test-{uuid.uuid4().hex}")
    yield app
    store = recent.state(app).store
    if isinstance(store, recent.RedisStore):
        for key in store.client.scan_iter(f"{store.prefix}:*"):
            store.client.delete(key)
        store.close()
    with app.app_context():
        _empty_tables()


def join(sock, consultation, after, **more):
    ack = sock.emit("join_board", {"consultation": consultation.slug, "after": after, **more},
                    callback=True)
    assert ack["ok"], ack
    return ack


def from_the_log(app, consultation, after):
    with app.app_context():
        return broadcast.events_since(consultation.id, after, 501)


def build_history(app, consultation, make_user, make_post) -> int:
    """A board's life through the real operations; returns its last event_id."""
    admin = make_user(Role.ADMIN, name="Ada Admin")
    responder = make_user(Role.RESPONDER, name="Rut Responder")
    idea = make_post(consultation, "Ring mig på 070-1234567", state="approved")        # 1
    with app.app_context():
        c = db.session.get(Consultation, consultation.id)
        user = db.session.get(User, admin.id)
        theme = create_theme(c, "Trafik", user=user)                                   # 2
        db.session.commit()
        set_post_themes(idea, [theme.id], user=user)                                   # 3, 4
        support_post(c, idea, Participant("browser", "a" * 64))                        # 5
        db.session.commit()
    reply = make_post(consultation, "Jag håller med 070-1234567", state="approved",
                      parent_id=idea)                                                  # 6
    other = make_post(consultation, "Fler bänkar", state="approved")                   # 7
    make_post(consultation, "Reklam", state="rejected")                                # (none)
    with app.app_context():
        c = db.session.get(Consultation, consultation.id)
        user = db.session.get(User, admin.id)
        support_post(c, reply, Participant("browser", "b" * 64))                       # 8
        db.session.commit()
        redact(idea, user=user, passages=["070-1234567"])                              # 9
        db.session.commit()
        set_outcome(c, other, OutcomeInput("investigating", "Vi tittar på det."), user=user)  # 10
        db.session.commit()
        set_status(consultation.slug, ConsultationStatus.PAUSED, by=user)              # 11
        db.session.commit()
        set_status(consultation.slug, ConsultationStatus.OPEN, by=user)                # 12
        db.session.commit()
        c = db.session.get(Consultation, consultation.id)
        support_post(c, other, Participant("browser", "a" * 64))                       # 13
        db.session.commit()
        publish_official_reply(c, other, db.session.get(User, responder.id), "Vi svarar.")  # 14
        db.session.commit()
        set_politician_view(other, True, user=user)                                    # 15
        db.session.commit()
        decide(idea, admin, Action.WITHDRAW, reason=Reason.PERSONAL_DATA)              # 16, 17
        db.session.commit()
        return broadcast.current_event_id(consultation.id)


def test_the_store_answers_what_the_log_answers(app, socket_for, consultation, make_user,
                                               make_post):
    last = build_history(app, consultation, make_user, make_post)
    assert last == 17
    limit = app.config["LIVE_CATCH_UP_LIMIT"]
    with app.app_context():
        for after in range(last + 1):
            served = recent.catch_up(consultation.id, after, last, limit)
            assert served is not None, after
            assert served.last_event_id == last and not served.resync
            assert [json.loads(e) for e in served.events] == broadcast.events_since(
                consultation.id, after, limit + 1), after
    everything = join(socket_for(), consultation, 0)
    assert everything["events"] == from_the_log(app, consultation, 0)
    assert "1234567" not in str(everything)  # the redacted number (not "070": a time may hold it)
    names = [e["event"] for e in everything["events"]]
    assert names[:6] == ["post_withdrawn", "theme_counts", "post_withdrawn", "theme_counts",
                         "post_withdrawn", "post_withdrawn"]
    assert set(names) >= {"post_published", "post_updated", "post_outcome", "support_changed",
                          "consultation_status"}


def test_a_join_served_from_the_store_runs_no_sql(app, socket_for, consultation, make_user,
                                                  make_post):
    build_history(app, consultation, make_user, make_post)
    citizen = app.test_client()
    citizen.get(f"/samrad/{consultation.slug}")  # a board visitor, with a participant mark
    board = socket_for(citizen)
    join(board, consultation, None, own=False)  # the first join reads the consultation by slug
    with SqlCounter(app) as counter:
        ack = join(board, consultation, 3, own=False)
    assert counter.statements == []
    assert ack["last_event_id"] == 17 and ack["own"] == [] and ack["resync"] is False
    assert ack["events"] == from_the_log(app, consultation, 3)
    with SqlCounter(app) as counter:
        join(board, consultation, 3)  # own posts are the database's
    assert counter.statements


def test_own_false_skips_the_posts_of_the_browser_and_own_must_be_a_boolean(app, socket_for,
                                                                             consultation):
    citizen = app.test_client()
    page = citizen.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    post_id = citizen.post(f"/samrad/{consultation.slug}/inlagg", headers=JSON,
                           data={"body": "Min idé", "csrf_token": csrf_token(page)}).json["id"]
    author = socket_for(citizen)
    assert join(author, consultation, 0)["own"] == [
        {"id": post_id, "status": "pending", "reason": None, "duplicate_of": None}]
    assert join(author, consultation, 0, own=True)["own"][0]["id"] == post_id
    assert join(author, consultation, 0, own=False)["own"] == []
    for wrong in ("false", 0, None, [True]):
        assert author.emit("join_board", {"consultation": consultation.slug, "own": wrong},
                           callback=True) == {"ok": False, "error": "invalid_payload"}


def test_a_consultation_by_slug_is_read_again_after_a_few_seconds(app, socket_for, consultation,
                                                                   monkeypatch):
    board = socket_for()
    join(board, consultation, None, own=False)
    with SqlCounter(app) as counter:
        join(board, consultation, None, own=False)
    assert counter.statements == []
    clock = [recent.time.monotonic() + recent.SLUG_SECONDS + 1]
    monkeypatch.setattr(recent.time, "monotonic", lambda: clock[0])
    with SqlCounter(app) as counter:
        join(board, consultation, None, own=False)
    assert counter.statements


def test_a_draft_or_missing_consultation_is_never_remembered(app, socket_for, make_consultation):
    draft = make_consultation(slug="utkast", status=ConsultationStatus.DRAFT)
    board = socket_for()
    for _ in range(2):
        assert board.emit("join_board", {"consultation": draft.slug}, callback=True) == \
            {"ok": False, "error": "not_found"}
    with app.app_context():
        set_status(draft.slug, ConsultationStatus.OPEN)
        db.session.commit()
    assert join(board, draft, None)["last_event_id"] == 1


def test_a_theme_renamed_makes_the_store_forget(app, socket_for, consultation, make_user,
                                                make_post):
    """Every idea tagged with the theme is told by its name, and no board event is about them:
    catch-up over what came before reads the log, which has the new name."""
    admin = make_user(Role.ADMIN)
    with app.app_context():
        c = db.session.get(Consultation, consultation.id)
        theme = create_theme(c, "Trafik", user=db.session.get(User, admin.id))      # 1
        db.session.commit()
        theme_id = theme.id
    idea = make_post(consultation, "Cykelbana")
    with app.app_context():
        set_post_themes(idea, [theme_id], user=db.session.get(User, admin.id))      # (pending)
        db.session.commit()
        decide(idea, admin, Action.APPROVE)                                         # 2, 3
        db.session.commit()
        c = db.session.get(Consultation, consultation.id)
        rename_theme(c, theme_id, "Gator", user=db.session.get(User, admin.id))     # 4
        db.session.commit()
    ack = join(socket_for(), consultation, 0)
    assert ack["events"] == from_the_log(app, consultation, 0)
    assert ack["events"][1]["data"]["post"]["themes"] == [{"slug": "trafik", "name": "Gator"}]
    with app.app_context():  # the log answered; from the rename on, the store can again
        assert recent.catch_up(consultation.id, 0, 4, 500) is None
        assert [json.loads(e) for e in recent.catch_up(consultation.id, 3, 4, 500).events] == \
            from_the_log(app, consultation, 3)


def test_culling_makes_the_store_forget(app, consultation, make_post, tmp_path):
    make_post(consultation, "Publicerad", state="approved")  # 1
    make_post(consultation, "Reklam", state="rejected")
    with app.app_context():
        assert recent.catch_up(consultation.id, 0, 1, 500).events
        cull(utcnow() + timedelta(days=91), snapshot_dir=tmp_path)
        db.session.commit()
        assert recent.state().store.window(consultation.id, 0, 10) == recent.Window(1, [])
        assert recent.catch_up(consultation.id, 0, 1, 500) is None
        assert recent.catch_up(consultation.id, 1, 1, 500).events == []


def test_nothing_is_recorded_when_the_transaction_rolls_back(app, consultation, moderator,
                                                             make_post):
    post_id = make_post(consultation)
    with app.app_context():
        decide(post_id, moderator, Action.APPROVE)
        db.session.rollback()
        assert recent.state().store.window(consultation.id, 0, 10) == recent.Window(0, [])
        decide(post_id, moderator, Action.APPROVE)
        db.session.commit()
        assert recent.state().store.window(consultation.id, 0, 10).last == 1


def test_a_store_that_cannot_be_read_sends_catch_up_to_the_log(app, socket_for, consultation,
                                                               make_post, monkeypatch):
    make_post(consultation, "Ett", state="approved")
    store = recent.state(app).store

    def down(*_args):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(store, "window", down)
    ack = join(socket_for(), consultation, 0)
    assert ack["last_event_id"] == 1 and ack["events"] == from_the_log(app, consultation, 0)


def test_a_join_read_from_the_log_fills_the_store_for_the_next(app, socket_for, consultation,
                                                               make_user, make_post):
    """After a restart the store is empty (memory) or behind: the first join reads the log and
    keeps what it read, so the crowd behind it needs no database; the public rule still holds for
    what was kept (a withdrawal afterwards turns the kept entries about the post into withdrawals)."""
    moderator = make_user(Role.MODERATOR, name="Mo")
    first = make_post(consultation, "Första idén", state="approved")
    second = make_post(consultation, "Andra idén", state="approved")
    with app.app_context():
        recent.state().store.forget(consultation.id, 0)  # as after a restart: nothing kept
        last = broadcast.current_event_id(consultation.id)
    board = socket_for()
    join(board, consultation, None, own=False)
    with SqlCounter(app) as counter:
        ack = join(board, consultation, 0, own=False)
    assert counter.statements  # read from the log ...
    assert ack["events"] == from_the_log(app, consultation, 0) and ack["last_event_id"] == last
    with SqlCounter(app) as counter:
        again = join(socket_for(), consultation, 0, own=False)
    assert counter.statements == []  # ... and kept for the next join
    assert again["events"] == ack["events"]
    with app.app_context():
        decide(second, moderator, Action.WITHDRAW, reason=Reason.OFF_TOPIC)
        db.session.commit()
    after_withdrawal = join(socket_for(), consultation, 0, own=False)
    assert after_withdrawal["events"] == from_the_log(app, consultation, 0)
    assert "Andra idén" not in str(after_withdrawal) and "Första idén" in str(after_withdrawal)
    withdrawn = {"event": "post_withdrawn", "data": {"event_id": 2, "post_id": second}}
    assert withdrawn in after_withdrawal["events"]
    assert first != second
