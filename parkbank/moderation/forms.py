from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired

from parkbank.forms import Form
from parkbank.moderation.labels import ACTION_LABELS, REASON_LABELS
from parkbank.moderation.models import Action, Reason


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

    @property
    def chosen_action(self) -> Action:
        return Action(self.action.data)

    @property
    def chosen_reason(self) -> Reason | None:
        return Reason(self.reason.data) if self.reason.data else None
