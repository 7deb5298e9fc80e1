"""The roles' names as staff read them; the one home of these labels."""

from flask_babel import lazy_gettext as _l

from parkbank.auth.models import Role

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.MODERATOR: _l("Moderator"),
    Role.PROJECT_LEADER: _l("Project leader"),
    Role.RESPONDER: _l("Responder"),
}
