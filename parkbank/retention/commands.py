"""`flask --app parkbank cull [--apply] [--now ISO]` and `snapshot <slug> [-o FILE]`: thin doors over
retention/culling.py and retention/snapshot.py inside the commands' one commit point."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from parkbank.cli import in_transaction
from parkbank.consultations.operations import get_for_staff
from parkbank.database import utcnow
from parkbank.retention.culling import cull, find_due
from parkbank.retention.snapshot import take_snapshot


def _now(value: str | None) -> datetime:
    if not value:
        return utcnow()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 time such as 2027-06-01T00:00Z",
                                 param_hint="--now") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@click.command("cull")
@with_appcontext
@click.option("--apply", "apply_", is_flag=True,
              help="Remove what is due (after a snapshot of each affected consultation). "
                   "Without it: a dry run that only lists it.")
@click.option("--now", "now_text", default=None,
              help="Count as if it were this moment (ISO 8601, UTC unless a zone is given).")
@in_transaction
def cull_command(apply_: bool, now_text: str | None) -> None:
    """Culling (gallring) by the retention rules: list what is due, or remove it with --apply."""
    now = _now(now_text)
    due = find_due(now)
    if not due:
        click.echo("Nothing is due.")
        return
    for item in due:
        click.echo(f"{item.consultation.slug}\t{item.kind.value}\t{item.count}\t{item.rule.describe()}")
    if not apply_:
        click.echo("Dry run: nothing removed. Run again with --apply to remove it.")
        return
    records = cull(now, snapshot_dir=current_app.config["SNAPSHOT_DIR"], actor="command")
    for snapshot in sorted({r.snapshot_file for r in records}):
        click.echo(f"Snapshot: {snapshot}")
    click.echo(f"Removed {sum(r.count for r in records)} item(s); {len(records)} culling record(s) "
               "written.")


@click.command("snapshot")
@with_appcontext
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="The ZIP file to write (default: SNAPSHOT_DIR/<slug>-<time>.zip).")
@in_transaction
def snapshot_command(slug: str, output: str | None) -> None:
    """Write an archive snapshot of a consultation: the board as HTML, open data, decisions."""
    consultation = get_for_staff(slug)
    name, data = take_snapshot(consultation, via="command")
    path = Path(output) if output else Path(current_app.config["SNAPSHOT_DIR"]) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    click.echo(f"Snapshot of /samrad/{slug}: {path}")
