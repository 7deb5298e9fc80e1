"""The citizens' side (blueprint "public"): the start page, a consultation's live board, and the
language switch. Posting and supporting are posts/views.py."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from parkbank.auth.permissions import can_respond
from parkbank.consultations.models import Consultation
from parkbank.consultations.operations import get_by_slug, idea_counts, listed_consultations
from parkbank.follow.browser import just_sent, own_links
from parkbank.http import page_arg, safe_next
from parkbank.outcomes.figures import figures_for
from parkbank.participants import current_participant, ensure_participant
from parkbank.posts.forms import PostForm
from parkbank.posts.operations import new_submission_key
from parkbank.posts.queries import board_page, own_posts, supported_by
from parkbank.themes.queries import board_themes, theme_by_slug

bp = Blueprint("public", __name__)


@bp.get("/")
def index():
    consultations = listed_consultations()
    return render_template("public/index.html", consultations=consultations,
                           idea_counts=idea_counts([c.id for c in consultations]))


@bp.get("/samrad/<slug>")
def board(slug: str):
    consultation = get_by_slug(slug)
    ensure_participant()  # the visitor's mark, needed to support and to follow one's own posts
    return render_board(consultation, PostForm(submission_key=new_submission_key()))


def render_board(consultation: Consultation, form: PostForm, status: int = 200):
    """The board page; `form` is the main form, or the reply form that failed validation. With
    `?tema=<slug>` only the ideas of that theme (an address to share)."""
    slug = request.args.get("tema", "")
    theme = theme_by_slug(consultation.id, slug) if slug else None
    page = board_page(consultation.id, page_arg("sida"), current_app.config["BOARD_PAGE_SIZE"],
                      theme.id if theme else None)
    reply_form = form if form.parent_id.data else None
    if reply_form is not None:
        form = PostForm(formdata=None, submission_key=new_submission_key())
        if reply_form.parent_id.data not in page.replies:
            # The idea is gone from this page (e.g. withdrawn): keep the text in the main form.
            form.body.data, form.alias.data = reply_form.body.data, reply_form.alias.data
            form.body.errors = [*reply_form.parent_id.errors, *reply_form.body.errors]
            reply_form = None
    participant = current_participant()
    mine = own_posts(consultation.id, participant)
    follow_links = own_links([own.post.id for own in mine])
    shown = [p.id for p in page.posts] + [r.id for rs in page.replies.values() for r in rs]
    return render_template(
        "public/board.html", consultation=consultation, page=page, form=form,
        reply_form=reply_form, own_posts=mine, follow_links=follow_links,
        just_sent=just_sent(follow_links),
        supported=supported_by(participant, shown), last_event_id=consultation.event_seq,
        can_answer=can_respond(current_user, consultation),
        themes=board_themes(consultation.id), theme=theme, figures=figures_for(consultation),
    ), status


@bp.get("/sprak/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next"), url_for(".index")))
