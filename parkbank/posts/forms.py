from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import Email, NumberRange, Optional, ValidationError

from parkbank.errors import InvalidInput
from parkbank.forms import Form
from parkbank.posts.operations import ALIAS_MAX, check_alias, check_body


def _by_rule(check):
    """A form validator that asks the operation's own rule, so the web form and every other door
    refuse the same input with the same words."""
    def validate(form, field):
        try:
            check(field.data)
        except InvalidInput as refusal:
            raise ValidationError(refusal.message) from None
    return validate


class PostForm(Form):
    # No maxlength: a pasted text over the limit is refused with its length, never cut silently.
    body = TextAreaField(_l("Your idea"), validators=[_by_rule(check_body)], render_kw={"rows": 6})
    alias = StringField(
        _l("Name or alias (optional, shown publicly)"),
        validators=[_by_rule(check_alias)],
        render_kw={"autocomplete": "nickname", "data-max": ALIAS_MAX},
    )
    # E-mail and consent (README contract): the form's promise is in templates/mail/_form.html;
    # messages only after the address is confirmed (parkbank/mail).
    email = StringField(_l("E-mail (optional, never shown)"),
                        validators=[Optional(), Email(message=_l("That does not look like an "
                                                                 "e-mail address."))])
    consent = BooleanField(_l("Yes, you may store my address to e-mail me about this post."))
    parent_id = IntegerField(validators=[Optional(), NumberRange(min=1, max=2**62)],
                             widget=HiddenField.widget)
    submission_key = HiddenField()

    def validate_consent(self, field):
        if self.email.data and not field.data:
            raise ValidationError(
                _l("Tick the box if we may store your e-mail address, or leave the address out.")
            )
