"""Marks that moderators set on a post without changing its state: a politician's personal view
(checklist 4), shown everywhere with a disclaimer that it is not the municipality's position."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth.permissions import can_moderate
from parkbank.errors import Forbidden, InvalidInput, NotFound
from parkbank.extensions import db
from parkbank.live import broadcast, protocol
from parkbank.posts.models import Post, PostState
from parkbank.posts.visibility import is_public


def post_to_edit(post_id: int, *, user) -> Post:
    """A post a moderator edits without changing its state (redaction, themes), its row locked
    until the transaction ends and read as it is under the lock; NotFound or Forbidden before
    anything else is looked at."""
    post = db.session.execute(
        select(Post).where(Post.id == post_id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none() if 0 < post_id < 2**62 else None
    if post is None:
        raise NotFound()
    if not can_moderate(user, post.consultation):
        raise Forbidden()
    return post


def set_politician_view(post_id: int, on: bool, *, user) -> Post:
    """Mark or unmark a pending or published post as a politician's personal view; logged, and a
    public post's boards are told (post_updated). Setting the mark it already has changes nothing."""
    post = db.session.get(Post, post_id) if 0 < post_id < 2**62 else None
    if post is None:
        raise NotFound()
    if not can_moderate(user, post.consultation):
        raise Forbidden()
    if post.state not in (PostState.PENDING, PostState.APPROVED):
        raise InvalidInput(_l("That decision does not fit the post's current state."))
    if post.is_official:
        raise InvalidInput(_l("An official reply is the municipality's position, not a politician's."))
    changed = db.session.execute(
        update(Post).where(Post.id == post.id, Post.politician_view.is_not(on),
                           Post.state.in_((PostState.PENDING, PostState.APPROVED)))
        .values(politician_view=on).execution_options(synchronize_session=False)
    ).rowcount
    # The row as it is now that the UPDATE holds its lock (a colleague may have withdrawn or
    # redacted it meanwhile): what the boards are told is built from this.
    db.session.refresh(post)
    if not changed:
        if post.state not in (PostState.PENDING, PostState.APPROVED):
            raise InvalidInput(_l("That decision does not fit the post's current state."))
        return post
    record(AuditAction.POST_POLITICIAN_VIEW, user=user, consultation_id=post.consultation_id,
           target=("post", post.id), on=on)
    broadcast.notify_queue(post.consultation_id, protocol.POST_MARKED,
                           protocol.post_marked(post, user.name))
    parent = db.session.get(Post, post.parent_id) if post.parent_id else None
    if is_public(post.state, parent is not None, parent.state if parent else None):
        broadcast.publish_board(protocol.POST_UPDATED, post)
    return post
