"""`flask --app parkbank export SLUG --format … [-o FILE]`: a file (or standard output) in the
chosen format, an audit entry, and clear messages for an unknown slug or a missing format."""

from __future__ import annotations

import json
import re
import sys

from sqlalchemy import select

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.export import formats
from parkbank.extensions import db


def exports(app) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.execute(select(AuditEntry).where(
            AuditEntry.action == AuditAction.EXPORT.value)).scalars())


def test_export_writes_csv_and_json_files_and_audits_them(app, runner, consultation, make_post,
                                                          tmp_path):
    make_post(consultation, "Ett läsrum med åäö", state="approved", alias="Åsa")
    target = tmp_path / "samråd.csv"
    result = runner.invoke(args=["export", consultation.slug, "--format", "csv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert str(target) in result.output
    assert target.read_bytes().startswith(b"\xef\xbb\xbf") and "åäö".encode() in target.read_bytes()
    target = tmp_path / "samråd.json"
    result = runner.invoke(args=["export", consultation.slug, "--format", "json", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_bytes())["posts"][0]["body"] == "Ett läsrum med åäö"
    entries = exports(app)
    assert [(e.actor_id, e.actor_name, e.details) for e in entries] == [
        (None, "system", {"format": "csv", "slug": consultation.slug}),
        (None, "system", {"format": "json", "slug": consultation.slug})]
    assert entries[0].consultation_id == consultation.id


def test_export_without_a_file_name_writes_to_the_current_directory(runner, consultation, tmp_path,
                                                                     monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(args=["export", consultation.slug, "--format", "json"])
    assert result.exit_code == 0, result.output
    [written] = tmp_path.iterdir()  # <slug>-<date of the export, UTC>.json
    assert re.fullmatch(rf"{consultation.slug}-\d{{4}}-\d{{2}}-\d{{2}}\.json", written.name)
    assert json.loads(written.read_bytes())["consultation"]["slug"] == consultation.slug


def test_export_to_standard_output(runner, consultation, make_post):
    make_post(consultation, "Ett läsrum med åäö", state="approved")
    result = runner.invoke(args=["export", consultation.slug, "--format", "json", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout_bytes)["posts"][0]["body"] == "Ett läsrum med åäö"
    result = runner.invoke(args=["export", consultation.slug, "--format", "csv", "-o", "-"])
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf") and "åäö".encode() in result.stdout_bytes


def test_export_of_an_unknown_consultation_says_so(app, runner):
    result = runner.invoke(args=["export", "finns-inte", "--format", "csv", "-o", "-"])
    assert result.exit_code == 1 and "There is no consultation finns-inte." in result.output
    assert runner.invoke(args=["export", "finns-inte", "--format", "xlsx"]).exit_code == 2
    assert exports(app) == []


def test_a_format_whose_module_is_missing_is_not_available(app, runner, consultation, monkeypatch,
                                                            tmp_path):
    """The Markdown renderer (or a library a format needs) may not be installed: a clear message,
    no traceback, no file and no audit entry."""
    monkeypatch.setitem(formats.FORMATS, "md", formats.Format(
        "md", "parkbank.export.not_installed_here", "text/markdown; charset=utf-8", "md"))
    monkeypatch.delitem(sys.modules, "parkbank.export.not_installed_here", raising=False)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(args=["export", consultation.slug, "--format", "md"])
    assert result.exit_code == 1
    assert "md: this format is not available in this installation" in result.output
    assert "Traceback" not in result.output and list(tmp_path.iterdir()) == []
    assert exports(app) == []
