"""The index follows every change of public text or state in the same transaction: publishing,
withdrawing (replies too), redacting, official replies, culling; and the operator's reindex."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text, update

from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation
from parkbank.extensions import db
from parkbank.moderation.lifecycle import apply
from parkbank.moderation.models import Action, Reason
from parkbank.moderation.redaction import redact
from parkbank.official.operations import publish_official_reply
from parkbank.posts.models import Post, PostState
from parkbank.retention.culling import cull
from parkbank.search.index import TABLE, indexed_ids, refresh
from parkbank.search.queries import search
from parkbank.search.terms import document_terms, parse


def found(q, consultation_id) -> list[int]:
    return [hit.post.id for hit in search(parse(q), consultation_id=consultation_id).hits]


def test_approving_indexes_the_post_in_the_same_transaction(app, consultation, make_post, moderator):
    post_id = make_post(consultation, "Utegym vid stranden")
    with app.app_context():
        apply(post_id, Action.APPROVE, user=db.session.get(User, moderator.id))
        assert found("utegym", consultation.id) == [post_id]  # before the commit, in it
        db.session.rollback()
        assert found("utegym", consultation.id) == [] and indexed_ids() == set()


def test_a_withdrawn_post_is_never_found_again(app, consultation, make_post, moderator):
    post_id = make_post(consultation, "Utegym vid stranden", state="approved")
    with app.app_context():
        apply(post_id, Action.WITHDRAW, user=db.session.get(User, moderator.id), reason=Reason("other"))
        db.session.commit()
        assert found("utegym", consultation.id) == [] and post_id not in indexed_ids()


def test_withdrawing_an_idea_takes_its_replies_out_of_the_index(app, consultation, make_post, moderator):
    idea = make_post(consultation, "Mer grönska", state="approved")
    reply = make_post(consultation, "Fruktträd längs gatan", state="approved", parent_id=idea)
    with app.app_context():
        assert found("fruktträd", consultation.id) == [reply]
        apply(idea, Action.WITHDRAW, user=db.session.get(User, moderator.id), reason=Reason("other"))
        db.session.commit()
        assert found("fruktträd", consultation.id) == [] and indexed_ids() == set()


def test_a_reply_under_a_withdrawn_idea_is_not_found_even_while_indexed(app, consultation, make_post):
    idea = make_post(consultation, "Mer grönska", state="approved")
    reply = make_post(consultation, "Fruktträd längs gatan", state="approved", parent_id=idea)
    with app.app_context():  # the idea's state changed behind the index's back
        db.session.execute(update(Post).where(Post.id == idea).values(state=PostState.WITHDRAWN))
        assert reply in indexed_ids()
        assert found("fruktträd", consultation.id) == []


def test_redacted_words_are_never_found_again(app, consultation, make_post, moderator):
    body = "Ring Kalle Karlsson om utegymmet"
    post_id = make_post(consultation, body, state="approved")
    with app.app_context():
        redact(post_id, user=db.session.get(User, moderator.id), passages=["Kalle Karlsson"])
        db.session.commit()
        assert found("Karlsson", consultation.id) == [] and found("kalle", consultation.id) == []
        assert found("utegym", consultation.id) == [post_id]


def test_an_official_reply_is_found_at_once(app, consultation, make_post, make_user):
    idea = make_post(consultation, "Mer grönska", state="approved")
    responder = make_user(Role.RESPONDER)
    with app.app_context():
        reply = publish_official_reply(db.session.get(Consultation, consultation.id), idea,
                                       db.session.get(User, responder.id), "Vi planterar lindar i vår.")
        db.session.commit()
        assert found("lind", consultation.id) == [reply.id]


def test_a_culled_post_leaves_no_row_behind(app, consultation, make_post, tmp_path):
    post_id = make_post(consultation, "Köp billiga klockor", state="rejected")
    now = datetime(2027, 1, 10, tzinfo=UTC)
    with app.app_context():
        db.session.execute(update(Post).where(Post.id == post_id).values(decided_at=now - timedelta(days=91)))
        if db.engine.dialect.name == "sqlite":  # a row left over (say, from an old backup)
            db.session.execute(text(f"INSERT INTO {TABLE} (rowid, terms) VALUES (:id, :t)"),
                               {"id": post_id, "t": document_terms("Köp billiga klockor")})
        else:
            db.session.execute(text(f"INSERT INTO {TABLE} VALUES (:id, to_tsvector('swedish', 'klocka'))"),
                               {"id": post_id})
        cull(now, snapshot_dir=tmp_path)
        db.session.commit()
        assert indexed_ids() == set()


def test_refresh_indexes_only_what_is_public(app, consultation, make_post):
    shown = make_post(consultation, "Publicerad", state="approved")
    waiting = make_post(consultation, "Väntar")
    with app.app_context():
        refresh([shown, waiting, 10**9])
        assert indexed_ids() == {shown}


def test_reindex_rebuilds_the_index_from_the_public_posts(app, runner, consultation, make_post):
    shown = make_post(consultation, "Utegym vid stranden", state="approved")
    make_post(consultation, "Väntar")
    with app.app_context():
        db.session.execute(text(f"DELETE FROM {TABLE}"))
        db.session.commit()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "Indexed 1 public posts." in result.output
    with app.app_context():
        assert indexed_ids() == {shown} and found("utegym", consultation.id) == [shown]
