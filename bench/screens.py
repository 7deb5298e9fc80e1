"""Screenshots of the pages people see, for reviewing a change in look:

    python -m bench.screens [--out screens] [--organisation "Karlshamns kommun"]

Builds a fresh SQLite database with the demo consultation (its moderator and admin), a closed
one, an idea and a waiting post each holding a 300-character link, a waiting post with personal
data, a responder ("Kulturchef") assigned to the demo consultation, an official reply to one idea,
an idea marked as a politician's view, another idea reported twice, two channels and two kiosks
(one switched off); starts the development server on a free port, and saves full-page PNGs of every
page in PAGES at 390 and 1280 px wide (and the window of each page in SCREENS at 1920×1080 and
1280×720, as a projector shows it), in Swedish and English, with Debian's Chromium (never a
downloaded one). Each page is seen by the role PAGES names: nobody (the public pages), the
moderator (the queue, the redaction page, the analog input form, their /personal), the responder
(their /personal, the answering page) or the admin (their /personal and the administration pages).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.browser.support import CHROMIUM, sync_api
from tests.server import flask_run, free_port, running, server_env

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (390, 1280)
# Full-window pages (the public meeting screen) are also seen as a projector shows them: the
# window alone, at 1080p and 720p.
SCREENS = [("projector", "/samrad/{slug}/skarm"),
           ("kiosk", "/kiosk/demo-only-kiosk-stadsbiblioteket")]
SCREEN_SIZES = ((1920, 1080), (1280, 720))
LONG_LINK = "https://example.org/" + "a" * 280
PASSWORD = os.environ.get("PARKBANK_DEMO_PASSWORD") or "demo-only-parkbank"  # as `flask demo` takes it
EMAILS = {"moderator": "moderator@parkbank.example", "responder": "svarare@parkbank.example",
          "admin": "admin@parkbank.example"}
SEED = f"""
import json
from datetime import timedelta
from sqlalchemy import select
from parkbank import create_app
from parkbank.auth.models import Role
from parkbank.auth.operations import assign, create_user
from parkbank.channels.operations import add_channel
from parkbank.cli import in_transaction
from parkbank.consultations.models import ConsultationStatus
from parkbank.consultations.operations import create_consultation, get_by_slug
from parkbank.database import utcnow
from parkbank.demo import load_demo, find_user, ADMIN_EMAIL, MODERATOR_EMAIL
from parkbank.extensions import db
from parkbank.kiosk.operations import register_kiosk, set_active
from parkbank.moderation.lifecycle import apply
from parkbank.moderation.marks import set_politician_view
from parkbank.moderation.models import Action
from parkbank.official.operations import publish_official_reply
from parkbank.participants import Participant
from parkbank.posts.models import Post, PostState
from parkbank.posts.operations import submit_post
from parkbank.reports.operations import report_post

def seed():
    login = load_demo({PASSWORD!r})
    consultation = get_by_slug(login.slug)
    moderator, admin = find_user(MODERATOR_EMAIL), find_user(ADMIN_EMAIL)
    # The demo's ideas in the order they were published: läsrum, makerspace, kvällar, scen.
    ideas = db.session.execute(
        select(Post).where(Post.consultation_id == consultation.id, Post.parent_id.is_(None),
                           Post.state == PostState.APPROVED).order_by(Post.id)).scalars().all()
    responder = create_user(email={EMAILS["responder"]!r}, name="Maria Lind", role=Role.RESPONDER,
                            password={PASSWORD!r}, title="Kulturchef", by=admin)
    assign(responder, consultation, by=admin)
    publish_official_reply(consultation, ideas[0].id, responder,
                           "Tack! Ett tyst läsrum finns med i programmet för huset, med fönster mot "
                           "parken. Vi återkommer om möbleringen efter nämndens beslut.")
    set_politician_view(ideas[3].id, True, user=moderator)
    for n, (reason, note) in enumerate([("off_topic", "Handlar inte om biblioteket."),
                                        ("spam", None)]):
        report_post(consultation, ideas[1].id, Participant("browser", f"{{n + 1:064x}}"), reason, note)
    add_channel(name="Karlshamns kommun på Facebook", url="https://www.facebook.com/karlshamnskommun",
                description="Nyheter och evenemang, och frågor i kommentarerna.", by=admin)
    add_channel(name="Nyhetsbrevet", url="https://example.se/nyhetsbrev",
                description="En gång i månaden: vad som händer i kommunen.", by=admin)
    idea, _ = submit_post(consultation, participant=None, alias="Länkdelaren",
                          body="Läs gärna utredningen: {LONG_LINK}")
    db.session.flush()
    apply(idea.id, Action.APPROVE, user=moderator)
    submit_post(consultation, participant=None, body="Väntar, med länk: {LONG_LINK}")
    personal, _ = submit_post(consultation, participant=None,
                              body="Ring mig på 070-123 45 67, mitt personnummer är 811218-9876.")
    db.session.flush()
    closed = create_consultation(
        slug="lekplats-i-parken", title="Ny lekplats i Stadsparken",
        question="Hur ska den nya lekplatsen se ut?",
        department="Samhällsbyggnadsförvaltningen", case_number="SBF 2026/45")
    assign(moderator, closed)  # only an assigned moderator may approve its post
    old, _ = submit_post(closed, participant=None, body="Gungor för alla åldrar, och skugga.")
    db.session.flush()
    apply(old.id, Action.APPROVE, user=moderator)
    # Its dates only now: past its closing time it would have taken no post.
    closed.opens_at, closed.closes_at = utcnow() - timedelta(days=60), utcnow() - timedelta(days=30)
    closed.status = ConsultationStatus.CLOSED
    kiosk, _ = register_kiosk(name="Biblioteket, entrén", place="Stadsbiblioteket",
                              consultation=consultation, by=admin)
    off, _ = register_kiosk(name="Medborgarkontoret, receptionen", place="Medborgarkontoret",
                            consultation=closed, by=admin)
    set_active(off, False, by=admin)
    return {{"slug": login.slug, "responder": responder.id, "personal_post": personal.id,
             "kiosk": kiosk.id}}

