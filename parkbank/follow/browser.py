"""The follow links this browser holds: "Dina inlägg" shows each own post with its link, also
after the browser was closed. The server keeps only hashes, so the tokens live in the browser, in
one cookie signed with SECRET_KEY (HttpOnly, SameSite=Lax, a year): it works without script, the
server reads it where the board is rendered, and a page script cannot read it. Only the newest
COOKIE_LINKS pairs (post id, token) are kept, so the cookie stays under 4 kB. A kiosk never gets
it: its links leave with the visitor (kiosk/views.py)."""

from __future__ import annotations

from flask import Flask, current_app, g, request, session
from itsdangerous import BadSignature, URLSafeSerializer

from parkbank.follow.operations import TOKEN_MAX, follow_url, live_tokens, well_formed

COOKIE = "pb_follow"
JUST_SENT = "follow_just_sent"  # session: the post whose link the board offers to save (an id only)
COOKIE_LINKS = 50
MAX_AGE = 365 * 24 * 3600
_SALT = "parkbank.follow-links"
_RAW_MAX = 4096


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def held() -> list[tuple[int, str]]:
    """(post id, token) pairs this browser holds, newest first; [] for a missing or altered cookie."""
    pairs = g.get("follow_links")
    if pairs is not None:
        return pairs
    raw = request.cookies.get(COOKIE, "")
    pairs = []
    if raw and len(raw) <= _RAW_MAX:
        try:
            data = _serializer().loads(raw)
        except BadSignature:
            data = []
        if isinstance(data, list):
            pairs = [(p[0], p[1]) for p in data[:COOKIE_LINKS]
                     if isinstance(p, list) and len(p) == 2 and isinstance(p[0], int)
                     and isinstance(p[1], str) and len(p[1]) <= TOKEN_MAX and well_formed(p[1])]
    g.follow_links = pairs
    return pairs


def _change(pairs: list[tuple[int, str]]) -> None:
    g.follow_links = pairs[:COOKIE_LINKS]
    g.follow_links_changed = True


def remember(post_id: int, token: str) -> None:
    """Keep a new link in this browser (sent with this request's answer)."""
    _change([(post_id, token), *[p for p in held() if p[0] != post_id]])


def forget(token: str) -> None:
    """Drop a revoked link from this browser, if it holds it."""
    pairs = held()
    if any(t == token for _, t in pairs):
        _change([p for p in pairs if p[1] != token])


def tokens_by_post() -> dict[int, str]:
    return {post_id: token for post_id, token in reversed(held())}  # the newest wins


def own_links(post_ids: list[int]) -> dict[int, str]:
    """The follow addresses this browser holds for these posts (its own, by participant_key),
    only links that still open a page (a revoked or culled one is left out): one query."""
    mine = {pid: token for pid, token in tokens_by_post().items() if pid in set(post_ids)}
    live = live_tokens(list(mine.values()))
    return {pid: follow_url(token) for pid, token in mine.items() if token in live}


def just_sent(links: dict[int, str]) -> tuple[int, str] | None:
    """(post id, address) of the post this browser has just sent, once, for "save this link"."""
    post_id = session.pop(JUST_SENT, None)
    return (post_id, links[post_id]) if post_id in links else None


def _write(response):
    if g.pop("follow_links_changed", False):
        pairs = g.get("follow_links") or []
        if pairs:
            response.set_cookie(COOKIE, _serializer().dumps([list(p) for p in pairs]), max_age=MAX_AGE,
                                httponly=True, samesite="Lax",
                                secure=current_app.config["SESSION_COOKIE_SECURE"])
        else:
            response.delete_cookie(COOKIE, httponly=True, samesite="Lax",
                                   secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def register(app: Flask) -> None:
    app.after_request(_write)
