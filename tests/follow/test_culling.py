"""Culling removes follow links when they are due: with their post when it is culled, and all of
a consultation's links the configured days after it closed (PARKBANK_RETAIN_FOLLOW_DAYS)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from parkbank.consultations.models import Consultation
from parkbank.extensions import db
from parkbank.follow.models import FollowToken
from parkbank.retention.culling import cull, find_due
from parkbank.retention.models import CullingRecord, Kind
from parkbank.retention.rules import defaults

T0 = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)


def _closed(app, consultation, days_ago):
    with app.app_context():
        db.session.execute(update(Consultation).where(Consultation.id == consultation.id)
                           .values(closes_at=T0 - timedelta(days=days_ago)))
        db.session.commit()


def _live_posts(app) -> list[int]:
    with app.app_context():
        return sorted(db.session.execute(select(FollowToken.post_id)).scalars())


def test_the_default_is_a_year_after_closing(app):
    with app.app_context():
        rule = defaults()[Kind.FOLLOW_TOKENS]
        assert (rule.days, rule.counted_from.value) == (365, "closing")


def test_links_go_a_year_after_the_consultation_closed(app, client, make_consultation, followed,
                                                       tmp_path):
    old = make_consultation("stangd-lange")
    recent = make_consultation("stangd-nyss")
    a, path = followed(old, "Gammal idé", state="approved")
    b, _ = followed(recent, "Ny idé", state="approved")
    _closed(app, old, 366)
    _closed(app, recent, 364)
    with app.app_context():
        [due] = find_due(T0)
        assert (due.kind, due.consultation.id, due.count) == (Kind.FOLLOW_TOKENS, old.id, 1)
        cull(T0, snapshot_dir=tmp_path)
        db.session.commit()
        record = db.session.execute(select(CullingRecord)).scalar_one()
        assert (record.kind, record.count, record.rule) == ("follow_tokens", 1,
                                                           "default: 365 days from closing")
    assert _live_posts(app) == [b]
    assert client.get(path).status_code == 404


def test_a_culled_post_takes_its_link_with_it(app, client, consultation, followed, tmp_path):
    rejected, path = followed(consultation, "Reklam", state="rejected")
    kept, kept_path = followed(consultation, "Väntar")
    with app.app_context():
        from parkbank.posts.models import Post

        db.session.execute(update(Post).where(Post.id == rejected)
                           .values(decided_at=T0 - timedelta(days=91)))
        db.session.commit()
        [due] = find_due(T0)  # the link is not counted twice: it goes with its post
        assert due.kind is Kind.REJECTED_POSTS
        cull(T0, snapshot_dir=tmp_path)
        db.session.commit()
    assert _live_posts(app) == [kept]
    assert client.get(path).status_code == 404 and client.get(kept_path).status_code == 200
