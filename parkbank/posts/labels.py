"""Words shown for the channel a post came through, in the visitor's language."""

from flask_babel import lazy_gettext as _l

from parkbank.posts import pii
from parkbank.posts.models import AnalogSource, Channel

CHANNEL_LABELS = {
    Channel.WEB: _l("Web"),
    Channel.KIOSK: _l("Kiosk"),
    Channel.ANALOG: _l("Analog (transcribed)"),
}

# Shown on a transcribed post instead of the channel's word: how it reached the municipality.
SOURCE_LABELS = {
    AnalogSource.PAPER: _l("Received on paper"),
    AnalogSource.WORKSHOP: _l("From a workshop"),
    AnalogSource.PHONE: _l("Received by phone"),
    AnalogSource.LETTER: _l("Received by letter"),
    AnalogSource.WALL: _l("From the idea wall"),
}

# The kinds of personal data the moderation queue warns about (parkbank.posts.pii).
PII_LABELS = {
    pii.PERSONAL_IDENTITY_NUMBER: _l("personal identity number"),
    pii.COORDINATION_NUMBER: _l("coordination number"),
    pii.PHONE: _l("phone number"),
    pii.EMAIL: _l("e-mail address"),
}


def origin_label(post) -> str:
    """Where a post came in, as the board shows it: "" for the web; "Kiosk · Stadsbiblioteket",
    "Received on paper · Workshop in Mörrum". static/js/live.js (fill) writes the same."""
    if post.channel == Channel.WEB:
        return ""
    label = str(SOURCE_LABELS[post.source] if post.source is not None else CHANNEL_LABELS[post.channel])
    return f"{label} · {post.place}" if post.place else label
