"""Analog input: a moderator transcribes a note that came in on paper, at a workshop, by phone or
letter, or on the library's idea wall. It is a post like any other (the same checks of text and
signature, the same open-or-not rule), stored with channel "analog", its source, place and day of
receipt, and approved at once through the post life cycle by the moderator who typed it, so the
decision row, the audit entry and the board event are those of any approval (README, design notes).
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select

from parkbank.auth.permissions import can_moderate
from parkbank.consultations.models import Consultation
from parkbank.consultations.operations import require_open
from parkbank.database import utcnow
from parkbank.errors import Forbidden, InvalidInput
from parkbank.extensions import db
from parkbank.i18n import format_day, number
from parkbank.moderation import lifecycle
from parkbank.moderation.models import Action, Decision
from parkbank.participants.marks import participant_for
from parkbank.posts.models import AnalogSource, Channel, Post
from parkbank.posts.operations import Origin, check_alias, check_body, submit_post
from parkbank.sanitize import normalize_text
from parkbank.themes.operations import set_post_themes

PLACE_MAX = 120  # post.place
# A note handed in long before the consultation opened belongs to some other process (or the
# year was mistyped): a year before the opening is as far back as a transcription may reach.
EARLIEST_BEFORE_OPENING = timedelta(days=365)
_RAW_MAX = 10 * PLACE_MAX


def today() -> date:
    """Today where the organisation is (PARKBANK_TIMEZONE), not on the server's clock."""
    return utcnow().astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def earliest_day(consultation: Consultation) -> date:
    """The first day a note of this consultation may have been received."""
    opened = consultation.opens_at or consultation.created_at or utcnow()
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return opened.astimezone(zone).date() - EARLIEST_BEFORE_OPENING


def transcribe(consultation: Consultation, *, by, body: str | None, source, place: str | None,
               received_on: date | None, alias: str | None = None,
               submission_key: str | None = None, theme_ids=()) -> Post:
    """Store a transcribed note as an approved post by `by`, tagged with `theme_ids`, or raise
    Forbidden, ConsultationClosed (closed or paused, as for any post) or InvalidInput naming
    every field that is wrong at once."""
    if not can_moderate(by, consultation):
        raise Forbidden()
    require_open(consultation)
    source, place = _checked(consultation, body, source, place, received_on, alias)
    # Born pending for one moment, and approved in the same transaction: the moderators' queues
    # are not told of a post nobody needs to decide (the approval tells them it is decided).
    # The moderator is the participant: the form's submission key, sent twice (a double click,
    # a resent form), stores and publishes the note once.
    post, created = submit_post(
        consultation, participant=participant_for("staff", str(by.id)), body=body, alias=alias,
        submission_key=submission_key, notify_queue=False,
        origin=Origin(channel=Channel.ANALOG, place=place, source=source, received_on=received_on),
    )
    if not created:
        return post
    if theme_ids:  # tagged while still pending, so the boards' post_published carries the themes
        set_post_themes(post.id, theme_ids, user=by)
    return lifecycle.apply(post.id, Action.APPROVE, user=by).post


def _checked(consultation, body, source, place, received_on, alias):
    """(source, place) as they will be stored; every field's refusal in one InvalidInput."""
    fields: dict[str, list[str]] = {}
    for check, value in ((check_body, body), (check_alias, alias)):
        try:
            check(value)
        except InvalidInput as error:
            fields.update(error.details["fields"])
    try:
        source = AnalogSource(source)
    except ValueError:
        fields["source"] = [str(_l("Choose how the note came in."))]
    place = normalize_text((place or "")[:_RAW_MAX], multiline=False) or None
    if place is not None and len(place) > PLACE_MAX:
        fields["place"] = [str(_l("At most %(max)s characters; you wrote %(n)s.",
                                  max=number(PLACE_MAX), n=number(len(place))))]
    day_error = _day_error(consultation, received_on)
    if day_error:
        fields["received_on"] = [day_error]
    if fields:
        raise InvalidInput(_l("Please check the form."), fields=fields)
    return source, place


def _day_error(consultation, received_on: date | None) -> str | None:
    if received_on is None:
        return str(_l("Give the day the note was received."))
    if received_on > today():
        return str(_l("The day cannot be in the future."))
    earliest = earliest_day(consultation)
    if received_on < earliest:
        return str(_l("That is more than a year before the consultation opened; the earliest day "
                      "is %(day)s.", day=format_day(earliest)))
    return None


RECENT = 10


def recent_transcriptions(consultation_id: int, limit: int = RECENT) -> list[tuple[Post, Decision]]:
    """The latest transcribed posts of a consultation, newest first, each with its approval (who
    typed it in, and when); withdrawn ones too, so the list is what was entered."""
    return list(db.session.execute(
        select(Post, Decision)
        .join(Decision, and_(Decision.post_id == Post.id, Decision.action == Action.APPROVE))
        .where(Post.consultation_id == consultation_id, Post.channel == Channel.ANALOG)
        .order_by(Post.id.desc())
        .limit(limit)
    ).all())
