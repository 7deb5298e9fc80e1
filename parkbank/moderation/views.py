"""The moderators' side: the live queue and decisions. Every view checks can_moderate(), and the
life cycle checks again who may take each action."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from parkbank.auth.guards import guard
from parkbank.auth.permissions import can_moderate
from parkbank.consultations.models import Consultation
from parkbank.consultations.operations import get_for_staff
from parkbank.errors import Conflict, Forbidden, InvalidInput, NotFound
from parkbank.extensions import db
from parkbank.http import discard_changes, error_response, page_arg, wants_json
from parkbank.i18n import format_time
from parkbank.moderation import lifecycle
from parkbank.moderation.forms import DecisionForm
from parkbank.moderation.labels import ACTION_LABELS
from parkbank.moderation.marks import set_politician_view
from parkbank.moderation.models import Action
from parkbank.posts.models import Post, PostState
from parkbank.posts.queries import SEARCH_MAX, pending_posts, search_public_posts
from parkbank.reports.operations import dismiss_reports, reported_posts
from parkbank.similar.operations import queue_similar
from parkbank.themes.forms import chosen_theme_ids
from parkbank.themes.operations import set_post_themes
from parkbank.themes.queries import themes_of

bp = Blueprint("moderation", __name__, url_prefix="/moderering")
PUBLISHED_PER_PAGE = 50


bp.before_request(guard(can_moderate))


@bp.get("/")
def index():
    pending = dict(db.session.execute(
        select(Post.consultation_id, func.count(Post.id))
        .where(Post.state == PostState.PENDING).group_by(Post.consultation_id)
    ).all())
    consultations = [c for c in db.session.execute(
        select(Consultation).order_by(Consultation.created_at.desc())
    ).scalars() if can_moderate(current_user, c)]
    return render_template("moderation/index.html", consultations=consultations, pending=pending)


@bp.get("/<slug>")
def queue(slug: str):
    consultation = get_for_staff(slug)
    if not can_moderate(current_user, consultation):
        raise Forbidden()
    page = page_arg("sida")
    q = " ".join(request.args.get("q", "")[:SEARCH_MAX].split())  # bounded, spaces tidied
    published, total = search_public_posts(consultation.id, q, page, PUBLISHED_PER_PAGE)
    pending = pending_posts(consultation.id)
    return render_template(
        "moderation/queue.html", consultation=consultation,
        pending=pending, similar=queue_similar(consultation, [post for post, _ in pending]),
        published=published, page=page,
        reported=reported_posts(consultation.id),
        has_more=page * PUBLISHED_PER_PAGE < total, total=total,
        pages=max(1, -(-total // PUBLISHED_PER_PAGE)), q=q, search_max=SEARCH_MAX,
        themes=themes_of(consultation.id),
    )


# The decision page without script: its title, the reason's legend and the button, per action.
_PAGE_TITLES = {"reject": _l("Reject the post"), "withdraw": _l("Remove the published post"),
                "approve": _l("Approve with a note")}
_PAGE_LEGENDS = {"reject": _l("Reason"), "withdraw": _l("Reason for removal"), "approve": ""}
_PAGE_SUBMITS = {"reject": _l("Reject"), "withdraw": _l("Remove"), "approve": _l("Approve")}


@bp.get("/inlagg/<id:post_id>/beslut")
def decision_page(post_id: int):
    """One post's reason (and note) form, for a browser without script: the queue's "Reject…",
    "Note…" and "Remove…" lead here; it posts to decide_post, which checks everything again."""
    post = moderated_post(post_id)
    action = request.args.get("action", "")
    if action not in _PAGE_TITLES:
        action = "withdraw" if post.state == PostState.APPROVED else "reject"
    fits = post.state == (PostState.APPROVED if action == "withdraw" else PostState.PENDING)
    parent = db.session.get(Post, post.parent_id) if post.parent_id else None
    return render_template(
        "moderation/decide.html", consultation=post.consultation, post=post, parent=parent,
        action=action, fits=fits, titles=_PAGE_TITLES, legends=_PAGE_LEGENDS, submits=_PAGE_SUBMITS,
    )


def moderated_post(post_id: int) -> Post:
    """The post, if the user moderates its consultation: refused before any input is read."""
    post = db.session.get(Post, post_id)
    if post is None:
        raise NotFound()
    if not can_moderate(current_user, post.consultation):
        raise Forbidden()
    return post


@bp.post("/inlagg/<id:post_id>/beslut")
def decide_post(post_id: int):
    post = moderated_post(post_id)  # kept: the session holds it weakly, and apply() reads it
    form = DecisionForm()
    if not form.validate():
        raise InvalidInput(_("Please check the form."), fields=form.errors)
    themes = chosen_theme_ids(request.form)
    try:
        if (themes is not None and form.chosen_action is Action.APPROVE
                and post.state is PostState.PENDING and post.parent_id is None):
            # Tagged first, so the boards' post_published carries the themes.
            set_post_themes(post_id, themes, user=current_user)
        outcome = lifecycle.apply(post_id, form.chosen_action, user=current_user,
                                  reason=form.chosen_reason, note=form.note.data,
                                  duplicate_of=form.duplicate_of.data)
    except Conflict as conflict:
        if wants_json():
            return error_response(409, _conflict_text(conflict), conflict.code, **conflict.details)
        discard_changes()  # told with a redirect back to the queue, but nothing of it is kept
        flash(_conflict_text(conflict), "error")
        return redirect(url_for(".queue", slug=post.consultation.slug), code=303)
    if wants_json():
        return jsonify(id=post_id, status=outcome.post.state.value,
                       action=outcome.decision.action.value,
                       decided_by=current_user.name,
                       decided_at=outcome.decision.created_at.isoformat())
    flash(_("Decision saved for post %(id)s.", id=post_id), "success")
    return redirect(url_for(".queue", slug=outcome.post.consultation.slug, _anchor="ko"), code=303)


def _conflict_text(conflict: Conflict) -> str:
    details = conflict.details
    if isinstance(conflict, lifecycle.AlreadyDecided):
        when = format_time(datetime.fromisoformat(details["decided_at"]))
        return _("%(name)s already %(action)s this post (%(when)s).", name=details["decided_by"],
                 action=ACTION_LABELS[Action(details["action"])], when=when)
    return conflict.message


@bp.post("/inlagg/<id:post_id>/politiker")
def politician_view(post_id: int):
    """Mark (on=1) or unmark (on=0) a post as a politician's personal view."""
    post = set_politician_view(post_id, request.form.get("on") == "1", user=current_user)
    if wants_json():
        return jsonify(id=post.id, politician_view=post.politician_view)
    flash(_("The post is marked as a politician's personal view.") if post.politician_view
          else _("The politician mark has been removed."), "success")
    return redirect(url_for(".queue", slug=post.consultation.slug, _anchor=f"ko-{post.id}"), code=303)


