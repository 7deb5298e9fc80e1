"""The posts this browser session wrote, so the board can show their fate and follow it live."""

from __future__ import annotations

from flask import session

KEY = "own_posts"
KEEP = 50


def remember(post_id: int) -> None:
    ids = [i for i in session.get(KEY, []) if i != post_id]
    session[KEY] = [post_id, *ids][:KEEP]


def own_post_ids() -> list[int]:
    return [i for i in session.get(KEY, []) if isinstance(i, int)]
