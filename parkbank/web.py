"""Request-wide behaviour: the one commit point, error pages, template helpers, request limits,
the write-intent flag, health check."""

from __future__ import annotations

from flask import Flask, current_app, g, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from sqlalchemy import text
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from parkbank.database import utcnow, write_intent
from parkbank.errors import OperationError
from parkbank.extensions import db
from parkbank.http import back_url, error_response
from parkbank.i18n import datetime_pattern, format_day, format_exact_time, format_time, number, relative_time
from parkbank.moderation.labels import ACTION_LABELS, REASON_LABELS, STATE_LABELS, as_dict
from parkbank.posts.labels import CHANNEL_LABELS, PII_LABELS, SOURCE_LABELS, origin_label
from parkbank.posts.operations import BODY_MAX, new_submission_key
from parkbank.posts.pii import find_personal_data
from parkbank.reports.models import NOTE_MAX as REPORT_NOTE_MAX
from parkbank.sanitize import render_marked_markup, render_markup

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Blueprints whose doors anyone may use: their bodies are small forms, so a small limit lets a
# hostile body be refused before a byte of it is parsed.
CITIZEN_BLUEPRINTS = frozenset({"public", "posts", "api", "kiosk", "projector", "follow", "mail"})


class IdConverter(IntegerConverter):
    """`<id:…>`: a positive database id; anything a 64-bit column cannot hold is a 404."""

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, min=1, max=2**62)


def _limit_request_size():
    if request.blueprint in CITIZEN_BLUEPRINTS:
        request.max_content_length = current_app.config["CITIZEN_MAX_CONTENT_LENGTH"]


def _mark_write_intent():
    if request.method not in SAFE_METHODS:
        write_intent.set(True)


def _finish_transaction(response):
    """The one commit point of a request (as Indico's request handler): operations only flush;
    a successful answer commits, anything else rolls back. Live events go out after the commit."""
    if response.status_code < 400 and not g.get("discard_changes"):
        db.session.commit()
    else:
        db.session.rollback()
    return response


def _clear_write_intent(_exc=None):
    # Threads and greenlets are reused between requests: never let the flag leak into the next.
    write_intent.set(False)


def _http_error(error: HTTPException):
    messages = {
        400: _("The request was not understood. Please go back and try again."),
        403: _("You do not have permission to do that."),
        404: _("We could not find the page you asked for."),
        405: _("That is not possible here."),
        413: _("What you sent is too large. An idea may have at most %(max)s characters: go back "
               "(your text is kept in this tab) and shorten it.", max=number(BODY_MAX)),
        429: _("You have sent too much in a short time. Wait a minute and try again."),
    }
    status = error.code or 500
    return error_response(status, messages.get(status, _("Something went wrong.")),
                          error.name.lower().replace(" ", "_"))


def _csrf_error(_error: CSRFError):
    return error_response(400, _("The form has expired. Go back, reload the page and try again."),
                          "csrf")


def _operation_error(error: OperationError):
    return error_response(error.status, error.message, error.code, **error.details)


def _server_error(_error):
    db.session.rollback()
    return error_response(500, _("Something went wrong on our side. Nothing you wrote was "
                                 "published by mistake; please try again in a moment."),
                          "server_error")


def _health():
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")


def moment(value, field: str) -> Markup:
    """A <time> that says how long ago (kept current by live.js), with the exact time in its
    title, in the text for screen readers, and shown on hover or focus inside its card; live.js
    fills the same markup for posts that arrive live (data-field). A function, not a Jinja macro:
    a board page writes forty of them."""
    exact = format_time(value)
    return Markup(
        '<time class="pb-time" data-field="{field}" datetime="{iso}" title="{exact}">'
        '<span class="pb-time__ago">{ago}</span>'
        '<span class="pb-time__exact"> ({exact})</span></time>'
    ).format(field=field, iso=value.isoformat() if value else "", exact=exact,
             ago=relative_time(value))


def _labels() -> dict:
    return {
        "status_labels": as_dict(STATE_LABELS),
        "action_labels": as_dict(ACTION_LABELS),
        "channel_labels": as_dict(CHANNEL_LABELS),
        "source_labels": as_dict(SOURCE_LABELS),
        "origin_label": origin_label,
        "reason_labels": as_dict(REASON_LABELS),
        "pii_labels": {kind: str(label) for kind, label in PII_LABELS.items()},
        "body_max": BODY_MAX,
        "report_note_max": REPORT_NOTE_MAX,
        "content_language": current_app.config["CONTENT_LANGUAGE"],
    }


def register(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
    app.context_processor(_labels)
    # First of all before-request work, before CSRFProtect reads the form.
    app.before_request_funcs.setdefault(None, []).insert(0, _limit_request_size)
    app.before_request(_mark_write_intent)
    app.after_request(_finish_transaction)
    app.teardown_request(_clear_write_intent)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(OperationError, _operation_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, _server_error)
    app.add_url_rule("/healthz", "health", _health)
    app.jinja_env.filters["text"] = render_markup
    app.jinja_env.filters["marked"] = render_marked_markup
    app.jinja_env.filters["personal_data"] = find_personal_data
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["new_submission_key"] = new_submission_key
    app.jinja_env.globals["datetime_pattern"] = datetime_pattern
    app.jinja_env.globals["back_url"] = back_url
    app.jinja_env.filters["shorttime"] = format_time
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["exacttime"] = format_exact_time
    app.jinja_env.globals["moment"] = moment
    app.jinja_env.globals["now"] = utcnow
