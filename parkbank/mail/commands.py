"""`flask --app parkbank outbox run [--once]`: the outbox worker as a process of its own (set
PARKBANK_OUTBOX_WORKER=false for the web processes then); `outbox status`: how many wait."""

from __future__ import annotations

import signal

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from parkbank.mail import outbox
from parkbank.mail.worker import Loop

group = AppGroup("outbox", help="The e-mail outbox.")


@group.command("run")
@click.option("--once", is_flag=True, help="One pass over what is due, then stop.")
@with_appcontext
def run_command(once: bool) -> None:
    """Send due messages until stopped (Ctrl-C or SIGTERM end it after the pass under way)."""
    app = current_app._get_current_object()
    loop = Loop()
    if not once:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: loop.stop())
        click.echo(f"Outbox worker {loop.name} running; Ctrl-C stops it.")
    result = loop.run(app, once=once)
    click.echo(f"Sent {result.sent}, not sent yet {result.failed}.")


@group.command("status")
@with_appcontext
def status_command() -> None:
    """How many messages wait to be sent."""
    click.echo(f"{outbox.waiting()} message(s) waiting.")
