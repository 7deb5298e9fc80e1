"""`flask --app parkbank kiosk …`: the same kiosks from the command line, audited as the system's."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.consultations.models import ConsultationStatus
from parkbank.extensions import db
from parkbank.kiosk.models import Kiosk


def add(runner, name="Entrén", place="Stadsbiblioteket", slug="nytt-bibliotek", env=None):
    return runner.invoke(args=["kiosk", "add", "--name", name, "--place", place, "--consultation", slug],
                         env=env)


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def kiosk_entries(app) -> list[tuple[str, int | None, str]]:
    """(action, actor id, actor name) of the kiosks' audit entries, oldest first."""
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(AuditEntry.action, AuditEntry.actor_id, AuditEntry.actor_name)
            .where(AuditEntry.action.like("kiosk.%")).order_by(AuditEntry.id))]


def last_line(result) -> str:
    return result.stdout.strip().splitlines()[-1]


def test_add_prints_the_address_last_and_stores_only_its_hash(app, runner, consultation):
    result = add(runner)
    assert result.exit_code == 0, result.output
    path = last_line(result)
    assert path.startswith("/kiosk/")
    assert "PARKBANK_PUBLIC_URL" in result.stderr and "PARKBANK_PUBLIC_URL" not in result.stdout
    secret = path.removeprefix("/kiosk/")
    with app.app_context():
        kiosk = db.session.execute(select(Kiosk)).scalar_one()
        assert (kiosk.name, kiosk.place, kiosk.consultation.slug) == ("Entrén", "Stadsbiblioteket",
                                                                      "nytt-bibliotek")
        assert kiosk.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        details = db.session.execute(select(AuditEntry.details)).scalars().all()
        assert secret not in str(details)
    assert kiosk_entries(app) == [("kiosk.create", None, "system")]
    assert app.test_client().get(path).status_code == 200


def test_with_a_public_url_the_full_address_is_printed(schema, consultation):
    from tests.helpers import build_app

    app = build_app(schema, PUBLIC_URL="https://samrad.kommun.se")
    result = add(app.test_cli_runner())
    assert result.exit_code == 0, result.output
    assert last_line(result).startswith("https://samrad.kommun.se/kiosk/")
    assert result.stderr == ""


def test_a_draft_may_be_shown(app, runner, make_consultation):
    make_consultation("ny-park", status=ConsultationStatus.DRAFT)
    assert add(runner, slug="ny-park").exit_code == 0


@pytest.mark.parametrize(("name", "place", "slug", "says"), [
    ("Entrén", "Stadsbiblioteket", "finns-inte", "There is no consultation finns-inte."),
    ("  ", "Stadsbiblioteket", "nytt-bibliotek", "Ge kiosken ett namn."),
    ("Entrén", "", "nytt-bibliotek", "Ange var kiosken står"),
    ("E" * 121, "Stadsbiblioteket", "nytt-bibliotek", "Högst 120 tecken."),
])
def test_a_refused_add_says_why_and_stores_nothing(app, runner, consultation, name, place, slug, says):
    result = add(runner, name, place, slug)
    assert result.exit_code != 0
    assert says in result.output
    assert "/kiosk/" not in result.output
    assert count(app, Kiosk) == 0 and kiosk_entries(app) == []


def test_rotate_disable_enable_and_list(app, runner, consultation):
    old = last_line(add(runner))
    client = app.test_client()

    rotated = runner.invoke(args=["kiosk", "rotate", "1"])
    assert rotated.exit_code == 0, rotated.output
    new = last_line(rotated)
    assert new.startswith("/kiosk/") and new != old
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200

    disabled = runner.invoke(args=["kiosk", "disable", "1"])
    assert disabled.exit_code == 0 and "switched off" in disabled.output
    assert client.get(new).status_code == 403
    listed = runner.invoke(args=["kiosk", "list"])
    [row] = listed.output.strip().splitlines()
    cells = row.split("\t")
    assert cells[:5] == ["1", "Entrén", "Stadsbiblioteket", "nytt-bibliotek", "disabled"]
    assert cells[5][:2] == "20" and len(cells) == 6
    assert new.removeprefix("/kiosk/") not in listed.output

    enabled = runner.invoke(args=["kiosk", "enable", "1"])
    assert enabled.exit_code == 0 and "switched on" in enabled.output
    assert client.get(new).status_code == 200
    assert runner.invoke(args=["kiosk", "list"]).output.split("\t")[4] == "active"
    assert kiosk_entries(app) == [(action.value, None, "system") for action in (
        AuditAction.KIOSK_CREATE, AuditAction.KIOSK_ROTATE, AuditAction.KIOSK_DISABLE,
        AuditAction.KIOSK_ENABLE)]


@pytest.mark.parametrize("command", ["rotate", "disable", "enable"])
def test_an_unknown_kiosk_is_a_clear_error(app, runner, command):
    result = runner.invoke(args=["kiosk", command, "7"])
    assert result.exit_code != 0
    assert "There is no kiosk 7" in result.output
    assert kiosk_entries(app) == []


def test_list_is_empty_without_kiosks(runner):
    result = runner.invoke(args=["kiosk", "list"])
    assert result.exit_code == 0 and result.output == ""
