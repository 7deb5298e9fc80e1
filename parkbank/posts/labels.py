"""Words shown for the channel a post came through, in the visitor's language."""

from flask_babel import lazy_gettext as _l

from parkbank.posts.models import Channel

CHANNEL_LABELS = {
    Channel.WEB: _l("Web"),
    Channel.KIOSK: _l("Kiosk"),
    Channel.ANALOG: _l("Analog (transcribed)"),
}
