"""Culling on a clock the test controls: what is due goes, what is not stays, the snapshot is
taken first and the record is written (and kept)."""

import zipfile
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation
from parkbank.extensions import db
from parkbank.moderation.models import PostRevision
from parkbank.moderation.redaction import redact
from parkbank.posts.models import Post
from parkbank.retention.culling import cull, find_due
from parkbank.retention.models import CountedFrom, CullingRecord, Kind
from parkbank.retention.rules import set_rule
from tests.helpers import events, login

T0 = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)


def decided(app, post_id, when):
    with app.app_context():
        db.session.execute(update(Post).where(Post.id == post_id).values(decided_at=when))
        db.session.commit()


def test_rejected_posts_go_after_their_days_and_the_rest_stays(app, consultation, make_post, tmp_path):
    old = make_post(consultation, "Gammal reklam", state="rejected")
    new = make_post(consultation, "Ny reklam", state="rejected")
    kept = make_post(consultation, "Publicerad", state="approved")
    decided(app, old, T0 - timedelta(days=91))
    decided(app, new, T0 - timedelta(days=89))
    with app.app_context():
        [due] = find_due(T0)
        assert (due.kind, due.ids, due.rule.source) == (Kind.REJECTED_POSTS, (old,), "default")
        [entry] = cull(T0, snapshot_dir=tmp_path)
        db.session.commit()
        assert db.session.get(Post, old) is None
        assert db.session.get(Post, new) is not None and db.session.get(Post, kept) is not None
        record = db.session.execute(select(CullingRecord)).scalar_one()
        assert (record.kind, record.count, record.rule, record.actor) == (
            "rejected_posts", 1, "default: 90 days from decision", "command")
        assert record.created_at == T0
        snapshot = tmp_path / record.snapshot_file.rsplit("/", 1)[-1]
        assert snapshot.exists()
        with zipfile.ZipFile(snapshot) as archive:
            assert "Publicerad" in archive.read("board.html").decode()
            assert str(old) in archive.read("decisions.csv").decode()  # the decision, not its text
            assert "Gammal reklam" not in archive.read("board.html").decode()
        audit = db.session.execute(select(AuditEntry).where(
            AuditEntry.action == AuditAction.CULL.value)).scalar_one()
        assert audit.details["count"] == 1 and audit.target_id == record.id
        assert find_due(T0) == []  # done: a second run finds nothing


def test_contact_emails_are_kept_until_the_consultation_has_closed_long_enough(
        app, make_consultation, make_post, tmp_path):
    closed = make_consultation("stangd")
    still_open = make_consultation("oppen", closes_at=T0 + timedelta(days=5))
    a = make_post(closed, "Med adress", state="approved", email="a@example.se", consent=True)
    b = make_post(still_open, "Med adress", state="approved", email="b@example.se", consent=True)
    with app.app_context():  # closed 100 days before T0 (posts are taken only while open)
        db.session.execute(update(Consultation).where(Consultation.id == closed.id)
                           .values(closes_at=T0 - timedelta(days=100)))
        db.session.commit()
    with app.app_context():
        assert [d.ids for d in find_due(T0 - timedelta(days=20))] == []  # 80 days after closing
        [due] = find_due(T0)
        assert (due.kind, due.ids) == (Kind.CONTACT_EMAILS, (a,))
        cull(T0, snapshot_dir=tmp_path)
        db.session.commit()
        post_a, post_b = db.session.get(Post, a), db.session.get(Post, b)
        assert (post_a.email, post_a.email_consent, post_a.body) == (None, False, "Med adress")
        assert post_b.email == "b@example.se"
        # The confirmation still waiting to be sent to the culled address is gone with it.
        from parkbank.mail.models import OutboxMessage
        assert db.session.execute(select(OutboxMessage.recipient)).scalars().all() == ["b@example.se"]


def test_a_consultation_rule_overrides_the_global_one(app, make_consultation, make_post, make_user,
                                                      tmp_path):
    strict = make_consultation("strikt")
    lax = make_consultation("slapp")
    admin = make_user(Role.ADMIN)
    posts = {c.slug: make_post(c, "Nej", state="rejected") for c in (strict, lax)}
    for post_id in posts.values():
        decided(app, post_id, T0 - timedelta(days=10))
    with app.app_context():
        user = db.session.get(User, admin.id)
        set_rule(user, Kind.REJECTED_POSTS, 400, CountedFrom.DECISION)           # global
        set_rule(user, Kind.REJECTED_POSTS, 7, CountedFrom.DECISION, strict.id)  # one consultation
        db.session.commit()
        [due] = find_due(T0)
        assert due.ids == (posts["strikt"],) and due.rule.describe() == "consultation: 7 days from decision"


