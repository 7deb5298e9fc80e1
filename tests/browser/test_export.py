"""A project leader exports a consultation from the web (issue 15): the job runs in a process of
its own, the page follows its progress to the end without reloading, and the file downloads.
Axe checks the page before and after."""

from __future__ import annotations

import re

import pytest

from parkbank.auth.models import Role
from tests.browser.support import assert_accessible, expect
from tests.export.test_jobs import installed_format

pytestmark = pytest.mark.browser

BUTTONS = {"md": "Markdown", "json": "JSON (öppna data)", "csv": "CSV (öppna data)", "docx": "Word (DOCX)",
           "odt": "OpenDocument (ODT)", "pdf": "PDF/A för arkivet"}


def test_a_project_leader_exports_and_sees_it_finish_without_reloading(open_tab, make_user, consultation,
                                                                       make_post):
    fmt = installed_format()
    if fmt is None:
        pytest.skip("no export format is installed on this branch")
    leader = make_user(Role.PROJECT_LEADER, name="Petra Projektledare")
    make_post(consultation, "Ett läsrum med åäö", state="approved")
    tab = open_tab()
    tab.log_in(leader)
    page = tab.page
    page.get_by_role("link", name=re.compile("^Exportera en sammanställning")).click()
    expect(page.get_by_role("heading", name=re.compile("^Export: Nytt bibliotek"))).to_be_visible()
    expect(page.get_by_text("Inget har exporterats från det här samrådet än.")).to_be_visible()
    assert_accessible(page, "export page, nothing exported yet")

    page.get_by_role("button", name=f"Exportera {BUTTONS[fmt]}").click()
    expect(page.locator(".flash")).to_contain_text("Exporten har startat")
    tab.mark_loaded()
    row = page.locator(".pb-export-job").first
    expect(row.locator("[data-field=label]")).to_have_text("Klar", timeout=30_000)
    expect(row.locator("progress")).to_be_hidden()
    tab.assert_not_reloaded()
    assert_accessible(page, "export page, an export ready")

    with page.expect_download() as info:
        row.get_by_role("link", name="Ladda ner").click()
    download = info.value
    assert re.fullmatch(rf"nytt-bibliotek-\d{{4}}-\d{{2}}-\d{{2}}\.{fmt}",
                        download.suggested_filename)
    with open(download.path(), "rb") as file:
        assert file.read()
    assert tab.console_errors == []
