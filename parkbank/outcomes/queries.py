"""Reading outcomes: the follow-up page's ideas grouped by outcome, a page at a time, each with
its outcome and the municipality's replies; and the ideas a staff member sets outcomes on."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from parkbank.extensions import db
from parkbank.outcomes.models import Outcome
from parkbank.posts.models import Post, PostState

ORDER = {outcome: n for n, outcome in enumerate(Outcome)}


@dataclass
class Group:
    outcome: Outcome | None  # None: no outcome yet (grouped last)
    ideas: list[Post] = field(default_factory=list)


@dataclass(frozen=True)
class FollowUpPage:
    groups: list[Group]
    replies: dict[int, list[Post]]  # idea id -> its official replies, oldest first
    total: int
    page: int
    per_page: int

    @property
    def has_more(self) -> bool:
        return self.page * self.per_page < self.total


def _public_ideas(consultation_id: int):
    return select(Post).where(Post.consultation_id == consultation_id, Post.state == PostState.APPROVED,
                              Post.parent_id.is_(None), Post.official_name.is_(None))


def _by_outcome():
    """Outcome's order, then the ideas without one; most recently changed first within a group
    is not kept in the post row, so newest published first."""
    return (case({o.value: n for o, n in ORDER.items()}, value=Post.outcome, else_=len(ORDER)),
            Post.published_at.desc(), Post.id.desc())


def follow_up_page(consultation_id: int, page: int, per_page: int) -> FollowUpPage:
    """One page of the public ideas in outcome order, grouped; bounded by `per_page`."""
    ideas = _public_ideas(consultation_id)
    total = db.session.execute(ideas.with_only_columns(func.count(Post.id))).scalar_one()
    rows = list(db.session.execute(
        ideas.options(selectinload(Post.outcome_changes), selectinload(Post.themes))
        .order_by(*_by_outcome()).limit(per_page).offset((page - 1) * per_page)).scalars())
    groups: list[Group] = []
    for idea in rows:
        if not groups or groups[-1].outcome != idea.outcome:
            groups.append(Group(idea.outcome))
        groups[-1].ideas.append(idea)
    return FollowUpPage(groups, official_replies([p.id for p in rows]), total, page, per_page)


def official_replies(idea_ids: list[int]) -> dict[int, list[Post]]:
    replies: dict[int, list[Post]] = {i: [] for i in idea_ids}
    if idea_ids:
        for r in db.session.execute(
                select(Post).where(Post.parent_id.in_(idea_ids), Post.state == PostState.APPROVED,
                                   Post.official_name.is_not(None))
                .order_by(Post.published_at, Post.id)).scalars():
            replies[r.parent_id].append(r)
    return replies


def ideas_for_staff(consultation_id: int, page: int, per_page: int) -> tuple[list[Post], int]:
    """The staff page's published ideas: those without an outcome first, then in outcome order."""
    ideas = _public_ideas(consultation_id)
    total = db.session.execute(ideas.with_only_columns(func.count(Post.id))).scalar_one()
    rows = list(db.session.execute(
        ideas.options(selectinload(Post.outcome_changes))
        .order_by(Post.outcome.is_not(None), *_by_outcome())
        .limit(per_page).offset((page - 1) * per_page)).scalars())
    return rows, total


def idea_of(consultation, post_id: int) -> Post | None:
    """A post of the consultation by id (for a form to show again), or None."""
    post = db.session.get(Post, post_id) if 0 < post_id < 2**62 else None
    return post if post is not None and post.consultation_id == consultation.id else None
