"""The administration's forms: they parse; the rules are the operations' (auth, consultations,
channels)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateTimeLocalField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from parkbank.auth.labels import ROLE_LABELS
from parkbank.auth.models import Role
from parkbank.consultations.labels import STATUS_LABELS
from parkbank.consultations.models import ConsultationStatus
from parkbank.forms import Form

MINUTE = "%Y-%m-%dT%H:%M"


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


class LocalDateTimeField(DateTimeLocalField):
    """A datetime-local input read and shown in the organisation's time zone; `data` is aware."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, format=[MINUTE, "%Y-%m-%dT%H:%M:%S"], **kwargs)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.astimezone(_zone()).strftime(MINUTE) if self.data else ""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if isinstance(self.data, datetime) and self.data.tzinfo is None:
            self.data = self.data.replace(tzinfo=_zone())


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the name.")), Length(max=120)],
                       render_kw={"autocomplete": "off"})
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Enter the e-mail address.")),
                                                 Length(max=254)], render_kw={"autocomplete": "off"})
    title = StringField(_l("Job title (optional)"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()],
                       default=Role.MODERATOR.value)


class NewUserForm(UserForm):
    password = PasswordField(_l("Initial password"),
                             validators=[DataRequired(_l("Enter a password."))],
                             render_kw={"autocomplete": "new-password"})


class PasswordForm(Form):
    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a password."))],
                             render_kw={"autocomplete": "new-password"})


class AssignmentsForm(Form):
    consultations = CheckboxesField(_l("Consultations"), coerce=int, choices=[])


class StaffForm(Form):
    staff = CheckboxesField(_l("Staff"), coerce=int, choices=[])


class ConfirmForm(Form):
    """Only the CSRF token: deactivate, reactivate, remove."""


class ConsultationForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=200)])
    question = TextAreaField(_l("Question"), validators=[DataRequired(_l("Enter the question.")),
                                                         Length(max=500)], render_kw={"rows": 2})
    description = TextAreaField(_l("Description (optional)"), render_kw={"rows": 6})
    slug = StringField(_l("Address name"), validators=[DataRequired(_l("Enter an address name.")),
                                                       Length(max=80)],
                       render_kw={"autocapitalize": "none", "spellcheck": "false"})
    case_number = StringField(_l("Case number (optional)"), validators=[Length(max=64)])
    department = StringField(_l("Responsible department (optional)"), validators=[Length(max=200)])
    opens_at = LocalDateTimeField(_l("Opens (optional)"), validators=[Optional()])
    closes_at = LocalDateTimeField(_l("Closes (optional)"), validators=[Optional()])
    next_steps = TextAreaField(_l("Next steps (optional)"), render_kw={"rows": 3})
    status = SelectField(_l("Status"),
                         choices=[SelectChoice(s.value, label) for s, label in STATUS_LABELS.items()],
                         default=ConsultationStatus.DRAFT.value)

    def values(self) -> dict:
        return {name: field.data if not isinstance(field.data, str) else field.data.strip()
                for name, field in self._fields.items() if name != "csrf_token"}


class ChannelForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Give the channel a name.")),
                                               Length(max=120)])
    url = URLField(_l("Address"), validators=[DataRequired(_l("Enter the web address.")),
                                              Length(max=500)])
    description = StringField(_l("Description (optional)"), validators=[Length(max=300)])


class MoveForm(Form):
    step = SelectField(choices=[SelectChoice("-1", "up"), SelectChoice("1", "down")], coerce=int)


class KioskForm(Form):
    """A kiosk's name, place and consultation (a slug; the view lists every consultation)."""

    name = StringField(_l("Name"), validators=[DataRequired(_l("Give the kiosk a name.")),
                                               Length(max=120, message=_l("At most %(max)s characters."))],
                       render_kw={"autocomplete": "off"})
    place = StringField(_l("Place"), validators=[
        DataRequired(_l("Say where the kiosk stands: it is shown on its posts.")),
        Length(max=120, message=_l("At most %(max)s characters."))], render_kw={"autocomplete": "off"})
    consultation = SelectField(_l("Consultation"), choices=[], validate_choice=False,
                               validators=[DataRequired(_l("Choose a consultation from the list."))])
