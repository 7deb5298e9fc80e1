"""The follow page (blueprint "follow"): `/mitt-inlagg/<token>` shows one post to whoever holds
its link; a form there revokes the link. A wrong, malformed and revoked token get the same 404 as
any unknown page. Every answer here is private: not indexed, not stored by caches, and its
address (which is the key) is never sent on as a Referer."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import NotFound

from parkbank.extensions import limiter
from parkbank.follow import browser
from parkbank.follow.forms import RevokeForm
from parkbank.follow.operations import follow_url, follow_view, post_for, revoke

bp = Blueprint("follow", __name__)


@bp.after_request
def _private(response):
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/mitt-inlagg/<token>")
@limiter.limit(lambda: current_app.config["RATELIMIT_FOLLOW"])
def page(token: str):
    post = post_for(token)
    if post is None:
        raise NotFound()
    return render_template("follow/page.html", view=follow_view(post), post=post,
                           consultation=post.consultation, form=RevokeForm(), token=token,
                           address=follow_url(token))


@bp.post("/mitt-inlagg/<token>")
@limiter.limit(lambda: current_app.config["RATELIMIT_FOLLOW"])
def revoke_link(token: str):
    if not RevokeForm().validate():
        raise CSRFError()  # the same answer whatever the token: it tells nothing about it
    if not revoke(token):
        raise NotFound()
    browser.forget(token)
    return redirect(url_for(".revoked"), code=303)


@bp.get("/mitt-inlagg-aterkallad")
def revoked():
    return render_template("follow/revoked.html")
