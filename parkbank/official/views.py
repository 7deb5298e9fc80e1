"""The responders' doors (blueprint "official"): publish an official reply, and the page to work
from. Only responders assigned to the consultation (can_respond); the operation checks again."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from parkbank.auth.guards import require
from parkbank.auth.permissions import can_respond
from parkbank.consultations.operations import get_by_slug
from parkbank.errors import Forbidden, InvalidInput
from parkbank.http import error_response, page_arg, wants_json
from parkbank.official.operations import ideas_to_answer, publish_official_reply

bp = Blueprint("official", __name__)
PER_PAGE = 30


@bp.post("/samrad/<slug>/inlagg/<id:post_id>/svar")
def reply(slug: str, post_id: int):
    consultation = get_by_slug(slug)
    if not current_user.is_authenticated and not wants_json():
        raise Forbidden()  # the contract: anyone but an assigned responder gets 403 (JSON: 401)
    if (refusal := require(can_respond, consultation)) is not None:
        return refusal
    try:
        post = publish_official_reply(consultation, post_id, current_user, request.form.get("body"))
    except InvalidInput as refusal:  # without script: the page says why, and Back keeps the text
        return error_response(400, refusal.message, refusal.code, **refusal.details)
    if wants_json():
        return jsonify(id=post.id, parent_id=post.parent_id, status=post.state.value,
                       official={"name": post.official_name, "title": post.official_title}), 201
    flash(_("The municipality's reply has been published."), "success")
    if request.form.get("from") == "svara":
        return redirect(url_for(".answer_page", slug=slug, _anchor=f"ide-{post.parent_id}"), code=303)
    return redirect(url_for("public.board", slug=slug, _anchor=f"inlagg-{post.id}"), code=303)


@bp.get("/samrad/<slug>/svara")
def answer_page(slug: str):
    """The published ideas, those without the municipality's reply first, each with its form."""
    consultation = get_by_slug(slug)
    if (refusal := require(can_respond, consultation)) is not None:
        return refusal
    page = page_arg("sida")
    ideas, total = ideas_to_answer(consultation.id, page, PER_PAGE)
    return render_template("official/answer.html", consultation=consultation, ideas=ideas,
                           page=page, has_more=page * PER_PAGE < total, total=total,
                           pages=max(1, -(-total // PER_PAGE)))
