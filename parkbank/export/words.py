"""The words of a summary document (issue 15): section headings, column heads and the labels of
channels, reasons and origins, in the organisation's language. The document formats (PDF,
Markdown; DOCX and ODT may read them too) take their words here so every format says the same.

Call these inside `flask_babel.force_locale(...)`: `in_house_language()` gives that context."""

from __future__ import annotations

from contextlib import contextmanager

from flask import current_app
from flask_babel import force_locale, format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from parkbank.export.summary import ExportPost, Facts
from parkbank.i18n import format_day
from parkbank.moderation.labels import REASON_LABELS
from parkbank.moderation.models import Reason
from parkbank.posts.labels import CHANNEL_LABELS, SOURCE_LABELS
from parkbank.posts.models import AnalogSource, Channel

HEADINGS = {
    "participation": _l("Participation"),
    "by_day": _l("By day"),
    "by_channel": _l("By channel"),
    "moderation": _l("Moderation"),
    "by_reason": _l("By reason"),
    "top_ideas": _l("Most supported ideas"),
    "posts": _l("All published ideas and replies"),
}

COLUMNS = {
    "figure": _l("Figure"),
    "number": _l("Number"),
    "day": _l("Day"),
    "channel": _l("Channel"),
    "reason": _l("Reason"),
    "ideas": _l("Ideas"),
    "replies": _l("Replies"),
    "supports": _l("Supports"),
    "rejected": _l("Rejected"),
    "withdrawn": _l("Withdrawn"),
    "idea": _l("Idea"),
}


@contextmanager
def in_house_language():
    """Documents are written in the organisation's language, whoever asks for them."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        yield


def number(value: int) -> str:
    return format_number(value)


def channel_label(code: str) -> str:
    return str(CHANNEL_LABELS[Channel(code)])


def reason_label(code: str) -> str:
    return str(REASON_LABELS[Reason(code)])


def origin(post: ExportPost) -> str:
    """Where a post came in, as the board says it (posts/labels.origin_label), the web included."""
    label = str(SOURCE_LABELS[AnalogSource(post.source)] if post.source else channel_label(post.channel))
    return f"{label} · {post.place}" if post.place else label


def author(post: ExportPost) -> str:
    """The signature as the board shows it: the official's name and title, the alias, or none."""
    if post.official is not None:
        return ", ".join(part for part in (post.official.name, post.official.title) if part)
    return post.alias or _("Anonymous")


def when(post: ExportPost) -> str:
    return format_day(post.received_on or post.published_at)


def period(facts: Facts) -> str:
    """"1 november 2026 – 30 november 2026", an open end left open."""
    if not (facts.opens_at or facts.closes_at):
        return ""
    return f"{format_day(facts.opens_at)} – {format_day(facts.closes_at)}".strip()


def title_facts(facts: Facts) -> list[tuple[str, str]]:
    """The title block's facts, those that are set, as (label, value)."""
    rows = [(_("Case number"), facts.case_number), (_("Responsible department"), facts.department),
            (_("Period"), period(facts)), (_("Exported"), format_day(facts.exported_at)),
            (_("Organisation"), facts.organisation)]
    return [(label, value) for label, value in rows if value]


def participation_rows(summary) -> list[tuple[str, int]]:
    p = summary.participation
    return [(_("Ideas received"), p.ideas), (_("Replies received"), p.replies),
            (_("Supports given"), p.supports)]


def moderation_rows(summary) -> list[tuple[str, int]]:
    m = summary.moderation
    return [(_("Published posts"), m.approved), (_("Rejected posts"), m.rejected),
            (_("Removed posts"), m.withdrawn), (_("Posts waiting"), m.pending)]
