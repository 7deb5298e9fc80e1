"""The one rule of what is public: an approved post, and a reply only while its idea is approved.

The board, live catch-up, open data and (later) exports all ask this module, so a withdrawn,
redacted or culled post, and every reply under a withdrawn idea, is hidden everywhere at once.
"""

from __future__ import annotations

from sqlalchemy import or_
from sqlalchemy.orm import aliased

from parkbank.posts.models import Post, PostState

Parent = aliased(Post, name="parent_post")


def is_public(state: PostState | None, has_parent: bool, parent_state: PostState | None) -> bool:
    if state is not PostState.APPROVED:
        return False
    return not has_parent or parent_state is PostState.APPROVED


def public_clause():
    """The same rule as SQL; the query must outer-join `Parent` on Post.parent_id."""
    return (Post.state == PostState.APPROVED) & or_(
        Post.parent_id.is_(None), Parent.state == PostState.APPROVED)


def with_parent(query):
    return query.outerjoin(Parent, Post.parent_id == Parent.id)
