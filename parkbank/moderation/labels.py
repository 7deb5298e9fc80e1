"""Words shown for a post's state, a moderation action and a reason, in the visitor's language.
The one home of these labels: the board, the queue, live texts and later exports read them here."""

from flask_babel import lazy_gettext as _l

from parkbank.moderation.models import Action, Reason
from parkbank.posts.models import PostState

STATE_LABELS = {
    PostState.PENDING: _l("Waiting for moderation"),
    PostState.APPROVED: _l("Published"),
    PostState.REJECTED: _l("Not approved"),
    PostState.WITHDRAWN: _l("Removed"),
}

ACTION_LABELS = {
    Action.APPROVE: _l("approved"),
    Action.REJECT: _l("rejected"),
    Action.WITHDRAW: _l("removed"),
}

REASON_LABELS = {
    Reason.PERSONAL_DATA: _l("Contains personal data"),
    Reason.CONFIDENTIAL: _l("Contains confidential information"),
    Reason.THREAT_OR_HATE: _l("Threat or hate speech"),
    Reason.OFF_TOPIC: _l("Off topic for this consultation"),
    Reason.SPAM: _l("Advertising or spam"),
    Reason.DUPLICATE: _l("Duplicate of another post"),
    Reason.OTHER: _l("Other reason"),
}


def as_dict(labels: dict) -> dict[str, str]:
    """Labels keyed by their codes, as templates and the pages' JSON texts use them."""
    return {key.value: str(label) for key, label in labels.items()}
