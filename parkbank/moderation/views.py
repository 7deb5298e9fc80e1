"""The moderators' side: the live queue and decisions. Every view checks can_moderate(), and the
life cycle checks again who may take each action."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from parkbank.auth.permissions import can_moderate
from parkbank.consultations.models import Consultation
from parkbank.consultations.operations import get_for_staff
from parkbank.errors import Conflict, Forbidden, InvalidInput
from parkbank.extensions import db, login_manager
from parkbank.http import discard_changes, error_response, page_arg, wants_json
from parkbank.i18n import format_time
from parkbank.moderation import lifecycle
from parkbank.moderation.forms import DecisionForm
from parkbank.moderation.labels import ACTION_LABELS
from parkbank.moderation.models import Action
from parkbank.posts.models import Post, PostState
from parkbank.posts.queries import pending_posts, public_posts

bp = Blueprint("moderation", __name__, url_prefix="/moderering")
PUBLISHED_PER_PAGE = 50


@bp.before_request
def require_moderator():
    if not current_user.is_authenticated:
        if wants_json():
            return error_response(401, _("Please log in."), "unauthorized")
        return login_manager.unauthorized()
    if not can_moderate(current_user):
        raise Forbidden()
    return None


@bp.get("/")
def index():
    pending = dict(db.session.execute(
        select(Post.consultation_id, func.count(Post.id))
        .where(Post.state == PostState.PENDING).group_by(Post.consultation_id)
    ).all())
    consultations = db.session.execute(
        select(Consultation).order_by(Consultation.created_at.desc())
    ).scalars()
    return render_template("moderation/index.html", consultations=consultations, pending=pending)


@bp.get("/<slug>")
def queue(slug: str):
    consultation = get_for_staff(slug)
    if not can_moderate(current_user, consultation):
        raise Forbidden()
    page = page_arg("sida")
    published, total = public_posts(consultation.id, page, PUBLISHED_PER_PAGE, newest_first=True)
    return render_template(
        "moderation/queue.html", consultation=consultation,
        pending=pending_posts(consultation.id), published=published, page=page,
        has_more=page * PUBLISHED_PER_PAGE < total,
    )


@bp.post("/inlagg/<id:post_id>/beslut")
def decide_post(post_id: int):
    form = DecisionForm()
    if not form.validate():
        raise InvalidInput(_("Please check the form."), fields=form.errors)
    try:
        outcome = lifecycle.apply(post_id, form.chosen_action, user=current_user,
                                  reason=form.chosen_reason, note=form.note.data)
    except Conflict as conflict:
        if wants_json():
            return error_response(409, _conflict_text(conflict), conflict.code, **conflict.details)
        discard_changes()  # told with a redirect back to the queue, but nothing of it is kept
        flash(_conflict_text(conflict), "error")
        return redirect(url_for(".queue", slug=db.session.get(Post, post_id).consultation.slug),
                        code=303)
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
