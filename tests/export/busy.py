"""A second sample for the PDF and Markdown tests (hostile text that must stay text), built like
tests/export/sample.py: ideas with åäö, a reply, the municipality's reply, a kiosk post, a rejected
and a withdrawn post, supports, an alias and an e-mail with consent."""

from __future__ import annotations

from datetime import UTC, datetime

from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation
from parkbank.export.summary import build_summary
from parkbank.extensions import db
from parkbank.kiosk.operations import register_kiosk
from parkbank.official.operations import publish_official_reply
from parkbank.participants import kiosk_visit
from parkbank.posts.models import Channel
from parkbank.posts.operations import Origin, support_post

EMAIL = "asa.secret@example.se"
HOSTILE = "<script>alert(1)</script>\n[x](javascript:alert(1))\n# heading\n| a | b |\n- item"


def busy_summary(app, make_consultation, make_post, make_user):
    board = make_consultation(case_number="KS 2026/42", department="Kultur- och fritidsförvaltningen")
    idea = make_post(board, "Ett läsrum med åäö\noch långa öppettider", state="approved", alias="Åsa",
                     email=EMAIL, consent=True)
    make_post(board, "Svar: ja, gärna på söndagar!", parent_id=idea, state="approved")
    make_post(board, HOSTILE, state="approved")
    make_post(board, "Reklam för något", state="rejected")
    make_post(board, "Borttagen text", state="withdrawn")
    make_post(board, "Inte granskad än")
    responder = make_user(Role.RESPONDER, name="Eva Svensson")
    with app.app_context():
        c = db.session.get(Consultation, board.id)
        publish_official_reply(c, idea, db.session.get(User, responder.id), "Tack, vi utreder söndagsöppet.")
        kiosk, _token = register_kiosk(name="K", place="Stadsbiblioteket", consultation=c)
        db.session.commit()
        kiosk_id = kiosk.id
    make_post(board, "Från kiosken: fler bänkar", state="approved",
              origin=Origin(Channel.KIOSK, place="Stadsbiblioteket", kiosk_id=kiosk_id))
    with app.app_context():
        c = db.session.get(Consultation, board.id)
        for n in range(3):
            support_post(c, idea, kiosk_visit(kiosk_id, f"visit-{n}-0123456789abcdef"))
        db.session.commit()
        return build_summary(db.session.get(Consultation, board.id),
                             now=datetime(2026, 11, 26, 12, tzinfo=UTC))
