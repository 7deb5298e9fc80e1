"""The live protocol in one place: every event name and the builder of every payload.

README's "Live protocol" section documents exactly these names (tests/live/test_protocol.py holds
the two together). Board events are logged by reference (consultation, number, event, post) and
their payloads are built here when they are sent or read, through the public rule: an event
about a post that is no longer public is always told as its withdrawal, never with its text.
"""

from __future__ import annotations

from parkbank.posts.models import Post
from parkbank.posts.serialize import iso, public_post, queued_post

# client -> server
JOIN_BOARD = "join_board"
JOIN_QUEUE = "join_queue"
# server -> every board of a consultation (numbered, logged, replayed on catch-up)
POST_PUBLISHED = "post_published"
POST_WITHDRAWN = "post_withdrawn"
SUPPORT_CHANGED = "support_changed"
POST_UPDATED = "post_updated"  # a public post's text or marks changed (redaction, official marks)
CONSULTATION_STATUS = "consultation_status"
POST_THEMES = "post_themes"    # a public idea's themes changed: the idea as it is now
THEME_COUNTS = "theme_counts"  # the theme list or its counts changed: the list as it stands now
POST_OUTCOME = "post_outcome"  # a public idea's outcome changed: the idea as it is now
# server -> the consultation's moderators
POST_SUBMITTED = "post_submitted"
POST_DECIDED = "post_decided"
POST_CHANGED = "post_changed"  # a post's text changed in place (redaction): the queued post now
POST_CULLED = "post_culled"    # posts removed by culling: gone from every staff screen
POST_REPORTED = "post_reported"        # a citizen reported a public post
REPORTS_RESOLVED = "reports_resolved"  # a post's open reports were dismissed, or it was withdrawn
POST_MARKED = "post_marked"            # a post was marked or unmarked as a politician's view
# server -> the participant who wrote a post
OWN_POST_DECIDED = "own_post_decided"

CLIENT_EVENTS = frozenset({JOIN_BOARD, JOIN_QUEUE})
BOARD_EVENTS = frozenset({POST_PUBLISHED, POST_WITHDRAWN, SUPPORT_CHANGED, POST_UPDATED,
                          CONSULTATION_STATUS, POST_THEMES, THEME_COUNTS, POST_OUTCOME})
QUEUE_EVENTS = frozenset({POST_SUBMITTED, POST_DECIDED, POST_CHANGED, POST_CULLED, POST_REPORTED,
                          REPORTS_RESOLVED, POST_MARKED})
AUTHOR_EVENTS = frozenset({OWN_POST_DECIDED})
ALL_EVENTS = CLIENT_EVENTS | BOARD_EVENTS | QUEUE_EVENTS | AUTHOR_EVENTS


def board_event(name: str, event_id: int, post_id: int | None, public_post_row: Post | None,
                status: str | None = None, themes: list | None = None) -> tuple[str, dict]:
    """(event, payload) for a board event; `public_post_row` is the post if it is public now, else
    None; `status` is the consultation's status now (a status event is told as it stands), and
    `themes` its active themes with their counts now (themes.queries.board_themes)."""
    if name == CONSULTATION_STATUS:
        return CONSULTATION_STATUS, {"event_id": event_id, "status": status}
    if name == THEME_COUNTS:
        return THEME_COUNTS, {"event_id": event_id, "themes": theme_counts(themes or [])}
    if name == POST_WITHDRAWN or public_post_row is None:
        return POST_WITHDRAWN, {"event_id": event_id, "post_id": post_id}
    if name in (POST_PUBLISHED, POST_UPDATED, POST_THEMES, POST_OUTCOME):
        # An update is told with the post as it is now: catch-up never replays an older text.
        return name, {"event_id": event_id, "post": public_post(public_post_row)}
    if name == SUPPORT_CHANGED:
        return SUPPORT_CHANGED, {"event_id": event_id, "post_id": post_id,
                                 "count": public_post_row.support_count}
    raise ValueError(f"not a board event: {name}")


def theme_counts(themes: list) -> list[dict]:
    """The board's theme filter: each active theme, in order, with its number of public ideas."""
    return [{"slug": theme.slug, "name": theme.name, "count": count} for theme, count in themes]




def queued(post: Post, parent: Post | None, similar: list[dict]) -> dict:
    """A waiting post as the queue shows it, with its likely duplicates among the approved and
    pending ideas (parkbank/similar: id, body excerpt, status, score; best first)."""
    return {**queued_post(post, parent), "similar": similar}


def post_submitted(post: Post, parent: Post | None, similar: list[dict]) -> dict:
    return {"post": queued(post, parent, similar)}


def post_changed(post: Post, parent: Post | None) -> dict:
    """To the moderators: a waiting or published post as it is now (its redacted text)."""
    return {"post": queued_post(post, parent)}


def post_culled(kind: str, post_ids: list[int]) -> dict:
    return {"kind": kind, "post_ids": post_ids}


def decision_summary(post: Post, decision, original: dict | None = None) -> dict:
    """What the author's browser is told of a decision (no moderator's name, no note); for a
    rejection as a duplicate, the original while it is public (similar/originals.py)."""
    return {
        "id": post.id,
        "status": post.state.value,
        "action": decision.action.value,
        "reason": decision.reason.value if decision.reason else None,
        "decided_at": iso(decision.created_at),
        "duplicate_of": original,
    }


def post_decided(post: Post, decision, moderator_name: str, original: dict | None = None) -> dict:
    return {**decision_summary(post, decision, original), "decided_by": moderator_name,
            "note": decision.note}


def own_post(post: Post, reason, original: dict | None = None) -> dict:
    """An author's own post in the join_board ack."""
    return {"id": post.id, "status": post.state.value, "reason": reason.value if reason else None,
            "duplicate_of": original}


def post_reported(reported) -> dict:
    """A post with open reports (reports.operations.Reported), as the queue shows it: how many,
    how many for each reason, and the latest notes; never who reported."""
    return {
        "post": {**public_post(reported.post), "status": reported.post.state.value},
        "report_count": reported.count,
        "reasons": reported.reasons,
        "notes": reported.notes,
    }


def reports_resolved(post_id: int, resolution: str, moderator_name: str) -> dict:
    return {"post_id": post_id, "resolution": resolution, "resolved_by": moderator_name}


def post_marked(post: Post, moderator_name: str) -> dict:
    return {"id": post.id, "politician_view": bool(post.politician_view), "marked_by": moderator_name}
