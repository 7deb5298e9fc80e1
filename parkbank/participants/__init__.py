"""Who took part without an account: the signed browser mark now; a kiosk visit and a follow
token are other kinds of the same thing. Supports, posting limits, "your posts" and submission
keys are keyed on the participant this package names, never on a cookie a client made up."""

from parkbank.participants.marks import (
    Participant,
    current_participant,
    ensure_participant,
    rate_limit_key,
    register,
)

__all__ = ["Participant", "current_participant", "ensure_participant", "rate_limit_key", "register"]
