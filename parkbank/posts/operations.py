"""Submitting posts and supporting them: the rules, whichever door the request came in by."""

from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from parkbank.consultations.models import Consultation
from parkbank.database import insert_unless_exists
from parkbank.errors import ConsultationClosed, InvalidInput, NotFound
from parkbank.extensions import db
from parkbank.i18n import number
from parkbank.live import broadcast
from parkbank.posts.models import Channel, Post, PostState, Support
from parkbank.posts.serialize import queued_post
from parkbank.sanitize import clean_text

BODY_MAX = 2000
ALIAS_MAX = 60
EMAIL_MAX = 254


def new_submission_key() -> str:
    """A fresh key for one form: the same form sent twice stores one post."""
    return uuid.uuid4().hex


def submit_post(
    consultation: Consultation,
    *,
    body: str,
    alias: str | None = None,
    email: str | None = None,
    consent: bool = False,
    parent_id: int | None = None,
    submission_key: str | None = None,
    channel: Channel = Channel.WEB,
) -> tuple[Post, bool]:
    """Store a new pending post and tell the moderators; returns (post, created).

    The same submission_key twice returns the first post: a double click stores one post.
    """
    if not consultation.is_open:
        raise ConsultationClosed()
    body = clean_text(body)
    if not 1 <= len(body) <= BODY_MAX:
        raise InvalidInput(_l("Write between 1 and %(max)s characters.", max=number(BODY_MAX)),
                           fields={"body": [str(_l("Write between 1 and %(max)s characters.",
                                                   max=number(BODY_MAX)))]})
    alias = clean_text(alias, multiline=False)[:ALIAS_MAX] or None
    email = clean_text(email, multiline=False)[:EMAIL_MAX] or None
    parent = _reply_parent(consultation, parent_id) if parent_id else None
    post = insert_unless_exists(db.session, Post, {
        "consultation_id": consultation.id,
        "parent_id": parent.id if parent else None,
        "body": body,
        "alias": alias,
        # An address is kept only with explicit consent (GDPR: no purpose, no storage).
        "email": email if consent else None,
        "email_consent": bool(consent and email),
        "channel": channel,
        "submission_key": submission_key or None,
        "state": PostState.PENDING,
    }, ["consultation_id", "submission_key"])
    if post is None:  # the same submission again (a double click, a retry): the first one stands
        return _by_submission_key(consultation.id, submission_key), False
    broadcast.notify_queue(consultation.id, "post_submitted", {"post": queued_post(post, parent)})
    return post, True


def _by_submission_key(consultation_id: int, key: str) -> Post | None:
    return db.session.execute(
        select(Post).where(Post.consultation_id == consultation_id, Post.submission_key == key)
    ).scalar_one_or_none()


def _reply_parent(consultation: Consultation, parent_id: int) -> Post:
    parent = db.session.get(Post, parent_id)
    if (
        parent is None
        or parent.consultation_id != consultation.id
        or parent.state != PostState.APPROVED
        or parent.parent_id is not None
    ):
        message = _l("The idea you replied to is no longer published, so the reply cannot be sent. "
                     "Your text is still here: you can send it as a new idea.")
        raise InvalidInput(message, fields={"parent_id": [str(message)]})
    return parent


def support_post(consultation: Consultation, post_id: int, browser_hash: str) -> tuple[int, bool]:
    """Count one "Instämmer" per browser; returns (new count, whether this one counted)."""
    post = db.session.get(Post, post_id)
    if post is None or post.consultation_id != consultation.id or post.state != PostState.APPROVED:
        raise NotFound()
    if not consultation.is_open:
        raise ConsultationClosed()
    counted = insert_unless_exists(db.session, Support,
                                   {"post_id": post.id, "browser_hash": browser_hash},
                                   ["post_id", "browser_hash"])
    if counted is None:
        return post.support_count, False
    count = db.session.execute(
        update(Post)
        .where(Post.id == post.id)
        .values(support_count=Post.support_count + 1)
        .returning(Post.support_count)
    ).scalar_one()
    broadcast.publish_board(consultation.id, "support_changed", {"post_id": post.id, "count": count},
                            post.id)
    return count, True
