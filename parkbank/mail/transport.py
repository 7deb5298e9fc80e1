"""Where messages leave: an SMTP server (MAIL_SERVER set), else a folder of .eml files
(PARKBANK_MAIL_FOLDER set), else the log (the demo needs nothing). One connection per batch."""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from collections.abc import Callable, Iterable, Iterator
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from parkbank.mail.outbox import Claimed

log = logging.getLogger("parkbank.mail")
if log.level == logging.NOTSET:  # the demo's messages reach the console (Flask's handler on "parkbank")
    log.setLevel(logging.INFO)


def build(message: Claimed, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False, usegmt=True)
    domain = sender.rsplit("@", 1)[-1].strip("> ") or "localhost"
    # One id per outbox row: a message sent again after a crash is recognisably the same one.
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain=domain)
    email.set_content(message.text_body, cte="quoted-printable")  # 7-bit safe, readable
    if message.html_body:
        email.add_alternative(message.html_body, subtype="html")
    for name, value in message.headers.items():  # after the content, which resets Content-* headers
        email[name] = value
    # Headers are folded at RFC 5322's hard limit, not at 78: folding at 78 writes an address longer
    # than a line (List-Unsubscribe's link) as an RFC 2047 encoded word, which mail programs do not
    # read as a link. The body was encoded above, at 76 characters a line.
    email.policy = email.policy.clone(max_line_length=998)
    return email


# What send_all yields for a message `keep` refused just before it was sent: nothing was sent.
SKIPPED = "skipped"


def _keep_all(_message: Claimed) -> bool:
    return True


def send_all(config, messages: Iterable[Claimed],
             keep: Callable[[Claimed], bool] = _keep_all) -> Iterator[tuple[Claimed, str | None]]:
    """Send each message; yields (message, None) when sent or (message, error) when not, and
    (message, SKIPPED) when `keep(message)`, asked just before sending it, said no."""
    messages = list(messages)
    sender = config["MAIL_DEFAULT_SENDER"]
    if config.get("MAIL_SERVER"):
        yield from _smtp(config, sender, messages, keep)
    elif config.get("MAIL_FOLDER"):
        yield from _folder(Path(config["MAIL_FOLDER"]), sender, messages, keep)
    else:
        _to_console()
        for message in messages:
            if not keep(message):
                yield message, SKIPPED
                continue
            built = build(message, sender)
            headers = "".join(f"{name}: {value}\n" for name, value in built.items()
                              if not name.startswith(("Content-Transfer", "MIME")))
            log.info("E-mail (no MAIL_SERVER set, so not sent):\n%s\n%s", headers, message.text_body)
            yield message, None


def _to_console() -> None:
    """Without any logging set up (a command, gunicorn's default), the demo's messages still show:
    on standard error."""
    if not log.hasHandlers():
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)


def _folder(folder: Path, sender: str, messages: list[Claimed], keep):
    folder.mkdir(parents=True, exist_ok=True)
    for message in messages:
        if not keep(message):
            yield message, SKIPPED
            continue
        try:
            temporary = folder / f".outbox-{message.id}.tmp"
            temporary.write_bytes(build(message, sender).as_bytes())
            os.replace(temporary, folder / f"outbox-{message.id}.eml")  # whole files only
        except OSError as error:
            yield message, f"{type(error).__name__}: {error}"
        else:
            yield message, None


def _connect(config) -> smtplib.SMTP:
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config.get("MAIL_USE_SSL"):
        connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        connection = smtplib.SMTP(host, port, timeout=timeout)
        if config.get("MAIL_USE_TLS"):
            connection.starttls(context=ssl.create_default_context())
    if config.get("MAIL_USERNAME"):
        connection.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return connection


def _smtp(config, sender: str, messages: list[Claimed], keep):
    if not messages:
        return
    try:
        connection = _connect(config)
    except (OSError, smtplib.SMTPException) as error:
        reason = f"{type(error).__name__}: {error}"
        for message in messages:
            yield message, reason
        return
    try:
        for position, message in enumerate(messages):
            if not keep(message):
                yield message, SKIPPED
                continue
            try:
                connection.send_message(build(message, sender))
            except smtplib.SMTPServerDisconnected as error:
                # This one and the rest wait for the next pass, on a new connection.
                for rest in messages[position:]:
                    yield rest, f"{type(error).__name__}: {error}"
                return
            except (OSError, smtplib.SMTPException, ValueError) as error:
                yield message, f"{type(error).__name__}: {error}"
            else:
                yield message, None
    finally:
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()
