"""The summary as open data in JSON (schema `parkbank-opendata/2.1`, described in the README's
Contract section): the consultation's facts, participation by day and channel, moderation by
reason and every public post. Codes, not labels (`web`, `spam`); times in UTC (ISO 8601), days in
PARKBANK_TIMEZONE."""

from __future__ import annotations

import json

from parkbank.export.opendata import SCHEMA, flat_posts, licence
from parkbank.export.summary import ExportPost, Summary
from parkbank.posts.serialize import iso


def _post(post: ExportPost, parent_id: int | None) -> dict:
    return {
        "id": post.id, "parent_id": parent_id, "body": post.body,
        "channel": post.channel, "place": post.place, "source": post.source,
        "received_on": iso(post.received_on), "published_at": iso(post.published_at),
        "support_count": post.support_count,
        "official": ({"name": post.official.name, "title": post.official.title}
                     if post.official is not None else None),
        "politician_view": post.politician_view,
        "themes": [{"slug": t.slug, "name": t.name} for t in post.themes],
        "outcome": ({"state": post.outcome.state, "explanation": post.outcome.explanation,
                     "link": post.outcome.link, "reference": post.outcome.reference,
                     "changed_at": iso(post.outcome.changed_at)} if post.outcome else None),
    }


def _responsiveness(summary: Summary) -> dict | None:
    r = summary.responsiveness
    if r is None:
        return None
    return {
        "decided": r.decided,
        "median_decision_seconds": round(r.decision.total_seconds()) if r.decision is not None else None,
        "public_ideas": r.public_ideas, "answered": r.answered,
        "median_reply_seconds": round(r.reply.total_seconds()) if r.reply is not None else None,
        "by_outcome": [{"outcome": o.value if o else None, "ideas": n} for o, n in r.by_outcome],
    }


def document(summary: Summary) -> dict:
    facts = summary.facts
    return {
        "schema": SCHEMA,
        "licence": licence(),
        "exported_at": iso(facts.exported_at),
        "consultation": {
            "slug": facts.slug, "title": facts.title, "question": facts.question,
            "description": facts.description or None, "case_number": facts.case_number,
            "department": facts.department, "organisation": facts.organisation,
            "status": facts.status, "opens_at": iso(facts.opens_at), "closes_at": iso(facts.closes_at),
            "closing_summary": summary.closing_summary or None,
        },
        "responsiveness": _responsiveness(summary),
        "participation": {
            "ideas": summary.participation.ideas, "replies": summary.participation.replies,
            "supports": summary.participation.supports,
            "by_day": [{"day": iso(d.day), "ideas": d.ideas, "replies": d.replies,
                        "supports": d.supports} for d in summary.by_day],
            "by_channel": [{"channel": c.channel, "ideas": c.ideas, "replies": c.replies}
                           for c in summary.by_channel],
        },
        "moderation": {
            "approved": summary.moderation.approved, "rejected": summary.moderation.rejected,
            "withdrawn": summary.moderation.withdrawn, "pending": summary.moderation.pending,
            "by_reason": [{"reason": r.reason, "rejected": r.rejected, "withdrawn": r.withdrawn}
                          for r in summary.moderation.by_reason],
        },
        "themes": [{"slug": t.slug, "name": t.name, "retired": t.retired, "ideas": t.ideas,
                    "supports": t.supports} for t in summary.themes],
        "posts": [_post(post, parent_id) for parent_id, post in flat_posts(summary)],
    }


def render(summary: Summary) -> bytes:
    return (json.dumps(document(summary), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
