"""Open data and the export carry each idea's themes, and the summary each theme's figures."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from parkbank.auth.models import User
from parkbank.consultations.models import Consultation
from parkbank.export import document, opendata_csv, opendata_json
from parkbank.export.document import Paragraph, Table
from parkbank.export.summary import ThemeFigures, ThemeTag, build_summary
from parkbank.extensions import db
from parkbank.participants import kiosk_visit
from parkbank.posts.operations import support_post
from parkbank.themes.operations import set_retired


def _summary(app, consultation):
    with app.app_context():
        return build_summary(db.session.get(Consultation, consultation.id),
                             now=datetime(2026, 11, 26, 12, tzinfo=UTC))


def _scene(app, consultation, make_post, make_theme, tag, leader):
    """Trafik: two ideas (one with 2 supports); Park: one of them; Lek: retired, one idea."""
    trafik, park, lek = (make_theme(consultation, n) for n in ("Trafik", "Park", "Lek"))
    first = make_post(consultation, "Cykelställ vid parken", state="approved")
    second = make_post(consultation, "Övergångsställe", state="approved")
    make_post(consultation, "Utan tema", state="approved")
    tag(first, park, trafik)
    tag(second, trafik, lek)
    with app.app_context():
        c = db.session.get(Consultation, consultation.id)
        for n in range(2):
            support_post(c, first, kiosk_visit(1, f"visit-{n}-0123456789abcdef"))
        set_retired(c, lek, True, user=db.session.get(User, leader.id))
        db.session.commit()
    return first, second


def test_the_summary_has_each_themes_ideas_and_supports(app, consultation, make_post, make_theme,
                                                        tag, leader):
    first, _second = _scene(app, consultation, make_post, make_theme, tag, leader)
    summary = _summary(app, consultation)
    assert summary.themes == (ThemeFigures("trafik", "Trafik", False, 2, 2),
                              ThemeFigures("park", "Park", False, 1, 2),
                              ThemeFigures("lek", "Lek", True, 1, 0))
    assert summary.ideas[0].themes == (ThemeTag("trafik", "Trafik"), ThemeTag("park", "Park"))
    assert summary.ideas[2].themes == ()


def test_the_document_has_a_table_of_themes_and_each_ideas_themes(app, consultation, make_post,
                                                                  make_theme, tag, leader):
    _scene(app, consultation, make_post, make_theme, tag, leader)
    summary = _summary(app, consultation)
    with app.app_context():
        doc = document.build(summary)
    [table] = [b for b in doc.blocks if isinstance(b, Table) and b.header[0] == "Tema"]
    assert table.rows == (("Trafik", "2", "2"), ("Park", "1", "2"), ("Lek (pensionerat)", "1", "0"))
    assert any(isinstance(b, Paragraph) and "1 av 3 publicerade idéer har inget tema" in b.text
               for b in doc.blocks)
    bylines = [b.byline for b in doc.blocks if isinstance(b, document.Post)]
    assert bylines[0].endswith("Teman: Trafik, Park") and "Tema" not in bylines[2]


def test_a_summary_without_themes_has_no_themes_section(app, consultation, make_post):
    make_post(consultation, "Idé", state="approved")
    with app.app_context():
        doc = document.build(_summary(app, consultation))
    assert not any(getattr(b, "text", None) == "Teman" for b in doc.blocks)


def test_open_data_json_and_csv_carry_the_themes(app, consultation, make_post, make_theme, tag, leader):
    _scene(app, consultation, make_post, make_theme, tag, leader)
    summary = _summary(app, consultation)
    with app.app_context():
        doc = json.loads(opendata_json.render(summary))
        rows = list(csv.DictReader(io.StringIO(opendata_csv.render(summary).decode("utf-8-sig"))))
    assert doc["posts"][1]["themes"] == [{"slug": "trafik", "name": "Trafik"}, {"slug": "lek", "name": "Lek"}]
    assert doc["themes"][2] == {"slug": "lek", "name": "Lek", "retired": True, "ideas": 1, "supports": 0}
    assert [r["themes"] for r in rows] == ["Trafik; Park", "Trafik; Lek", ""]


def test_the_paged_api_carries_each_ideas_themes(client, consultation, make_post, make_theme, tag):
    trafik = make_theme(consultation, "Trafik")
    idea = make_post(consultation, "Cykelställ", state="approved")
    make_post(consultation, "Svar", state="approved", parent_id=idea)
    tag(idea, trafik)
    posts = client.get(f"/api/v1/consultations/{consultation.slug}/posts").get_json()["posts"]
    assert [p["themes"] for p in posts] == [[{"slug": "trafik", "name": "Trafik"}], []]


def test_a_tag_change_renews_the_downloads_etag(client, consultation, make_post, make_theme, tag):
    trafik = make_theme(consultation, "Trafik")
    idea = make_post(consultation, "Cykelställ", state="approved")
    url = f"/api/v1/consultations/{consultation.slug}/posts.json"
    before = client.get(url).headers["ETag"]
    tag(idea, trafik)
    assert client.get(url).headers["ETag"] != before
