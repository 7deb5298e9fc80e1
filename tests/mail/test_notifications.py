"""E-mail to a citizen who consented, end to end against a real SMTP server: the confirmation
(double opt-in), the notices, the one-click unsubscribe; nothing without confirmation; no other
person's data; the author's language."""

from __future__ import annotations

import re

from sqlalchemy import select

from parkbank.auth.models import Role, User
from parkbank.database import write_intent
from parkbank.extensions import db
from parkbank.mail import notices, outbox
from parkbank.mail.models import OutboxMessage
from parkbank.moderation.models import Action, Reason
from parkbank.posts.models import Post
from tests.helpers import csrf_token, decide, login
from tests.mail.smtp import body
from tests.posts.test_views import post_form

ADDRESS = "eva@example.se"
LINK = re.compile(r"https://samrad\.kommun\.example/\S+")


def submit(client, consultation, address=ADDRESS, **fields):
    data = post_form(client, consultation, body=fields.pop("body", "Fler bänkar i parken"),
                     email=address, consent="y", skip_similar="1", **fields)
    response = client.post(f"/samrad/{consultation.slug}/inlagg", data=data,
                           headers={"Accept": "application/json"})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.json["id"]


def link(message, part: str) -> str:
    url = next(u for u in LINK.findall(body(message)) if part in u)
    return url.removeprefix("https://samrad.kommun.example")


def confirm(client, message) -> None:
    path = link(message, "/e-post/bekrafta/")
    page = client.get(path)
    assert page.status_code == 200 and "<form" in page.get_data(as_text=True)
    done = client.post(path, data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert done.status_code == 200
    assert 'id="mail-status"' in done.get_data(as_text=True)


def approve(app, post_id, moderator, action=Action.APPROVE, reason=None):
    write_intent.set(True)  # as the moderator's POST does: the worker writes meanwhile (SQLite)
    with app.app_context():
        decide(post_id, moderator, action, reason=reason)
        db.session.commit()
    write_intent.set(False)


def test_confirmation_then_decision_then_one_click_unsubscribe(app, client, consultation, moderator,
                                                               mailbox):
    post_id = submit(client, consultation)
    (confirmation,) = mailbox.wait_for(1, ADDRESS)
    assert "Fler bänkar i parken" in body(confirmation)
    with app.app_context():
        assert db.session.get(Post, post_id).email_confirmed_at is None
    confirm(client, confirmation)
    with app.app_context():
        assert db.session.get(Post, post_id).email_confirmed_at is not None

    approve(app, post_id, moderator)
    decided = mailbox.wait_for(2, ADDRESS)[1]
    assert f"/samrad/{consultation.slug}/sok/inlagg/{post_id}" in body(decided)
    for message in (confirmation, decided):
        unsubscribe = re.fullmatch(r"<(https://\S+)>", message["List-Unsubscribe"]).group(1)
        assert "/e-post/avsluta/" in unsubscribe and unsubscribe in body(message)
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["Content-Language"] == "sv"
        assert message["To"] == ADDRESS and message["Message-ID"]

    # The link opens a page that changes nothing; the one-click POST (RFC 8058) unsubscribes.
    path = link(decided, "/e-post/avsluta/")
    assert client.get(path).status_code == 200
    with app.app_context():
        assert db.session.get(Post, post_id).email == ADDRESS
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})  # no form token
    assert response.status_code == 200
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert (post.email, post.email_consent, post.email_confirmed_at) == (None, False, None)
        # What was sent keeps no address.
        assert db.session.execute(select(OutboxMessage.recipient)).scalars().all() == [None, None]
    assert client.get(path).status_code == 404  # the address is gone: the link no longer works


def test_no_notice_before_the_address_is_confirmed(app, client, consultation, moderator, mailbox):
    post_id = submit(client, consultation)
    mailbox.wait_for(1, ADDRESS)
    approve(app, post_id, moderator)
    with app.app_context():
        kinds = db.session.execute(select(OutboxMessage.kind)).scalars().all()
    assert kinds == ["confirm"]


