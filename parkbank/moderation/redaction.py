"""Redaction: a moderator removes passages of a post, before approving it or after.

The stored text gets REDACTED in place of each passage (body as typed, body_html rebuilt by
parkbank.sanitize), so everything that reads the current row (board, catch-up, open data, search,
snapshots, live payloads) has only the new words. The original goes to a PostRevision row that
only admins read (read_revision); the audit entry names the revision, never the text.

The work is bounded whatever a client sends: at most MAX_RANGES ranges and MAX_PASSAGES passages
of at most PASSAGE_MAX characters, on a body whose length the intake already limited.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth.permissions import can_administer
from parkbank.database import utcnow
from parkbank.errors import Forbidden, InvalidInput, NotFound
from parkbank.extensions import db
from parkbank.live import broadcast, protocol
from parkbank.moderation.marks import post_to_edit
from parkbank.moderation.models import PostRevision
from parkbank.posts.models import Post, PostState
from parkbank.posts.visibility import is_public
from parkbank.sanitize import render_html
from parkbank.search import index as search_index

REDACTED = "[borttaget]"  # the public text's marker, in the content language
MAX_RANGES = 50
MAX_PASSAGES = 20
PASSAGE_MAX = 500
REDACTABLE = frozenset({PostState.PENDING, PostState.APPROVED})


@dataclass(frozen=True)
class Redaction:
    post: Post
    revision: PostRevision
    spans: int


def spans_for(body: str, ranges: list[tuple[int, int]], passages: list[str]) -> list[tuple[int, int]]:
    """The code-point spans to remove, merged and sorted: each range as given (checked), and every
    occurrence of each exact passage. Raises InvalidInput naming the field at fault."""
    if len(ranges) > MAX_RANGES or len(passages) > MAX_PASSAGES:
        raise _invalid("passages", _l("Choose at most %(n)s passages at a time.", n=MAX_PASSAGES))
    spans = []
    for start, end in ranges:
        if not 0 <= start < end <= len(body):
            raise _invalid("passages", _l("A chosen passage is not in the text (it may have changed)."))
        spans.append((start, end))
    for passage in passages:
        if len(passage) > PASSAGE_MAX:
            raise _invalid("passages", _l("A passage may have at most %(max)s characters.",
                                          max=PASSAGE_MAX))
        at = body.find(passage)
        if at < 0:
            raise _invalid("passages", _l("“%(passage)s” is not in the text.", passage=passage[:80]))
        while at >= 0:  # every occurrence; each find starts past the last, so at most len(body)
            spans.append((at, at + len(passage)))
            at = body.find(passage, at + len(passage))
    if not spans:
        raise _invalid("passages", _l("Choose at least one passage to remove."))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redacted_text(body: str, spans: list[tuple[int, int]]) -> str:
    parts, at = [], 0
    for start, end in spans:
        parts.append(body[at:start])
        parts.append(REDACTED)
        at = end
    parts.append(body[at:])
    return "".join(parts)


def redact(post_id: int, *, user, ranges: list[tuple[int, int]] = (),
           passages: list[str] = ()) -> Redaction:
    """Replace passages of a post with REDACTED, keep the original in a revision, audit it and
    tell open screens. Raises NotFound, Forbidden or InvalidInput."""
    post = post_to_edit(post_id, user=user)
    if post.state not in REDACTABLE:
        raise InvalidInput(_l("Only a waiting or published post can be redacted."))
    # As the body was stored: NFC, no control characters; inner spaces kept as typed.
    passages = [p for p in (unicodedata.normalize("NFC", p.replace("\r", "").strip())
                            for p in passages) if p]
    spans = spans_for(post.body, list(ranges), passages)
    revision = PostRevision(post_id=post.id, kind="redaction", original_body=post.body,
                            passages=len(spans), created_by=user.id, created_at=utcnow())
    db.session.add(revision)
    post.body = redacted_text(post.body, spans)
    post.body_html = render_html(post.body)
    db.session.flush()
    search_index.refresh([post.id])  # never found again by the words taken out
    record(AuditAction.POST_REDACT, user=user, consultation_id=post.consultation_id,
           target=("post", post.id), revision_id=revision.id, passages=len(spans))
    _announce(post)
    return Redaction(post, revision, len(spans))


def _announce(post: Post) -> None:
    parent = db.session.get(Post, post.parent_id) if post.parent_id else None
    broadcast.notify_queue(post.consultation_id, protocol.POST_CHANGED,
                           protocol.post_changed(post, parent))
    if is_public(post.state, parent is not None, parent.state if parent else None):
        broadcast.publish_board(protocol.POST_UPDATED, post)


def read_revision(user, revision_id: int) -> PostRevision:
    """A redacted original, for admins only (the audit viewer links here by revision id)."""
    if not can_administer(user):
        raise Forbidden()
    revision = db.session.get(PostRevision, revision_id) if 0 < revision_id < 2**62 else None
    if revision is None:
        raise NotFound()
    return revision


def _invalid(field: str, message) -> InvalidInput:
    return InvalidInput(message, fields={field: [str(message)]})
