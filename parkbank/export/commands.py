"""`flask --app parkbank export SLUG --format docx|odt|pdf|md|csv|json [-o FILE]`: a thin door over
export/operations.export_consultation inside the commands' one commit point (the audit entry)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from parkbank.cli import in_transaction
from parkbank.consultations.operations import get_for_staff
from parkbank.errors import NotFound
from parkbank.export.formats import FORMATS
from parkbank.export.operations import FormatUnavailable, export_consultation


@click.command("export")
@with_appcontext
@click.argument("slug")
@click.option("--format", "fmt", required=True, type=click.Choice(list(FORMATS)),
              help="docx, odt, pdf, md (Markdown), csv or json (open data).")
@click.option("-o", "--output", default=None,
              help="The file to write (default: <slug>-<date>.<format> in the current directory); "
                   "- writes to standard output.")
@in_transaction
def export_command(slug: str, fmt: str, output: str | None) -> None:
    """Export a consultation's summary: figures, moderation, and every public post."""
    try:
        consultation = get_for_staff(slug)
    except NotFound as error:
        raise click.ClickException(f"There is no consultation {slug}.") from error
    try:
        name, data = export_consultation(consultation, fmt)
    except FormatUnavailable as error:
        raise click.ClickException(f"{fmt}: this format is not available in this installation "
                                   f"({error.__cause__}).") from error
    if output == "-":
        click.echo(data, nl=False)  # bytes go to the binary stream as they are
        return
    path = Path(output or name)
    path.write_bytes(data)
    click.echo(f"Export of /samrad/{slug} ({fmt}): {path}")
