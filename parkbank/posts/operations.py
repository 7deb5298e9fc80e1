"""Submitting posts and supporting them: the rules, whichever door (web, JSON, later kiosk and
analog input) the request came in by. Text is kept as typed; what is too long is refused with
its length, never cut."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date

from flask import has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.orm.attributes import set_committed_value

from parkbank.consultations.models import Consultation
from parkbank.consultations.operations import require_open
from parkbank.database import insert_unless_exists
from parkbank.errors import InvalidInput, NotFound, OperationError
from parkbank.extensions import db
from parkbank.i18n import number
from parkbank.live import broadcast, protocol
from parkbank.mail import notices
from parkbank.participants import Participant
from parkbank.posts.models import AnalogSource, Channel, Post, PostState, Support
from parkbank.posts.visibility import public_clause, with_parent
from parkbank.sanitize import normalize_text, render_html
from parkbank.similar.operations import similar_for

BODY_MAX = 2000
ALIAS_MAX = 60
EMAIL_MAX = 254
SUBMISSION_KEY_MAX = 64
# Work on text is linear, but nobody types a hundred thousand characters into a 2,000 field.
_RAW_MAX = 10 * BODY_MAX
# Words a citizen may not sign with: they would speak for the municipality or its moderators.
_RESERVED_ALIAS = re.compile(
    r"\b(kommun(en)?|municipality|council|moderator(n|er|erna)?|admin(istratör(en)?|istrator)?"
    r"|parkbänk(en)?|parkbank|förvaltning(en)?|nämnd(en)?|officiell|official)\b",
    re.IGNORECASE,
)


class NoParticipant(OperationError):
    status = 403
    code = "no_participant"
    message = _l("Your browser has no valid visitor mark. Reload the page and try again.")


@dataclass(frozen=True)
class Origin:
    """Where a post came in: the web by default; a kiosk with its place; a transcribed (analog)
    note with its source, place and day of receipt. Public on the board and in open data."""

    channel: Channel = Channel.WEB
    place: str | None = None
    source: AnalogSource | None = None
    received_on: date | None = None
    kiosk_id: int | None = None


WEB = Origin()


def new_submission_key() -> str:
    """A fresh key for one form: the same form sent twice stores one post."""
    return uuid.uuid4().hex


def _refuse(field: str, message) -> InvalidInput:
    return InvalidInput(message, fields={field: [str(message)]})


def check_body(body: str | None) -> str:
    """The idea as it will be stored, or InvalidInput saying why (empty, or too long and by how much)."""
    if body and len(body) > _RAW_MAX:
        raise _refuse("body", _l("At most %(max)s characters; you wrote %(n)s.",
                                 max=number(BODY_MAX), n=number(len(body))))
    text = normalize_text(body)
    if not text:
        raise _refuse("body", _l("Write something before you send."))
    if len(text) > BODY_MAX:
        raise _refuse("body", _l("At most %(max)s characters; you wrote %(n)s.",
                                 max=number(BODY_MAX), n=number(len(text))))
    return text


def check_alias(alias: str | None) -> str | None:
    text = normalize_text((alias or "")[:_RAW_MAX], multiline=False)
    if len(text) > ALIAS_MAX:
        raise _refuse("alias", _l("At most %(max)s characters; you wrote %(n)s.",
                                  max=number(ALIAS_MAX), n=number(len(text))))
    if _RESERVED_ALIAS.search(text):
        raise _refuse("alias", _l("Choose another name: a citizen cannot sign as the "
                                  "municipality or its moderators."))
    return text or None


def check_email(email: str | None) -> str | None:
    text = normalize_text((email or "")[:_RAW_MAX], multiline=False)
    if len(text) > EMAIL_MAX or (text and "@" not in text):
        raise _refuse("email", _l("That does not look like an e-mail address."))
    return text or None


def submit_post(
    consultation: Consultation,
    *,
    participant: Participant | None,
    body: str,
    alias: str | None = None,
    email: str | None = None,
    consent: bool = False,
    parent_id: int | None = None,
    submission_key: str | None = None,
    origin: Origin = WEB,
    notify_queue: bool = True,
) -> tuple[Post, bool]:
    """Store a new pending post and tell the moderators; returns (post, created).

    `notify_queue=False` is for a post that is decided in the same transaction (a moderator's
    transcription, moderation/transcription.py): the queues hear of its decision only.

    The same participant sending the same submission_key twice gets the first post back; a key
    never reaches another participant's post.
    """
    require_open(consultation)
    body = check_body(body)
    alias = check_alias(alias)
    email = check_email(email)
    if submission_key is not None and not 0 < len(submission_key) <= SUBMISSION_KEY_MAX:
        raise _refuse("submission_key", _l("The form is damaged. Reload the page and try again."))
    parent = _reply_parent(consultation, parent_id) if parent_id is not None else None
    key = participant.key if participant is not None else None
    post = insert_unless_exists(db.session, Post, {
        "consultation_id": consultation.id,
        "parent_id": parent.id if parent else None,
        "body": body,
        "body_html": render_html(body),
        "alias": alias,
        # An address is kept only with explicit consent (GDPR: no purpose, no storage).
        "email": email if consent else None,
        "email_consent": bool(consent and email),
        "channel": origin.channel,
        "place": origin.place,
        "source": origin.source,
        "received_on": origin.received_on,
        "kiosk_id": origin.kiosk_id,
        "participant_key": key,
        "submission_key": submission_key if key else None,
        "state": PostState.PENDING,
        "locale": _author_locale(),
    }, ["consultation_id", "participant_key", "submission_key"])
    if post is None:  # the same participant's submission again (a double click, a retry)
        return _own_submission(consultation.id, key, submission_key), False
    notices.request_confirmation(post)  # double opt-in: only a confirmed address gets notices
    if notify_queue:
        broadcast.notify_queue(consultation.id, protocol.POST_SUBMITTED,
                               protocol.post_submitted(post, parent, similar_for(post)))
    return post, True


def _author_locale() -> str | None:
    """The UI language the author wrote in: their messages are in it (parkbank/mail)."""
    return str(get_locale()) if has_request_context() else None


def _own_submission(consultation_id: int, participant_key: str, submission_key: str) -> Post:
    return db.session.execute(
        select(Post).where(Post.consultation_id == consultation_id,
                           Post.participant_key == participant_key,
                           Post.submission_key == submission_key)
    ).scalar_one()


def public_post_in(consultation: Consultation, post_id: int | None) -> Post | None:
    if post_id is None or not 0 < post_id < 2**62:
        return None
    return db.session.execute(
        with_parent(select(Post))
        .where(Post.id == post_id, Post.consultation_id == consultation.id, public_clause())
    ).scalar_one_or_none()


def _reply_parent(consultation: Consultation, parent_id: int) -> Post:
    parent = public_post_in(consultation, parent_id)
    if parent is None or parent.parent_id is not None:
        raise _refuse("parent_id", _l(
            "The idea you replied to is no longer published, so the reply cannot be sent. "
            "Your text is still here: you can send it as a new idea."))
    return parent


@dataclass(frozen=True)
class SupportResult:
    count: int
    counted: bool    # whether this request changed the count
    supported: bool  # whether this participant supports the post now


def support_post(consultation: Consultation, post_id: int, participant: Participant | None,
                 *, undo: bool = False) -> SupportResult:
    """One "Instämmer" per participant on a public post, or take it back with undo=True.
    A request without a valid participant never counts."""
    post = public_post_in(consultation, post_id)
    if post is None:
        raise NotFound()
    require_open(consultation)
    if participant is None:
        raise NoParticipant()
    if undo:
        changed = db.session.execute(
            delete(Support).where(Support.post_id == post.id,
                                  Support.participant_key == participant.key)
        ).rowcount == 1
    else:
        changed = insert_unless_exists(db.session, Support,
                                       {"post_id": post.id, "participant_key": participant.key},
                                       ["post_id", "participant_key"]) is not None
    if not changed:
        return SupportResult(post.support_count, False, not undo)
    count = db.session.execute(
        update(Post)
        .where(Post.id == post.id)
        .values(support_count=Post.support_count + (-1 if undo else 1))
        .returning(Post.support_count)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    set_committed_value(post, "support_count", count)
    broadcast.publish_board(protocol.SUPPORT_CHANGED, post)
    return SupportResult(post.support_count, True, not undo)