@bp.post("/inlagg/<id:post_id>/teman")
def tag_post(post_id: int):
    """Tag a waiting or published idea with exactly the ticked themes (an edit that keeps its state)."""
    moderated_post(post_id)
    chosen = chosen_theme_ids(request.form)
    if chosen is None:  # a form without the choice says nothing: it must not untag the idea
        return error_response(400, _("The form did not say which themes the post should have."),
                              "invalid_input")
    post, _changed = set_post_themes(post_id, chosen, user=current_user)
    themes = [{"id": t.id, "slug": t.slug, "name": t.name} for t in post.themes]
    if wants_json():
        return jsonify(id=post.id, themes=themes)
    flash(_("Themes saved for post %(id)s.", id=post.id), "success")
    return redirect(url_for(".queue", slug=post.consultation.slug, _anchor="published-heading"), code=303)


@bp.post("/inlagg/<id:post_id>/anmalningar/avfarda")
def dismiss(post_id: int):
    """Nothing to remove: the post's open reports are closed (the post stays published)."""
    try:
        closed = dismiss_reports(post_id, current_user)
    except Conflict as conflict:
        if wants_json():
            return error_response(409, conflict.message, conflict.code)
        flash(conflict.message, "info")
        return redirect(url_for(".queue", slug=db.session.get(Post, post_id).consultation.slug,
                                _anchor="anmalda"), code=303)
    if wants_json():
        return jsonify(id=post_id, dismissed=closed)
    flash(_("The reports have been dismissed; the post stays published."), "success")
    post = db.session.get(Post, post_id)
    return redirect(url_for(".queue", slug=post.consultation.slug, _anchor="anmalda"), code=303)
