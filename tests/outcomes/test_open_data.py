"""Each idea's outcome in the paged API, the open-data JSON and CSV, and the export's document."""

from __future__ import annotations

import csv
import io
import json

from parkbank.auth.models import User
from parkbank.consultations.models import Consultation
from parkbank.export import document, markdown
from parkbank.export.summary import build_summary
from parkbank.extensions import db
from parkbank.outcomes.operations import OutcomeInput, set_outcome


def _set(app, consultation, leader, idea):
    with app.app_context():
        set_outcome(db.session.get(Consultation, consultation.id), idea,
                    OutcomeInput("not_pursued", "=Ryms inte i budgeten.", "https://kommun.example/b",
                                 "KS 2026/9"), user=db.session.get(User, leader.id))
        db.session.commit()


def test_the_paged_api_carries_the_outcome(app, client, consultation, leader, make_post):
    idea = make_post(consultation, "Simhall", state="approved")
    reply = make_post(consultation, "Ja!", state="approved", parent_id=idea)
    other = make_post(consultation, "Bibliotek", state="approved")
    _set(app, consultation, leader, idea)
    posts = {p["id"]: p for p in client.get(f"/api/v1/consultations/{consultation.slug}/posts").json["posts"]}
    assert posts[idea]["outcome"]["state"] == "not_pursued"
    assert posts[idea]["outcome"]["reference"] == "KS 2026/9"
    assert posts[reply]["outcome"] is None and posts[other]["outcome"] is None


def test_the_json_and_csv_downloads_carry_it(app, client, consultation, leader, make_post):
    idea = make_post(consultation, "Simhall", state="approved")
    make_post(consultation, "Bibliotek", state="approved")
    _set(app, consultation, leader, idea)
    doc = json.loads(client.get(f"/api/v1/consultations/{consultation.slug}/posts.json").data)
    assert doc["schema"] == "parkbank-opendata/2.1"
    by_id = {p["id"]: p for p in doc["posts"]}
    assert by_id[idea]["outcome"]["state"] == "not_pursued"
    assert by_id[idea]["outcome"]["explanation"] == "=Ryms inte i budgeten."
    assert doc["responsiveness"]["public_ideas"] == 2
    assert {"outcome": "not_pursued", "ideas": 1} in doc["responsiveness"]["by_outcome"]
    assert {"outcome": None, "ideas": 1} in doc["responsiveness"]["by_outcome"]
    text = client.get(f"/api/v1/consultations/{consultation.slug}/posts.csv").data.decode("utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows[str(idea)]["outcome"] == "not_pursued"
    assert rows[str(idea)]["outcome_explanation"] == "'=Ryms inte i budgeten."  # the formula rule
    assert rows[str(idea)]["outcome_link"] == "https://kommun.example/b"


def test_the_document_has_the_figures_and_each_ideas_outcome(app, consultation, leader, make_post):
    idea = make_post(consultation, "Simhall", state="approved")
    _set(app, consultation, leader, idea)
    with app.app_context():
        c = db.session.get(Consultation, consultation.id)
        c.closing_summary = "Vi tackar för alla idéer."
        summary = build_summary(c)
        blocks = document.build(summary).blocks
        text = markdown.render(summary).decode()
    assert summary.ideas[0].outcome.state == "not_pursued"
    assert "Vi tackar för alla idéer." in text
    assert "KS 2026/9" in text and "Ryms inte i budgeten." in text
    assert "(0 of 1)" in text or "(0 av 1)" in text  # ideas with the municipality's reply
    [table] = [b for b in blocks if b.kind == "table" and b.header[0] in ("Outcome", "Utfall")]
    assert [row[1] for row in table.rows] == ["0", "0", "0", "0", "0", "1", "0", "1"]  # …, none, total


def test_a_median_of_zero_seconds_is_zero_not_unknown():
    """A median of no time at all is a figure (0), not "no figure" (null)."""
    from datetime import timedelta

    from parkbank.export.opendata_json import _responsiveness
    from parkbank.outcomes.figures import Responsiveness

    figures = Responsiveness(decided=1, decision=timedelta(0), public_ideas=1, answered=1,
                             reply=timedelta(0), by_outcome=())
    data = _responsiveness(type("S", (), {"responsiveness": figures})())
    assert data["median_decision_seconds"] == 0 and data["median_reply_seconds"] == 0
