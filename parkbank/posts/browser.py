"""Which browser is this? A random cookie, stored only as an HMAC: enough to count one
"Instämmer" per browser, and not personal data we could trace back."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

COOKIE = "pb_browser"
MAX_AGE = 365 * 24 * 3600


def browser_hash() -> str:
    token = request.cookies.get(COOKIE)
    if not token or len(token) > 64:
        token = g.setdefault("new_browser_token", secrets.token_urlsafe(24))
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def rate_limit_key() -> str:
    """Limit each browser on its own, so a whole room behind one address (a public meeting on the
    venue's Wi-Fi, the municipality's NAT) is not limited as one person. A client without the
    cookie is limited by its address; the per-address ceiling catches cookie rotation."""
    token = request.cookies.get(COOKIE)
    return f"browser:{token[:64]}" if token else f"address:{get_remote_address()}"


def set_cookie_if_new(response):
    token = g.pop("new_browser_token", None)
    if token:
        response.set_cookie(COOKIE, token, max_age=MAX_AGE, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
