"""The citizen's pages behind the links in their messages (blueprint "mail"): confirm the address,
and unsubscribe. Opening a link changes nothing (mail scanners open links); the button does. The
unsubscribe POST also takes RFC 8058's one-click POST from a mail program, without a form token:
the signed link is the only proof it needs. The commit is the request's (parkbank/web.py)."""

from __future__ import annotations

from flask import Blueprint, render_template, session
from flask_babel import force_locale

from parkbank.extensions import csrf
from parkbank.forms import Form
from parkbank.mail import operations
from parkbank.mail.notices import language

bp = Blueprint("mail", __name__)


@bp.after_request
def _private(response):
    """The address holds the link's key (an unsubscribe link works as long as the address is
    kept): never sent on as a Referer (the page links to the board), never stored by a cache."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


class ConfirmForm(Form):
    """Only the button (and the CSRF token)."""


def _page(template: str, post, **context):
    """In the language of the author's messages, unless this browser chose one."""
    if post is None or session.get("lang"):
        return render_template(template, post=post, **context)
    with force_locale(language(post)):
        return render_template(template, post=post, **context)


def _invalid():
    return render_template("mail/link_invalid.html"), 404


@bp.get("/e-post/bekrafta/<token>")
def confirm_page(token: str):
    post = operations.confirmable(token)
    if post is None:
        return _invalid()
    return _page("mail/confirm.html", post, form=ConfirmForm(),
                 confirmed=post.email_confirmed_at is not None)


@bp.post("/e-post/bekrafta/<token>")
def confirm(token: str):
    form = ConfirmForm()
    if not form.validate():
        post = operations.confirmable(token)
        if post is None:
            return _invalid()
        return _page("mail/confirm.html", post, form=form, confirmed=False), 400
    post = operations.confirm(token)
    if post is None:
        return _invalid()
    return _page("mail/confirm.html", post, form=form, confirmed=True, just_now=True)


@bp.get("/e-post/avsluta/<token>")
def unsubscribe_page(token: str):
    post = operations.unsubscribable(token)
    if post is None:  # wrong, or used already (the address is gone): not told apart
        return _invalid()
    return _page("mail/unsubscribe.html", post, done=False)


@bp.post("/e-post/avsluta/<token>")
@csrf.exempt  # RFC 8058: a mail program's POST carries no form token
def unsubscribe(token: str):
    """Unsubscribes at once. A link already used answers the same "done" page: the address is
    gone either way, and the answer does not tell a wrong link from a used one."""
    post = operations.unsubscribable(token)
    language_of = language(post) if post is not None else None  # read before the address goes
    operations.unsubscribe(token)
    if language_of is None or session.get("lang"):
        return render_template("mail/unsubscribe.html", post=None, done=True)
    with force_locale(language_of):  # as the page the link opened (_page)
        return render_template("mail/unsubscribe.html", post=None, done=True)
