from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional

from parkbank.forms import Form
from parkbank.moderation.labels import ACTION_LABELS, REASON_LABELS
from parkbank.moderation.models import Action, Reason
from parkbank.posts.models import AnalogSource


class DecisionForm(Form):
    """Parses a decision; whether it needs a reason, and who may take it, is the life cycle's rule."""

    action = SelectField(
        _l("Decision"),
        choices=[SelectChoice(action.value, label) for action, label in ACTION_LABELS.items()],
        validators=[InputRequired()],
    )
    reason = SelectField(
        _l("Reason"),
        choices=[SelectChoice("", _l("Choose a reason"))]
        + [SelectChoice(r.value, label) for r, label in REASON_LABELS.items()],
        default="",
        validate_choice=True,
    )
    note = TextAreaField(_l("Note (optional)"))
    # The original a post is rejected as a duplicate of (the life cycle checks it).
    duplicate_of = IntegerField(validators=[Optional(), NumberRange(min=1, max=2**62)])

    @property
    def chosen_action(self) -> Action:
        return Action(self.action.data)

    @property
    def chosen_reason(self) -> Reason | None:
        return Reason(self.reason.data) if self.reason.data else None


# How a note came in, as the moderator picks it (the board says "Received on paper" etc.).
SOURCE_CHOICES = {
    AnalogSource.PAPER: _l("On paper"),
    AnalogSource.WORKSHOP: _l("From a workshop"),
    AnalogSource.PHONE: _l("By phone"),
    AnalogSource.LETTER: _l("By letter"),
    AnalogSource.WALL: _l("From the idea wall"),
}


class DayField(DateField):
    """A date input whose empty value is no day (the operation says that one is needed), not
    WTForms' "Not a valid date value"."""

    def process_formdata(self, valuelist):
        if valuelist and not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata(valuelist)


class TranscriptionForm(Form):
    """Parses a transcribed note; every rule (lengths, reserved signatures, the day's bounds) is
    moderation/transcription.py's, so the JSON door and the page refuse alike."""

    source = RadioField(_l("How it came in"), validate_choice=False,
                        choices=[SelectChoice(s.value, label) for s, label in SOURCE_CHOICES.items()])
    place = StringField(_l("Place (optional)"))
    received_on = DayField(_l("Day received"))
    body = TextAreaField(_l("The text, as written"))
    alias = StringField(_l("Signature (optional)"))
    # The same form sent twice (a double click, a resend) publishes the note once.
    submission_key = HiddenField()
