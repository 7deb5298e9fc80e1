"""Catch-up builds payloads when read, through the public rule: what is no longer public is only
ever told as withdrawn, and replies follow their idea."""

from parkbank.extensions import db
from parkbank.moderation.models import Action, Reason
from tests.helpers import csrf_token, decide


def catch_up(socket_for, consultation, after=0):
    ack = socket_for().emit("join_board", {"consultation": consultation.slug, "after": after},
                            callback=True)
    assert ack["ok"], ack
    return ack["events"]


def test_a_withdrawn_idea_and_its_replies_are_never_replayed(app, socket_for, consultation,
                                                            moderator, make_post):
    idea = make_post(consultation, "Idé med telefonnummer 070-1234567", state="approved")  # 1
    reply = make_post(consultation, "Svar som citerar 070-1234567", state="approved",
                      parent_id=idea)                                                      # 2
    with app.app_context():
        decide(idea, moderator, Action.WITHDRAW, reason=Reason.PERSONAL_DATA)             # 3
        db.session.commit()
    events = catch_up(socket_for, consultation)
    assert [(e["event"], e["data"]["event_id"]) for e in events] == [
        ("post_withdrawn", 1), ("post_withdrawn", 2), ("post_withdrawn", 3)]
    assert [e["data"]["post_id"] for e in events] == [idea, reply, idea]
    assert "1234567" not in str(events)  # not "070": an event time may hold it


def test_support_changes_are_replayed_with_the_count_now(app, client, socket_for, consultation,
                                                         make_post):
    post_id = make_post(consultation, "Idé", state="approved")  # event 1
    token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    client.post(f"/samrad/{consultation.slug}/inlagg/{post_id}/instam",
                data={"csrf_token": token})                      # event 2
    events = catch_up(socket_for, consultation, after=1)
    assert events == [{"event": "support_changed",
                       "data": {"event_id": 2, "post_id": post_id, "count": 1}}]


def test_a_published_post_is_replayed_with_its_text_as_typed_and_safe_html(socket_for,
                                                                           consultation,
                                                                           make_post):
    make_post(consultation, "Skriv <namn> på listan &#60;b&#62; 5 < 7", state="approved")
    [event] = catch_up(socket_for, consultation)
    post = event["data"]["post"]
    assert post["body"] == "Skriv <namn> på listan &#60;b&#62; 5 < 7"
    assert post["body_html"] == "Skriv &lt;namn&gt; på listan &amp;#60;b&amp;#62; 5 &lt; 7"
