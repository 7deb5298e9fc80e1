"""The public meeting screen (blueprint "projector"): a consultation's public posts, large and
live, for a projector or a wall screen at a public meeting, with a QR code that leads phones to
the board. Anyone may open it (it shows only what the board shows); it has no controls."""

from __future__ import annotations

from functools import lru_cache

import segno
from flask import Blueprint, render_template
from flask_babel import gettext as _
from markupsafe import Markup, escape

from parkbank.consultations.operations import get_by_slug
from parkbank.http import external_url
from parkbank.posts.queries import newest_public_posts

bp = Blueprint("projector", __name__)

# The newest public posts on the screen, and never more: older ones drop off the bottom as new
# ones arrive (static/js/projector.js keeps the same number), so a screen that runs all day holds
# a bounded page.
SCREEN_POSTS = 30


@bp.get("/samrad/<slug>/skarm")
def screen(slug: str):
    consultation = get_by_slug(slug)
    posts = newest_public_posts(consultation.id, SCREEN_POSTS)
    board_url = external_url("public.board", slug=consultation.slug)
    return render_template(
        "kiosk/projector.html", consultation=consultation, posts=posts, limit=SCREEN_POSTS,
        last_event_id=consultation.event_seq, board_address=short_address(board_url),
        qr_code=qr_svg(board_url, _("QR code to the consultation's page: %(address)s",
                                    address=short_address(board_url))),
    )


def short_address(url: str) -> str:
    """An address as people type it: without https:// (a browser adds it)."""
    return url.split("://", 1)[-1]


def qr_svg(url: str, label: str, *, private: bool = False) -> Markup:
    """The QR code of `url` as an inline <svg> named `label` for screen readers. Made on the
    server: no script, no image request, nothing for the CSP to refuse (it has no style=).
    `private`: an address that is a secret (a follow link) is not kept in the cache."""
    markup = _make_markup(url) if private else _qr_markup(url)
    return Markup(markup.replace(
        "<svg ", f'<svg role="img" aria-label="{escape(label)}" focusable="false" ', 1))


@lru_cache(maxsize=64)
def _qr_markup(url: str) -> str:
    return _make_markup(url)


def _make_markup(url: str) -> str:
    # About 6 ms a code: made once per address per process. Error level M survives a smudged
    # or partly glared projection; the quiet zone (border) is part of the code, so it scans.
    return segno.make(url, error="m").svg_inline(
        scale=1, border=4, dark="#000", light="#fff", omitsize=True, svgclass="pb-qr__code",
        lineclass=None)
