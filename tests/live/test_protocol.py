"""The catalogue of live events is the README's live protocol, and the log holds references."""

import re
from pathlib import Path

from sqlalchemy import inspect

from parkbank.extensions import db
from parkbank.live import protocol
from parkbank.live.models import LiveEvent

README = Path(__file__).resolve().parents[2] / "README.md"


def documented_events() -> set[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Live protocol"):]
    section = section[:section.index("\n## ", 5)]
    return {m.group(1) for m in re.finditer(r"^\| [^|]+ \| `([a-z_]+)` \|", section, re.MULTILINE)}


def test_every_event_in_the_catalogue_is_documented_and_nothing_else():
    assert documented_events() == set(protocol.ALL_EVENTS)


def test_the_live_log_keeps_no_copy_of_any_text(app):
    columns = set(LiveEvent.__table__.columns.keys())
    assert columns == {"id", "consultation_id", "seq", "post_id", "name", "created_at"}
    with app.app_context():
        assert {c["name"] for c in inspect(db.engine).get_columns("live_event")} == columns
