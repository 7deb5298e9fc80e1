"""The public shape of a post, shared by the live protocol and the open-data API.

`body` and `alias` are plain text by contract (clients set them with textContent); `body_html` is
the safe HTML that parkbank.sanitize made when the text came in.
"""

from __future__ import annotations

from parkbank.posts.models import Post
from parkbank.posts.pii import find_personal_data

PARENT_EXCERPT = 200


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def public_post(post: Post, *, with_alias: bool = True) -> dict:
    """What anyone may see of a public post (never the e-mail address)."""
    data = {
        "id": post.id,
        "parent_id": post.parent_id,
        "body": post.body,
        "body_html": post.body_html,
        "channel": post.channel.value,
        # Where it came in: a kiosk's place or where a transcribed note was received; a
        # transcribed post's source (paper, workshop, phone, letter, wall) and day of receipt.
        "place": post.place,
        "source": post.source.value if post.source is not None else None,
        "received_on": iso(post.received_on),
        "support_count": post.support_count,
        "created_at": iso(post.created_at),
        "published_at": iso(post.published_at),
        # The municipality's signature on an official reply, as published; null for citizens.
        "official": ({"name": post.official_name, "title": post.official_title}
                     if post.official_name is not None else None),
        "politician_view": bool(post.politician_view),
        # The themes a moderator tagged an idea with, in the consultation's order (retired ones
        # too); always [] for a reply, which belongs to its idea's themes.
        "themes": post_themes(post),
        # What became of an idea (parkbank.outcomes): null while it has no outcome, and always
        # null for a reply.
        "outcome": post_outcome(post),
    }
    if with_alias:
        data["alias"] = post.alias
    return data


def post_themes(post: Post) -> list[dict]:
    if post.parent_id is not None:
        return []
    return [{"slug": theme.slug, "name": theme.name} for theme in post.themes]


def post_outcome(post: Post) -> dict | None:
    """An idea's outcome now: its state (parkbank.outcomes.models.Outcome), the public explanation
    as typed and as safe HTML, the decision's link and reference, and when it was set."""
    change = post.outcome_change
    if change is None:
        return None
    return {"state": change.to_outcome.value, "explanation": change.explanation,
            "explanation_html": change.explanation_html, "link": change.link,
            "reference": change.reference, "changed_at": iso(change.created_at)}


def queued_post(post: Post, parent: Post | None = None) -> dict:
    """What a moderator sees of a post in the queue (e-mail only as 'given or not'), with the
    idea a reply answers and the personal data found in its text (`pii`: kind, start, end as
    code-point offsets into `body`), computed here and never stored nor made public."""
    return {
        **public_post(post),
        "status": post.state.value,
        "has_email": bool(post.email),
        "parent": ({"id": parent.id, "body": parent.body[:PARENT_EXCERPT]}
                   if parent is not None else None),
        "pii": [finding.as_dict() for finding in find_personal_data(post.body)],
    }
