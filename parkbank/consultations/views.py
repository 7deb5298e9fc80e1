"""The citizens' side (blueprint "public"): consultations, the live board, posting and supporting."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from parkbank.consultations.models import Consultation
from parkbank.consultations.operations import get_by_slug, listed_consultations
from parkbank.errors import InvalidInput
from parkbank.extensions import csrf, db, limiter
from parkbank.http import safe_next, wants_json
from parkbank.moderation.operations import latest_reasons
from parkbank.posts import own
from parkbank.posts.browser import browser_hash, rate_limit_key
from parkbank.posts.forms import PostForm
from parkbank.posts.operations import new_submission_key, submit_post, support_post
from parkbank.posts.queries import board_page, posts_by_ids, supported_by

bp = Blueprint("public", __name__)


@bp.get("/")
def index():
    return render_template("public/index.html", consultations=listed_consultations())


@bp.get("/samrad/<slug>")
def board(slug: str):
    consultation = get_by_slug(slug)
    return render_board(consultation, PostForm(submission_key=new_submission_key()))


def render_board(consultation: Consultation, form: PostForm, status: int = 200):
    """The board page; `form` is the main form, or the reply form that failed validation."""
    page = board_page(consultation.id, request.args.get("sida", 1, type=int),
                      current_app.config["BOARD_PAGE_SIZE"])
    reply_form = form if form.parent_id.data else None
    if reply_form is not None:
        form = PostForm(formdata=None, submission_key=new_submission_key())
        if reply_form.parent_id.data not in page.replies:
            # The idea is gone from this page (e.g. withdrawn): keep the text in the main form.
            form.body.data, form.alias.data = reply_form.body.data, reply_form.alias.data
            form.body.errors = [*reply_form.parent_id.errors, *reply_form.body.errors]
            reply_form = None
    shown = [p.id for p in page.posts] + [r.id for rs in page.replies.values() for r in rs]
    supported = supported_by(browser_hash(), shown)
    own_posts = posts_by_ids(consultation.id, own.own_post_ids())
    return render_template(
        "public/board.html", consultation=consultation, page=page, form=form,
        reply_form=reply_form, own_posts=own_posts, supported=supported,
        own_reasons=latest_reasons([p.id for p in own_posts]),
        last_event_id=consultation.event_seq,
    ), status


@bp.post("/samrad/<slug>/inlagg")
@limiter.limit(lambda: current_app.config["RATELIMIT_POSTS"], key_func=rate_limit_key)
@limiter.limit(lambda: current_app.config["RATELIMIT_POSTS_PER_ADDRESS"])
@csrf.exempt  # PostForm checks the token itself, so a failed check re-shows the text, not an error page
def submit(slug: str):
    consultation = get_by_slug(slug)
    form = PostForm()
    if not form.validate():
        return _refused(consultation, form)
    try:
        post, created = submit_post(
            consultation, body=form.body.data, alias=form.alias.data, email=form.email.data,
            consent=form.consent.data, parent_id=form.parent_id.data,
            submission_key=form.submission_key.data,
        )
    except InvalidInput as refusal:  # a rule the form cannot see, e.g. the idea was withdrawn
        db.session.rollback()
        for name, messages in refusal.details.get("fields", {}).items():
            getattr(form, name).errors = [*getattr(form, name).errors, *messages]
        return _refused(consultation, form)
    db.session.commit()
    own.remember(post.id)
    if wants_json():
        return jsonify(id=post.id, status=post.state.value, created=created), 201 if created else 200
    flash(_("Thank you! Your post is waiting for moderation. This page tells you when it has "
            "been reviewed."), "success")
    return redirect(url_for(".board", slug=slug, _anchor="egna-inlagg"), code=303)


def _refused(consultation: Consultation, form: PostForm):
    """Bad input: the errors next to their fields, and everything typed kept."""
    if wants_json():
        return jsonify(error="invalid_input", message=_("Please check the form."),
                       fields=form.errors), 400
    return render_board(consultation, form, status=400)


@bp.post("/samrad/<slug>/inlagg/<int:post_id>/instam")
@limiter.limit(lambda: current_app.config["RATELIMIT_SUPPORT"], key_func=rate_limit_key)
@limiter.limit(lambda: current_app.config["RATELIMIT_SUPPORT_PER_ADDRESS"])
def support(slug: str, post_id: int):
    consultation = get_by_slug(slug)
    count, counted = support_post(consultation, post_id, browser_hash())
    db.session.commit()
    if wants_json():
        return jsonify(id=post_id, support_count=count, counted=counted)
    if counted:
        flash(_("Thank you for your support."), "success")
    else:
        flash(_("You have already supported this idea."), "info")
    return redirect(url_for(".board", slug=slug, _anchor=f"inlagg-{post_id}"), code=303)


@bp.get("/sprak/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next"), url_for(".index")))
