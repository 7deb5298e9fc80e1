"""The one summary every export renders (issue 15): figures computed once, no personal data."""

from __future__ import annotations

from datetime import UTC, datetime

from parkbank.consultations.models import Consultation
from parkbank.export.summary import build_summary
from parkbank.extensions import db
from parkbank.kiosk.operations import register_kiosk
from parkbank.participants import kiosk_visit
from parkbank.posts.models import Channel
from parkbank.posts.operations import Origin, support_post


def summary_of(app, consultation):
    with app.app_context():
        return build_summary(db.session.get(Consultation, consultation.id),
                             now=datetime(2026, 11, 26, 12, tzinfo=UTC))


def test_the_summary_counts_participation_moderation_and_channels(app, consultation, make_post):
    idea = make_post(consultation, "Ett läsrum med åäö", state="approved", alias="Åsa",
                     email="asa@example.se", consent=True)
    make_post(consultation, "Svar: ja!", parent_id=idea, state="approved")
    make_post(consultation, "Reklam", state="rejected")
    make_post(consultation, "Bort", state="withdrawn")
    make_post(consultation, "Väntar")
    with app.app_context():
        c = db.session.get(Consultation, consultation.id)
        kiosk, _token = register_kiosk(name="K", place="Stadsbiblioteket", consultation=c)
        make_kiosk_post = dict(origin=Origin(Channel.KIOSK, place="Stadsbiblioteket", kiosk_id=kiosk.id))
        db.session.commit()
    make_post(consultation, "Från kiosken", state="approved", **make_kiosk_post)
    with app.app_context():
        c = db.session.get(Consultation, consultation.id)
        for n in range(3):
            support_post(c, idea, kiosk_visit(1, f"visit-{n}-0123456789abcdef"))
        db.session.commit()

    summary = summary_of(app, consultation)
    assert (summary.participation.ideas, summary.participation.replies,
            summary.participation.supports) == (5, 1, 3)
    m = summary.moderation
    assert (m.approved, m.rejected, m.withdrawn, m.pending) == (3, 1, 1, 1)
    by_reason = {r.reason: (r.rejected, r.withdrawn) for r in m.by_reason}
    assert by_reason["spam"] == (1, 0) and by_reason["other"] == (0, 1)
    channels = {c.channel: (c.ideas, c.replies) for c in summary.by_channel}
    assert channels == {"web": (4, 1), "kiosk": (1, 0), "analog": (0, 0)}
    assert sum(d.ideas for d in summary.by_day) == 5 and sum(d.supports for d in summary.by_day) == 3
    # Every public idea with its replies; the most supported first among the top ideas.
    assert [p.body for p in summary.ideas] == ["Ett läsrum med åäö", "Från kiosken"]
    assert [r.body for r in summary.ideas[0].replies] == ["Svar: ja!"]
    assert summary.top_ideas[0].body == "Ett läsrum med åäö" and summary.top_ideas[0].support_count == 3
    assert summary.ideas[1].place == "Stadsbiblioteket"
    assert "asa@example.se" not in repr(summary)  # never an e-mail address
    assert summary.facts.title == "Nytt bibliotek" and summary.facts.exported_at.year == 2026
