"""Reading the board: one page of approved ideas with their approved replies, in two queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased, lazyload

from parkbank.extensions import db
from parkbank.posts.models import Post, PostState, Support

Parent = aliased(Post)


@dataclass(frozen=True)
class BoardPage:
    posts: list[Post]
    replies: dict[int, list[Post]]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def _approved_ideas(consultation_id: int):
    return select(Post).where(
        Post.consultation_id == consultation_id,
        Post.state == PostState.APPROVED,
        Post.parent_id.is_(None),
    )


def board_page(consultation_id: int, page: int, per_page: int) -> BoardPage:
    """Approved ideas, newest published first, with each one's approved replies, oldest first."""
    page = max(1, page)
    total = db.session.execute(
        _approved_ideas(consultation_id).with_only_columns(func.count(Post.id))
    ).scalar_one()
    posts = list(db.session.execute(
        _approved_ideas(consultation_id)
        .order_by(Post.published_at.desc(), Post.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).scalars())
    replies: dict[int, list[Post]] = {p.id: [] for p in posts}
    if posts:
        for reply in db.session.execute(
            select(Post)
            .where(Post.parent_id.in_(list(replies)), Post.state == PostState.APPROVED)
            .order_by(Post.published_at, Post.id)
        ).scalars():
            replies[reply.parent_id].append(reply)
    return BoardPage(posts, replies, page, per_page, total)


def approved_posts(consultation_id: int, page: int, per_page: int,
                   newest_first: bool = False) -> tuple[list[Post], int]:
    """Every public post: approved ideas, and approved replies under approved ideas.
    Oldest first for open data, newest first for staff."""
    query = (
        select(Post).outerjoin(Parent, Post.parent_id == Parent.id)
        .where(Post.consultation_id == consultation_id, Post.state == PostState.APPROVED,
               or_(Post.parent_id.is_(None), Parent.state == PostState.APPROVED))
    )
    total = db.session.execute(query.with_only_columns(func.count(Post.id))).scalar_one()
    order = (Post.published_at.desc(), Post.id.desc()) if newest_first else (Post.published_at, Post.id)
    rows = db.session.execute(
        query.order_by(*order).limit(per_page).offset((max(1, page) - 1) * per_page)
    ).scalars()
    return list(rows), total


def pending_posts(consultation_id: int) -> list[tuple[Post, Post | None]]:
    """The queue, oldest first, each reply with the idea it answers."""
    return list(db.session.execute(
        select(Post, Parent).outerjoin(Parent, Post.parent_id == Parent.id)
        .options(lazyload(Parent.consultation))  # not an inner join that drops ideas
        .where(Post.consultation_id == consultation_id, Post.state == PostState.PENDING)
        .order_by(Post.created_at, Post.id)
    ).all())


def supported_by(browser_hash: str, post_ids: list[int]) -> set[int]:
    """Which of these posts this browser has supported."""
    if not post_ids:
        return set()
    return set(db.session.execute(
        select(Support.post_id).where(Support.post_id.in_(post_ids),
                                      Support.browser_hash == browser_hash)
    ).scalars())


def posts_by_ids(consultation_id: int, ids: list[int]) -> list[Post]:
    if not ids:
        return []
    return list(db.session.execute(
        select(Post).where(Post.consultation_id == consultation_id, Post.id.in_(ids))
        .order_by(Post.created_at.desc())
    ).scalars())
