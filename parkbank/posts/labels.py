"""Words shown for a post's state and channel, in the visitor's language."""

from flask_babel import lazy_gettext as _l

from parkbank.posts.models import Channel, PostState

STATUS_LABELS = {
    PostState.PENDING: _l("Waiting for moderation"),
    PostState.APPROVED: _l("Published"),
    PostState.REJECTED: _l("Not approved"),
    PostState.WITHDRAWN: _l("Removed"),
}

CHANNEL_LABELS = {
    Channel.WEB: _l("Web"),
    Channel.KIOSK: _l("Kiosk"),
    Channel.ANALOG: _l("Analog (transcribed)"),
}
