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
from dataclasses import dataclass
from datetime import timedelta

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


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=statistics.median(v.total_seconds() for v in values))


def _citizens_ideas(consultation_id: int):
    return (Post.consultation_id == consultation_id, Post.parent_id.is_(None),
            Post.official_name.is_(None))


def responsiveness(consultation_id: int) -> Responsiveness:
    decided_at = (
        select(Decision.post_id, func.min(Decision.created_at).label("at"))
        .join(Post, Post.id == Decision.post_id)
        .where(*_citizens_ideas(consultation_id), Decision.from_state == PostState.PENDING)
        .group_by(Decision.post_id).subquery())
    decision = [at - created for created, at in db.session.execute(
        select(Post.created_at, decided_at.c.at).join(decided_at, decided_at.c.post_id == Post.id))]

    reply = aliased(Post)
    first_reply = (
        select(reply.parent_id, func.min(reply.published_at).label("at"))
        .where(reply.consultation_id == consultation_id, reply.official_name.is_not(None),
               reply.state == PostState.APPROVED)
        .group_by(reply.parent_id).subquery())
    ideas = db.session.execute(
        select(Post.created_at, Post.outcome, first_reply.c.at)
        .outerjoin(first_reply, first_reply.c.parent_id == Post.id)
        .where(*_citizens_ideas(consultation_id), Post.state == PostState.APPROVED)).all()
    replies = [at - created for created, _outcome, at in ideas if at is not None]
    counts: dict[Outcome | None, int] = {o: 0 for o in (*Outcome, None)}
    for _created, outcome, _at in ideas:
        counts[outcome] += 1
    return Responsiveness(decided=len(decision), decision=_median(decision), public_ideas=len(ideas),
                          answered=len(replies), reply=_median(replies),
                          by_outcome=tuple(counts.items()))
