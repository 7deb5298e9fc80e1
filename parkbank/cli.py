"""Commands for operators: `flask --app parkbank demo`, `create-user`. Thin: they call operations."""

from __future__ import annotations

import logging
import os

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from parkbank.auth.models import Role
from parkbank.auth.operations import create_user, find_user
from parkbank.auth.permissions import can_moderate
from parkbank.database import write_intent
from parkbank.errors import OperationError
from parkbank.extensions import db
from parkbank.moderation.models import Action, Reason
from parkbank.moderation.operations import decide

ROLE_NAMES = {
    "admin": Role.ADMIN,
    "moderator": Role.MODERATOR,
    "project-leader": Role.PROJECT_LEADER,
    "project_leader": Role.PROJECT_LEADER,
    "responder": Role.RESPONDER,
}


def _password(confirm: bool = True) -> str:
    from_env = os.environ.get("PARKBANK_PASSWORD")
    if from_env:
        return from_env
    return click.prompt("Password", hide_input=True, confirmation_prompt=confirm)


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True, help="Login e-mail address.")
@click.option("--name", required=True, help="Name shown to colleagues, e.g. in the audit trail.")
@click.option("--role", required=True, type=click.Choice(sorted(ROLE_NAMES)),
              help="admin, moderator, project-leader or responder.")
def create_user_command(email: str, name: str, role: str) -> None:
    """Create a staff account; the password comes from PARKBANK_PASSWORD or a prompt."""
    write_intent.set(True)
    password = _password()
    try:
        user = create_user(email=email, name=name, role=ROLE_NAMES[role], password=password)
    except OperationError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email}.")


@click.command("demo")
@click.option("--serve", is_flag=True,
              help="Then run the development server (websockets included) on 127.0.0.1.")
@click.option("--port", default=5000, show_default=True, help="The port for --serve.")
@with_appcontext
def demo_command(serve: bool, port: int) -> None:
    """Load the demo consultation with some approved and pending posts, and print a login.

    The moderator's password is PARKBANK_DEMO_PASSWORD, or the fixed demo password in the README.
    """
    from parkbank.demo import DEMO_PASSWORD, load_demo

    if serve and current_app.config["SESSION_COOKIE_SECURE"]:
        raise click.UsageError("--serve runs plain http, where secure cookies are never sent back: "
                               "add --debug (flask --app parkbank --debug demo --serve) or set "
                               "SESSION_COOKIE_SECURE=false.")
    write_intent.set(True)
    result = load_demo(os.environ.get("PARKBANK_DEMO_PASSWORD") or DEMO_PASSWORD)
    db.session.commit()
    write_intent.set(False)
    base = f"http://127.0.0.1:{port}" if serve else ""
    click.echo(f"Demo consultation: {base}/samrad/{result.slug}")
    if serve:
        click.echo("Demo data and password: never load them into a database people use.")
        click.echo(f"Parkbänk runs at {base}/ until Ctrl+C.")
    # The login last: it is what the terminal shows while the server runs (no request log).
    click.echo(f"Moderator login at {base}/logga-in: {result.email} / {result.password}")
    if serve:
        _serve(port)


def _serve(port: int) -> None:
    """The development server that `flask run` uses (threads, websockets by simple-websocket),
    without its banner and request log, so the login printed above stays in sight."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    run_simple("127.0.0.1", port, current_app._get_current_object(), threaded=True,
               use_reloader=False, use_debugger=current_app.debug)


@click.command("withdraw-post")
@click.argument("post_id", type=int)
@click.option("--reason", required=True, type=click.Choice([r.value for r in Reason]),
              help="Why it is removed (the same list as in the moderation queue).")
@click.option("--note", default="", help="Optional note for the audit trail.")
@click.option("--by", "by_email", required=True, help="E-mail of the moderator or admin responsible.")
@with_appcontext
def withdraw_post_command(post_id: int, reason: str, note: str, by_email: str) -> None:
    """Remove a published post at once, from every open screen (e.g. a threat found after hours).

    With SOCKETIO_MESSAGE_QUEUE set, the removal reaches clients of every server process.
    """
    write_intent.set(True)
    user = find_user(by_email)
    if user is None or not can_moderate(user):
        raise click.ClickException(f"{by_email} is not an active moderator or admin.")
    try:
        decide(post_id, user, Action.WITHDRAW, Reason(reason), note)
    except OperationError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    if current_app.config["SOCKETIO_MESSAGE_QUEUE"]:
        click.echo(f"Post {post_id} removed; every open board has been told.")
    else:
        click.echo(f"Post {post_id} removed. SOCKETIO_MESSAGE_QUEUE is not set, so boards open now "
                   "learn it when they reconnect or reload.")


def register(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(withdraw_post_command)


