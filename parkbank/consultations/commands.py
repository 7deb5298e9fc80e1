"""`flask --app parkbank consultation create|list|set-status`: consultations from the command line,
thin doors over consultations/operations.py inside the commands' one commit point."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import AppGroup

from parkbank.cli import in_transaction
from parkbank.consultations.models import ConsultationStatus
from parkbank.consultations.operations import (
    apply_schedule,
    check_consultation,
    create_consultation,
    listed_for_staff,
    set_status,
)
from parkbank.database import utcnow

STATUSES = [s.value for s in ConsultationStatus]

consultation_group = AppGroup("consultation", help="Create and list consultations, set their status.")


def _moment(value: str | None, option: str) -> datetime | None:
    """An ISO 8601 date or time; without a zone it is the app's time zone (PARKBANK_TIMEZONE)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 time such as 2026-12-15T18:00",
                                 param_hint=option) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
    return moment


@consultation_group.command("create")
@click.option("--slug", required=True, help="The address: /samrad/<slug> (a–z, 0–9, hyphens).")
@click.option("--title", required=True)
@click.option("--question", required=True, help="The question people answer.")
@click.option("--description", default="", help="Background, shown beside the ideas.")
@click.option("--case-number", default=None, help="The case number (diarienummer).")
@click.option("--department", default=None, help="The responsible department (förvaltning).")
@click.option("--opens", default=None,
              help="When it opens, ISO 8601; a draft opens by itself then (consultation tick).")
@click.option("--closes", default=None, help="When it closes, ISO 8601.")
@click.option("--next-steps", default="", help="What happens with the ideas afterwards.")
@click.option("--status", type=click.Choice(STATUSES), default="draft", show_default=True,
              help="draft is seen by staff only; open takes posts; paused and closed take none.")
@in_transaction
def create_command(slug, title, question, description, case_number, department, opens, closes,
                   next_steps, status) -> None:
    """Create a consultation."""
    opens_at, closes_at = _moment(opens, "--opens"), _moment(closes, "--closes")
    check_consultation(slug=slug, title=title, question=question, case_number=case_number,
                       department=department, opens_at=opens_at, closes_at=closes_at)
    consultation = create_consultation(
        slug=slug, title=title, question=question, description=description,
        status=ConsultationStatus(status), case_number=case_number, department=department,
        opens_at=opens_at, closes_at=closes_at, next_steps=next_steps)
    click.echo(f"Created /samrad/{consultation.slug} ({status}).")
    if status == "draft":
        click.echo(f"Only staff see it until: flask --app parkbank consultation set-status {slug} open")


@consultation_group.command("list")
def list_command() -> None:
    """Every consultation, drafts included: slug, status, case number, title."""
    for c in listed_for_staff():
        click.echo(f"{c.slug}\t{c.status.value}\t{c.case_number or '-'}\t{c.title}")


@consultation_group.command("set-status")
@click.argument("slug")
@click.argument("status", type=click.Choice(STATUSES))
@in_transaction
def set_status_command(slug: str, status: str) -> None:
    """Open, pause, close a consultation, or take it back to draft."""
    consultation = set_status(slug, ConsultationStatus(status))
    click.echo(f"/samrad/{consultation.slug} is now {status}.")


@consultation_group.command("tick")
@in_transaction
def tick_command() -> None:
    """Open and close consultations whose times have come, and tell their open boards.

    Run it every minute (cron or a systemd timer). Between runs nothing is taken after a closing
    time anyway: the boards and every door check the time themselves.
    """
    for consultation in apply_schedule(utcnow()):
        click.echo(f"/samrad/{consultation.slug} is now {consultation.status.value}.")
