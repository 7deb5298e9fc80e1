"""The author's follow page shows what became of the idea (templates/outcomes/_follow.html)."""

from __future__ import annotations

from parkbank.auth.models import User
from parkbank.consultations.models import Consultation
from parkbank.extensions import db
from parkbank.outcomes.operations import OutcomeInput, set_outcome


def test_the_follow_page_shows_the_ideas_outcome(app, client, consultation, followed, make_user):
    from parkbank.auth.models import Role

    leader = make_user(Role.PROJECT_LEADER)
    post_id, path = followed(consultation, "Fler bänkar", state="approved")
    assert "follow-outcome-heading" in client.get(path).get_data(as_text=True)  # not yet
    with app.app_context():
        set_outcome(db.session.get(Consultation, consultation.id), post_id,
                    OutcomeInput("implemented", "Bänkarna står på plats.", "", "KFN 2026/3"),
                    user=db.session.get(User, leader.id))
        db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert "Bänkarna står på plats." in page and "KFN 2026/3" in page