def test_rejection_names_the_reason_and_official_reply_links_to_it(app, client, consultation,
                                                                    moderator, mailbox, make_user):
    responder = make_user(Role.RESPONDER, name="Rut Responder")  # before the worker starts (SQLite)
    first = submit(client, consultation, body="En idé om parken")
    second = submit(client, consultation, body="Ännu en idé om parken")
    confirmations = mailbox.wait_for(2, ADDRESS)
    for message in confirmations:
        confirm(client, message)
    approve(app, first, moderator)
    approve(app, second, moderator, Action.REJECT, Reason("off_topic"))
    login(client, responder)
    page = client.get(f"/samrad/{consultation.slug}/svara").get_data(as_text=True)
    answered = client.post(f"/samrad/{consultation.slug}/inlagg/{first}/svar",
                           data={"body": "Vi tittar på det.", "csrf_token": csrf_token(page)},
                           headers={"Accept": "application/json"})
    assert answered.status_code == 201, answered.get_data(as_text=True)
    messages = mailbox.wait_for(5, ADDRESS)
    with app.app_context():
        kinds = sorted(db.session.execute(select(OutboxMessage.kind)).scalars().all())
    assert kinds == ["confirm", "confirm", "decided", "decided", "official_reply"]
    rejected = next(m for m in messages if "Ännu en idé" in body(m) and "confirm" not in body(m)
                    and "/e-post/bekrafta/" not in body(m))
    from flask_babel import force_locale

    from parkbank.moderation.labels import REASON_LABELS
    with app.test_request_context(), force_locale("sv"):
        assert str(REASON_LABELS[Reason.OFF_TOPIC]) in body(rejected)
    official = messages[-1]
    assert f"/sok/inlagg/{first}" in body(official)
    assert "Rut Responder" not in body(official)


def test_messages_carry_no_other_persons_data(app, client, consultation, moderator, mailbox,
                                              make_post):
    idea = submit(client, consultation, body="Min egen idé", alias="Eva")
    confirm(client, mailbox.wait_for(1, ADDRESS)[0])
    approve(app, idea, moderator)
    write_intent.set(True)  # the fixture reads, then writes, while the worker may write (SQLite)
    other = make_post(consultation, "Grannens hemliga text", alias="Grannen Gustav",
                      email="gustav@example.se", consent=True, parent_id=idea)
    approve(app, other, moderator)
    write_intent.set(True)
    with app.app_context():
        post = db.session.get(Post, idea)
        notices.outcome_changed(post, "Beslutad", "Nämnden beslutade i mars.",
                                "https://kommun.example/protokoll/12")
        db.session.commit()
    messages = mailbox.wait_for(3, ADDRESS)
    for message in messages:
        text = body(message) + str(message["Subject"])
        assert "Grannen" not in text and "Grannens" not in text and "gustav" not in text
        assert message["To"] == ADDRESS
    assert "Nämnden beslutade i mars." in body(messages[-1])
    assert "https://kommun.example/protokoll/12" in body(messages[-1])
    assert "Beslutad" in messages[-1]["Subject"]


def test_an_author_who_wrote_in_english_gets_english(app, client, consultation, mailbox):
    client.get("/sprak/en")
    post_id = submit(client, consultation)
    (message,) = mailbox.wait_for(1, ADDRESS)
    assert message["Content-Language"] == "en"
    assert "Confirm" in str(message["Subject"])
    with app.app_context():
        assert db.session.get(Post, post_id).locale == "en"


def test_without_consent_nothing_is_stored_or_sent(app, client, consultation, mailbox):
    data = post_form(client, consultation, body="Idé", skip_similar="1")
    response = client.post(f"/samrad/{consultation.slug}/inlagg", data=data,
                           headers={"Accept": "application/json"})
    assert response.status_code == 201
    with app.app_context():
        assert outbox.waiting() == 0
        assert db.session.execute(select(OutboxMessage)).first() is None


