"""Build a bench database: run the migrations, add one open consultation and one moderator, and
optionally N approved posts (bulk-inserted, for the reading benchmark).

common.seed() runs this as `python -m bench.seed N` with the server's environment (DATABASE_URL,
SECRET_KEY), so the client process never imports the application.
"""

from __future__ import annotations

import sys
from datetime import timedelta

SLUG = "bankmarkning"
MODERATOR_EMAIL = "moderator@bench.example"
MODERATOR_PASSWORD = "bench moderator password"
BODY = ("Ett tyst läsrum med stora fönster, öppet på kvällar och helger, så att den som arbetar "
        "också kan komma. Mer om idén: https://example.org/lasrum och i bilagan.")


def main(approved: int) -> None:
    import flask_migrate
    from sqlalchemy import insert

    from parkbank import create_app
    from parkbank.auth.models import Role
    from parkbank.auth.operations import create_user
    from parkbank.consultations.operations import create_consultation
    from parkbank.database import utcnow, write_intent
    from parkbank.extensions import db
    from parkbank.posts.models import Channel, Post, PostState

    app = create_app()
    with app.app_context():
        flask_migrate.upgrade()
        write_intent.set(True)
        consultation = create_consultation(slug=SLUG, title="Bänkmärkning",
                                           question="Vad vill du ska finnas i parken?")
        moderator = create_user(email=MODERATOR_EMAIL, name="Bench Moderator",
                                role=Role.MODERATOR, password=MODERATOR_PASSWORD)
        try:  # since migration 0007 a moderator works on the consultations assigned to them
            from parkbank.auth.operations import assign
        except ImportError:
            pass
        else:
            assign(moderator, consultation)
        now = utcnow()
        rows = [{
            "consultation_id": consultation.id, "body": f"{BODY} (#{i})", "alias": f"Bänk {i}",
            "state": PostState.APPROVED, "channel": Channel.WEB, "email_consent": False,
            "support_count": i % 7, "created_at": now - timedelta(seconds=2 * approved - i),
            "decided_at": now - timedelta(seconds=approved - i),
            "published_at": now - timedelta(seconds=approved - i),
        } for i in range(approved)]
        if hasattr(Post, "body_html"):  # since migration 0005: the safe HTML, made at intake
            from parkbank.sanitize import render_html

            for row in rows:
                row["body_html"] = render_html(row["body"])
        for start in range(0, len(rows), 2000):
            db.session.execute(insert(Post), rows[start:start + 2000])
        db.session.commit()
        db.engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
