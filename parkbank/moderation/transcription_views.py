"""The analog input door: a moderator types in notes that came in on paper, at a workshop, by phone
or letter, or on the idea wall. After each one the form comes back with the source, place and day
kept, so a pile of notes from one workshop is entered one after another. Registered on the
moderation blueprint, whose before_request lets only moderators in."""

from __future__ import annotations

from datetime import date

from flask import jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from parkbank.auth.permissions import can_moderate
from parkbank.consultations.operations import get_for_staff
from parkbank.errors import ConsultationClosed, ConsultationPaused, Forbidden, InvalidInput
from parkbank.extensions import db
from parkbank.forms import refused, status_of
from parkbank.http import wants_json
from parkbank.moderation.forms import TranscriptionForm
from parkbank.moderation.transcription import PLACE_MAX, recent_transcriptions, today, transcribe
from parkbank.moderation.views import bp
from parkbank.posts.models import Channel, Post
from parkbank.posts.operations import ALIAS_MAX, SUBMISSION_KEY_MAX, new_submission_key
from parkbank.themes.forms import chosen_theme_ids
from parkbank.themes.queries import themes_of


def _consultation(slug: str):
    consultation = get_for_staff(slug)
    if not can_moderate(current_user, consultation):
        raise Forbidden()
    return consultation


@bp.get("/<slug>/analog")
def transcribe_page(slug: str):
    """The form; after a saved note (`published`), with its source, place and day kept."""
    consultation = _consultation(slug)
    form = TranscriptionForm(formdata=None, data={
        "source": request.args.get("source") or None,
        "place": request.args.get("place", "")[:PLACE_MAX * 2],
        "received_on": _day(request.args.get("received_on")) or today(),
        "submission_key": new_submission_key(),
    })
    return _render(consultation, form, published=_published(consultation.id))


@bp.post("/<slug>/analog")
def transcribe_note(slug: str):
    consultation = _consultation(slug)
    form = TranscriptionForm()
    if form.validate():
        try:
            post = transcribe(consultation, by=current_user, body=form.body.data,
                              source=form.source.data, place=form.place.data,
                              received_on=form.received_on.data, alias=form.alias.data,
                              submission_key=(form.submission_key.data or "")[:SUBMISSION_KEY_MAX] or None,
                              theme_ids=chosen_theme_ids(request.form) or ())
        except InvalidInput as error:
            if wants_json():
                raise
            refused(form, error)
        else:
            return _saved(post)
    elif wants_json():
        raise InvalidInput(_("Please check the form."), fields=form.errors)
    return _render(consultation, form), status_of(form)


def _saved(post: Post):
    if wants_json():
        return jsonify(id=post.id, status=post.state.value, channel=post.channel.value,
                       source=post.source.value, place=post.place,
                       received_on=post.received_on.isoformat()), 201
    return redirect(url_for(".transcribe_page", slug=post.consultation.slug, published=post.id,
                            source=post.source.value, place=post.place or None,
                            received_on=post.received_on.isoformat()), code=303)


def _render(consultation, form, published: Post | None = None):
    return render_template(
        "moderation/transcribe.html", consultation=consultation, form=form, published=published,
        recent=recent_transcriptions(consultation.id), place_max=PLACE_MAX, alias_max=ALIAS_MAX,
        today=today(), closed_message=(ConsultationPaused.message if consultation.is_paused
                                       else ConsultationClosed.message),
        themes=themes_of(consultation.id), chosen_themes=chosen_theme_ids(request.form) or [])


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw and len(raw) == 10 else None
    except ValueError:
        return None


def _published(consultation_id: int) -> Post | None:
    """The note just saved, named by the redirect: only a transcription of this consultation."""
    raw = request.args.get("published", "")
    post = db.session.get(Post, int(raw)) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None
    if post is None or post.consultation_id != consultation_id or post.channel is not Channel.ANALOG:
        return None
    return post
