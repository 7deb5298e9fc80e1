"""What the browser tests share: a person's tab, and checks for accessibility."""

from __future__ import annotations

import re
import time

CHROMIUM = "/usr/bin/chromium"
ORGANISATION = "Exempelby kommun"  # the browser tests' server runs as this municipality
CONTACT = "kontakt@exempelby.se"
WAIT = 5_000  # ms: how long an expectation may take to come true
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

try:
    from playwright import sync_api
    from playwright.sync_api import expect
except ImportError:  # the [dev] extra is not installed: conftest.py skips every browser test
    sync_api = expect = None


class Tab:
    """One person's browser context and page, remembering the socket frames it received."""

    def __init__(self, browser, base, **options):
        self.context = browser.new_context(**{"base_url": base, "locale": "sv-SE", **options})
        self.context.set_default_timeout(WAIT)
        self.page = self.context.new_page()
        self.frames: list[str] = []
        self.console_errors: list[str] = []
        self.page.on("websocket", self._follow)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))

    def _follow(self, ws):
        ws.on("framereceived", lambda payload: self.frames.append(
            payload if isinstance(payload, str) else payload.decode("utf-8", "replace")))

    def _console(self, message):
        if message.type in ("error", "warning"):
            self.console_errors.append(f"console.{message.type}: {message.text}")

    def wait_for_frame(self, needle: str, since: int = 0, timeout: float = WAIT / 1000):
        """Wait until the page's socket received a frame containing `needle` (e.g. a join ack)."""
        deadline = time.monotonic() + timeout
        while not any(needle in frame for frame in self.frames[since:]):
            assert time.monotonic() < deadline, f"no socket frame with {needle!r}: {self.frames}"
            self.page.wait_for_timeout(25)

    def joined_board(self, since: int = 0):
        self.wait_for_frame('"last_event_id"', since)

    def joined_queue(self, since: int = 0):
        self.wait_for_frame('"pending"', since)

    def mark_loaded(self):
        """Put a marker in the page's window: it survives only if the page is never reloaded."""
        self.page.evaluate("() => { window.pbNotReloaded = true; }")

    def assert_not_reloaded(self):
        assert self.page.evaluate("() => window.pbNotReloaded === true"), "the page was reloaded"

    # --- journeys' steps ---------------------------------------------------------------

    def open_board(self, slug):
        since = len(self.frames)
        self.page.goto(f"/samrad/{slug}")
        self.joined_board(since)

    def write_reply(self, slug, idea_id, body):
        """Open the board, write a reply under an idea and send it; ends on the thank-you page."""
        self.open_board(slug)
        article = self.page.locator(f"#inlagg-{idea_id}")
        article.get_by_text("Skriv ett svar").click()
        article.get_by_label("Ditt svar").fill(body)
        article.get_by_role("button", name="Skicka svar").click()
        expect(self.page.locator(".flash")).to_contain_text("Ditt inlägg väntar på granskning")

    def start_writing(self):
        """Press "Write your idea" when the form is folded away behind it (as it is by script,
        unless a draft or errors keep it open)."""
        button = self.page.locator("#write-open")
        if button.is_visible():
            button.click()
        expect(self.page.locator("#post-form textarea[name=body]")).to_be_visible()

    def submit_idea(self, slug, body):
        """Write an idea and send it with the keyboard; ends on the board, socket joined."""
        self.page.goto(f"/samrad/{slug}")
        self.start_writing()
        self.page.get_by_label("Din idé", exact=True).fill(body)
        since = len(self.frames)
        self.page.get_by_role("button", name="Skicka", exact=True).focus()
        self.page.keyboard.press("Enter")
        expect(self.page.locator(".flash")).to_contain_text("Ditt inlägg väntar på granskning")
        self.joined_board(since)  # the author's socket now follows the pending post

    def log_in(self, user):
        self.page.goto("/logga-in")
        self.page.get_by_label("E-post", exact=True).fill(user.email)
        self.page.get_by_label("Lösenord", exact=True).fill(user.password)
        self.page.get_by_role("button", name="Logga in").click()
        expect(self.page).to_have_url(re.compile(r"/personal$"))

    def open_queue(self, slug):
        since = len(self.frames)
        self.page.goto(f"/moderering/{slug}")
        self.joined_queue(since)

    def own_post(self, text):
        return self.page.locator("#own-posts li", has_text=text)

    def queue_item(self, text):
        """The waiting post whose own text holds `text` (not one that lists it as a likely
        duplicate)."""
        body = self.page.locator(".pb-queue-card > [data-field=body_html]", has_text=text)
        return self.page.locator("#queue .queue-item", has=body)

    def decide_in_dialog(self, holder, opener, title, reason, submit):
        """Press a post's opener ("Avslå…", "Ta bort…"), choose the reason in the page's one
        dialog and send it; the dialog closes at once."""
        holder.get_by_role("button", name=opener).click()
        dialog = self.page.get_by_role("dialog", name=title)
        expect(dialog).to_be_visible()
        dialog.get_by_label(reason, exact=True).check()
        dialog.get_by_role("button", name=submit, exact=True).click()
        expect(dialog).to_be_hidden()

    def reject(self, item, reason):
        self.decide_in_dialog(item, "Avslå…", "Avslå inlägget", reason, "Avslå")

    def remove(self, published, reason):
        self.decide_in_dialog(published, "Ta bort…", "Ta bort det publicerade inlägget", reason,
                              "Ta bort")


def cut_off_socket(page) -> None:
    """Let no Socket.IO transport (websocket or polling) through to the server for this page."""
    page.route_web_socket(re.compile(r"/socket\.io/"), lambda ws: ws.close())
    page.route("**/socket.io/**", lambda route: route.abort())


def assert_accessible(page, what):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG},
                                       "resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{what}:\n{results.generate_report()}"