app = create_app()
with app.app_context():
    print(json.dumps(in_transaction(seed)()))
"""
# (file name, path, who looks: None for nobody, else a key of EMAILS); the paths' {slug},
# {responder}, {personal_post} and {kiosk} come from the seed. Grouped by role: one log-in per
# group.
PAGES = [
    ("start", "/", None), ("board", "/samrad/{slug}", None),
    ("closed-board", "/samrad/lekplats-i-parken", None), ("login", "/logga-in", None),
    ("privacy", "/personuppgifter", None), ("accessibility", "/tillganglighet", None),
    ("channels", "/kanaler", None), ("projector", "/samrad/{slug}/skarm", None),
    ("kiosk", "/kiosk/demo-only-kiosk-stadsbiblioteket", None),
    ("queue", "/moderering/{slug}", "moderator"), ("personal-moderator", "/personal", "moderator"),
    ("redact", "/moderering/inlagg/{personal_post}/maskera", "moderator"),
    ("transcribe", "/moderering/{slug}/analog", "moderator"),
    ("personal-responder", "/personal", "responder"), ("answer", "/samrad/{slug}/svara", "responder"),
    ("personal-admin", "/personal", "admin"), ("admin", "/admin/", "admin"),
    ("admin-staff", "/admin/personal", "admin"),
    ("admin-staff-responder", "/admin/personal/{responder}", "admin"),
    ("admin-consultations", "/admin/samrad", "admin"),
    ("admin-consultation", "/admin/samrad/{slug}", "admin"),
    ("admin-consultation-new", "/admin/samrad/ny", "admin"),
    ("admin-channels", "/admin/kanaler", "admin"), ("admin-log", "/admin/logg/", "admin"),
    ("admin-kiosks", "/admin/kiosker", "admin"), ("admin-kiosk-new", "/admin/kiosker/ny", "admin"),
    ("admin-kiosk", "/admin/kiosker/{kiosk}", "admin"),
    ("admin-retention", "/admin/gallring", "admin"),
    ("admin-privacy", "/admin/personuppgifter", "admin"),
]


def build_database(directory: Path, env: dict) -> dict:
    """Migrate and seed; returns what the page paths need (the seed's last line of output)."""
    subprocess.run([sys.executable, "-m", "flask", "--app", "parkbank", "db", "upgrade"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    seeded = subprocess.run([sys.executable, "-c", SEED], cwd=ROOT, env=env, check=True,
                            stdout=subprocess.PIPE, text=True)
    return json.loads(seeded.stdout.strip().splitlines()[-1])


def shoot(base: str, out: Path, ids: dict) -> list[Path]:
    saved = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for language in ("sv", "en"):
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 800},
                                              locale="sv-SE", timezone_id="Europe/Stockholm")
                page = context.new_page()
                page.goto(f"{base}/sprak/{language}")
                role = None
                for name, path, who in PAGES:
                    if who != role:  # a fresh session for the next role, in the same language
                        context.clear_cookies()
                        page.goto(f"{base}/sprak/{language}")
                        if who is not None:
                            _log_in(page, base, EMAILS[who])
                        role = who
                    response = page.goto(base + path.format(**ids))
                    if response is None or response.status != 200:
                        print(f"{name}: HTTP {response and response.status} for {page.url}", file=sys.stderr)
                    page.wait_for_load_state("networkidle")
                    file = out / f"{name}-{language}-{width}.png"
                    page.screenshot(path=str(file), full_page=True)
                    saved.append(file)
                context.close()
            saved += _shoot_screens(browser, base, out, ids, language)
        browser.close()
    return saved


def _shoot_screens(browser, base: str, out: Path, ids: dict, language: str) -> list[Path]:
    saved = []
    for width, height in SCREEN_SIZES:
        context = browser.new_context(viewport={"width": width, "height": height},
                                      locale="sv-SE", timezone_id="Europe/Stockholm")
        page = context.new_page()
        page.goto(f"{base}/sprak/{language}")
        for name, path in SCREENS:
            page.goto(base + path.format(**ids))
            page.wait_for_load_state("networkidle")
            file = out / f"{name}-{language}-{width}x{height}.png"
            page.screenshot(path=str(file))
            saved.append(file)
        context.close()
    return saved


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/logga-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    if "/logga-in" in page.url:
        raise RuntimeError(f"could not log in as {email}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screens", help="folder for the PNGs (made if missing)")
    parser.add_argument("--organisation", default="Karlshamns kommun")
    parser.add_argument("--colour", default="", help="brand colour, e.g. #005a9c")
    args = parser.parse_args()
    if sync_api is None or not os.path.exists(CHROMIUM):
        sys.exit(f"Needs Playwright (pip install -e '.[dev]') and {CHROMIUM} (apt-get install chromium)")
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = server_env(f"sqlite:///{tmp}/screens.db", PARKBANK_ORGANISATION=args.organisation,
                         PARKBANK_CONTACT="kommunen@example.se",
                         PARKBANK_BRAND_COLOUR=args.colour)
        ids = build_database(Path(tmp), env)
        port = free_port()
        with running(flask_run(port), env, port, Path(tmp) / "server.log") as base:
            saved = shoot(base, out, ids)
    print(f"{len(saved)} screenshots in {out}")


if __name__ == "__main__":
    main()
