"""Socket.IO handlers and the events that operations publish after commit."""

import pytest

from parkbank.auth.models import Role
from parkbank.extensions import db, socketio
from parkbank.posts.models import Post
from parkbank.posts.serialize import public_post
from tests.helpers import csrf_token, events, login

JSON = {"Accept": "application/json"}


def approve(client, consultation, post_id, action="approve", reason=""):
    token = csrf_token(client.get(f"/moderering/{consultation.slug}").get_data(as_text=True))
    response = client.post(f"/moderering/inlagg/{post_id}/beslut", headers=JSON,
                           data={"action": action, "reason": reason, "csrf_token": token})
    assert response.status_code == 200, response.json
    return response


def test_join_board_acks_with_the_current_event_id(socket_for, consultation):
    ack = socket_for().emit("join_board", {"consultation": consultation.slug, "after": None},
                            callback=True)
    assert ack == {"ok": True, "last_event_id": 0, "events": [], "resync": False, "own": []}


@pytest.mark.parametrize("payload,error", [
    (None, "invalid_payload"), ("slug", "invalid_payload"), ({"consultation": 5}, "invalid_payload"),
    ({"consultation": "x" * 500}, "invalid_payload"), ({"consultation": "finns-inte"}, "not_found"),
    ({"consultation": "nytt-bibliotek", "after": -1}, "invalid_after"),
    ({"consultation": "nytt-bibliotek", "after": "1"}, "invalid_after"),
])
def test_join_board_checks_its_payload(socket_for, consultation, payload, error):
    ack = socket_for().emit("join_board", payload, callback=True)
    assert ack == {"ok": False, "error": error}


def test_approval_pushes_post_published_to_the_board(client, socket_for, consultation, moderator,
                                                     make_post):
    post_id = make_post(consultation, "Fler sittplatser")
    board = socket_for()
    board.emit("join_board", {"consultation": consultation.slug}, callback=True)
    login(client, moderator)
    approve(client, consultation, post_id)
    [published] = events(board, "post_published")
    assert published["event_id"] == 1
    assert published["post"]["id"] == post_id
    assert published["post"]["body"] == "Fler sittplatser"
    assert "email" not in published["post"]


def test_withdraw_and_support_push_events_with_increasing_ids(app, client, socket_for,
                                                              consultation, moderator, make_post):
    post_id = make_post(consultation, state="approved")  # event 1
    board = socket_for()
    board.emit("join_board", {"consultation": consultation.slug, "after": 1}, callback=True)
    token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    client.post(f"/samrad/{consultation.slug}/inlagg/{post_id}/instam", data={"csrf_token": token})
    login(client, moderator)
    approve(client, consultation, post_id, action="withdraw", reason="other")
    received = [(e["name"], e["args"][0]) for e in board.get_received()]
    assert received == [
        ("support_changed", {"post_id": post_id, "count": 1, "event_id": 2}),
        ("post_withdrawn", {"post_id": post_id, "event_id": 3}),
    ]


def test_reconnecting_client_catches_up_from_its_last_event_id(socket_for, consultation,
                                                               make_post):
    first = make_post(consultation, "Ett", state="approved")
    second = make_post(consultation, "Två", state="approved")
    ack = socket_for().emit("join_board", {"consultation": consultation.slug, "after": 1},
                            callback=True)
    assert ack["ok"] and ack["last_event_id"] == 2
    assert [(e["event"], e["data"]["post"]["id"]) for e in ack["events"]] == [
        ("post_published", second)]
    everything = socket_for().emit("join_board", {"consultation": consultation.slug, "after": 0},
                                   callback=True)
    assert [e["data"]["post"]["id"] for e in everything["events"]] == [first, second]


def test_too_far_behind_is_told_to_resync(app, socket_for, consultation, make_post):
    app.config["LIVE_CATCH_UP_LIMIT"] = 1
    make_post(consultation, state="approved")
    make_post(consultation, state="approved")
    ack = socket_for().emit("join_board", {"consultation": consultation.slug, "after": 0},
                            callback=True)
    assert ack["resync"] is True and ack["events"] == []


def test_rejected_post_is_never_pushed_to_the_board(client, socket_for, consultation, moderator,
                                                    make_post):
    post_id = make_post(consultation)
    board = socket_for()
    board.emit("join_board", {"consultation": consultation.slug}, callback=True)
    login(client, moderator)
    approve(client, consultation, post_id, action="reject", reason="spam")
    assert board.get_received() == []


def test_join_queue_refuses_anonymous_clients(socket_for, consultation):
    ack = socket_for().emit("join_queue", {"consultation": consultation.slug}, callback=True)
    assert ack == {"ok": False, "error": "forbidden"}