def test_wrong_links_are_refused_without_saying_why(app, client, consultation, mailbox):
    submit(client, consultation)
    (message,) = mailbox.wait_for(1, ADDRESS)
    confirm_path = link(message, "/e-post/bekrafta/")
    unsubscribe_path = link(message, "/e-post/avsluta/")
    token = confirm_path.rsplit("/", 1)[1]
    for path in (f"/e-post/avsluta/{token}",  # a confirmation token does not unsubscribe
                 f"/e-post/bekrafta/{unsubscribe_path.rsplit('/', 1)[1]}",
                 confirm_path[:-3] + "abc", "/e-post/bekrafta/x" * 30):
        assert client.get(path).status_code == 404, path


def test_data_request_erase_removes_unsent_messages(app, client, consultation, make_user, mailbox):
    from parkbank.privacy.operations import erase_contact

    admin = make_user(Role.ADMIN)  # before the worker starts (SQLite)
    mailbox.stop()  # the server is down: the confirmation waits in the outbox
    submit(client, consultation)
    write_intent.set(True)
    with app.app_context():
        outbox.enqueue("annan@example.se", "Påminnelse", "Text", kind="staff_reminder")
        db.session.commit()
        assert outbox.waiting() == 2
        assert erase_contact(db.session.get(User, admin.id), ADDRESS) == 1
        db.session.commit()
        assert db.session.execute(select(OutboxMessage.recipient)).scalars().all() == ["annan@example.se"]


def test_the_pages_speak_the_authors_language(app, client, consultation, mailbox):
    client.get("/sprak/en")
    submit(client, consultation)
    (message,) = mailbox.wait_for(1, ADDRESS)
    fresh = app.test_client()  # the link opened in another browser, which chose no language
    page = fresh.get(link(message, "/e-post/bekrafta/")).get_data(as_text=True)
    assert '<html lang="en"' in page and "Confirm my address" in page


def test_the_similar_ideas_step_keeps_the_address_and_consent(app, client, consultation, make_post):
    make_post(consultation, "Fler bänkar i parken vid dammen", state="approved")
    data = post_form(client, consultation, body="Fler bänkar i parken vid dammen tack",
                     email=ADDRESS, consent="y")
    page = client.post(f"/samrad/{consultation.slug}/inlagg", data=data).get_data(as_text=True)
    assert "skip_similar" in page
    assert "Liknande" in page or "Similar" in page, page
    assert f'value="{ADDRESS}"' in page and re.search(r'<input checked[^>]*name="consent"', page), page


def test_without_a_mail_server_messages_go_to_the_log(caplog):
    import logging

    from parkbank.mail import transport
    from parkbank.mail.outbox import Claimed

    logging.getLogger("parkbank.mail").disabled = False  # Alembic's fileConfig, run by the schema fixture
    message = Claimed(1, ADDRESS, "Ämne", "Hej", None, {"List-Unsubscribe": "<https://x/>"}, 1)
    with caplog.at_level("INFO", logger="parkbank.mail"):
        results = list(transport.send_all({"MAIL_SERVER": None, "MAIL_FOLDER": None,
                                           "MAIL_DEFAULT_SENDER": "a@b.se"}, [message]))
    assert results == [(message, None)]
    assert ADDRESS in caplog.text and "List-Unsubscribe" in caplog.text


def test_unsubscribing_deletes_the_messages_not_sent_yet(app, client, consultation, mailbox):
    mailbox.stop()  # the server is down: the confirmation waits in the outbox
    post_id = submit(client, consultation)
    with app.app_context():
        (headers,) = db.session.execute(select(OutboxMessage.headers)).scalars().all()
    url = re.fullmatch(r"<(https://\S+)>", headers["List-Unsubscribe"]).group(1)
    assert client.post(url.removeprefix("https://samrad.kommun.example")).status_code == 200
    with app.app_context():
        assert db.session.execute(select(OutboxMessage)).first() is None
        assert db.session.get(Post, post_id).email is None


