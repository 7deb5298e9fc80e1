"""The summary of a consultation that every export renders (issue 15): the facts, participation by
day and by channel, moderation figures by reason, the most supported ideas and every public post
with its replies. Built once, by one set of queries, into plain frozen dataclasses; each format
(export/*.py) is a function of a Summary and renders nothing it computes itself.

No personal data: never an e-mail address or a visitor mark; an alias only as its author chose
to show it on the board; a redacted text as it stands (redacted).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from parkbank.consultations.models import Consultation
from parkbank.database import utcnow
from parkbank.extensions import db
from parkbank.identity import current as current_organisation
from parkbank.moderation.models import Decision, Reason
from parkbank.outcomes.figures import Responsiveness, responsiveness
from parkbank.posts.models import Channel, Post, PostState, Support
from parkbank.posts.visibility import public_clause, with_parent
from parkbank.themes.models import PostTheme, Theme

TOP_IDEAS = 10


@dataclass(frozen=True)
class Facts:
    slug: str
    title: str
    question: str
    description: str | None
    case_number: str | None
    department: str | None
    organisation: str
    status: str
    opens_at: datetime | None
    closes_at: datetime | None
    exported_at: datetime


@dataclass(frozen=True)
class Participation:
    """Received posts (ideas and replies, whatever became of them) and supports given."""

    ideas: int
    replies: int
    supports: int


@dataclass(frozen=True)
class DayFigures:
    day: date  # in PARKBANK_TIMEZONE
    ideas: int
    replies: int
    supports: int


@dataclass(frozen=True)
class ChannelFigures:
    channel: str  # web, kiosk, analog
    ideas: int
    replies: int


@dataclass(frozen=True)
class ReasonFigures:
    reason: str  # moderation/models.py Reason
    rejected: int
    withdrawn: int


@dataclass(frozen=True)
class Moderation:
    """Posts by where they stand now; rejections and withdrawals by their reason."""

    approved: int
    rejected: int
    withdrawn: int
    pending: int
    by_reason: tuple[ReasonFigures, ...]


@dataclass(frozen=True)
class Official:
    name: str
    title: str


@dataclass(frozen=True)
class ThemeTag:
    slug: str
    name: str


@dataclass(frozen=True)
class ExportOutcome:
    """What became of an idea (parkbank.outcomes): its state code, the public explanation as
    typed, the decision's link and reference, and when it was set."""

    state: str
    explanation: str
    link: str | None
    reference: str | None
    changed_at: datetime


@dataclass(frozen=True)
class ExportPost:
    id: int
    body: str  # as typed (plain text); redacted passages as they stand
    alias: str | None  # as shown on the board; None: anonymous
    channel: str
    place: str | None
    source: str | None
    received_on: date | None
    published_at: datetime | None
    support_count: int
    official: Official | None
    politician_view: bool
    replies: tuple[ExportPost, ...] = field(default=())
    themes: tuple[ThemeTag, ...] = ()  # an idea's themes, in the consultation's order
    outcome: ExportOutcome | None = None  # an idea's outcome; None: none yet (and for a reply)


@dataclass(frozen=True)
class ThemeFigures:
    """A theme with its public ideas and the supports they have (retired themes too, marked:
    their tags stay in the record)."""

    slug: str
    name: str
    retired: bool
    ideas: int
    supports: int


@dataclass(frozen=True)
class Summary:
    facts: Facts
    participation: Participation
    by_day: tuple[DayFigures, ...]
    by_channel: tuple[ChannelFigures, ...]
    moderation: Moderation
    top_ideas: tuple[ExportPost, ...]
    ideas: tuple[ExportPost, ...]  # every public idea, oldest first, with its public replies
    themes: tuple[ThemeFigures, ...] = ()  # in the consultation's order; () when it has none
    responsiveness: Responsiveness | None = None  # parkbank.outcomes.figures
    closing_summary: str = ""  # the project leader's, as typed


def build_summary(consultation: Consultation, now: datetime | None = None) -> Summary:
    now = now or utcnow()
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    tags = _tags(consultation.id)
    ideas = _public_ideas(consultation.id, tags)
    return Summary(
        facts=_facts(consultation, now),
        participation=_participation(consultation.id),
        by_day=_by_day(consultation.id, zone),
        by_channel=_by_channel(consultation.id),
        moderation=_moderation(consultation.id),
        top_ideas=tuple(sorted(ideas, key=lambda p: (-p.support_count, p.published_at, p.id))
                        [:TOP_IDEAS]),
        ideas=tuple(ideas),
        themes=_themes(consultation.id, ideas, tags),
        responsiveness=responsiveness(consultation.id),
        closing_summary=consultation.closing_summary or "",
    )


def _facts(consultation: Consultation, now: datetime) -> Facts:
    return Facts(
        slug=consultation.slug, title=consultation.title, question=consultation.question,
        description=consultation.description, case_number=consultation.case_number,
        department=consultation.department, organisation=current_organisation().name,
        status=consultation.current_status.value, opens_at=consultation.opens_at,
        closes_at=consultation.closes_at, exported_at=now)


def _received(consultation_id: int):
    """Every post that came in (not the municipality's own replies): participation."""
    return select(Post).where(Post.consultation_id == consultation_id, Post.official_name.is_(None))


def _participation(consultation_id: int) -> Participation:
    query = _received(consultation_id).with_only_columns(
        func.count(Post.id).filter(Post.parent_id.is_(None)),
        func.count(Post.id).filter(Post.parent_id.is_not(None)))
    ideas, replies = db.session.execute(query).one()
    supports = db.session.execute(
        select(func.count(Support.id)).join(Post, Post.id == Support.post_id)
        .where(Post.consultation_id == consultation_id)).scalar_one()
    return Participation(ideas, replies, supports)


