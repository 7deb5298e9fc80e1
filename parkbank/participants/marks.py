"""The browser mark: a random id that the server issues in a cookie signed with SECRET_KEY.

A request counts as a participant only with a mark this server issued; a missing, altered or
home-made cookie counts as nobody. New marks are limited per client address
(PARTICIPANT_MARKS_PER_ADDRESS), generous enough for a meeting room on one Wi-Fi, so that
dropping cookies cannot mint voices. Posts and supports store only an HMAC of the mark's id:
enough to recognise the browser again, nothing that leads back to a person.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from flask import Flask, current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse_many

from parkbank.extensions import limiter
from parkbank.http import client_network

COOKIE = "pb_browser"
MAX_AGE = 365 * 24 * 3600
_SALT = "parkbank.participant-mark"
_UNSET = object()


@dataclass(frozen=True)
class Participant:
    kind: str  # "browser", "kiosk" (a visit at a kiosk, participants/visits.py); "follow" to come
    key: str   # what posts and supports store: an HMAC, 64 hex characters

    def __repr__(self) -> str:
        return f"<Participant {self.kind} {self.key[:8]}…>"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def participant_for(kind: str, mark_id: str) -> Participant:
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"{kind}:{mark_id}".encode(), hashlib.sha256).hexdigest()
    return Participant(kind, digest)


def _from_cookie() -> Participant | None:
    raw = request.cookies.get(COOKIE)
    if not raw or len(raw) > 200:
        return None
    try:
        mark_id = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(mark_id, str) or not 16 <= len(mark_id) <= 64:
        return None
    return participant_for("browser", mark_id)


def current_participant() -> Participant | None:
    """The participant behind this request, or None without a valid mark (read once per request)."""
    found = g.get("participant", _UNSET)
    if found is _UNSET:
        found = _from_cookie()
        g.participant = found
    return found


def _may_mint() -> bool:
    if not current_app.config["RATELIMIT_ENABLED"]:
        return True
    limits = parse_many(current_app.config["PARTICIPANT_MARKS_PER_ADDRESS"])
    address = client_network()
    return all(limiter.limiter.hit(item, "participant-mark", address) for item in limits)


def ensure_participant() -> Participant | None:
    """The request's participant; a browser without a mark gets a new one, while its address may
    still mint marks. None means: no mark, and none may be issued now."""
    found = current_participant()
    if found is not None or not _may_mint():
        return found
    mark_id = secrets.token_urlsafe(24)
    g.new_mark = _serializer().dumps(mark_id)
    g.participant = participant_for("browser", mark_id)
    return g.participant


def rate_limit_key() -> str:
    """Limit each participant on its own (a room behind one address is not one person); a request
    without a valid mark is limited by its address, so rotating cookies gains nothing."""
    found = current_participant()
    return f"participant:{found.key}" if found else f"address:{client_network()}"


def _set_new_mark(response):
    token = g.pop("new_mark", None)
    if token:
        response.set_cookie(COOKIE, token, max_age=MAX_AGE, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def register(app: Flask) -> None:
    app.after_request(_set_new_mark)
