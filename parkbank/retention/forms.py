from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired

from parkbank.forms import Form
from parkbank.retention.models import CountedFrom, Kind
from parkbank.retention.rules import FROM_LABELS, KIND_LABELS


class RuleForm(Form):
    """One retention rule: global (no consultation) or for one consultation. Days are checked by
    retention.rules.check_days, the one place that says what a number of days may be."""

    kind = SelectField(_l("What"), choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
                       validators=[InputRequired()])
    days = StringField(_l("Days"))
    counted_from = SelectField(
        _l("Counted"), choices=[SelectChoice(c.value, label) for c, label in FROM_LABELS.items()],
        validators=[InputRequired()])
    consultation = StringField(_l("Consultation"))

    @property
    def chosen_kind(self) -> Kind:
        return Kind(self.kind.data)

    @property
    def chosen_from(self) -> CountedFrom:
        return CountedFrom(self.counted_from.data)
