"""`flask --app parkbank outcomes remind`: remind the project leaders of every closed consultation
not yet followed up (outcomes/reminders.py), e.g. once a day from cron; inside the commands' one
commit point, so a reminder and its mark are committed together."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from parkbank.cli import in_transaction
from parkbank.database import utcnow
from parkbank.outcomes.reminders import send_reminders

outcomes_group = AppGroup("outcomes", help="Follow-up of consultations: what became of the ideas.")


@outcomes_group.command("remind")
@in_transaction
def remind_command() -> None:
    """Remind leaders of closed consultations with ideas without an outcome or no summary."""
    for due in send_reminders(utcnow()):
        click.echo(f"/samrad/{due.consultation.slug}: {due.without_outcome} ideas without an outcome"
                   + ("; no closing summary" if due.needs_summary else ""))
