"""Staff logins end after PARKBANK_STAFF_IDLE_MINUTES without a request (a desk left logged
in); a login made on a kiosk ends after PARKBANK_KIOSK_STAFF_IDLE_MINUTES and leads back to the
kiosk's public view (parkbank/kiosk/staff.py). The clock is the session's own: a request notes
the time, at most once a minute so that the session cookie is not rewritten on every request;
the first request after the limit logs the user out in this browser ("Stay logged in" included)
and says why."""

from __future__ import annotations

import time

from flask import Flask, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from parkbank.http import discard_changes, error_response, wants_json
from parkbank.kiosk import staff as kiosk_staff

SEEN = "staff_seen"  # the session key: seconds since the epoch of the last request noted
NOTE_EVERY = 60
# Pages anyone may see: an expired login there ends quietly and the page is served as to a
# visitor (a meeting screen opened from the queue must not turn into the login page).
PUBLIC_BLUEPRINTS = frozenset({"public", "projector", "kiosk", "posts", "api", "channels", "pages",
                               "follow", "mail", "search", "similar", "identity"})
# Public pages of blueprints that also hold staff pages.
PUBLIC_ENDPOINTS = frozenset({"health", "static", "outcomes.follow_up"})


def note_login() -> None:
    """A new login starts its own idle clock (not the one a previous login left behind)."""
    session[SEEN] = int(time.time())


def forget() -> None:
    session.pop(SEEN, None)


def _expire_when_idle():
    minutes = kiosk_staff.idle_minutes()  # shorter for a login made on a kiosk
    limit = minutes * 60
    if not limit or request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = int(time.time())
    seen = session.get(SEEN)
    if isinstance(seen, int) and now - seen > limit:
        logout_user()  # this session, and the "Stay logged in" cookie of this browser
        forget()
        if request.blueprint in PUBLIC_BLUEPRINTS or request.endpoint in PUBLIC_ENDPOINTS:
            return None  # served as to any visitor
        message = _("You were logged out after %(minutes)s minutes without activity. Log in "
                    "again to go on.", minutes=minutes)
        if wants_json():  # the queue's decisions: nothing done, and a message to show
            return error_response(401, message, "logged_out")
        if request.method != "GET":
            discard_changes()
        if kiosk_staff.home():  # the kiosk goes back to its public view, saying nothing of staff
            return redirect(kiosk_staff.home(), code=303)
        flash(message, "info")
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET"
                                else None), code=303)
    if not isinstance(seen, int) or now - seen >= NOTE_EVERY:
        session[SEEN] = now
    return None


def register(app: Flask) -> None:
    app.before_request(_expire_when_idle)
