"""The summary as open data: CSV (one row per public post, formulas neutralised, UTF-8 with BOM)
and JSON (one documented schema with its version and licence); no e-mail address anywhere."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest

from parkbank.consultations.models import Consultation
from parkbank.export import opendata_csv, opendata_json
from parkbank.export.summary import (
    ChannelFigures,
    DayFigures,
    ExportPost,
    Facts,
    Moderation,
    Official,
    Participation,
    ReasonFigures,
    Summary,
    build_summary,
)
from parkbank.extensions import db

ATTEMPTS = ["=HYPERLINK(\"http://evil.example\",\"Klicka\")", "+1", "-1", "@SUM(A1:A2)", "\t=1", "\r=1"]
T0 = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def post(id, body, alias=None, replies=(), **kwargs) -> ExportPost:
    values = dict(channel="web", place=None, source=None, received_on=None, published_at=T0,
                  support_count=0, official=None, politician_view=False)
    values.update(kwargs)
    return ExportPost(id=id, body=body, alias=alias, replies=tuple(replies), **values)


def summary_with(ideas) -> Summary:
    return Summary(
        facts=Facts(slug="nytt-bibliotek", title="Nytt bibliotek i Åby", question="Vad vill du ha?",
                    description=None, case_number="KS 2026/117", department="Kultur- och fritid",
                    organisation="Karlshamns kommun", status="open", opens_at=T0, closes_at=None,
                    exported_at=datetime(2026, 11, 26, 12, tzinfo=UTC)),
        participation=Participation(ideas=3, replies=1, supports=4),
        by_day=(DayFigures(date(2026, 11, 25), 3, 1, 4),),
        by_channel=(ChannelFigures("web", 2, 1), ChannelFigures("kiosk", 1, 0),
                    ChannelFigures("analog", 0, 0)),
        moderation=Moderation(approved=2, rejected=1, withdrawn=0, pending=0,
                              by_reason=(ReasonFigures("spam", 1, 0),)),
        top_ideas=(), ideas=tuple(ideas))


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_every_csv_cell_that_could_start_a_formula_is_neutralised(app):
    ideas = [post(n + 1, attempt, alias=attempt, place=attempt) for n, attempt in enumerate(ATTEMPTS)]
    with app.app_context():
        rows = csv_rows(opendata_csv.render(summary_with(ideas)))
    assert rows[0] == opendata_csv.COLUMNS
    body, place = rows[0].index("body"), rows[0].index("place")
    for row, attempt in zip(rows[1:], ATTEMPTS, strict=True):
        assert row[body] == "'" + attempt and row[place] == "'" + attempt
    for row in rows:  # no cell at all starts a formula, whatever its column
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_the_csv_has_one_row_per_public_post_with_replies_after_their_idea(app):
    official = post(3, "Kommunens svar: vi tittar på det", official=Official("Eva Svensson", "Kultur"))
    ideas = [post(1, "Ett läsrum med åäö och ÅÄÖ", alias="Åsa", support_count=4, replies=[
                  post(2, "Håller med!", alias=None, politician_view=True), official]),
             post(4, "Från kiosken", channel="kiosk", place="Stadsbiblioteket")]
    with app.app_context():
        data = opendata_csv.render(summary_with(ideas))
    rows = [dict(zip(csv_rows(data)[0], row, strict=True)) for row in csv_rows(data)[1:]]
    assert [(r["id"], r["parent_id"]) for r in rows] == [("1", ""), ("2", "1"), ("3", "1"), ("4", "")]
    assert rows[0]["body"] == "Ett läsrum med åäö och ÅÄÖ"
    assert "alias" not in rows[0] and "Åsa".encode() not in data  # open data names nobody
    assert rows[0]["support_count"] == "4" and rows[0]["published_at"] == "2026-11-25T09:30:00+00:00"
    assert rows[1]["politician_view"] == "true" and rows[0]["politician_view"] == "false"
    assert (rows[2]["official_name"], rows[2]["official_title"]) == ("Eva Svensson", "Kultur")
    assert (rows[3]["channel"], rows[3]["place"]) == ("kiosk", "Stadsbiblioteket")
    assert "Ett läsrum med åäö och ÅÄÖ".encode() in data  # UTF-8, not escaped


def test_the_json_follows_its_schema_with_the_licence(app):
    ideas = [post(1, "Ett läsrum med åäö", alias="Åsa", replies=[
                  post(2, "Svar", official=Official("Eva Svensson", "Kultur"))])]
    with app.app_context():
        data = opendata_json.render(summary_with(ideas))
    assert "åäö".encode() in data  # not \u-escaped
    doc = json.loads(data)
    assert doc["schema"] == "parkbank-opendata/2.1"
    assert doc["licence"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert set(doc) == {"schema", "licence", "exported_at", "consultation", "participation",
                        "moderation", "themes", "responsiveness", "posts"}
    assert doc["consultation"]["case_number"] == "KS 2026/117"
    assert doc["consultation"]["organisation"] == "Karlshamns kommun"
    assert doc["participation"]["by_day"] == [{"day": "2026-11-25", "ideas": 3, "replies": 1, "supports": 4}]
    assert doc["participation"]["by_channel"][1] == {"channel": "kiosk", "ideas": 1, "replies": 0}
    assert doc["moderation"]["by_reason"] == [{"reason": "spam", "rejected": 1, "withdrawn": 0}]
    first, reply = doc["posts"]
    assert list(first) == ["id", "parent_id", "body", "channel", "place", "source",
                           "received_on", "published_at", "support_count", "official",
                           "politician_view", "themes", "outcome"]
    assert first["parent_id"] is None and reply["parent_id"] == 1
    assert reply["official"] == {"name": "Eva Svensson", "title": "Kultur"}
    assert "Åsa" not in data.decode()
    # The formula guard is the CSV's: JSON keeps the text exactly as typed.
    with app.app_context():
        doc = json.loads(opendata_json.render(summary_with([post(1, "=1+1")])))
    assert doc["posts"][0]["body"] == "=1+1"


def test_the_licence_comes_from_the_configuration(app):
    app.config["DATA_LICENCE"] = "https://creativecommons.org/licenses/by/4.0/"
    with app.app_context():
        doc = json.loads(opendata_json.render(summary_with([])))
    assert doc["licence"] == "https://creativecommons.org/licenses/by/4.0/" and doc["posts"] == []


def test_a_licence_that_is_not_an_address_stops_the_start():
    from parkbank.config import ConfigError, data_licence

    assert data_licence({}) == "https://creativecommons.org/publicdomain/zero/1.0/"
    with pytest.raises(ConfigError):
        data_licence({"PARKBANK_DATA_LICENCE": "CC0"})


def test_open_data_from_the_database_has_no_email_no_alias_and_only_public_posts(app, consultation,
                                                                               make_post):
    idea = make_post(consultation, "=HYPERLINK(\"http://x\") åäö", state="approved", alias="@Åsa",
                     email="asa@example.se", consent=True)
    make_post(consultation, "-1 håller med", parent_id=idea, state="approved",
              email="bo@example.se", consent=True)
    make_post(consultation, "Väntar", email="ce@example.se", consent=True)
    make_post(consultation, "Reklam", state="rejected")
    with app.app_context():
        summary = build_summary(db.session.get(Consultation, consultation.id))
        data_csv, data_json = opendata_csv.render(summary), opendata_json.render(summary)
    for data in (data_csv, data_json):
        assert b"example.se" not in data and "Väntar".encode() not in data and b"Reklam" not in data
    rows = csv_rows(data_csv)
    assert [row[2] for row in rows[1:]] == ["'=HYPERLINK(\"http://x\") åäö", "'-1 håller med"]
    assert "Åsa".encode() not in data_csv and "Åsa".encode() not in data_json
    doc = json.loads(data_json)
    assert [p["body"] for p in doc["posts"]] == ["=HYPERLINK(\"http://x\") åäö", "-1 håller med"]
    assert doc["moderation"]["rejected"] == 1 and doc["moderation"]["pending"] == 1
