"""How responsive the municipality is, in public: the one place these figures are computed (the
board, the follow-up page and every export show what this returns).

- `decision`: the median time from an idea's submission (created_at) to its moderation decision
  (the first decision that took it out of waiting: approved or rejected), over the citizens'
  ideas that have one.
- `answered` / `public_ideas`: the share of public ideas with at least one official reply
  ("Kommunens svar"); `reply`: the median time from submission to the first official reply,
  over the answered ideas.
- `by_outcome`: the public ideas by outcome, in Outcome's order, then those without one yet.

Ideas only (replies are part of their idea's conversation), never the municipality's own posts.
Times are read as rows and the medians taken here: the same on SQLite and PostgreSQL, and one
pass over a consultation's ideas (bench/outcomes.py: 10,000 ideas).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from parkbank.extensions import db
from parkbank.moderation.models import Decision
from parkbank.outcomes.models import Outcome
from parkbank.posts.models import Post, PostState


@dataclass(frozen=True)
class Responsiveness:
    decided: int                 # ideas with a moderation decision
    decision: timedelta | None   # median submission -> moderation decision; None without any
    public_ideas: int
    answered: int                # public ideas with an official reply
    reply: timedelta | None      # median submission -> first official reply; None without any
    by_outcome: tuple[tuple[Outcome | None, int], ...]  # every outcome, then None (no outcome yet)

    @property
    def answered_share(self) -> float | None:
        """0.0 – 1.0, or None without public ideas."""
        return self.answered / self.public_ideas if self.public_ideas else None

    @property
    def without_outcome(self) -> int:
        return dict(self.by_outcome).get(None, 0)


def _citizens_ideas(consultation_id: int):
    return (Post.consultation_id == consultation_id, Post.parent_id.is_(None),
            Post.official_name.is_(None))


def _seconds(later, earlier):
    """later - earlier in seconds, computed by the database (10,000 floats cost far less to read
    than 20,000 datetimes): julianday on SQLite, epoch on PostgreSQL."""
    if db.session.get_bind().dialect.name == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 86400.0
    return func.extract("epoch", later - earlier)


def _median(seconds: list[float]) -> timedelta | None:
    if not seconds:
        return None
    return timedelta(seconds=round(float(statistics.median(seconds)), 3))


def responsiveness(consultation_id: int) -> Responsiveness:
    """Three queries over the consultation's ideas: each decided idea's time to its first
    decision out of waiting, each answered public idea's time to its first official reply, and
    the public ideas counted by outcome."""
    decision = list(db.session.execute(
        select(_seconds(func.min(Decision.created_at), Post.created_at))
        .join(Decision, Decision.post_id == Post.id)
        .where(*_citizens_ideas(consultation_id), Decision.from_state == PostState.PENDING)
        .group_by(Post.id, Post.created_at)).scalars())
    reply = aliased(Post)
    public = (*_citizens_ideas(consultation_id), Post.state == PostState.APPROVED)
    # From the official replies (few) to their ideas, not from every idea to its replies.
    replies = list(db.session.execute(
        select(_seconds(func.min(reply.published_at), Post.created_at))
        .select_from(reply).join(Post, Post.id == reply.parent_id)
        .where(reply.consultation_id == consultation_id, reply.parent_id.is_not(None),
               reply.official_name.is_not(None), reply.state == PostState.APPROVED, *public)
        .group_by(Post.id, Post.created_at)).scalars())
    counted = dict(db.session.execute(
        select(Post.outcome, func.count(Post.id)).where(*public).group_by(Post.outcome)).all())
    by_outcome = tuple((o, counted.get(o, 0)) for o in (*Outcome, None))
    return Responsiveness(decided=len(decision), decision=_median(decision),
                          public_ideas=sum(counted.values()), answered=len(replies),
                          reply=_median(replies), by_outcome=by_outcome)


CACHED = 256  # consultations whose figures a process keeps
FRESH_SECONDS = 60  # how long a rejection (which makes no board event) may wait to be counted


def figures_for(consultation) -> Responsiveness:
    """responsiveness() for the pages (the board, the follow-up page), kept in this process while
    the consultation's event number stands and for at most FRESH_SECONDS: every public change —
    an approval, a withdrawal, an official reply, an outcome — is a numbered board event and is
    counted at once; a rejection, which makes none, within a minute. A board read a hundred times
    between two events computes them once, with no query at all. Exports call responsiveness()."""
    cache = current_app.extensions.setdefault("parkbank_outcome_figures", {})
    now = time.monotonic()
    hit = cache.get(consultation.id)
    if hit is not None and hit[0] == consultation.event_seq and now - hit[1] < FRESH_SECONDS:
        return hit[2]
    figures = responsiveness(consultation.id)
    cache.pop(consultation.id, None)
    if len(cache) >= CACHED:
        cache.pop(next(iter(cache)))  # the oldest entry
    cache[consultation.id] = (consultation.event_seq, now, figures)
    return figures
