from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from parkbank.forms import Form
from parkbank.i18n import number
from parkbank.moderation.models import NOTE_MAX, Action, Reason
from parkbank.moderation.operations import NEEDS_REASON, REASON_LABELS


class DecisionForm(Form):
    action = SelectField(
        _l("Decision"),
        choices=[SelectChoice(Action.APPROVE.value, _l("Approve")),
                 SelectChoice(Action.REJECT.value, _l("Reject")),
                 SelectChoice(Action.WITHDRAW.value, _l("Remove"))],
        validators=[InputRequired()],
    )
    reason = SelectField(
        _l("Reason"),
        choices=[SelectChoice("", _l("Choose a reason"))]
        + [SelectChoice(r.value, label) for r, label in REASON_LABELS.items()],
        default="",
        validate_choice=True,
    )
    note = TextAreaField(
        _l("Note (optional)"),
        validators=[Length(max=NOTE_MAX, message=_l("At most %(max)s characters.", max=number(NOTE_MAX)))],
    )

    def validate_reason(self, field):
        if self.action.data in {a.value for a in NEEDS_REASON} and not field.data:
            raise ValidationError(_l("Choose a reason"))

    @property
    def chosen_action(self) -> Action:
        return Action(self.action.data)

    @property
    def chosen_reason(self) -> Reason | None:
        return Reason(self.reason.data) if self.reason.data else None
