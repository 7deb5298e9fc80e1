"""The redaction door: a page that shows a post and lets a moderator choose what to remove (the
personal data found, pre-checked, and exact passages typed or selected), and the POST that does it.
Registered on the moderation blueprint, whose before_request lets only moderators in."""

from __future__ import annotations

import re

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from parkbank.errors import InvalidInput
from parkbank.extensions import db
from parkbank.http import wants_json
from parkbank.moderation.redaction import MAX_PASSAGES, MAX_RANGES, REDACTABLE, redact
from parkbank.moderation.views import bp, moderated_post
from parkbank.posts.models import Post
from parkbank.posts.pii import find_personal_data

_SPAN = re.compile(r"([0-9]{1,6}):([0-9]{1,6})")
PASSAGES_FIELD_MAX = 12_000  # characters of the passages field read at all




def _render(post: Post, *, chosen=None, passages_text: str = "", errors=None, status=200):
    findings = find_personal_data(post.body)
    chosen = {f"{f.start}:{f.end}" for f in findings} if chosen is None else chosen
    parent = db.session.get(Post, post.parent_id) if post.parent_id else None
    return render_template(
        "moderation/redact.html", consultation=post.consultation, post=post, parent=parent,
        findings=findings, chosen=chosen, passages_text=passages_text, errors=errors or {},
        redactable=post.state in REDACTABLE, max_passages=MAX_PASSAGES), status


@bp.get("/inlagg/<id:post_id>/maskera")
def redaction_page(post_id: int):
    return _render(moderated_post(post_id))


def _parse():
    """Ranges ("start:end", code points) and exact passages (one per line), bounded."""
    raw_spans = request.form.getlist("span")[:MAX_RANGES + 1]
    ranges = []
    for raw in raw_spans:
        match = _SPAN.fullmatch(raw.strip())
        if match is None:
            raise InvalidInput(_("Please check the form."), fields={"passages": [_("Unknown passage.")]})
        ranges.append((int(match[1]), int(match[2])))
    text = request.form.get("passages", "")[:PASSAGES_FIELD_MAX]
    passages = [line for line in text.splitlines() if line.strip()]
    return raw_spans, ranges, text, passages


@bp.post("/inlagg/<id:post_id>/maskera")
def redact_post(post_id: int):
    post = moderated_post(post_id)
    raw_spans, ranges, text, passages = _parse()
    try:
        done = redact(post_id, user=current_user, ranges=ranges, passages=passages)
    except InvalidInput as error:
        if wants_json():
            raise
        db.session.rollback()
        post = moderated_post(post_id)
        return _render(post, chosen=set(raw_spans), passages_text=text,
                       errors=error.details.get("fields") or {"passages": [str(error.message)]},
                       status=400)
    if wants_json():
        return jsonify(id=post_id, status=done.post.state.value, body=done.post.body,
                       body_html=done.post.body_html, revision_id=done.revision.id,
                       passages=done.spans)
    flash(_("Post %(id)s is redacted: the removed words are no longer shown anywhere.", id=post_id),
          "success")
    return redirect(url_for(".queue", slug=done.post.consultation.slug, _anchor="ko"), code=303)