@pytest.mark.parametrize("role,allowed", [
    (Role.ADMIN, True), (Role.MODERATOR, True),
    (Role.PROJECT_LEADER, False), (Role.RESPONDER, False),
])
def test_join_queue_is_for_moderating_roles_only(app, socket_for, consultation, make_user,
                                                 make_post, role, allowed):
    make_post(consultation, "Väntar")
    client = app.test_client()
    login(client, make_user(role))
    ack = socket_for(client).emit("join_queue", {"consultation": consultation.slug}, callback=True)
    assert ack["ok"] is allowed
    if allowed:
        assert [p["body"] for p in ack["pending"]] == ["Väntar"]
    else:
        assert ack["error"] == "forbidden"


def test_queue_receives_submitted_and_decided_posts(app, client, socket_for, consultation,
                                                    moderator, make_post):
    login(client, moderator)
    queue = socket_for(client)
    assert queue.emit("join_queue", {"consultation": consultation.slug}, callback=True)["ok"]
    post_id = make_post(consultation, "Ny idé <i>kursiv</i>")
    [submitted] = events(queue, "post_submitted")
    assert submitted["post"]["id"] == post_id
    assert submitted["post"]["body"] == "Ny idé <i>kursiv</i>"  # text as typed
    assert submitted["post"]["body_html"] == "Ny idé &lt;i&gt;kursiv&lt;/i&gt;"
    approve(client, consultation, post_id)
    [decided] = events(queue, "post_decided")
    assert decided["id"] == post_id and decided["status"] == "approved"
    assert decided["decided_by"] == moderator.name


def test_author_is_told_live_when_their_post_is_decided(app, socket_for, consultation, moderator,
                                                        make_post):
    citizen = app.test_client()
    page = citizen.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    response = citizen.post(f"/samrad/{consultation.slug}/inlagg", headers=JSON,
                            data={"body": "Min idé", "csrf_token": csrf_token(page)})
    post_id = response.json["id"]
    author = socket_for(citizen)
    stranger = socket_for()
    for sock in (author, stranger):
        sock.emit("join_board", {"consultation": consultation.slug}, callback=True)
    staff = app.test_client()
    login(staff, moderator)
    approve(staff, consultation, post_id, action="reject", reason="off_topic")
    [told] = events(author, "own_post_decided")
    assert told["id"] == post_id and told["status"] == "rejected" and told["reason"] == "off_topic"
    assert events(stranger, "own_post_decided") == []


def test_nothing_is_pushed_when_the_transaction_rolls_back(app, socket_for, consultation,
                                                           moderator, make_post):
    from parkbank.extensions import db
    from parkbank.moderation.models import Action
    from tests.helpers import decide

    post_id = make_post(consultation)
    board = socket_for()
    board.emit("join_board", {"consultation": consultation.slug}, callback=True)
    with app.app_context():
        decide(post_id, moderator, Action.APPROVE)
        db.session.rollback()
    assert board.get_received() == []


def test_author_who_was_offline_learns_the_decision_on_rejoin(app, socket_for, consultation,
                                                              moderator, make_post):
    citizen = app.test_client()
    page = citizen.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    post_id = citizen.post(f"/samrad/{consultation.slug}/inlagg", headers=JSON,
                           data={"body": "Min idé", "csrf_token": csrf_token(page)}).json["id"]
    staff = app.test_client()
    login(staff, moderator)
    approve(staff, consultation, post_id, action="reject", reason="duplicate")
    ack = socket_for(citizen).emit("join_board", {"consultation": consultation.slug, "after": 0},
                                   callback=True)
    assert ack["own"] == [{"id": post_id, "status": "rejected", "reason": "duplicate", "duplicate_of": None}]
    stranger = socket_for().emit("join_board", {"consultation": consultation.slug}, callback=True)
    assert stranger["own"] == []


def test_withdrawn_post_is_struck_from_the_catch_up_log(app, socket_for, consultation, moderator,
                                                       make_post):
    from parkbank.extensions import db
    from parkbank.moderation.models import Action, Reason
    from tests.helpers import decide

    post_id = make_post(consultation, "Mitt telefonnummer är 070-1234567", state="approved",
                        alias="Eva Svensson")
    with app.app_context():
        decide(post_id, moderator, Action.WITHDRAW, reason=Reason.PERSONAL_DATA)
        db.session.commit()
    ack = socket_for().emit("join_board", {"consultation": consultation.slug, "after": 0},
                            callback=True)
    assert [(e["event"], e["data"]) for e in ack["events"]] == [
        ("post_withdrawn", {"event_id": 1, "post_id": post_id}),
        ("post_withdrawn", {"event_id": 2, "post_id": post_id}),
    ]
    assert "070-1234567" not in str(ack) and "Eva Svensson" not in str(ack)


