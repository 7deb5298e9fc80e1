def test_open_data_lists_approved_posts_without_personal_data(client, consultation, make_post):
    idea = make_post(consultation, "Publicerad idé", state="approved", alias="Eva",
                     email="eva@example.se", consent=True)
    make_post(consultation, "Svar", state="approved", parent_id=idea)
    make_post(consultation, "Väntar")
    make_post(consultation, "Borttagen", state="withdrawn")
    response = client.get(f"/api/v1/consultations/{consultation.slug}/posts")
    assert response.status_code == 200
    data = response.json
    assert data["consultation"]["slug"] == consultation.slug
    assert [p["body"] for p in data["posts"]] == ["Publicerad idé", "Svar"]
    first = data["posts"][0]
    assert first["channel"] == "web" and first["created_at"] and first["published_at"]
    assert "alias" not in first and "email" not in first
    assert "eva@example.se" not in response.get_data(as_text=True)
    assert data["total"] == 2 and data["next"] is None


def test_open_data_paginates(client, consultation, make_post):
    for i in range(3):
        make_post(consultation, f"Idé {i}", state="approved")
    page = client.get(f"/api/v1/consultations/{consultation.slug}/posts?per_page=2").json
    assert len(page["posts"]) == 2 and page["next"]
    rest = client.get(page["next"]).json
    assert [p["body"] for p in rest["posts"]] == ["Idé 2"]


def test_open_data_unknown_consultation_is_json_404(client):
    response = client.get("/api/v1/consultations/finns-inte/posts",
                          headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.json["error"] == "not_found"


def test_open_data_leaves_out_replies_under_a_withdrawn_idea(app, client, consultation, moderator,
                                                             make_post):
    from parkbank.extensions import db
    from parkbank.moderation.models import Action, Reason
    from tests.helpers import decide

    idea = make_post(consultation, "Idé", state="approved")
    make_post(consultation, "Svar", state="approved", parent_id=idea)
    with app.app_context():
        decide(idea, moderator, Action.WITHDRAW, reason=Reason.PERSONAL_DATA)
        db.session.commit()
    data = client.get(f"/api/v1/consultations/{consultation.slug}/posts").json
    assert data["posts"] == [] and data["total"] == 0
