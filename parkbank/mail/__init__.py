"""Notifications by e-mail, only with consent (issue 17).

models.py the outbox row · outbox.py enqueue, claim, mark, forget · transport.py SMTP, folder or
log · worker.py the sending loop (in the server, or `flask outbox run`) · tokens.py signed links ·
notices.py the citizens' messages · operations.py confirm and unsubscribe · views.py their pages ·
commands.py the CLI."""

from __future__ import annotations


def register(app) -> None:
    from parkbank.extensions import db
    from parkbank.mail import outbox, worker

    outbox.install(db.session)
    worker.register(app)
