"""A staff login made on a kiosk. Opening /kiosk/<token>/personal notes the kiosk's own address
in the session; from then on, in that browser, a login cannot be kept ("Stay logged in" is not
offered), it ends after PARKBANK_KIOSK_STAFF_IDLE_MINUTES without activity instead of the desk's
limit, and both that and logging out lead back to the public kiosk view, not to the login page.
The address holds the kiosk's token, and the session cookie is only signed: it stays on the
kiosk's own browser, which has that address open anyway."""

from __future__ import annotations

from flask import current_app, session, url_for

HOME = "kiosk_home"


def begin(token: str) -> None:
    session[HOME] = url_for("kiosk.screen", token=token)


def end() -> None:
    """The browser is the kiosk's public screen again: the next login here starts anew."""
    session.pop(HOME, None)


def home() -> str | None:
    """The kiosk view to return to when a staff login on this kiosk ends; None off a kiosk."""
    found = session.get(HOME)
    return found if isinstance(found, str) and found.startswith("/kiosk/") else None


def idle_minutes() -> int:
    config = current_app.config
    return config["KIOSK_STAFF_IDLE_MINUTES"] if home() else config["STAFF_IDLE_MINUTES"]
