"""Follow links: made when a citizen submits (web form, JSON door, kiosk), looked up by their
token, revoked by their holder. Only the SHA-256 of a token is stored: the token is random
(192 bits), so a hash without salt cannot be turned back, and a database copy opens no page.
A token is never logged: it leaves this module only in the answer to its submission."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field

from flask import current_app, has_request_context, url_for
from sqlalchemy import delete, func, select

from parkbank.extensions import db
from parkbank.follow.models import FollowToken
from parkbank.http import external_url
from parkbank.moderation.lifecycle import latest_originals, latest_reasons
from parkbank.moderation.models import Reason
from parkbank.posts.models import Channel, Post, PostState
from parkbank.posts.visibility import public_clause, with_parent
from parkbank.similar.originals import original_summary

TOKEN_BYTES = 24  # 192 bits; token_urlsafe writes them as 32 characters
TOKEN_MAX = 64    # a longer "token" is refused before it is hashed: bounded work per request
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")  # TOKEN_MAX
# A submission sent again by the same browser gets a fresh link (the first answer may have been
# lost), up to this many live links per post; then no new one.
PER_POST_MAX = 5
REPLIES_SHOWN = 20


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def well_formed(token: str | None) -> bool:
    return bool(token) and len(token) <= TOKEN_MAX and _TOKEN.fullmatch(token) is not None


def issue(post: Post) -> str | None:
    """A new follow link's token for a citizen's post, its hash stored in the caller's transaction.
    None for a transcribed (analog) post (staff typed it: nobody to give a link to) and for a post
    that has PER_POST_MAX live links already."""
    if post.channel is Channel.ANALOG or post.official_name is not None:
        return None
    live = db.session.execute(
        select(func.count(FollowToken.id)).where(FollowToken.post_id == post.id)).scalar_one()
    if live >= PER_POST_MAX:
        return None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    db.session.add(FollowToken(post_id=post.id, token_hash=hash_token(token)))
    db.session.flush()
    return token


def follow_url(token: str) -> str:
    """The link's full address: on PARKBANK_BASE_URL when it is set (a link people keep must not
    depend on the host a request came by), else as other printed addresses are (http.external_url:
    PARKBANK_PUBLIC_URL, else the request's own host)."""
    base = current_app.config.get("BASE_URL", "")
    if base and has_request_context():
        return base + url_for("follow.page", token=token)
    return external_url("follow.page", token=token)


def post_for(token: str | None) -> Post | None:
    """The post a token follows; None for a malformed, unknown or revoked token alike."""
    if not well_formed(token):
        return None
    return db.session.execute(
        select(Post).join(FollowToken, FollowToken.post_id == Post.id)
        .where(FollowToken.token_hash == hash_token(token))
    ).scalar_one_or_none()


def revoke(token: str | None) -> bool:
    """Delete the link; True when there was one."""
    if not well_formed(token):
        return False
    return db.session.execute(
        delete(FollowToken).where(FollowToken.token_hash == hash_token(token))
        .execution_options(synchronize_session=False)).rowcount == 1


def live_tokens(tokens: list[str]) -> set[str]:
    """Which of these tokens still open a page (one query; the browser holds at most a few dozen)."""
    wanted = {hash_token(t): t for t in tokens if well_formed(t)}
    if not wanted:
        return set()
    found = db.session.execute(
        select(FollowToken.token_hash).where(FollowToken.token_hash.in_(list(wanted)))).scalars()
    return {wanted[h] for h in found}


@dataclass(frozen=True)
class FollowView:
    """What a follow page shows of one post."""

    post: Post
    reason: Reason | None = None        # why it was rejected or removed
    original: dict | None = None        # a duplicate's public original (similar/originals.py)
    public: bool = False                # shown on the board now
    official_replies: list[Post] = field(default_factory=list)

    @property
    def state(self) -> PostState:
        return self.post.state


def follow_view(post: Post) -> FollowView:
    """The post's state now, the reason of a refusal or removal, and the municipality's public
    replies in its thread (an official reply hangs under the idea)."""
    reason = original = None
    if post.state in (PostState.REJECTED, PostState.WITHDRAWN):
        reason = latest_reasons([post.id]).get(post.id)
        if post.state is PostState.REJECTED and reason is Reason.DUPLICATE:
            original = original_summary(latest_originals([post.id]).get(post.id))
    public = db.session.execute(
        with_parent(select(Post.id)).where(Post.id == post.id, public_clause())
    ).scalar_one_or_none() is not None
    replies = _official_replies(post.parent_id or post.id) if public else []
    return FollowView(post, reason, original, public, replies)


def _official_replies(idea_id: int) -> list[Post]:
    return list(db.session.execute(
        with_parent(select(Post))
        .where(Post.parent_id == idea_id, Post.official_name.is_not(None), public_clause())
        .order_by(Post.published_at, Post.id).limit(REPLIES_SHOWN)
    ).scalars())
