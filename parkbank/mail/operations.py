"""What a citizen does with the links in their messages: confirm the address (double opt-in), and
unsubscribe, which withdraws the consent and erases the address from every post given with it,
with every unsent message to it. A wrong, expired or used-up link is refused without saying which."""

from __future__ import annotations

from sqlalchemy import update

from parkbank.database import unicode_lower, utcnow
from parkbank.extensions import db
from parkbank.mail import outbox, tokens
from parkbank.posts.models import Post


def _post_for(purpose: str, token: str) -> Post | None:
    """The post a token names, while it still holds the address the token was made for."""
    found = tokens.read(purpose, token)
    if found is None:
        return None
    post_id, key = found
    post = db.session.get(Post, post_id) if 0 < post_id < 2**62 else None
    if post is None or not post.email or not post.email_consent:
        return None
    return post if tokens.address_key(post.email) == key else None


def confirmable(token: str) -> Post | None:
    return _post_for(tokens.CONFIRM, token)


def confirm(token: str) -> Post | None:
    """Confirm the address of the post the token names; None for a token that does not work.
    Confirming twice is harmless (the first time counts)."""
    post = confirmable(token)
    if post is not None and post.email_confirmed_at is None:
        db.session.execute(update(Post).where(Post.id == post.id, Post.email_confirmed_at.is_(None))
                           .values(email_confirmed_at=utcnow())
                           .execution_options(synchronize_session=False))
        db.session.refresh(post)
    return post


def unsubscribable(token: str) -> Post | None:
    return _post_for(tokens.UNSUBSCRIBE, token)


def unsubscribe(token: str) -> bool:
    """Withdraw the consent and erase the address (every post given with it, every unsent message
    to it about a post); False for a token that does not work (or was used already)."""
    post = unsubscribable(token)
    if post is None:
        return False
    erase_address(post.email.strip().lower(), citizens_only=True)
    return True


def erase_address(address: str, *, citizens_only: bool = False) -> int:
    """Erase an address (lower case) from every post and its unsent messages (only those about
    posts with `citizens_only`: a staff member's own mail is not the citizen's to stop); how many
    posts changed. Also the admin's data-request erase (privacy/operations.py)."""
    changed = db.session.execute(
        update(Post).where(unicode_lower(Post.email) == address)
        .values(email=None, email_consent=False, email_confirmed_at=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    outbox.forget_address(address, citizens_only=citizens_only)
    db.session.expire_all()
    return changed
