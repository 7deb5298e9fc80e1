"""What each outcome is called in the interface (Swedish through the catalogue)."""

from __future__ import annotations

from flask_babel import format_number, format_percent, format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from parkbank.outcomes.models import Outcome

OUTCOME_LABELS = {
    Outcome.RECEIVED: _l("Received"),
    Outcome.INVESTIGATING: _l("Being investigated"),
    Outcome.IN_PROPOSAL: _l("Included in a proposal"),
    Outcome.DECIDED: _l("Decided"),
    Outcome.IMPLEMENTED: _l("Implemented"),
    Outcome.NOT_PURSUED: _l("Not pursued"),
}


def outcome_label(outcome: Outcome | str | None) -> str:
    return str(OUTCOME_LABELS[Outcome(outcome)]) if outcome else _("No outcome yet")


def duration(value) -> str:
    """"3 days", "5 hours" in the current language; "–" without a value."""
    return format_timedelta(value, threshold=1.1) if value is not None else "–"


def responsiveness_lines(r) -> list[tuple[str, str]]:
    """(label, text) of each responsiveness figure (outcomes/figures.py), as the board, the
    follow-up page and every exported document say it."""
    share = format_percent(r.answered_share) if r.answered_share is not None else "–"
    return [
        (_("Median time to a moderation decision"), duration(r.decision)),
        (_("Ideas with the municipality's reply"),
         _("%(share)s (%(answered)s of %(ideas)s)", share=share, answered=format_number(r.answered),
           ideas=format_number(r.public_ideas))),
        (_("Median time to the municipality's reply"), duration(r.reply)),
    ]
