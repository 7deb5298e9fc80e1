"""The posting and supporting rules, below every door (web, JSON, later kiosk and analog input)."""

import pytest
from sqlalchemy import func, select

from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.errors import ConsultationClosed, InvalidInput, NotFound
from parkbank.extensions import db
from parkbank.moderation.models import Action, Reason
from parkbank.participants import Participant
from parkbank.posts.models import Post, Support
from parkbank.posts.operations import NoParticipant, submit_post, support_post
from tests.helpers import decide

ANNA = Participant("browser", "a" * 64)
BERIT = Participant("browser", "b" * 64)


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.rollback()


def consultation_row(consultation):
    return db.session.get(Consultation, consultation.id)


def submit(consultation, participant=ANNA, **fields):
    fields.setdefault("body", "En idé")
    return submit_post(consultation_row(consultation), participant=participant, **fields)


def test_text_is_stored_as_typed_with_its_safe_html_beside_it(ctx, consultation):
    post, _ = submit(consultation, body="Skriv <namn> på listan &#60;b&#62; 5 < 7",
                     alias="Eva <3")
    assert post.body == "Skriv <namn> på listan &#60;b&#62; 5 < 7"
    assert post.body_html == "Skriv &lt;namn&gt; på listan &amp;#60;b&amp;#62; 5 &lt; 7"
    assert post.alias == "Eva <3"


def test_too_long_text_is_refused_with_its_length_never_cut(ctx, consultation):
    with pytest.raises(InvalidInput) as refused:
        submit(consultation, body="å" * 2001)
    assert "2001" in refused.value.details["fields"]["body"][0]
    with pytest.raises(InvalidInput) as refused:
        submit(consultation, alias="x" * 61)
    assert "61" in refused.value.details["fields"]["alias"][0]
    assert db.session.execute(select(func.count(Post.id))).scalar_one() == 0


def test_a_huge_body_is_refused_before_any_work_on_it(ctx, consultation):
    with pytest.raises(InvalidInput) as refused:
        submit(consultation, body="<a " * 100_000)
    assert "300000" in refused.value.details["fields"]["body"][0]


@pytest.mark.parametrize("alias", ["Kommunen", "moderator", "Karlshamns kommun", "Admin",
                                   "Parkbänk", "Moderatorn Maria"])
def test_a_citizen_cannot_sign_as_the_municipality_or_its_moderators(ctx, consultation, alias):
    with pytest.raises(InvalidInput) as refused:
        submit(consultation, alias=alias)
    assert "alias" in refused.value.details["fields"]


@pytest.mark.parametrize("alias", ["Kommunalråd-fan Kalle", "Eva", "Moderna museets vän"])
def test_ordinary_names_are_fine(ctx, consultation, alias):
    post, _ = submit(consultation, alias=alias)
    assert post.alias == alias


def test_email_is_not_kept_without_consent(ctx, consultation):
    post, _ = submit(consultation, email="eva@example.se", consent=False)
    assert post.email is None and post.email_consent is False
    kept, _ = submit(consultation, body="Annan idé", email="eva@example.se", consent=True)
    assert kept.email == "eva@example.se" and kept.email_consent is True


def test_a_submission_key_deduplicates_one_participants_sending(ctx, consultation):
    first, created = submit(consultation, submission_key="k1")
    again, created_again = submit(consultation, body="Ändrad", submission_key="k1")
    assert created and not created_again and again.id == first.id


def test_a_submission_key_never_reaches_another_participants_post(ctx, consultation):
    annas, _ = submit(consultation, body="Annas hemliga idé", submission_key="same-key")
    bertas, created = submit(consultation, participant=BERIT, body="Bertas idé",
                             submission_key="same-key")
    assert created and bertas.id != annas.id and bertas.body == "Bertas idé"


def test_draft_and_closed_consultations_take_no_posts(ctx, make_consultation):
    closed = make_consultation("stangd", status=ConsultationStatus.CLOSED)
    with pytest.raises(ConsultationClosed):
        submit(closed)


def test_a_support_without_a_participant_never_counts(ctx, consultation, make_post):
    post_id = make_post(consultation, state="approved")
    with pytest.raises(NoParticipant):
        support_post(consultation_row(consultation), post_id, None)
    assert db.session.get(Post, post_id).support_count == 0


def test_a_support_counts_once_per_participant_and_can_be_taken_back(ctx, consultation, make_post):
    post_id = make_post(consultation, state="approved")
    c = consultation_row(consultation)
    assert support_post(c, post_id, ANNA).counted
    assert not support_post(c, post_id, ANNA).counted
    assert support_post(c, post_id, BERIT).count == 2
    taken_back = support_post(c, post_id, ANNA, undo=True)
    assert (taken_back.count, taken_back.counted, taken_back.supported) == (1, True, False)
    again = support_post(c, post_id, ANNA, undo=True)
    assert (again.count, again.counted, again.supported) == (1, False, False)
    assert db.session.execute(select(func.count(Support.id))).scalar_one() == 1


def test_replies_under_a_withdrawn_idea_take_no_supports(app, consultation, moderator, make_post):
    idea = make_post(consultation, "Idé", state="approved")
    reply = make_post(consultation, "Svar", state="approved", parent_id=idea)
    with app.app_context():
        decide(idea, moderator, Action.WITHDRAW, reason=Reason.OTHER)
        db.session.commit()
        with pytest.raises(NotFound):
            support_post(consultation_row(consultation), reply, ANNA)


def test_replies_go_only_under_a_published_idea(ctx, consultation, make_post):
    pending = make_post(consultation, "Väntande idé")
    with pytest.raises(InvalidInput) as refused:
        submit(consultation, parent_id=pending)
    assert "parent_id" in refused.value.details["fields"]
    with pytest.raises(InvalidInput):
        submit(consultation, parent_id=2**70)
