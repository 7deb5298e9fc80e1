"""Errors that operations raise for the doors to turn into a clear message and a 4xx status."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l


class OperationError(Exception):
    """A rule refused the request; `message` is shown to the user, `code` is for programs."""

    status = 400
    code = "invalid"
    message = _l("The request could not be carried out.")

    def __init__(self, message=None, **details):
        super().__init__(str(message or self.message))
        if message is not None:
            self.message = message
        self.details = details


class NotFound(OperationError):
    status = 404
    code = "not_found"
    message = _l("We could not find what you asked for.")


class ConsultationClosed(OperationError):
    status = 409
    code = "consultation_closed"
    message = _l("This consultation is closed and no longer takes new posts.")


class ConsultationPaused(ConsultationClosed):
    """The same code for other programs: nothing new is taken, for now."""

    message = _l("This consultation is paused and takes no new posts just now.")


class InvalidInput(OperationError):
    status = 400
    code = "invalid_input"
    message = _l("Please check the form.")


class Forbidden(OperationError):
    status = 403
    code = "forbidden"
    message = _l("You do not have permission to do that.")


class Conflict(OperationError):
    status = 409
    code = "conflict"
    message = _l("Someone else has already dealt with this.")
