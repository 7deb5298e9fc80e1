from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from parkbank.forms import Form
from parkbank.i18n import number
from parkbank.posts.operations import ALIAS_MAX, BODY_MAX
from parkbank.sanitize import clean_text


class PostForm(Form):
    body = TextAreaField(
        _l("Your idea"),
        validators=[DataRequired(_l("Write something before you send."))],
        render_kw={"maxlength": BODY_MAX, "rows": 6},
    )
    alias = StringField(
        _l("Name or alias (optional, shown publicly)"),
        validators=[Optional(), Length(max=ALIAS_MAX,
                                       message=_l("At most %(max)s characters.",
                                                  max=number(ALIAS_MAX)))],
        render_kw={"maxlength": ALIAS_MAX, "autocomplete": "nickname"},
    )
    email = StringField(
        _l("E-mail (optional, never shown)"),
        validators=[Optional(), Email(message=_l("That does not look like an e-mail address.")),
                    Length(max=254)],
        render_kw={"autocomplete": "email", "type": "email"},
    )
    consent = BooleanField(
        _l("I agree that the municipality stores my e-mail address to tell me what happens to "
           "my post. I can withdraw my consent at any time.")
    )
    parent_id = IntegerField(validators=[Optional()], widget=HiddenField.widget)
    submission_key = HiddenField(validators=[Optional(), Length(max=64)])

    def validate_body(self, field):
        length = len(clean_text(field.data))
        if length == 0:
            raise ValidationError(_l("Write something before you send."))
        if length > BODY_MAX:
            raise ValidationError(
                _l("At most %(max)s characters; you wrote %(n)s.", max=number(BODY_MAX),
                   n=number(length))
            )

    def validate_consent(self, field):
        if self.email.data and not field.data:
            raise ValidationError(
                _l("Tick the box if we may store your e-mail address, or leave the address out.")
            )
