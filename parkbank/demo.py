"""The demo consultation: the new library and culture house, with a few posts in each state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from parkbank.auth.models import Role
from parkbank.auth.operations import assign, create_user, find_user, set_password
from parkbank.consultations.models import Consultation
from parkbank.consultations.operations import create_consultation
from parkbank.database import utcnow
from parkbank.extensions import db
from parkbank.kiosk.models import Kiosk
from parkbank.kiosk.operations import find_by_token, hash_token
from parkbank.moderation.lifecycle import apply
from parkbank.moderation.models import Action
from parkbank.moderation.transcription import today, transcribe
from parkbank.outcomes.operations import OutcomeInput, set_outcome
from parkbank.posts.models import AnalogSource
from parkbank.posts.operations import submit_post
from parkbank.themes.operations import create_theme, set_post_themes

SLUG = "nytt-bibliotek-och-kulturhus"
MODERATOR_EMAIL = "moderator@parkbank.example"
ADMIN_EMAIL = "admin@parkbank.example"
# Demo only, and published in the README: the same login on every run, so it can be looked up
# instead of fished out of the terminal. PARKBANK_DEMO_PASSWORD overrides it.
DEMO_PASSWORD = "demo-only-parkbank"
# The demo kiosk's address token: fixed and published, like the password (demo only). A real
# kiosk's token is random and shown once (parkbank/kiosk/operations.py).
DEMO_KIOSK_TOKEN = "demo-only-kiosk-stadsbiblioteket"

THEMES = ["Rum och lokaler", "Aktiviteter", "Öppettider"]
# What became of some of the approved ideas, by their place in APPROVED (outcome, explanation).
OUTCOMES = {
    0: ("investigating", "Förvaltningen utreder var ett tyst läsrum kan ligga i huset."),
    2: ("received", "Öppettiderna tas med i underlaget till kultur- och fritidsnämnden."),
}
# (text, signature, themes it is tagged with)
APPROVED = [
    ("Ett tyst läsrum med stora fönster och sköna fåtöljer.", "Eva", ["Rum och lokaler"]),
    ("En makerspace med 3D-skrivare och symaskiner som alla kan boka.", None,
     ["Rum och lokaler", "Aktiviteter"]),
    ("Öppet på kvällar och helger, så att den som arbetar också kan komma.", "Kalle, 42", ["Öppettider"]),
    ("En scen för små konserter och poesikvällar.", "Amina", ["Aktiviteter"]),
]
PENDING = [
    ("Läxhjälp för högstadiet på eftermiddagarna.", "Noah"),
    ("Ett kafé med rimliga priser och plats för barnvagnar.", None),
]

# Notes the moderator typed in: a post-it from a workshop, a phone call, a note from the idea wall
# (source, place, days ago, text, signature).
TRANSCRIBED = [
    (AnalogSource.WORKSHOP, "Stadsbiblioteket, workshop för unga", 3,
     "Ett rum där vi kan spela musik utan att störa någon!", "Leo, 15"),
    (AnalogSource.PHONE, None, 2,
     "Ringde och önskade större text på skyltarna och fler bänkar att vila på vid entrén.", None),
    (AnalogSource.WALL, "Idéväggen i bibliotekets entré", 1,
     "Odlingslådor på taket som skolklasser kan sköta.", None),
]


@dataclass(frozen=True)
class DemoLogin:
    slug: str
    email: str
    password: str
    admin_email: str = ADMIN_EMAIL
    kiosk_token: str = DEMO_KIOSK_TOKEN


def _demo_user(email: str, name: str, role: Role, password: str, title: str | None = None):
    user = find_user(email)
    if user is None:
        return create_user(email=email, name=name, role=role, password=password, title=title)
    set_password(user, password)
    return user


def load_demo(password: str = DEMO_PASSWORD) -> DemoLogin:
    """Idempotent: the consultation and posts are made once; the moderator's and the admin's
    password is set to `password` on every run (the same one unless it is changed)."""
    moderator = _demo_user(MODERATOR_EMAIL, "Demo Moderator", Role.MODERATOR, password)
    admin = _demo_user(ADMIN_EMAIL, "Demo Admin", Role.ADMIN, password, title="Digitaliseringsstrateg")
    exists = db.session.execute(
        select(Consultation.id).where(Consultation.slug == SLUG)
    ).scalar_one_or_none()
    if exists is None:
        _create_consultation(moderator, admin)
    _demo_kiosk()
    return DemoLogin(SLUG, MODERATOR_EMAIL, password)


def _demo_kiosk() -> None:
    if find_by_token(DEMO_KIOSK_TOKEN) is None:
        consultation = db.session.execute(
            select(Consultation).where(Consultation.slug == SLUG)).scalar_one()
        db.session.add(Kiosk(name="Entrén", place="Stadsbiblioteket", consultation=consultation,
                             token_hash=hash_token(DEMO_KIOSK_TOKEN), active=True,
                             created_at=utcnow(), token_issued_at=utcnow()))
        db.session.flush()


def _create_consultation(moderator, admin) -> None:
    consultation = create_consultation(
        slug=SLUG,
        title="Nytt bibliotek och kulturhus",
        question="Vad vill du ska finnas i det nya biblioteks- och kulturhuset?",
        description=(
            "Kommunen planerar ett nytt bibliotek och kulturhus i centrum. Berätta vad du vill "
            "att huset ska innehålla: rum, aktiviteter, öppettider. Alla inlägg läses av "
            "innovationsteamet innan de visas här."
        ),
        case_number="KS 2026/123",
        department="Kultur- och fritidsförvaltningen",
        opens_at=utcnow() - timedelta(days=7),
        closes_at=utcnow() + timedelta(days=21),
        next_steps=(
            "Innovationsteamet sammanställer idéerna till kultur- och fritidsnämnden, som "
            "beslutar om husets innehåll i vår. Beslutet och kommunens svar publiceras här."
        ),
    )
    assign(moderator, consultation)
    themes = {name: create_theme(consultation, name, user=admin).id for name in THEMES}
    for n, (body, alias, tags) in enumerate(APPROVED):
        post, _ = submit_post(consultation, participant=None, body=body, alias=alias)
        db.session.flush()
        set_post_themes(post.id, [themes[name] for name in tags], user=moderator)
        apply(post.id, Action.APPROVE, user=moderator)
        if n in OUTCOMES:
            outcome, explanation = OUTCOMES[n]
            set_outcome(consultation, post.id, OutcomeInput(outcome, explanation), user=admin)
    for body, alias in PENDING:
        submit_post(consultation, participant=None, body=body, alias=alias)
    db.session.flush()
    for source, place, days_ago, body, alias in TRANSCRIBED:
        transcribe(consultation, by=moderator, body=body, source=source, place=place,
                   received_on=today() - timedelta(days=days_ago), alias=alias)
