"""The staff forms: an idea's outcome (one form per idea on the staff page, told apart by a
prefix), and the closing summary. The operations check every field again."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField, TextAreaField

from parkbank.forms import Form
from parkbank.outcomes.labels import OUTCOME_LABELS
from parkbank.outcomes.operations import EXPLANATION_MAX, LINK_MAX, REFERENCE_MAX, SUMMARY_MAX


class OutcomeForm(Form):
    outcome = SelectField(_l("Outcome"), choices=[SelectChoice("", _l("Choose an outcome"))] + [
        SelectChoice(o.value, label) for o, label in OUTCOME_LABELS.items()], validate_choice=False)
    explanation = TextAreaField(_l("Public explanation"), render_kw={"rows": 3, "maxlength": EXPLANATION_MAX})
    link = StringField(_l("Link to the decision (optional)"),
                       render_kw={"maxlength": LINK_MAX, "inputmode": "url", "autocomplete": "off",
                                  "placeholder": "https://"})
    reference = StringField(_l("Reference, e.g. case number or minutes (optional)"),
                            render_kw={"maxlength": REFERENCE_MAX, "autocomplete": "off"})


def outcome_form(post, formdata=None) -> OutcomeForm:
    """The form of one idea, filled with its latest outcome when there is one."""
    change = post.outcome_change
    data = ({"outcome": change.to_outcome.value, "explanation": change.explanation,
             "link": change.link or "", "reference": change.reference or ""} if change else {})
    return OutcomeForm(formdata=formdata, prefix=f"utfall-{post.id}", data=data)


class SummaryForm(Form):
    summary = TextAreaField(_l("Closing summary"), render_kw={"rows": 8, "maxlength": SUMMARY_MAX})