def _by_day(consultation_id: int, zone: ZoneInfo) -> tuple[DayFigures, ...]:
    """Per day in the organisation's time zone. Times are grouped in Python: a day boundary in a
    time zone with summer time is not something SQLite and PostgreSQL agree on."""
    counts: dict[date, Counter] = defaultdict(Counter)
    for created_at, is_reply in db.session.execute(
            _received(consultation_id).with_only_columns(Post.created_at, Post.parent_id.is_not(None))):
        counts[created_at.astimezone(zone).date()]["replies" if is_reply else "ideas"] += 1
    for (created_at,) in db.session.execute(
            select(Support.created_at).join(Post, Post.id == Support.post_id)
            .where(Post.consultation_id == consultation_id)):
        counts[created_at.astimezone(zone).date()]["supports"] += 1
    return tuple(DayFigures(day, c["ideas"], c["replies"], c["supports"])
                 for day, c in sorted(counts.items()))


def _by_channel(consultation_id: int) -> tuple[ChannelFigures, ...]:
    rows = dict(((channel, is_reply), n) for channel, is_reply, n in db.session.execute(
        _received(consultation_id)
        .with_only_columns(Post.channel, Post.parent_id.is_not(None), func.count(Post.id))
        .group_by(Post.channel, Post.parent_id.is_not(None))))
    return tuple(ChannelFigures(c.value, rows.get((c, False), 0), rows.get((c, True), 0))
                 for c in Channel)


def _moderation(consultation_id: int) -> Moderation:
    states = dict(db.session.execute(
        _received(consultation_id).with_only_columns(Post.state, func.count(Post.id))
        .group_by(Post.state)).all())
    reasons = Counter()
    for reason, to_state in db.session.execute(
            select(Decision.reason, Decision.to_state).join(Post, Post.id == Decision.post_id)
            .where(Post.consultation_id == consultation_id, Decision.reason.is_not(None))):
        reasons[(reason, to_state)] += 1
    return Moderation(
        approved=states.get(PostState.APPROVED, 0), rejected=states.get(PostState.REJECTED, 0),
        withdrawn=states.get(PostState.WITHDRAWN, 0), pending=states.get(PostState.PENDING, 0),
        by_reason=tuple(ReasonFigures(r.value, reasons[(r, PostState.REJECTED)],
                                      reasons[(r, PostState.WITHDRAWN)]) for r in Reason))


def _tags(consultation_id: int) -> dict[int, list[Theme]]:
    """post id -> its themes in the consultation's order (one query for the whole consultation)."""
    tags: dict[int, list[Theme]] = defaultdict(list)
    for post_id, theme in db.session.execute(
            select(PostTheme.post_id, Theme).join(Theme, Theme.id == PostTheme.theme_id)
            .where(Theme.consultation_id == consultation_id).order_by(Theme.position, Theme.id)):
        tags[post_id].append(theme)
    return tags


def _themes(consultation_id: int, ideas: list[ExportPost],
            tags: dict[int, list[Theme]]) -> tuple[ThemeFigures, ...]:
    """Each theme's public ideas and their supports, counted from the ideas already read."""
    ideas_of: dict[int, list[ExportPost]] = defaultdict(list)
    for idea in ideas:
        for theme in tags.get(idea.id, ()):
            ideas_of[theme.id].append(idea)
    return tuple(
        ThemeFigures(theme.slug, theme.name, theme.is_retired, len(ideas_of[theme.id]),
                     sum(idea.support_count for idea in ideas_of[theme.id]))
        for theme in db.session.execute(select(Theme).where(Theme.consultation_id == consultation_id)
                                        .order_by(Theme.position, Theme.id)).scalars())


def _export_post(post: Post, replies=(), themes=()) -> ExportPost:
    return ExportPost(
        id=post.id, body=post.body, alias=None if post.official_name else post.alias,
        channel=post.channel.value, place=post.place,
        source=post.source.value if post.source is not None else None,
        received_on=post.received_on, published_at=post.published_at,
        support_count=post.support_count,
        official=Official(post.official_name, post.official_title or "") if post.official_name else None,
        politician_view=bool(post.politician_view), replies=tuple(replies),
        themes=tuple(ThemeTag(theme.slug, theme.name) for theme in themes),
        outcome=_outcome(post) if post.parent_id is None else None)


def _outcome(post: Post) -> ExportOutcome | None:
    change = post.outcome_change
    if change is None:
        return None
    return ExportOutcome(change.to_outcome.value, change.explanation, change.link, change.reference,
                         change.created_at)


def _public_ideas(consultation_id: int, tags: dict[int, list[Theme]]) -> list[ExportPost]:
    """Every public post through the one public rule, ideas oldest first, each with its
    replies (citizens' and the municipality's) oldest first and its themes."""
    posts = db.session.execute(
        with_parent(select(Post)).where(Post.consultation_id == consultation_id, public_clause())
        .options(selectinload(Post.outcome_changes))
        .order_by(Post.published_at, Post.id)).scalars().all()
    replies: dict[int, list[ExportPost]] = defaultdict(list)
    for post in posts:
        if post.parent_id is not None:
            replies[post.parent_id].append(_export_post(post))
    return [_export_post(p, replies[p.id], tags.get(p.id, ())) for p in posts if p.parent_id is None]