def test_an_outcome_change_reaches_the_confirmed_author(app, client, consultation, moderator, make_user,
                                                        mailbox):
    from parkbank.consultations.models import Consultation
    from parkbank.outcomes.operations import OutcomeInput, set_outcome

    leader = make_user(Role.PROJECT_LEADER, name="Lena Projektledare")
    post_id = submit(client, consultation)
    confirm(client, mailbox.wait_for(1, ADDRESS)[0])
    approve(app, post_id, moderator)
    mailbox.wait_for(2, ADDRESS)
    write_intent.set(True)
    with app.app_context():
        set_outcome(db.session.get(Consultation, consultation.id), post_id,
                    OutcomeInput("investigating", explanation="Vi ser över parkens bänkar i vår.",
                                 link="https://kommun.example/protokoll/12"),
                    user=db.session.get(User, leader.id))
        db.session.commit()
    write_intent.set(False)
    notice = mailbox.wait_for(3, ADDRESS)[2]
    text = body(notice)
    assert "Utreds" in notice["Subject"] and "Utreds" in text
    assert "Vi ser över parkens bänkar i vår." in text and "https://kommun.example/protokoll/12" in text
    assert "Lena" not in text  # who set it is not the author's business
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_link_pages_send_no_referer_and_are_not_cached(app, client, consultation, mailbox):
    """Their address is the link's key: the board link on them must not carry it on as a Referer
    (into access logs), and no cache may keep the page."""
    submit(client, consultation)
    (message,) = mailbox.wait_for(1, ADDRESS)
    for path in (link(message, "/e-post/bekrafta/"), link(message, "/e-post/avsluta/")):
        page = client.get(path)
        assert page.status_code == 200
        assert f'href="/samrad/{consultation.slug}"' in page.get_data(as_text=True)
        assert page.headers["Referrer-Policy"] == "no-referrer", path
        assert page.headers["Cache-Control"] == "no-store", path


def test_a_staff_login_that_timed_out_does_not_put_the_link_behind_the_login_page(app, client, consultation,
                                                                                   mailbox, moderator):
    """A citizen's page: served as to any visitor, and its key never goes into a login URL."""
    import time

    from parkbank.auth.idle import SEEN

    submit(client, consultation)
    (message,) = mailbox.wait_for(1, ADDRESS)
    login(client, moderator)
    for path in (link(message, "/e-post/bekrafta/"), link(message, "/e-post/avsluta/")):
        with client.session_transaction() as session:
            session[SEEN] = int(time.time()) - 10 * 3600
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.headers.get("Location"))


def test_the_unsubscribed_page_speaks_the_authors_language_too(app, client, consultation, mailbox):
    client.get("/sprak/en")
    submit(client, consultation)
    (message,) = mailbox.wait_for(1, ADDRESS)
    fresh = app.test_client()  # the link opened in another browser, which chose no language
    path = link(message, "/e-post/avsluta/")
    assert '<html lang="en"' in fresh.get(path).get_data(as_text=True)
    done = fresh.post(path).get_data(as_text=True)
    assert '<html lang="en"' in done and 'id="mail-status"' in done


def test_the_list_unsubscribe_header_is_sent_as_a_plain_link(app, client, consultation, mailbox):
    """A link longer than a line must not be written as an RFC 2047 encoded word: mail programs
    read List-Unsubscribe (RFC 2369) as it stands, and could not unsubscribe."""
    from email import message_from_bytes
    from email import policy as email_policy

    from parkbank.mail import transport
    from parkbank.mail.outbox import Claimed

    submit(client, consultation)
    (message,) = mailbox.wait_for(1, ADDRESS)
    wanted = message["List-Unsubscribe"]
    assert len(wanted) > 78
    with app.app_context():
        sent = transport.build(Claimed(1, ADDRESS, "Bekräfta – " + "å" * 200, "Hej\n", None,
                                       {"List-Unsubscribe": wanted}, 1), "Parkbänk <p@kommun.example>")
    raw = message_from_bytes(sent.as_bytes(), policy=email_policy.compat32)
    assert raw["List-Unsubscribe"] == wanted  # as it stands, no =?utf-8?q?…?=
    assert all(len(line) <= 998 for line in sent.as_bytes().split(b"\n"))
    assert str(message_from_bytes(sent.as_bytes(), policy=email_policy.default)["Subject"]) \
        == "Bekräfta – " + "å" * 200
