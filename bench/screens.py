"""Screenshots of the pages people see, for reviewing a change in look:

    python -m bench.screens [--out screens] [--organisation "Karlshamns kommun"]

Builds a fresh SQLite database with the demo consultation, a closed one, an idea and a waiting
post each holding a 300-character link, a waiting post with personal data, starts the development
server on a free port, and saves full-page PNGs of the start page, the board, the queue, the login
page and the two legal pages at 390 and 1280 px wide, in Swedish and English, with Debian's
Chromium (never a downloaded one).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.browser.support import CHROMIUM, sync_api
from tests.server import flask_run, free_port, running, server_env

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (390, 1280)
LONG_LINK = "https://example.org/" + "a" * 280
SEED = f"""
from datetime import timedelta
from parkbank import create_app
from parkbank.cli import in_transaction
from parkbank.consultations.models import ConsultationStatus
from parkbank.consultations.operations import create_consultation, get_by_slug
from parkbank.database import utcnow
from parkbank.demo import load_demo, find_user, MODERATOR_EMAIL
from parkbank.extensions import db
from parkbank.moderation.lifecycle import apply
from parkbank.moderation.models import Action
from parkbank.posts.operations import submit_post

def seed():
    login = load_demo()
    consultation = get_by_slug(login.slug)
    moderator = find_user(MODERATOR_EMAIL)
    idea, _ = submit_post(consultation, participant=None, alias="Länkdelaren",
                          body="Läs gärna utredningen: {LONG_LINK}")
    db.session.flush()
    apply(idea.id, Action.APPROVE, user=moderator)
    submit_post(consultation, participant=None, body="Väntar, med länk: {LONG_LINK}")
    submit_post(consultation, participant=None,
                body="Ring mig på 070-123 45 67, mitt personnummer är 811218-9876.")
    closed = create_consultation(
        slug="lekplats-i-parken", title="Ny lekplats i Stadsparken",
        question="Hur ska den nya lekplatsen se ut?",
        department="Samhällsbyggnadsförvaltningen", case_number="SBF 2026/45")
    old, _ = submit_post(closed, participant=None, body="Gungor för alla åldrar, och skugga.")
    db.session.flush()
    apply(old.id, Action.APPROVE, user=moderator)
    # Its dates only now: past its closing time it would have taken no post.
    closed.opens_at, closed.closes_at = utcnow() - timedelta(days=60), utcnow() - timedelta(days=30)
    closed.status = ConsultationStatus.CLOSED

app = create_app()
with app.app_context():
    in_transaction(seed)()
"""


def build_database(directory: Path, env: dict) -> None:
    subprocess.run([sys.executable, "-m", "flask", "--app", "parkbank", "db", "upgrade"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-c", SEED], cwd=ROOT, env=env, check=True)


def shoot(base: str, out: Path) -> list[Path]:
    saved = []
    pages = [("start", "/"), ("board", "/samrad/nytt-bibliotek-och-kulturhus"),
             ("closed-board", "/samrad/lekplats-i-parken"), ("login", "/logga-in"),
             ("privacy", "/personuppgifter"), ("accessibility", "/tillganglighet"),
             ("queue", "/moderering/nytt-bibliotek-och-kulturhus")]
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
                for name, path in pages:
                    if name == "queue":
                        _log_in(page, base)
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    file = out / f"{name}-{language}-{width}.png"
                    page.screenshot(path=str(file), full_page=True)
                    saved.append(file)
                context.close()
        browser.close()
    return saved


def _log_in(page, base: str) -> None:
    page.goto(f"{base}/logga-in")
    if page.locator("#email").count() == 0:
        return  # logged in already
    page.fill("#email", "moderator@parkbank.example")
    page.fill("#password", os.environ.get("PARKBANK_DEMO_PASSWORD", "demo-only-parkbank"))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


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
        build_database(Path(tmp), env)
        port = free_port()
        with running(flask_run(port), env, port, Path(tmp) / "server.log") as base:
            saved = shoot(base, out)
    print(f"{len(saved)} screenshots in {out}")


if __name__ == "__main__":
    main()
