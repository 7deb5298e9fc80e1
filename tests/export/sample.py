"""A consultation with a bit of everything a summary shows, for the tests of the document formats:
ideas with å, ä and ö, a citizen's reply, the municipality's signed reply, a kiosk post, a
politician's view, a rejected and a withdrawn post, supports, an alias, and an e-mail address given
with consent (which no document may show)."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from io import BytesIO

from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation
from parkbank.export.summary import build_summary
from parkbank.extensions import db
from parkbank.kiosk.operations import register_kiosk
from parkbank.moderation.marks import set_politician_view
from parkbank.official.operations import publish_official_reply
from parkbank.participants import kiosk_visit
from parkbank.posts.models import Channel
from parkbank.posts.operations import Origin, support_post
from tests.helpers import build_app

EMAIL = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.-]+")
IDEA = "Ett läsrum med öppet längre på kvällarna – åäö ÅÄÖ"
REPLY = "Ja! Gärna med sköna fåtöljer."
OFFICIAL = "Tack, förslaget går till kulturnämnden i mars."
KIOSK_IDEA = "Fler böcker på lättläst svenska"
BY_CHANNEL = [["Kanal", "Idéer", "Svar"], ["Webb", "5", "1"], ["Kiosk", "1", "0"],
              ["Analogt (överfört)", "0", "0"], ["Totalt", "6", "1"]]


def sample_summary(schema, make_consultation, make_post, make_user):
    """The sample consultation and its summary, built by an app of a named municipality with a
    brand colour and a contact address."""
    board = make_consultation(department="Kultur- och fritidsförvaltningen", case_number="KS 2026/123")
    idea = make_post(board, IDEA, state="approved", alias="Åsa", email="asa@example.se", consent=True)
    make_post(board, REPLY, parent_id=idea, state="approved", alias="Örjan")
    make_post(board, "Köp våra solstolar!", state="rejected")
    make_post(board, "Ångrade mig", state="withdrawn")
    make_post(board, "Inte granskat än")
    view = make_post(board, "Som politiker vill jag ha en bokbuss.", state="approved")
    responder = make_user(Role.RESPONDER, name="Eva Svensson")
    moderator = make_user(Role.MODERATOR, name="Maria Moderator")
    app = build_app(schema, ORGANISATION="Karlshamns kommun", ORGANISATION_CONTACT="samrad@karlshamn.example",
                    ORGANISATION_COLOUR="#005aa0")
    with app.app_context():
        c = db.session.get(Consultation, board.id)
        kiosk, _token = register_kiosk(name="Kiosk 1", place="Stadsbiblioteket", consultation=c)
        db.session.commit()
        kiosk_id = kiosk.id
    make_post(board, KIOSK_IDEA, state="approved",
              origin=Origin(Channel.KIOSK, place="Stadsbiblioteket", kiosk_id=kiosk_id))
    with app.app_context():
        c = db.session.get(Consultation, board.id)
        for n in range(3):
            support_post(c, idea, kiosk_visit(kiosk_id, f"visit-{n}-0123456789abcdef"))
        publish_official_reply(c, idea, db.session.get(User, responder.id), OFFICIAL)
        set_politician_view(view, True, user=db.session.get(User, moderator.id))
        db.session.commit()
        summary = build_summary(db.session.get(Consultation, board.id),
                                now=datetime(2026, 11, 26, 12, tzinfo=UTC))
    return app, summary


def parts(data: bytes) -> dict[str, bytes]:
    """Every part of a DOCX or ODT file (both are ZIP files), by name."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def assert_no_email(data: bytes) -> None:
    """Not the citizen's address, not the staff's, not the organisation's contact: in no part."""
    for name, content in parts(data).items():
        for address in (b"asa@example.se", b"@kommun.example", b"samrad@karlshamn.example"):
            assert address not in content, name
        if not name.startswith(("Pictures/", "word/media/")):
            assert not EMAIL.search(content), (name, EMAIL.search(content))
