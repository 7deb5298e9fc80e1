"""Words shown for the channel a post came through, in the visitor's language."""

from flask_babel import lazy_gettext as _l

from parkbank.posts import pii
from parkbank.posts.models import Channel

CHANNEL_LABELS = {
    Channel.WEB: _l("Web"),
    Channel.KIOSK: _l("Kiosk"),
    Channel.ANALOG: _l("Analog (transcribed)"),
}

# The kinds of personal data the moderation queue warns about (parkbank.posts.pii).
PII_LABELS = {
    pii.PERSONAL_IDENTITY_NUMBER: _l("personal identity number"),
    pii.COORDINATION_NUMBER: _l("coordination number"),
    pii.PHONE: _l("phone number"),
    pii.EMAIL: _l("e-mail address"),
}
