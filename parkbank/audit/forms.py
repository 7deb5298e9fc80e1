"""The filters of /admin/logg: a GET form (no CSRF: it changes nothing, and a filtered view is
an address to share)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectChoice, SelectField
from wtforms.validators import Optional, ValidationError

from parkbank.audit.labels import ACTION_LABELS, SYSTEM_LABEL
from parkbank.audit.queries import SYSTEM_ACTOR, LogFilter
from parkbank.forms import Form


class LogFilterForm(Form):
    class Meta:
        csrf = False

    handelse = SelectField(_l("What"), default="", validate_choice=True, choices=[
        SelectChoice("", _l("All actions"))] + [
        SelectChoice(action.value, label) for action, label in ACTION_LABELS.items()])
    vem = SelectField(_l("Who"), default="", validate_choice=True)
    samrad = SelectField(_l("Consultation"), default="", validate_choice=True)
    fran = DateField(_l("From (date)"), validators=[Optional()])
    till = DateField(_l("To (date)"), validators=[Optional()])

    def __init__(self, formdata, staff, consultations):
        super().__init__(formdata)
        self.vem.choices = [SelectChoice("", _l("Everyone")), SelectChoice(SYSTEM_ACTOR, SYSTEM_LABEL)] + [
            SelectChoice(str(user.id), f"{user.name} ({user.email})") for user in staff]
        self.samrad.choices = [SelectChoice("", _l("All consultations"))] + [
            SelectChoice(str(c.id), c.title) for c in consultations]

    def validate_till(self, field):
        if field.data and self.fran.data and field.data < self.fran.data:
            raise ValidationError(_l("The end date is before the start date."))

    def log_filter(self) -> LogFilter:
        """The filter of the fields that are valid (an invalid one is shown with its error)."""
        def valid(field):
            return field.data if field.data and not field.errors else None

        actor = valid(self.vem)
        consultation = valid(self.samrad)
        return LogFilter(
            action=valid(self.handelse),
            actor=actor if actor in (None, SYSTEM_ACTOR) else int(actor),
            consultation_id=int(consultation) if consultation else None,
            start=_day_start(valid(self.fran)), end=_day_start(valid(self.till), next_day=True))

    @property
    def is_filtered(self) -> bool:
        return any(field.data for field in self)


def _day_start(day, next_day: bool = False) -> datetime | None:
    """The moment a day (in the organisation's time zone) begins, in UTC; or the next day's."""
    if day is None or (next_day and day == date.max):
        return None
    if next_day:
        day += timedelta(days=1)
    # Flask-Babel's zone is pytz's, which must not be handed to datetime() as tzinfo.
    zone = ZoneInfo(get_timezone().zone)
    try:
        return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)
    except OverflowError:  # the first day there is: no lower bound
        return None
