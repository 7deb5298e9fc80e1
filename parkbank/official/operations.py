"""Official replies: the rules, whichever door. An official reply is the municipality's own
word, so it is published at once (no pre-moderation), logged in the audit trail, and signed with
the responder's name and title as they were when it was published."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth.permissions import can_respond
from parkbank.consultations.models import Consultation
from parkbank.database import utcnow
from parkbank.errors import Forbidden, NotFound
from parkbank.extensions import db
from parkbank.live import broadcast, protocol
from parkbank.mail import notices
from parkbank.moderation.lifecycle import require_published_parent
from parkbank.posts.models import Channel, Post, PostState
from parkbank.posts.operations import check_body, public_post_in
from parkbank.sanitize import render_html
from parkbank.search import index as search_index


def signature(user, consultation: Consultation) -> tuple[str, str]:
    """(name, title) that sign an official reply, in the language people write in (it is kept as
    published). The one place to change when staff accounts get a job title."""
    # A job title of the staff account's own when it has one (staff_user.title, coming from the
    # administration pages), else what a responder is, in the language people write in.
    role = (getattr(user, "title", None) or "").strip()
    if not role:
        with force_locale(current_app.config["CONTENT_LANGUAGE"]):
            role = _("Answers for the municipality")
    title = f"{role}, {consultation.department}" if consultation.department else role
    return user.name, title


def publish_official_reply(consultation: Consultation, target_id: int, user, body: str | None) -> Post:
    """Publish the municipality's reply to a public idea or reply (a reply to a reply hangs
    under its idea), tell every open board and log it; raises Forbidden, NotFound or
    InvalidInput (the same text rules as citizens' posts)."""
    if not can_respond(user, consultation):
        raise Forbidden()
    target = public_post_in(consultation, target_id)
    if target is None:
        raise NotFound()
    text = check_body(body)
    idea_id = target.parent_id or target.id
    require_published_parent(idea_id)  # a withdrawal of the idea waits, then takes this reply too
    now = utcnow()
    name, title = signature(user, consultation)
    post = Post(consultation_id=consultation.id, parent_id=idea_id, body=text,
                body_html=render_html(text), state=PostState.APPROVED, channel=Channel.WEB,
                created_at=now, decided_at=now, published_at=now, support_count=0,
                official_by_id=user.id, official_name=name, official_title=title,
                politician_view=False)
    db.session.add(post)
    db.session.flush()
    search_index.refresh([post.id])
    record(AuditAction.REPLY_OFFICIAL, user=user, consultation_id=consultation.id,
           target=("post", post.id), idea_id=idea_id, in_reply_to=target.id, signed=title)
    broadcast.publish_board(protocol.POST_PUBLISHED, post)
    notices.officially_answered(target)  # its author, if they confirmed an address
    return post


@dataclass(frozen=True)
class IdeaToAnswer:
    idea: Post
    official_replies: list[Post]


def ideas_to_answer(consultation_id: int, page: int, per_page: int) -> tuple[list[IdeaToAnswer], int]:
    """Published ideas for the responders' page: those without an official reply first, newest
    first within each group, with the official replies they have."""
    reply = aliased(Post)
    answered = exists().where(reply.parent_id == Post.id, reply.state == PostState.APPROVED,
                              reply.official_name.is_not(None))
    ideas = select(Post).where(Post.consultation_id == consultation_id,
                               Post.state == PostState.APPROVED, Post.parent_id.is_(None))
    total = db.session.execute(ideas.with_only_columns(func.count(Post.id))).scalar_one()
    rows = list(db.session.execute(
        ideas.order_by(answered, Post.published_at.desc(), Post.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).scalars())
    replies: dict[int, list[Post]] = {idea.id: [] for idea in rows}
    if rows:
        for r in db.session.execute(
            select(Post).where(Post.parent_id.in_(list(replies)), Post.state == PostState.APPROVED,
                               Post.official_name.is_not(None))
            .order_by(Post.published_at, Post.id)
        ).scalars():
            replies[r.parent_id].append(r)
    return [IdeaToAnswer(idea, replies[idea.id]) for idea in rows], total


def unanswered_counts(consultation_ids: list[int]) -> dict[int, int]:
    """Published ideas without the municipality's reply, per consultation, in one grouped query
    (what waits for responders on their start page)."""
    if not consultation_ids:
        return {}
    reply = aliased(Post)
    answered = exists().where(reply.parent_id == Post.id, reply.state == PostState.APPROVED,
                              reply.official_name.is_not(None))
    return dict(db.session.execute(
        select(Post.consultation_id, func.count(Post.id))
        .where(Post.consultation_id.in_(consultation_ids), Post.state == PostState.APPROVED,
               Post.parent_id.is_(None), ~answered)
        .group_by(Post.consultation_id)
    ).all())
