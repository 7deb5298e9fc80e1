"""GET /samrad/<slug>/liknande?text=: approved, still public ideas that say much the same."""

import pytest

from parkbank.extensions import db
from parkbank.similar.operations import SHOWN

LIBRARY = "Biblioteket i kulturhuset borde vara öppet på kvällar och helger."
TYPED = "Låt bibloteket i nya kulturhuset ha kvällsöppet och öppet på helgerna"
UNRELATED = ["Sänk hastigheten till 30 km/h utanför skolan.", "Fler papperskorgar längs stranden.",
             "Bygg en hundrastgård i stadsparken."]


def ask(client, c, text):
    return client.get(f"/samrad/{c.slug}/liknande", query_string={"text": text})


@pytest.fixture
def board(consultation, make_post):
    ids = {"library": make_post(consultation, LIBRARY, state="approved")}
    for n, body in enumerate(UNRELATED):
        ids[n] = make_post(consultation, body, state="approved")
    return ids


def test_similar_idea_is_found_with_its_supports_and_score(client, consultation, board):
    response = ask(client, consultation, TYPED)
    assert response.status_code == 200
    (found,) = response.get_json()["similar"]
    assert found["id"] == board["library"] and found["body"] == LIBRARY
    assert found["supports"] == 0 and 0.2 <= found["score"] <= 1


def test_nothing_is_answered_when_nothing_is_close(client, consultation, board):
    assert ask(client, consultation, "Skateparken behöver en ny ramp för nybörjare").get_json() == \
        {"similar": []}


@pytest.mark.parametrize("state", ["pending", "rejected", "withdrawn"])
def test_a_post_that_is_not_public_is_never_answered(client, consultation, make_post, state):
    make_post(consultation, LIBRARY, state=state)
    assert ask(client, consultation, TYPED).get_json() == {"similar": []}


def test_a_withdrawn_idea_leaves_an_index_that_was_already_built(app, client, consultation, board,
                                                                 moderator):
    from parkbank.moderation.lifecycle import apply
    from parkbank.moderation.models import Action, Reason

    assert ask(client, consultation, TYPED).get_json()["similar"]  # the index is built
    with app.app_context():
        from parkbank.auth.models import User
        apply(board["library"], Action.WITHDRAW, user=db.session.get(User, moderator.id),
              reason=Reason.OTHER)
        db.session.commit()
    assert ask(client, consultation, TYPED).get_json() == {"similar": []}


def test_an_idea_approved_after_the_index_was_built_is_found(client, consultation, board, make_post):
    stage = "Bygg en scen för konserter och teater på torget"
    assert ask(client, consultation, stage).get_json()["similar"] == []
    later = make_post(consultation, "Torget behöver en konsertscen för teater och konserter.",
                      state="approved")
    found = ask(client, consultation, stage).get_json()["similar"]
    assert [f["id"] for f in found] == [later]


def test_a_reply_is_never_answered(client, consultation, make_post):
    idea = make_post(consultation, "Mer grönska i stan.", state="approved")
    make_post(consultation, LIBRARY, state="approved", parent_id=idea)
    assert ask(client, consultation, TYPED).get_json() == {"similar": []}


def test_at_most_five_best_first(client, consultation, make_post):
    for n in range(SHOWN + 2):
        make_post(consultation, f"{LIBRARY} {'Gärna' if n % 2 else 'Snälla'} nummer {n}.",
                  state="approved")
    found = ask(client, consultation, TYPED).get_json()["similar"]
    assert len(found) == SHOWN
    assert [f["score"] for f in found] == sorted((f["score"] for f in found), reverse=True)


def test_a_few_characters_ask_nothing(client, consultation, board):
    assert ask(client, consultation, "bibliotek").get_json() == {"similar": []}


@pytest.mark.parametrize("text", [
    "' OR 1=1 --", '"bibliotek" NEAR kulturhus*', "\x00\ufffe", "%" * 500, "ö" * 100_000,
    "<script>alert(1)</script> biblioteket kulturhuset kvällar",
])
def test_hostile_input_is_answered_never_a_500(client, consultation, board, text):
    response = ask(client, consultation, text)
    assert response.status_code == 200 and isinstance(response.get_json()["similar"], list)


def test_bytes_that_are_not_utf8_are_answered_never_a_500(client, consultation, board):
    response = client.get(f"/samrad/{consultation.slug}/liknande?text=%00%ED%A0%80%FF%FEbibliotek")
    assert response.status_code == 200 and isinstance(response.get_json()["similar"], list)


def test_unknown_consultation_is_404(client):
    assert client.get("/samrad/finns-inte/liknande?text=bibliotek").status_code == 404
