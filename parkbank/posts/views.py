"""The citizens' doors for posting and supporting (blueprint "posts"): parse, call one operation,
answer. The rules are in posts/operations.py; the commit is the request's (parkbank/web.py)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from parkbank.consultations.operations import get_by_slug
from parkbank.consultations.views import render_board
from parkbank.errors import InvalidInput, NotFound, OperationError
from parkbank.extensions import csrf, limiter
from parkbank.follow import browser as follow_browser
from parkbank.follow import operations as follow
from parkbank.http import wants_json
from parkbank.participants import current_participant, ensure_participant, rate_limit_key
from parkbank.posts.forms import PostForm
from parkbank.posts.operations import public_post_in, submit_post, support_post
from parkbank.reports.operations import report_post
from parkbank.similar.operations import similar_public

bp = Blueprint("posts", __name__)


def _counts(response) -> bool:
    """Only what was taken counts against a limit: a refused form costs nothing."""
    return response.status_code < 400


class TooManyNewVisitors(OperationError):
    status = 429
    code = "too_many_requests"
    message = _l("Very many new visitors are writing from your network just now. "
                 "Wait a few minutes and try again; your text is kept in this tab.")


@bp.post("/samrad/<slug>/inlagg")
@limiter.limit(lambda: current_app.config["RATELIMIT_POSTS"], key_func=rate_limit_key,
               deduct_when=_counts)
@limiter.limit(lambda: current_app.config["RATELIMIT_POSTS_PER_ADDRESS"], deduct_when=_counts)
@csrf.exempt  # PostForm checks the token itself, so a failed check re-shows the text, not an error page
def submit(slug: str):
    consultation = get_by_slug(slug)
    form = PostForm()
    if not form.validate():
        return _refused(consultation, form)
    if _offers_similar(consultation, form):
        matches = similar_public(consultation, form.body.data)
        if matches:  # a step the citizen can skip: "Send anyway" sends the same text again
            return render_template("similar/step.html", consultation=consultation, form=form,
                                   matches=matches)
    participant = ensure_participant()
    if participant is None:
        raise TooManyNewVisitors()
    try:
        post, created = submit_post(
            consultation, participant=participant, body=form.body.data, alias=form.alias.data,
            email=form.email.data, consent=form.consent.data, parent_id=form.parent_id.data,
            submission_key=form.submission_key.data or None,
        )
    except InvalidInput as refusal:  # a rule the form cannot see, e.g. the idea was withdrawn
        for name, messages in refusal.details.get("fields", {}).items():
            getattr(form, name).errors = [*getattr(form, name).errors, *messages]
        return _refused(consultation, form)
    token = follow.issue(post)  # the author's own link (parkbank/follow), kept by this browser
    if token:
        follow_browser.remember(post.id, token)
    if wants_json():
        return jsonify(id=post.id, status=post.state.value, created=created,
                       follow_url=follow.follow_url(token) if token else None), 201 if created else 200
    if token:
        session[follow_browser.JUST_SENT] = post.id  # the board shows "save this link" once
    flash(_("Thank you! Your post is waiting for moderation. This page tells you when it has "
            "been reviewed."), "success")
    return redirect(url_for("public.board", slug=slug, _anchor="egna-inlagg"), code=303)


def _offers_similar(consultation, form: PostForm) -> bool:
    """A browser that sent the board's idea form without script sees similar ideas first; other
    programs (JSON), replies, and a form that saw them already ("skip_similar") do not."""
    return (consultation.is_open and not wants_json() and form.parent_id.data is None
            and request.form.get("skip_similar") != "1")


def _refused(consultation, form: PostForm):
    """Bad input: the errors next to their fields, and everything typed kept."""
    if wants_json():
        return jsonify(error="invalid_input", message=_("Please check the form."),
                       fields=form.errors), 400
    return render_board(consultation, form, status=400)


@bp.post("/samrad/<slug>/inlagg/<id:post_id>/instam")
@limiter.limit(lambda: current_app.config["RATELIMIT_SUPPORT"], key_func=rate_limit_key)
@limiter.limit(lambda: current_app.config["RATELIMIT_SUPPORT_PER_ADDRESS"])
def support(slug: str, post_id: int):
    undo = request.form.get("undo") == "1"
    result = support_post(get_by_slug(slug), post_id, current_participant(), undo=undo)
    if wants_json():
        return jsonify(id=post_id, support_count=result.count, counted=result.counted,
                       supported=result.supported)
    if undo:
        flash(_("Your support has been taken back."), "info")
    elif result.counted:
        flash(_("Thank you for your support."), "success")
    else:
        flash(_("You have already supported this idea."), "info")
    return redirect(url_for("public.board", slug=slug, _anchor=f"inlagg-{post_id}"), code=303)


@bp.get("/samrad/<slug>/inlagg/<id:post_id>/anmal")
def report_page(slug: str, post_id: int):
    """The report form for one post, for a browser without script (the board opens the same
    form in place); it posts to report() below."""
    consultation = get_by_slug(slug)
    post = public_post_in(consultation, post_id)
    if post is None:
        raise NotFound()
    ensure_participant()  # a report counts once per visitor mark
    return render_template("public/report.html", consultation=consultation, post=post)


@bp.post("/samrad/<slug>/inlagg/<id:post_id>/anmal")
@limiter.limit(lambda: current_app.config["RATELIMIT_REPORTS"], key_func=rate_limit_key,
               deduct_when=_counts)
@limiter.limit(lambda: current_app.config["RATELIMIT_REPORTS_PER_ADDRESS"], deduct_when=_counts)
def report(slug: str, post_id: int):
    """ "Report" a published post: once per visitor mark and post; the reporter is told it was
    received (or already was), and nothing about them is shown to anyone."""
    created = report_post(get_by_slug(slug), post_id, current_participant(),
                          request.form.get("reason"), request.form.get("note"))
    message = (_("Thank you. Your report has been received, and a moderator will look at the post.")
               if created else _("You have already reported this post. Thank you: a moderator "
                                 "will look at it."))
    if wants_json():
        return jsonify(id=post_id, received=True, created=created, message=message), \
            201 if created else 200
    flash(message, "success" if created else "info")
    return redirect(url_for("public.board", slug=slug, _anchor=f"inlagg-{post_id}"), code=303)
