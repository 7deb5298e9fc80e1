"""Reading themes: a consultation's list, and how many public ideas each one has."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from parkbank.errors import NotFound
from parkbank.extensions import db
from parkbank.themes.models import PostTheme, Theme

# What operations.create_theme makes of a name (slugify, with "-2" when taken): anything else in an
# address is no theme, and is not sent to the database (PostgreSQL refuses a NUL in a string).
_SLUG = re.compile(r"[a-z0-9-]{1,80}")


def themes_of(consultation_id: int, *, retired: bool = False) -> list[Theme]:
    """The consultation's themes in their order; the retired ones only when asked."""
    query = select(Theme).where(Theme.consultation_id == consultation_id)
    if not retired:
        query = query.where(Theme.retired_at.is_(None))
    return list(db.session.execute(query.order_by(Theme.position, Theme.id)).scalars())


def public_idea_counts(consultation_id: int) -> dict[int, int]:
    """theme id -> its number of public ideas (an approved post without a parent is public).
    Read from the consultation's public ideas along the board's own index (ix_post_idea_page),
    each one's tags by the tag table's key: twice as fast at 10,000 ideas as from the themes
    (bench/themes.py). A post is only ever tagged with its own consultation's themes."""
    from parkbank.posts.models import Post, PostState  # posts.models imports this package's models

    return dict(db.session.execute(
        select(PostTheme.theme_id, func.count())
        .select_from(Post).join(PostTheme, PostTheme.post_id == Post.id)
        .where(Post.consultation_id == consultation_id, Post.state == PostState.APPROVED,
               Post.parent_id.is_(None))
        .group_by(PostTheme.theme_id)).all())


def board_themes(consultation_id: int) -> list[tuple[Theme, int]]:
    """The board's filter: each active theme in order, with its number of public ideas."""
    counts = public_idea_counts(consultation_id)
    return [(theme, counts.get(theme.id, 0)) for theme in themes_of(consultation_id)]


def theme_by_slug(consultation_id: int, slug: str) -> Theme:
    """A theme of the consultation by its address (retired ones too: a shared link keeps
    working); NotFound otherwise."""
    if not _SLUG.fullmatch(slug):
        raise NotFound()
    theme = db.session.execute(
        select(Theme).where(Theme.consultation_id == consultation_id, Theme.slug == slug)
    ).scalar_one_or_none()
    if theme is None:
        raise NotFound()
    return theme
