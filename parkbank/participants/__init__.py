"""Who took part without an account: the signed browser mark and a visit at a kiosk; a follow
token will be another kind of the same thing. Supports, posting limits, "your posts" and submission
keys are keyed on the participant this package names, never on a cookie a client made up."""

from parkbank.participants.marks import (
    Participant,
    current_participant,
    ensure_participant,
    rate_limit_key,
    register,
)
from parkbank.participants.visits import kiosk_visit

__all__ = ["Participant", "current_participant", "ensure_participant", "kiosk_visit", "rate_limit_key",
           "register"]
