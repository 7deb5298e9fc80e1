"""Staff logins end after PARKBANK_STAFF_IDLE_MINUTES without a request (a desk or a library
kiosk left logged in). The clock is the session's own: a request notes the time, at most once a
minute so that the session cookie is not rewritten on every request; the first request after the
limit logs the user out in this browser ("Stay logged in" included) and says why."""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from parkbank.http import discard_changes, error_response, wants_json

SEEN = "staff_seen"  # the session key: seconds since the epoch of the last request noted
NOTE_EVERY = 60


def _expire_when_idle():
    limit = current_app.config["STAFF_IDLE_MINUTES"] * 60
    if not limit or request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = int(time.time())
    seen = session.get(SEEN)
    if isinstance(seen, int) and now - seen > limit:
        logout_user()  # this session, and the "Stay logged in" cookie of this browser
        session.pop(SEEN, None)
        message = _("You were logged out after %(minutes)s minutes without activity. Log in "
                    "again to go on.", minutes=current_app.config["STAFF_IDLE_MINUTES"])
        if wants_json():  # the queue's decisions: nothing done, and a message to show
            return error_response(401, message, "logged_out")
        flash(message, "info")
        if request.method != "GET":
            discard_changes()
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET"
                                else None), code=303)
    if not isinstance(seen, int) or now - seen >= NOTE_EVERY:
        session[SEEN] = now
    return None


def register(app: Flask) -> None:
    app.before_request(_expire_when_idle)
