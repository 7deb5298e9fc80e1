"""Exports started from the web (issue 15): a job row, audited, whose work runs in a process of
its own (`flask export-job <id>`), reports progress, and leaves a file that is kept for a while.
The formats here are test modules (tests/export/stub_format.py, broken_format.py); the real
renderers are tested on their own. Who may use the doors: tests/test_access.py ("lead")."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.auth.models import Role
from parkbank.database import utcnow
from parkbank.export import jobs
from parkbank.export.formats import FORMATS, Format
from parkbank.export.models import ExportJob, ExportStatus
from parkbank.extensions import db
from tests.conftest import _empty_tables
from tests.helpers import build_app, csrf_token, login

JSON = {"Accept": "application/json"}
STUB = Format("md", "tests.export.stub_format", "text/markdown; charset=utf-8", "md")
BROKEN = Format("pdf", "tests.export.broken_format", "application/pdf", "pdf")


@pytest.fixture
def app(schema, tmp_path):
    app = build_app(schema, EXPORT_DIR=str(tmp_path / "exports"))
    yield app
    with app.app_context():
        _empty_tables()


@pytest.fixture
def formats(monkeypatch):
    monkeypatch.setitem(FORMATS, "md", STUB)
    monkeypatch.setitem(FORMATS, "pdf", BROKEN)
    monkeypatch.setitem(FORMATS, "docx", Format("docx", "tests.export.no_such_module", "x/y", "docx"))


@pytest.fixture
def launched(monkeypatch):
    """The job processes the server would have started (none are, in these tests)."""
    started: list[int] = []
    monkeypatch.setattr(jobs, "launch", started.append)
    return started


@pytest.fixture
def leader(make_user, consultation):
    return make_user(Role.PROJECT_LEADER, name="Petra Projektledare")


def start(client, slug, fmt, **headers):
    page = client.get(f"/samrad/{slug}/export")
    assert page.status_code == 200
    return client.post(f"/samrad/{slug}/export", headers=headers,
                       data={"format": fmt, "csrf_token": csrf_token(page.get_data(as_text=True))})


def job_row(app, job_id) -> ExportJob:
    with app.app_context():
        return db.session.get(ExportJob, job_id)


@pytest.fixture
def started_job(app, client, consultation, leader, make_post, formats, launched):
    make_post(consultation, "Ett läsrum med åäö", state="approved")
    login(client, leader)
    answer = start(client, consultation.slug, "md", **JSON)
    assert answer.status_code == 202, answer.get_data(as_text=True)
    return answer.get_json()["id"]


def test_starting_an_export_adds_a_job_audits_it_and_starts_its_process_after_commit(
        app, client, consultation, leader, formats, launched):
    login(client, leader)
    answer = start(client, consultation.slug, "md")
    assert answer.status_code == 303
    with app.app_context():
        job = db.session.execute(select(ExportJob)).scalar_one()
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT.value)).scalar_one()
    assert answer.headers["Location"].endswith(f"/samrad/{consultation.slug}/export#jobb-{job.id}")
    assert (job.format, job.status, job.progress, job.requested_by_id) == ("md", ExportStatus.QUEUED, 0,
                                                                          leader.id)
    assert (entry.actor_id, entry.consultation_id, entry.target_type, entry.target_id, entry.details) == (
        leader.id, consultation.id, "export_job", job.id, {"format": "md"})
    assert launched == [job.id]
    page = client.get(f"/samrad/{consultation.slug}/export").get_data(as_text=True)
    assert "Exporten har startat" in page and "Väntar på att starta (0 %)" in page


def test_the_json_door_answers_202_with_where_to_poll(app, client, consultation, leader, formats, launched):
    login(client, leader)
    answer = start(client, consultation.slug, "md", **JSON)
    body = answer.get_json()
    assert answer.status_code == 202
    assert (body["status"], body["progress"], body["download"]) == ("queued", 0, None)
    assert body["url"] == f"/samrad/{consultation.slug}/export/{body['id']}.json"


@pytest.mark.parametrize("fmt", ["", "exe", "docx"])  # docx: its module is not installed here
def test_an_unknown_or_missing_format_is_refused_and_starts_nothing(app, client, consultation, leader,
                                                                   formats, launched, fmt):
    login(client, leader)
    answer = start(client, consultation.slug, fmt, **JSON)
    assert answer.status_code == 400
    assert answer.get_json()["fields"]["format"]
    assert launched == []
    with app.app_context():
        assert db.session.execute(select(ExportJob)).first() is None


def test_the_page_describes_each_format_and_says_which_are_not_installed(client, consultation, leader,
                                                                         formats):
    login(client, leader)
    page = client.get(f"/samrad/{consultation.slug}/export").get_data(as_text=True)
    for words in ("Word (DOCX)", "OpenDocument (ODT)", "PDF/A för arkivet", "Markdown", "CSV (öppna data)",
                  "JSON (öppna data)"):
        assert words in page
    assert 'name="format" value="md"' in page
    assert 'name="format" value="docx"' not in page
    assert "Inte installerat på den här servern." in page


def test_the_job_command_builds_renders_writes_and_marks_done(app, client, runner, consultation,
                                                              started_job, monkeypatch):
    progress = []
    real_set = jobs._set
    monkeypatch.setattr(jobs, "_set", lambda job_id, **values: progress.append(values.get("progress"))
                        or real_set(job_id, **values))
    result = runner.invoke(args=["export-job", str(started_job)])
    assert result.exit_code == 0, result.output
    job = job_row(app, started_job)
    assert (job.status, job.progress, job.error) == (ExportStatus.DONE, 100, None)
    assert progress == [30, 90, 100]
    assert job.expires_at - job.finished_at == timedelta(hours=24)
    assert job.file_name == f"nytt-bibliotek-{job.finished_at:%Y-%m-%d}.md"

    state = client.get(f"/samrad/{consultation.slug}/export/{started_job}.json").get_json()
    url = f"/samrad/{consultation.slug}/export/{started_job}"
    assert state == {"status": "done", "progress": 100, "download": url, "error": None, "label": "Klar"}
    download = client.get(url)
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == f"attachment; filename={job.file_name}"
    assert download.mimetype == "text/markdown"
    assert download.get_data(as_text=True) == "# Nytt bibliotek\nEtt läsrum med åäö"
    download.close()
    assert "Ladda ner" in client.get(f"/samrad/{consultation.slug}/export").get_data(as_text=True)


def test_a_job_is_worked_on_once(app, runner, started_job):
    assert runner.invoke(args=["export-job", str(started_job)]).exit_code == 0
    again = runner.invoke(args=["export-job", str(started_job)])
    assert again.exit_code == 1
    assert "is not waiting" in again.output


def test_a_failing_render_marks_the_job_failed_with_its_message(app, client, runner, consultation, leader,
                                                                formats, launched):
    login(client, leader)
    job_id = start(client, consultation.slug, "pdf", **JSON).get_json()["id"]
    result = runner.invoke(args=["export-job", str(job_id)])
    assert result.exit_code == 1
    assert "RuntimeError: Typsnittet DejaVu Sans saknas" in result.output
    job = job_row(app, job_id)
    assert (job.status, job.progress, job.stored_name) == (ExportStatus.FAILED, 30, None)
    state = client.get(f"/samrad/{consultation.slug}/export/{job_id}.json").get_json()
    assert (state["status"], state["download"], state["label"]) == ("failed", None, "Misslyckades")
    assert job.error == "RuntimeError: Typsnittet DejaVu Sans saknas"  # the operator's record
    assert state["error"].startswith("Exporten kunde inte göras. Starta den igen")  # the reader's words
    assert "RuntimeError" not in client.get(f"/samrad/{consultation.slug}/export").get_data(as_text=True)
    assert client.get(f"/samrad/{consultation.slug}/export/{job_id}").status_code == 404


def test_an_expired_export_is_not_served_and_cleaning_removes_its_file(app, client, runner, consultation,
                                                                      started_job):
    assert runner.invoke(args=["export-job", str(started_job)]).exit_code == 0
    job = job_row(app, started_job)
    stored = app.config["EXPORT_DIR"] + "/" + job.stored_name
    with app.app_context():
        db.session.execute(update(ExportJob).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    url = f"/samrad/{consultation.slug}/export/{started_job}"
    assert client.get(url).status_code == 404
    result = runner.invoke(args=["export-jobs", "clean"])
    assert result.exit_code == 0
    assert "Removed 1 expired export file(s); 0 lost job(s) marked failed." in result.output
    assert not os.path.exists(stored)
    assert job_row(app, started_job).stored_name is None
    assert client.get(url).status_code == 404
    state = client.get(f"{url}.json").get_json()
    assert (state["status"], state["download"], state["label"]) == ("done", None, "Sparas inte längre")


def test_a_job_whose_process_was_lost_is_marked_failed_by_cleaning(app, runner, started_job, consultation,
                                                                  leader):
    with app.app_context():
        db.session.execute(update(ExportJob).values(created_at=utcnow() - timedelta(hours=2)))
        db.session.commit()
    assert "1 lost job(s) marked failed" in runner.invoke(args=["export-jobs", "clean"]).output
    job = job_row(app, started_job)
    assert job.status is ExportStatus.FAILED and "stopped before it was finished" in job.error
    with app.test_client() as client:
        login(client, leader)
        state = client.get(f"/samrad/{consultation.slug}/export/{started_job}.json").get_json()
    assert state["error"] == "Exporten avbröts innan den var klar. Starta den igen."


def test_a_job_of_another_consultation_is_not_found_here(app, client, make_consultation, consultation,
                                                        started_job):
    other = make_consultation(slug="ny-park", title="Ny park")
    assert client.get(f"/samrad/{other.slug}/export/{started_job}.json").status_code == 404
    assert client.get(f"/samrad/{other.slug}/export/{started_job}").status_code == 404


def test_leaders_find_the_export_page_from_their_start_page_and_the_queue(client, app, consultation,
                                                                         make_user):
    link = f'href="/samrad/{consultation.slug}/export"'
    leader = make_user(Role.PROJECT_LEADER)
    login(client, leader)
    assert link in client.get("/personal").get_data(as_text=True)
    admin_client = app.test_client()
    login(admin_client, make_user(Role.ADMIN))
    assert link in admin_client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    moderator_client = app.test_client()
    login(moderator_client, make_user(Role.MODERATOR))
    assert link not in moderator_client.get("/personal").get_data(as_text=True)
    assert link not in moderator_client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)


def installed_format() -> str | None:
    """A real renderer for the tests that start real processes (the cheap ones first)."""
    from parkbank.export.job_operations import is_installed

    return next((fmt for fmt in ("md", "json", "csv", "docx", "odt", "pdf")
                 if fmt in FORMATS and is_installed(fmt)), None)


@pytest.mark.server
def test_the_job_runs_in_a_process_of_its_own_and_the_page_can_poll_it(app, client, consultation, leader,
                                                                       make_post):
    fmt = installed_format()
    if fmt is None:
        pytest.skip("no export format is installed on this branch")
    make_post(consultation, "Ett läsrum med åäö", state="approved")
    login(client, leader)
    job_id = start(client, consultation.slug, fmt, **JSON).get_json()["id"]
    url = f"/samrad/{consultation.slug}/export/{job_id}"
    deadline = time.monotonic() + 60
    seen = []
    while time.monotonic() < deadline:
        state = client.get(f"{url}.json").get_json()
        seen.append(state["status"])
        if state["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert state["status"] == "done", (state, seen)
    assert state["progress"] == 100 and state["download"] == url
    download = client.get(url)
    assert download.status_code == 200 and download.data
    download.close()
