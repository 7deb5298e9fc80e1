"""The original a post was rejected as a duplicate of, as its author is shown it: only while the
original is public (posts/visibility.py), with the board page it is on, so the author can open it
there and support it. The page is counted as the board orders ideas (newest published first)."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select, tuple_

from parkbank.extensions import db
from parkbank.posts.models import Post, PostState

EXCERPT = 200


def _public_idea(post_id: int) -> Post | None:
    post = db.session.get(Post, post_id)
    if post is None or post.state is not PostState.APPROVED or post.parent_id is not None:
        return None
    return post


def board_page_of(post: Post) -> int:
    newer = db.session.execute(
        select(func.count(Post.id)).where(
            Post.consultation_id == post.consultation_id, Post.state == PostState.APPROVED,
            Post.parent_id.is_(None),
            tuple_(Post.published_at, Post.id) > tuple_(post.published_at, post.id))
    ).scalar_one()
    return newer // current_app.config["BOARD_PAGE_SIZE"] + 1


def original_summary(post_id: int | None) -> dict | None:
    """{"id", "body" (excerpt, plain text), "page"} of a public original, else None."""
    post = _public_idea(post_id) if post_id is not None else None
    if post is None:
        return None
    return {"id": post.id, "body": post.body[:EXCERPT], "page": board_page_of(post)}
