"""Fixtures of the browser tests: one real server and one headless Chromium for the whole run;
open_tab() gives each person of a journey a browser context of their own."""

from __future__ import annotations

import os

import pytest

from tests.browser.support import CHROMIUM, CONTACT, ORGANISATION, Tab, sync_api
from tests.server import flask_run, free_port, running, server_env


@pytest.fixture(scope="session")
def server(schema, tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("browser-server") / "server.log"
    # The browser tests see the service as a municipality runs it: its name in every header.
    # One server for every test, whose database is emptied between them: consultation ids come
    # back, so it keeps no recent events (tests/live and tests/browser/test_live_admission.py do).
    env = server_env(schema, PARKBANK_ORGANISATION=ORGANISATION, PARKBANK_CONTACT=CONTACT,
                     PARKBANK_LIVE_RECENT="false")
    with running(flask_run(port), env, port, log) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if sync_api is None:
        pytest.skip("Playwright is not installed (pip install -e '.[dev]')")
    if not os.path.exists(CHROMIUM):
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def open_tab(app, browser, server):
    """open_tab(**context_options) -> a new Tab in a context of its own (Swedish unless told
    otherwise, e.g. timezone_id=…); all are closed after the test."""
    tabs: list[Tab] = []

    def open_(**options) -> Tab:
        tab = Tab(browser, server, **options)
        tabs.append(tab)
        return tab

    yield open_
    for tab in tabs:
        tab.context.close()


@pytest.fixture
def staff_tab(open_tab, consultation):
    """staff_tab(user) -> a Tab logged in as `user` with the consultation's queue open."""
    def open_(user) -> Tab:
        tab = open_tab()
        tab.log_in(user)
        tab.open_queue(consultation.slug)
        return tab
    return open_
