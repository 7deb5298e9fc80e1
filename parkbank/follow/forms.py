from flask_babel import lazy_gettext as _l
from wtforms import SubmitField

from parkbank.forms import Form


class RevokeForm(Form):
    """Revoke a follow link: one clear button, CSRF-checked."""

    submit = SubmitField(_l("Revoke this link"))
