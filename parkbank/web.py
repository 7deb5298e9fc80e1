"""Request-wide behaviour: error pages, template helpers, the write-intent flag, health check."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from werkzeug.exceptions import HTTPException

from parkbank.database import write_intent
from parkbank.errors import OperationError
from parkbank.extensions import db
from parkbank.http import back_url, error_response
from parkbank.i18n import datetime_pattern, format_time
from parkbank.moderation.operations import REASON_LABELS
from parkbank.posts.browser import set_cookie_if_new
from parkbank.posts.labels import CHANNEL_LABELS, STATUS_LABELS
from parkbank.posts.operations import BODY_MAX, new_submission_key
from parkbank.sanitize import render_text

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _mark_write_intent():
    if request.method not in SAFE_METHODS:
        write_intent.set(True)


def _clear_write_intent(_exc=None):
    # Threads and greenlets are reused between requests: never let the flag leak into the next.
    write_intent.set(False)


def _http_error(error: HTTPException):
    messages = {
        400: _("The request was not understood. Please go back and try again."),
        403: _("You do not have permission to do that."),
        404: _("We could not find the page you asked for."),
        405: _("That is not possible here."),
        413: _("What you sent is too large."),
        429: _("You have sent too much in a short time. Wait a minute and try again."),
    }
    status = error.code or 500
    return error_response(status, messages.get(status, _("Something went wrong.")),
                          error.name.lower().replace(" ", "_"))


def _csrf_error(_error: CSRFError):
    return error_response(400, _("The form has expired. Go back, reload the page and try again."),
                          "csrf")


def _operation_error(error: OperationError):
    db.session.rollback()
    return error_response(error.status, error.message, error.code, **error.details)


def _server_error(_error):
    db.session.rollback()
    return error_response(500, _("Something went wrong on our side. Nothing you wrote was "
                                 "published by mistake; please try again in a moment."),
                          "server_error")


def _health():
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")


def _labels() -> dict:
    return {
        "status_labels": {k.value: str(v) for k, v in STATUS_LABELS.items()},
        "channel_labels": {k.value: str(v) for k, v in CHANNEL_LABELS.items()},
        "reason_labels": {k.value: str(v) for k, v in REASON_LABELS.items()},
        "body_max": BODY_MAX,
        "content_language": current_app.config["CONTENT_LANGUAGE"],
    }


def register(app: Flask) -> None:
    app.context_processor(_labels)
    app.before_request(_mark_write_intent)
    app.teardown_request(_clear_write_intent)
    app.after_request(set_cookie_if_new)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(OperationError, _operation_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, _server_error)
    app.add_url_rule("/healthz", "health", _health)
    app.jinja_env.filters["text"] = render_text
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["new_submission_key"] = new_submission_key
    app.jinja_env.globals["datetime_pattern"] = datetime_pattern
    app.jinja_env.globals["back_url"] = back_url
    app.jinja_env.filters["shorttime"] = format_time
