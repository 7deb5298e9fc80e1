"""Searching the public posts, ranked, on either database: the rest of the app asks `search()`
and gets posts with safe highlighted excerpts, never FTS or tsquery syntax in or out.

The match expression is built from the query's own stems (parkbank.search.terms), each quoted,
so nothing a person types reaches FTS5's or PostgreSQL's query language. Every word must match
(AND); a stem of PREFIX_MIN letters or more matches as a prefix. Hits are ranked by bm25 (SQLite)
or ts_rank_cd (PostgreSQL), the newest first among equals, and filtered again by the public rule,
so a row the index should not hold could still never be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from flask import current_app
from markupsafe import Markup
from sqlalchemy import cast, func, literal, literal_column, select
from sqlalchemy.dialects.postgresql import TSQUERY

from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.extensions import db
from parkbank.posts.models import Post
from parkbank.posts.operations import public_post_in
from parkbank.posts.queries import Paged, board_page_of
from parkbank.posts.visibility import public_clause, with_parent
from parkbank.sanitize import render_marked_markup
from parkbank.search.index import FTS, TSV
from parkbank.search.terms import Query, matched_spans

PER_PAGE = 20
MAX_PAGE = 500  # PER_PAGE × MAX_PAGE hits at most can be paged through: a bounded offset
EXCERPT = 240   # characters of a post shown around its first matched word
BEFORE = 60     # of which at most this many before it


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Hit:
    """A matching post; its excerpt is made only when a page shows it (the open-data API does not)."""

    post: Post
    query: Query

    @cached_property
    def excerpt(self) -> Markup:
        """Escaped text with the matched words in <mark> (parkbank.sanitize)."""
        return excerpt(self.post.body, self.query)


@dataclass(frozen=True)
class SearchPage(Paged):
    query: Query
    hits: list[Hit]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, super().pages)


def _fts_match(query: Query) -> str:
    return " AND ".join(f'"{t.stem}"*' if t.prefix else f'"{t.stem}"' for t in query.terms)


def _tsquery(query: Query) -> str:
    return " & ".join(f"'{t.stem}':*" if t.prefix else f"'{t.stem}'" for t in query.terms)


def _matching(query: Query):
    """(statement of matching public posts, rank expression: lower is better)."""
    base = with_parent(select(Post)).where(public_clause())
    if db.session.get_bind().dialect.name == "postgresql":
        tsq = cast(literal(_tsquery(query)), TSQUERY)
        return (base.join(TSV, TSV.c.post_id == Post.id).where(TSV.c.document.op("@@")(tsq)),
                -func.ts_rank_cd(TSV.c.document, tsq, 1))
    # The matches first, materialised: joined directly, SQLite may walk the consultation's posts
    # and run the full-text query once per post (seconds on 10,000 posts instead of milliseconds).
    matches = (select(FTS.c.rowid.label("post_id"), literal_column("rank").label("rank"))
               .where(literal_column(FTS.name).op("MATCH")(_fts_match(query)))
               .cte("search_match").prefix_with("MATERIALIZED"))
    return base.join(matches, matches.c.post_id == Post.id), matches.c.rank


def search(query: Query, *, consultation_id: int | None = None, page: int = 1,
           per_page: int = PER_PAGE) -> SearchPage:
    """Public posts matching every word of `query`, best first: in one consultation, or in every
    public one (not drafts) when `consultation_id` is None."""
    page = min(max(1, page), MAX_PAGE)
    if not query.terms:
        return SearchPage(query, [], 1, per_page, 0)
    statement, rank = _matching(query)
    if consultation_id is not None:
        statement = statement.where(Post.consultation_id == consultation_id)
    else:
        statement = statement.where(Post.consultation.has(Consultation.status != ConsultationStatus.DRAFT))
    total = db.session.execute(statement.with_only_columns(func.count(Post.id))).scalar_one()
    posts = db.session.execute(
        statement.order_by(rank, Post.published_at.desc(), Post.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).scalars() if total else []
    hits = [Hit(post, query) for post in posts]
    return SearchPage(query, hits, page, per_page, total)


def board_location(consultation, post_id: int) -> tuple[int, int] | None:
    """(board page, post id) of a public post of this consultation: where a hit is shown on the
    board (a reply on its idea's page), worked out only when someone follows the link."""
    post = public_post_in(consultation, post_id)
    if post is None:
        return None
    idea = db.session.get(Post, post.parent_id) if post.parent_id else post
    return board_page_of(idea, current_app.config["BOARD_PAGE_SIZE"]), post.id


def excerpt(text: str, query: Query, size: int = EXCERPT) -> Markup:
    """About `size` characters of `text` around its first matched word, cut at spaces, with "…"
    where it was cut and every matched word in <mark>; line breaks shown as spaces."""
    spans = matched_spans(text, query)
    start = 0
    if spans and spans[0][0] > BEFORE:
        start = text.find(" ", spans[0][0] - BEFORE, spans[0][0]) + 1 or spans[0][0] - BEFORE
    end = len(text)
    if end - start > size:
        end = text.rfind(" ", start, start + size) if " " in text[start + size // 2:start + size] \
            else start + size
    window = text[start:end].replace("\n", " ")
    marked = render_marked_markup(window, [Span(s - start, e - start) for s, e in spans
                                           if s >= start and e <= end])
    return Markup("{}{}{}").format("…" if start else "", marked, "…" if end < len(text) else "")
