"""The links in citizens' messages: signed tokens (itsdangerous, with the app's SECRET_KEY).

Why signed rather than a random token with a stored hash: nothing more to store or cull, and a
token names the post and a keyed hash of the address it was sent to, so it stops working by
itself once that address is erased or changed (unsubscribe, a data-request erase, culling): no
row to forget. The purposes have salts of their own, so a confirmation link never unsubscribes
and the other way round. A confirmation link expires (MAIL_CONFIRM_DAYS); an unsubscribe link
works as long as there is an address to erase. Changing SECRET_KEY invalidates every link sent.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer

CONFIRM = "parkbank-mail-confirm"
UNSUBSCRIBE = "parkbank-mail-unsubscribe"
TOKEN_MAX = 200  # longer than any token we make: refused before it is verified


def address_key(address: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(secret, b"mail:" + address.strip().lower().encode("utf-8"),
                    hashlib.sha256).hexdigest()[:24]


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def make(purpose: str, post_id: int, address: str) -> str:
    return _serializer(purpose).dumps([post_id, address_key(address)])


def read(purpose: str, token: str) -> tuple[int, str] | None:
    """(post id, address key) of a good token, else None (wrong, damaged, another purpose, or an
    expired confirmation): the caller does not say which."""
    if not token or len(token) > TOKEN_MAX:
        return None
    max_age = current_app.config["MAIL_CONFIRM_DAYS"] * 86400 if purpose == CONFIRM else None
    try:
        post_id, key = _serializer(purpose).loads(token, max_age=max_age)
    except (BadData, TypeError, ValueError):
        return None
    if not isinstance(post_id, int) or not isinstance(key, str):
        return None
    return post_id, key
