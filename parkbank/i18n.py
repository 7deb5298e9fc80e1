"""Which language a request gets: Swedish first, English when the visitor chooses it."""

from flask import current_app, has_request_context, session


def select_locale() -> str:
    if has_request_context():
        chosen = session.get("lang")
        if chosen in current_app.config["LANGUAGES"]:
            return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]
