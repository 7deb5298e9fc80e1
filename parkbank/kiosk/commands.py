"""`flask --app parkbank kiosk add|rotate|disable|enable|list`: kiosks from the command line, thin
doors over kiosk/operations.py inside the commands' one commit point; audited as the system's.
The address printed by `add` and `rotate` holds the kiosk's secret and is printed only then."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from parkbank.cli import in_transaction
from parkbank.errors import InvalidInput, NotFound
from parkbank.kiosk import operations as kiosks

kiosk_group = AppGroup("kiosk", help="Register kiosks, renew their addresses, switch them off and on.")


def _kiosk(kiosk_id: int):
    try:
        return kiosks.get_kiosk(kiosk_id)
    except NotFound as error:
        raise click.ClickException(f"There is no kiosk {kiosk_id} (see: flask --app parkbank kiosk list).") \
            from error


def _print_address(token: str) -> None:
    """The address on the last line of the output, so a script can take it with `tail -n 1`."""
    if not current_app.config.get("PUBLIC_URL"):
        click.echo("PARKBANK_PUBLIC_URL is not set, so this is only the address's path: put the "
                   "site's address (e.g. https://samrad.kommun.se) before it.", err=True)
    click.echo(kiosks.kiosk_address(token))


@kiosk_group.command("add")
@click.option("--name", required=True, help="For staff, e.g. \"Library, entrance hall\".")
@click.option("--place", required=True, help="Shown on the posts written there, e.g. Stadsbiblioteket.")
@click.option("--consultation", "slug", required=True,
              help="The slug of the consultation it shows (/samrad/<slug>); drafts too.")
@in_transaction
def add_command(name: str, place: str, slug: str) -> None:
    """Register a kiosk and print its address (shown only now: open it in the kiosk's browser)."""
    try:
        consultation = kiosks.consultation_for(slug)
    except InvalidInput as error:
        raise click.ClickException(f"There is no consultation {slug}.") from error
    kiosk, token = kiosks.register_kiosk(name=name, place=place, consultation=consultation)
    click.echo(f"Registered kiosk {kiosk.id} ({kiosk.name}, {kiosk.place}) showing /samrad/{slug}. "
               "Its address, shown only now:")
    _print_address(token)


@kiosk_group.command("rotate")
@click.argument("kiosk_id", type=int)
@in_transaction
def rotate_command(kiosk_id: int) -> None:
    """Give a kiosk a new address and print it; the old address stops working at once."""
    kiosk = _kiosk(kiosk_id)
    token = kiosks.rotate_token(kiosk)
    click.echo(f"Kiosk {kiosk.id} ({kiosk.name}) has a new address; the old one no longer works. "
               "Shown only now:")
    _print_address(token)


@kiosk_group.command("disable")
@click.argument("kiosk_id", type=int)
@in_transaction
def disable_command(kiosk_id: int) -> None:
    """Switch a kiosk off: its address says so and takes no posts (the address is kept)."""
    _switch(kiosk_id, False)


@kiosk_group.command("enable")
@click.argument("kiosk_id", type=int)
@in_transaction
def enable_command(kiosk_id: int) -> None:
    """Switch a kiosk on again, with the address it had."""
    _switch(kiosk_id, True)


def _switch(kiosk_id: int, active: bool) -> None:
    kiosk = kiosks.set_active(_kiosk(kiosk_id), active)
    click.echo(f"Kiosk {kiosk.id} ({kiosk.name}) is switched {'on' if active else 'off'}.")


@kiosk_group.command("list")
def list_command() -> None:
    """Every kiosk: id, name, place, consultation slug, active or disabled, when its address was
    issued (UTC), tab-separated."""
    for k in kiosks.list_kiosks():
        cells = [str(k.id), k.name, k.place, k.consultation.slug, "active" if k.active else "disabled",
                 k.token_issued_at.isoformat(timespec="seconds")]
        click.echo("\t".join(cell.replace("\t", " ") for cell in cells))
