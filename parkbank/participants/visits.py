"""A kiosk visit: one person at a shared touch screen, from their first touch until the kiosk
resets (after PARKBANK_KIOSK_IDLE_SECONDS without a touch). The kiosk names each visit with a
random id of its own making; the kiosk's secret address is what makes the request the kiosk's,
so the id needs no signature — and the kiosk can start a visit, and keep its post, while its
network is down. Supports and submission keys are keyed on the visit, as they are on a browser
mark: each visitor supports an idea once, and a post sent again after a network cut is stored once."""

from __future__ import annotations

import re

from parkbank.participants.marks import Participant, participant_for

_VISIT_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


def kiosk_visit(kiosk_id: int, visit_id: str | None) -> Participant | None:
    """The participant of one visit at a kiosk; None for a missing or malformed visit id."""
    if not visit_id or not _VISIT_ID.fullmatch(visit_id):
        return None
    return participant_for("kiosk", f"{kiosk_id}:{visit_id}")
