"""Commands for operators: `flask --app parkbank demo`, `create-user`, `set-password`,
`deactivate-user`, `assign`, `unassign`, `withdraw-post` (and `consultation …`, in
consultations/commands.py; `kiosk …`, in kiosk/commands.py; `cull` and `snapshot`, in
retention/commands.py; `export`, in export/commands.py; `export-job` and `export-jobs clean`, in
export/jobs.py; `search reindex`, in search/commands.py; `outbox run`, in mail/commands.py).
Thin: they call operations inside `in_transaction`, the commands' one commit point."""

from __future__ import annotations

import functools
import logging
import os

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from parkbank.auth.models import Role
from parkbank.auth.operations import (
    assign,
    create_user,
    deactivate_user,
    find_user,
    set_password,
    unassign,
)
from parkbank.database import write_intent
from parkbank.errors import Forbidden, OperationError
from parkbank.extensions import db
from parkbank.moderation import lifecycle
from parkbank.moderation.models import Action, Reason

ROLE_NAMES = {
    "admin": Role.ADMIN,
    "moderator": Role.MODERATOR,
    "project-leader": Role.PROJECT_LEADER,
    "project_leader": Role.PROJECT_LEADER,
    "responder": Role.RESPONDER,
}


def in_transaction(command):
    """The commit point of a command: write intent first (SQLite), commit after, and a rule's
    refusal rolled back and shown as the command's error."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        write_intent.set(True)
        try:
            result = command(*args, **kwargs)
            db.session.commit()
            return result
        except OperationError as error:
            db.session.rollback()
            raise click.ClickException(str(error.message)) from error
        except BaseException:
            db.session.rollback()
            raise
        finally:
            write_intent.set(False)
    return run


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
@in_transaction
def create_user_command(email: str, name: str, role: str) -> None:
    """Create a staff account; the password comes from PARKBANK_PASSWORD or a prompt."""
    user = create_user(email=email, name=name, role=ROLE_NAMES[role], password=_password())
    click.echo(f"Created {user.role.value} {user.email}.")


def _existing_user(email: str):
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"There is no staff account {email}.")
    return user


@click.command("set-password")
@with_appcontext
@click.option("--email", required=True, help="Login e-mail address of the account.")
@in_transaction
def set_password_command(email: str) -> None:
    """Give a staff account a new password (from PARKBANK_PASSWORD or a prompt); every login made
    with the old one ends, open queue screens included."""
    user = _existing_user(email)
    set_password(user, _password())
    click.echo(f"New password set for {user.email}; every login with the old one has ended.")


@click.command("deactivate-user")
@with_appcontext
@click.option("--email", required=True, help="Login e-mail address of the account.")
@in_transaction
def deactivate_user_command(email: str) -> None:
    """Stop a staff account from logging in and end its logins now, open queue screens included.
    Its decisions stay in the audit trail."""
    user = _existing_user(email)
    deactivate_user(user)
    click.echo(f"Deactivated {user.email}; their logins have ended.")


def _assignment(email: str, slug: str):
    from parkbank.consultations.operations import get_for_staff
    from parkbank.errors import NotFound

    user = _existing_user(email)
    try:
        return user, get_for_staff(slug)
    except NotFound as error:
        raise click.ClickException(f"There is no consultation {slug}.") from error


@click.command("assign")
@with_appcontext
@click.option("--email", required=True, help="Login e-mail address of the moderator, responder or "
                                              "project leader.")
@click.option("--consultation", "slug", required=True, help="The consultation's slug (/samrad/<slug>).")
@in_transaction
def assign_command(email: str, slug: str) -> None:
    """Let a staff member work on a consultation (admins work on all, unassigned)."""
    user, consultation = _assignment(email, slug)
    if assign(user, consultation):
        click.echo(f"{user.email} now works on /samrad/{consultation.slug}.")
    else:
        click.echo(f"{user.email} already works on /samrad/{consultation.slug}.")


@click.command("unassign")
@with_appcontext
@click.option("--email", required=True, help="Login e-mail address of the staff member.")
@click.option("--consultation", "slug", required=True, help="The consultation's slug (/samrad/<slug>).")
@in_transaction
def unassign_command(email: str, slug: str) -> None:
    """Stop a staff member working on a consultation; their open queue screens are disconnected."""
    user, consultation = _assignment(email, slug)
    if unassign(user, consultation):
        click.echo(f"{user.email} no longer works on /samrad/{consultation.slug}.")
    else:
        click.echo(f"{user.email} was not assigned to /samrad/{consultation.slug}.")


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
    result = in_transaction(load_demo)(os.environ.get("PARKBANK_DEMO_PASSWORD") or DEMO_PASSWORD)
    base = f"http://127.0.0.1:{port}" if serve else ""
    click.echo(f"Demo consultation: {base}/samrad/{result.slug}")
    click.echo(f"Its kiosk at the library: {base}/kiosk/{result.kiosk_token}")
    click.echo(f"Its public meeting screen: {base}/samrad/{result.slug}/skarm")
    if serve:
        click.echo("Demo data and password: never load them into a database people use.")
        click.echo(f"Parkbänk runs at {base}/ until Ctrl+C.")
    # The login last: it is what the terminal shows while the server runs (no request log).
    click.echo(f"Admin login at {base}/logga-in: {result.admin_email} / {result.password}")
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
    _withdraw(post_id, Reason(reason), note, by_email)
    if current_app.config["SOCKETIO_MESSAGE_QUEUE"]:
        click.echo(f"Post {post_id} removed; every open board has been told.")
    else:
        click.echo(f"Post {post_id} removed. SOCKETIO_MESSAGE_QUEUE is not set, so boards open now "
                   "learn it when they reconnect or reload.")


@in_transaction
def _withdraw(post_id: int, reason: Reason, note: str, by_email: str) -> None:
    user = find_user(by_email)
    if user is None or not user.is_active:
        raise click.ClickException(f"{by_email} is not an active moderator or admin.")
    try:
        lifecycle.apply(post_id, Action.WITHDRAW, user=user, actor=lifecycle.Actor.COMMAND,
                        reason=reason, note=note)
    except Forbidden as error:
        raise click.ClickException(f"{by_email} is not an active moderator or admin.") from error


def register(app: Flask) -> None:
    from parkbank.consultations.commands import consultation_group
    from parkbank.export.commands import export_command
    from parkbank.export.jobs import export_job_command, export_jobs_group
    from parkbank.kiosk.commands import kiosk_group
    from parkbank.mail.commands import group as outbox_group
    from parkbank.outcomes.commands import outcomes_group
    from parkbank.retention.commands import cull_command, snapshot_command
    from parkbank.search.commands import search_group

    app.cli.add_command(consultation_group)
    app.cli.add_command(kiosk_group)
    app.cli.add_command(outbox_group)
    app.cli.add_command(outcomes_group)
    app.cli.add_command(cull_command)
    app.cli.add_command(snapshot_command)
    app.cli.add_command(export_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(set_password_command)
    app.cli.add_command(deactivate_user_command)
    app.cli.add_command(assign_command)
    app.cli.add_command(unassign_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(withdraw_post_command)
    app.cli.add_command(export_job_command)
    app.cli.add_command(export_jobs_group)
    app.cli.add_command(search_group)


