"""Reading posts: the board page, open data, the queue, and a participant's own posts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import lazyload, selectinload

from parkbank.database import unicode_lower
from parkbank.extensions import db
from parkbank.moderation.lifecycle import latest_originals, latest_reasons
from parkbank.moderation.models import Reason
from parkbank.participants import Participant
from parkbank.posts.models import Post, PostState, Support
from parkbank.posts.visibility import Parent, public_clause, with_parent
from parkbank.similar.originals import original_summary
from parkbank.themes.models import PostTheme

MAX_PAGE = 1_000_000
OWN_POSTS_SHOWN = 50
SEARCH_MAX = 100  # characters of a staff search; longer input is cut
SEARCH_WORDS = 10  # words of it that count


class Paged:
    """Page numbers for a page of `per_page` out of `total` (the board's, search results')."""

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


@dataclass(frozen=True)
class BoardPage(Paged):
    posts: list[Post]
    replies: dict[int, list[Post]]
    page: int
    per_page: int
    total: int


def _page(page: int) -> int:
    return min(max(1, page), MAX_PAGE)


def _public_ideas(consultation_id: int):
    return select(Post).where(
        Post.consultation_id == consultation_id,
        Post.state == PostState.APPROVED,
        Post.parent_id.is_(None),
    )


def board_page(consultation_id: int, page: int, per_page: int,
               theme_id: int | None = None) -> BoardPage:
    """Public ideas, newest published first, with each one's approved replies, oldest first;
    with `theme_id`, only the ideas tagged with that theme."""
    page = _page(page)
    ideas = _public_ideas(consultation_id)
    if theme_id is not None:
        ideas = ideas.where(exists().where(PostTheme.post_id == Post.id,
                                           PostTheme.theme_id == theme_id))
    total = db.session.execute(ideas.with_only_columns(func.count(Post.id))).scalar_one()
    posts = list(db.session.execute(  # the board shows an outcome's label, not its change
        ideas.options(selectinload(Post.themes))
        .order_by(Post.published_at.desc(), Post.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).scalars())
    replies: dict[int, list[Post]] = {p.id: [] for p in posts}
    if posts:  # their ideas are public (just read), so approved replies are public too
        for reply in db.session.execute(
            select(Post)
            .where(Post.parent_id.in_(list(replies)), Post.state == PostState.APPROVED)
            .order_by(Post.published_at, Post.id)
        ).scalars():
            replies[reply.parent_id].append(reply)
    return BoardPage(posts, replies, page, per_page, total)


def board_page_of(idea: Post, per_page: int) -> int:
    """The board page (newest first) that shows this public idea: one count along the board's index."""
    newer = db.session.execute(
        _public_ideas(idea.consultation_id).with_only_columns(func.count(Post.id)).where(
            or_(Post.published_at > idea.published_at,
                and_(Post.published_at == idea.published_at, Post.id > idea.id)))
    ).scalar_one()
    return newer // per_page + 1


def public_posts(consultation_id: int, page: int, per_page: int,
                 newest_first: bool = False) -> tuple[list[Post], int]:
    """Every public post, ideas and replies. Oldest first for open data, newest first for staff."""
    query = with_parent(select(Post)).where(Post.consultation_id == consultation_id,
                                            public_clause())
    total = db.session.execute(query.with_only_columns(func.count(Post.id))).scalar_one()
    order = (Post.published_at.desc(), Post.id.desc()) if newest_first else (Post.published_at, Post.id)
    rows = db.session.execute(
        query.options(selectinload(Post.themes), selectinload(Post.outcome_changes))
        .order_by(*order).limit(per_page).offset((_page(page) - 1) * per_page)
    ).scalars()
    return list(rows), total


def newest_public_posts(consultation_id: int, limit: int) -> list[Post]:
    """The newest public posts, ideas and replies alike (the meeting screen), without a count:
    the newest ideas and the newest public replies, each read backwards along a partial index
    of its own (ix_post_idea_page, ix_post_reply_page), merged. One index over both would be
    cheaper here, but SQLite then prefers it for the board's queries too, which need only ideas."""
    newest = (Post.published_at.desc(), Post.id.desc())
    ideas = db.session.execute(_public_ideas(consultation_id).order_by(*newest).limit(limit)).scalars()
    replies = db.session.execute(
        with_parent(select(Post))
        .where(Post.consultation_id == consultation_id, Post.state == PostState.APPROVED,
               Post.parent_id.is_not(None), public_clause())
        .order_by(*newest).limit(limit)).scalars()
    merged = sorted([*ideas, *replies], key=lambda p: (p.published_at, p.id), reverse=True)
    return merged[:limit]


def _like_escaped(word: str) -> str:
    """A word as a LIKE pattern that matches it anywhere, its wildcards taken literally."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_public_posts(consultation_id: int, text: str, page: int,
                        per_page: int) -> tuple[list[Post], int]:
    """Public posts, newest published first, whose text holds every word of `text` (any case,
    anywhere in a word; % and _ are plain characters); an empty `text` lists them all. For staff
    (the queue's "Published"); the same on SQLite and PostgreSQL (parkbank.database.unicode_lower)."""
    query = with_parent(select(Post)).where(Post.consultation_id == consultation_id,
                                            public_clause())
    for word in text[:SEARCH_MAX].split()[:SEARCH_WORDS]:
        query = query.where(unicode_lower(Post.body).like(_like_escaped(word.lower()), escape="\\"))
    total = db.session.execute(query.with_only_columns(func.count(Post.id))).scalar_one()
    rows = db.session.execute(
        query.options(selectinload(Post.themes), selectinload(Post.outcome_changes))
        .order_by(Post.published_at.desc(), Post.id.desc())
        .limit(per_page).offset((_page(page) - 1) * per_page)
    ).scalars()
    return list(rows), total


def pending_posts(consultation_id: int) -> list[tuple[Post, Post | None]]:
    """The queue, oldest first, each reply with the idea it answers."""
    return list(db.session.execute(
        with_parent(select(Post, Parent))
        .options(lazyload(Parent.consultation),  # not an inner join that drops ideas
                 selectinload(Post.themes), selectinload(Post.outcome_changes))
        .where(Post.consultation_id == consultation_id, Post.state == PostState.PENDING)
        .order_by(Post.created_at, Post.id)
    ).all())


def supported_by(participant: Participant | None, post_ids: list[int]) -> set[int]:
    """Which of these posts this participant supports."""
    if participant is None or not post_ids:
        return set()
    return set(db.session.execute(
        select(Support.post_id).where(Support.post_id.in_(post_ids),
                                      Support.participant_key == participant.key)
    ).scalars())


@dataclass(frozen=True)
class OwnPost:
    post: Post
    reason: Reason | None
    original: dict | None = None  # what it was rejected as a duplicate of (similar/originals.py)


def own_posts(consultation_id: int, participant: Participant | None) -> list[OwnPost]:
    """The posts this participant wrote here, newest first, with the reason of a refusal."""
    if participant is None:
        return []
    posts = list(db.session.execute(
        select(Post).where(Post.consultation_id == consultation_id,
                           Post.participant_key == participant.key)
        .order_by(Post.created_at.desc(), Post.id.desc()).limit(OWN_POSTS_SHOWN)
    ).scalars())
    reasons = latest_reasons([p.id for p in posts])
    originals = latest_originals([p.id for p in posts])
    return [OwnPost(p, reasons.get(p.id), original_summary(originals.get(p.id))) for p in posts]