def test_redaction_originals_are_cleared_and_their_rows_kept(app, consultation, make_post, make_user,
                                                            tmp_path):
    post_id = make_post(consultation, "Ring 070-123 45 67", state="approved")
    mod = make_user(Role.MODERATOR)
    with app.app_context():
        done = redact(post_id, user=db.session.get(User, mod.id), passages=["070-123 45 67"])
        revision_id = done.revision.id
        db.session.execute(update(PostRevision).values(created_at=T0 - timedelta(days=366)))
        db.session.commit()
        [due] = find_due(T0)
        assert (due.kind, due.ids) == (Kind.REDACTION_ORIGINALS, (revision_id,))
        cull(T0, snapshot_dir=tmp_path)
        db.session.commit()
        revision = db.session.get(PostRevision, revision_id)
        assert revision.original_body is None and revision.culled_at == T0


def test_a_rule_that_keeps_culls_nothing(app, consultation, make_post, make_user):
    old = make_post(consultation, "Nej", state="rejected")
    decided(app, old, T0 - timedelta(days=5000))
    admin = make_user(Role.ADMIN)
    with app.app_context():
        set_rule(db.session.get(User, admin.id), Kind.REJECTED_POSTS, None, CountedFrom.DECISION)
        db.session.commit()
        assert find_due(T0) == []


def test_a_consultation_closed_by_hand_counts_from_then(app, consultation, make_post, tmp_path):
    from parkbank.consultations.models import ConsultationStatus
    from parkbank.consultations.operations import set_status

    make_post(consultation, "Med adress", state="approved", email="a@example.se", consent=True)
    with app.app_context():
        set_status(consultation.slug, ConsultationStatus.CLOSED)
        db.session.commit()
        closed_at = db.session.get(Consultation, consultation.id).created_at  # about now
        assert find_due(closed_at + timedelta(days=89)) == []
        assert [d.kind for d in find_due(closed_at + timedelta(days=91))] == [Kind.CONTACT_EMAILS]


def test_culled_posts_leave_open_queues_live(app, client, consultation, moderator, make_post,
                                             socket_for, tmp_path):
    old = make_post(consultation, "Nej", state="rejected")
    decided(app, old, T0 - timedelta(days=91))
    login(client, moderator)
    queue = socket_for(client)
    queue.emit("join_queue", {"consultation": consultation.slug}, callback=True)
    queue.get_received()
    with app.app_context():
        cull(T0, snapshot_dir=tmp_path)
        db.session.commit()
    assert events(queue, "post_culled") == [{"kind": "rejected_posts", "post_ids": [old]}]


def test_the_command_lists_by_default_and_removes_with_apply(app, runner, consultation, make_post,
                                                             tmp_path):
    app.config["SNAPSHOT_DIR"] = str(tmp_path / "snaps")
    old = make_post(consultation, "Nej", state="rejected")
    decided(app, old, T0 - timedelta(days=91))
    dry = runner.invoke(args=["cull", "--now", T0.isoformat()])
    assert dry.exit_code == 0, dry.output
    assert "nytt-bibliotek\trejected_posts\t1\tdefault: 90 days from decision" in dry.output
    assert "Dry run" in dry.output
    with app.app_context():
        assert db.session.get(Post, old) is not None
    done = runner.invoke(args=["cull", "--apply", "--now", "2027-01-10T12:00"])
    assert done.exit_code == 0, done.output
    assert len(list((tmp_path / "snaps").glob("nytt-bibliotek-*.zip"))) == 1
    with app.app_context():
        assert db.session.get(Post, old) is None
        assert db.session.execute(select(CullingRecord)).scalar_one().count == 1
    assert "Nothing is due." in runner.invoke(args=["cull", "--now", T0.isoformat()]).output
    assert runner.invoke(args=["cull", "--now", "igår"]).exit_code == 2


def test_a_post_that_is_deleted_is_not_counted_again_for_its_email_or_original(
        app, consultation, make_post, make_user, tmp_path):
    post_id = make_post(consultation, "Ring 070-123 45 67", email="a@example.se", consent=True)
    mod = make_user(Role.MODERATOR)
    with app.app_context():
        redact(post_id, user=db.session.get(User, mod.id), passages=["070-123 45 67"])
        db.session.commit()
        from parkbank.moderation.lifecycle import apply
        from parkbank.moderation.models import Action, Reason

        apply(post_id, Action.REJECT, user=db.session.get(User, mod.id), reason=Reason.PERSONAL_DATA)
        db.session.execute(update(Post).values(decided_at=T0 - timedelta(days=400)))
        db.session.execute(update(PostRevision).values(created_at=T0 - timedelta(days=400)))
        db.session.commit()
        assert [(d.kind, d.ids) for d in find_due(T0)] == [(Kind.REJECTED_POSTS, (post_id,))]
        cull(T0, snapshot_dir=tmp_path)
        db.session.commit()
        assert db.session.execute(select(PostRevision)).first() is None
