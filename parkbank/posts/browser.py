"""Which browser is this? A random cookie, stored only as an HMAC: enough to count one
"Instämmer" per browser, and not personal data we could trace back."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app, g, request

COOKIE = "pb_browser"
MAX_AGE = 365 * 24 * 3600


def browser_hash() -> str:
    token = request.cookies.get(COOKIE)
    if not token or len(token) > 64:
        token = g.setdefault("new_browser_token", secrets.token_urlsafe(24))
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def set_cookie_if_new(response):
    token = g.pop("new_browser_token", None)
    if token:
        response.set_cookie(COOKIE, token, max_age=MAX_AGE, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
