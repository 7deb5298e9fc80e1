"""Without script, sending an idea that is like a published one shows those first, as a step the
citizen can skip ("Send anyway" sends the same text); programs asking for JSON never see it."""

from sqlalchemy import func, select

from parkbank.extensions import db
from parkbank.posts.models import Post, PostState
from tests.posts.test_views import JSON, post_form

LIBRARY = "Biblioteket i kulturhuset borde vara öppet på kvällar och helger."
TYPED = "Låt bibloteket i nya kulturhuset ha kvällsöppet och öppet på helgerna"


def pending(app):
    with app.app_context():
        return db.session.execute(select(func.count(Post.id))
                                  .where(Post.state == PostState.PENDING)).scalar_one()


def test_a_like_idea_is_shown_before_anything_is_stored(app, client, consultation, make_post):
    original = make_post(consultation, LIBRARY, state="approved")
    response = client.post(f"/samrad/{consultation.slug}/inlagg",
                           data=post_form(client, consultation, body=TYPED, alias="Kim"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and pending(app) == 0
    assert LIBRARY in page and f"/inlagg/{original}/instam" in page
    assert TYPED in page and 'name="skip_similar" value="1"' in page and 'value="Kim"' in page


def test_send_anyway_stores_the_text_as_written(app, client, consultation, make_post):
    make_post(consultation, LIBRARY, state="approved")
    data = post_form(client, consultation, body=TYPED, skip_similar="1")
    response = client.post(f"/samrad/{consultation.slug}/inlagg", data=data)
    assert response.status_code == 303 and pending(app) == 1


def test_a_program_asking_for_json_never_gets_the_step(app, client, consultation, make_post):
    make_post(consultation, LIBRARY, state="approved")
    response = client.post(f"/samrad/{consultation.slug}/inlagg",
                           data=post_form(client, consultation, body=TYPED), headers=JSON)
    assert response.status_code == 201 and set(response.get_json()) == {"id", "status", "created",
                                                                  "follow_url"}


def test_nothing_like_it_is_sent_at_once(app, client, consultation, make_post):
    make_post(consultation, LIBRARY, state="approved")
    response = client.post(f"/samrad/{consultation.slug}/inlagg",
                           data=post_form(client, consultation, body="Fler bänkar vid hamnen, tack."))
    assert response.status_code == 303 and pending(app) == 1
