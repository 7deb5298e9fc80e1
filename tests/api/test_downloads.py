"""The open-data downloads of a public consultation: every public post as CSV and JSON, as files,
revalidated by ETag; drafts are not there; the board links to both."""

from __future__ import annotations

import csv
import io

from parkbank.consultations.models import ConsultationStatus


def test_the_csv_download_is_a_file_of_the_public_posts(client, consultation, make_post):
    idea = make_post(consultation, "Ett läsrum med åäö", state="approved", alias="Åsa",
                     email="asa@example.se", consent=True)
    make_post(consultation, "=1+1", parent_id=idea, state="approved")
    make_post(consultation, "Väntar")
    response = client.get(f"/api/v1/consultations/{consultation.slug}/posts.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="nytt-bibliotek-') and disposition.endswith('.csv"')
    assert response.data.startswith(b"\xef\xbb\xbf") and b"example.se" not in response.data
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))
    assert [(r["body"], r["parent_id"]) for r in rows] == [("Ett läsrum med åäö", ""), ("'=1+1", str(idea))]
    assert "alias" not in rows[0] and "Åsa" not in response.data.decode("utf-8-sig")


def test_the_json_download_is_the_open_data_document(client, consultation, make_post):
    make_post(consultation, "Ett läsrum med åäö", state="approved")
    response = client.get(f"/api/v1/consultations/{consultation.slug}/posts.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].endswith('.json"')
    data = response.json
    assert data["schema"] == "parkbank-opendata/2.1" and data["licence"].startswith("https://")
    assert [p["body"] for p in data["posts"]] == ["Ett läsrum med åäö"]


def test_a_download_is_revalidated_by_its_etag_until_something_changes(client, consultation, make_post):
    url = f"/api/v1/consultations/{consultation.slug}/posts.csv"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] in ("public, max-age=60", "max-age=60, public")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(url.replace(".csv", ".json")).headers["ETag"] != etag  # one per format
    make_post(consultation, "Väntar")  # a post received changes the figures, not the board
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_a_draft_or_unknown_consultation_has_no_downloads(client, make_consultation):
    draft = make_consultation(slug="utkast", status=ConsultationStatus.DRAFT)
    assert draft.slug == "utkast"
    for fmt in ("csv", "json"):
        assert client.get(f"/api/v1/consultations/utkast/posts.{fmt}").status_code == 404
        assert client.get(f"/api/v1/consultations/finns-inte/posts.{fmt}").status_code == 404
    assert client.get("/api/v1/consultations/utkast/posts.xml").status_code == 404


def test_closed_and_paused_consultations_have_downloads(client, make_consultation):
    for slug, status in (("stangt", ConsultationStatus.CLOSED), ("pausat", ConsultationStatus.PAUSED)):
        make_consultation(slug=slug, status=status)
        assert client.get(f"/api/v1/consultations/{slug}/posts.json").status_code == 200


def test_the_board_links_to_both_downloads(client, consultation):
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert "Ladda ner idéerna som öppna data:" in page
    assert (f'href="/api/v1/consultations/{consultation.slug}/posts.csv" type="text/csv" '
            'download>CSV</a>') in page
    assert (f'href="/api/v1/consultations/{consultation.slug}/posts.json" type="application/json" '
            'download>JSON</a>') in page