def test_a_handler_in_trouble_still_answers_busy(socket_for, consultation, monkeypatch):
    from parkbank.live import events as handlers

    def pool_timeout(*_args):
        raise TimeoutError("QueuePool limit reached")

    monkeypatch.setattr(handlers, "get_by_slug", pool_timeout)  # its first database read
    ack = socket_for().emit("join_board", {"consultation": consultation.slug}, callback=True)
    assert ack == {"ok": False, "error": "busy"}


@pytest.mark.parametrize("after", [2**63, 2**64 + 1, -1, 1.5, "3"])
def test_join_board_refuses_an_after_out_of_range(socket_for, consultation, after):
    ack = socket_for().emit("join_board", {"consultation": consultation.slug, "after": after},
                            callback=True)
    assert ack == {"ok": False, "error": "invalid_after"}


def test_a_socket_cannot_join_thousands_of_times(schema, consultation):
    from tests.helpers import build_app

    app = build_app(schema, RATELIMIT_ENABLED=True, RATELIMIT_JOIN_BOARD="5 per 10 seconds")
    sock = socketio.test_client(app)
    answers = [sock.emit("join_board", {"consultation": consultation.slug}, callback=True)
               for _ in range(8)]
    sock.disconnect()
    assert [a["ok"] for a in answers] == [True] * 5 + [False] * 3
    assert answers[-1]["error"] == "too_many_requests"


def test_queue_payloads_carry_the_idea_a_reply_answers(app, client, socket_for, consultation,
                                                       moderator, make_post):
    idea = make_post(consultation, "En idé " + "lång " * 60, state="approved")
    login(client, moderator)
    queue = socket_for(client)
    assert queue.emit("join_queue", {"consultation": consultation.slug}, callback=True)["ok"]
    reply = make_post(consultation, "Ett svar", parent_id=idea)
    [submitted] = events(queue, "post_submitted")
    parent = submitted["post"]["parent"]
    assert parent["id"] == idea and len(parent["body"]) == 200
    assert parent["body"] == ("En idé " + "lång " * 60)[:200]
    ack = socket_for(client).emit("join_queue", {"consultation": consultation.slug}, callback=True)
    assert [(p["id"], p["parent"]) for p in ack["pending"]] == [(reply, parent)]
    make_post(consultation, "En ny idé")
    assert events(queue, "post_submitted")[-1]["post"]["parent"] is None


# --- personal data in the queue's payload (checklist 7) ----------------------------------------

PII_BODY = "Ring mig på 070-123 45 67 eller mejla åsa@exempel.se, pnr 811218-9876 😀"
PII_SPANS = [("phone", "070-123 45 67"), ("email", "åsa@exempel.se"),
             ("personal_identity_number", "811218-9876")]


def spans(post):
    return [(f["kind"], post["body"][f["start"]:f["end"]]) for f in post["pii"]]


def test_join_queue_ack_and_post_submitted_carry_personal_data_findings(
        client, socket_for, consultation, moderator, make_post):
    waiting = make_post(consultation, PII_BODY)
    make_post(consultation, "Fler bänkar i parken")
    login(client, moderator)
    queue = socket_for(client)
    ack = queue.emit("join_queue", {"consultation": consultation.slug}, callback=True)
    pending = {p["id"]: p for p in ack["pending"]}
    assert spans(pending[waiting]) == PII_SPANS
    assert set(pending[waiting]["pii"][0]) == {"kind", "start", "end"}
    assert [p["pii"] for i, p in pending.items() if i != waiting] == [[]]

    post_id = make_post(consultation, "Nytt: " + PII_BODY)
    [submitted] = events(queue, "post_submitted")
    assert submitted["post"]["id"] == post_id
    assert spans(submitted["post"]) == PII_SPANS
    assert submitted["post"]["pii"][0] == {"kind": "phone", "start": 18, "end": 31}


def test_personal_data_findings_are_never_in_public_payloads(client, socket_for, consultation,
                                                            moderator, make_post):
    board = socket_for()
    board.emit("join_board", {"consultation": consultation.slug}, callback=True)
    post_id = make_post(consultation, PII_BODY)
    login(client, moderator)
    approve(client, consultation, post_id)
    [published] = events(board, "post_published")
    assert published["post"]["id"] == post_id and "pii" not in published["post"]
    rejoin = socket_for().emit("join_board", {"consultation": consultation.slug, "after": 0},
                               callback=True)
    assert rejoin["events"] and all("pii" not in e["data"].get("post", {})
                                    for e in rejoin["events"])
    open_data = client.get(f"/api/v1/consultations/{consultation.slug}/posts").json
    assert [p["id"] for p in open_data["posts"]] == [post_id]
    assert "pii" not in open_data["posts"][0]
    with client.application.app_context():
        assert "pii" not in public_post(db.session.get(Post, post_id))
