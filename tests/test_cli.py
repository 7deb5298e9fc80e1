from sqlalchemy import func, select

from parkbank.auth.models import Role, User
from parkbank.demo import SLUG
from parkbank.extensions import db
from parkbank.posts.models import Post, PostState
from tests.helpers import csrf_token


def test_demo_loads_a_consultation_and_prints_a_working_login(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert f"/samrad/{SLUG}" in result.output
    email, password = result.output.strip().splitlines()[-1].split(": ", 1)[1].split(" / ")
    with app.app_context():
        states = dict(db.session.execute(
            select(Post.state, func.count(Post.id)).group_by(Post.state)).all())
        assert states[PostState.APPROVED] >= 3 and states[PostState.PENDING] >= 2
        assert db.session.execute(select(User).where(User.email == email)).scalar_one() \
            .check_password(password)
    client = app.test_client()
    page = client.get(f"/samrad/{SLUG}").get_data(as_text=True)
    assert "Vad vill du ska finnas i det nya biblioteks- och kulturhuset?" in page
    # Its ideas are tagged, so the board's theme filter has something to show.
    assert "Aktiviteter" in page and f"/samrad/{SLUG}?tema=aktiviteter" in page
    filtered = client.get(f"/samrad/{SLUG}?tema=aktiviteter").get_data(as_text=True)
    assert "En scen för små konserter" in filtered and "Ett tyst läsrum" not in filtered
    # The demo's kiosk and meeting screen open at the addresses printed.
    kiosk = next(line for line in result.output.splitlines() if "/kiosk/" in line).split(": ", 1)[1]
    assert "Stadsbiblioteket" in client.get(kiosk).get_data(as_text=True)
    assert client.get(f"/samrad/{SLUG}/skarm").status_code == 200
    assert runner.invoke(args=["demo"]).exit_code == 0  # again: still one kiosk
    assert "Stadsbiblioteket" in client.get(kiosk).get_data(as_text=True)


def login_of(output: str) -> tuple[str, str]:
    """(e-mail, password) from the last line: "Moderator login at …/logga-in: E / P"."""
    return tuple(output.strip().splitlines()[-1].split(": ", 1)[1].split(" / "))


def test_the_demo_login_is_the_same_on_every_run(app, runner):
    from parkbank.demo import DEMO_PASSWORD

    first = login_of(runner.invoke(args=["demo"], env={"PARKBANK_DEMO_PASSWORD": ""}).output)
    second = login_of(runner.invoke(args=["demo"], env={"PARKBANK_DEMO_PASSWORD": ""}).output)
    assert first == second == ("moderator@parkbank.example", DEMO_PASSWORD)
    chosen = runner.invoke(args=["demo"], env={"PARKBANK_DEMO_PASSWORD": "mitt-eget-demolösen"})
    assert login_of(chosen.output)[1] == "mitt-eget-demolösen"
    with app.app_context():
        users = db.session.execute(select(User).order_by(User.id)).scalars().all()
        assert [(u.email, u.role) for u in users] == [("moderator@parkbank.example", Role.MODERATOR),
                                                      ("admin@parkbank.example", Role.ADMIN)]
        assert all(u.check_password("mitt-eget-demolösen") for u in users)


def test_the_demo_prints_an_admin_login_too(app, runner):
    from parkbank.demo import DEMO_PASSWORD

    output = runner.invoke(args=["demo"], env={"PARKBANK_DEMO_PASSWORD": ""}).output
    assert f"Admin login at /logga-in: admin@parkbank.example / {DEMO_PASSWORD}" in output
    client = app.test_client()
    page = client.get("/logga-in").get_data(as_text=True)
    client.post("/logga-in", data={"email": "admin@parkbank.example", "password": DEMO_PASSWORD,
                                   "csrf_token": csrf_token(page)})
    assert client.get("/admin/samrad").status_code == 200


def test_demo_serve_prints_the_address_and_the_login_last_then_serves(app, runner, monkeypatch):
    served = []
    monkeypatch.setattr("parkbank.cli.run_simple",
                        lambda host, port, application, **options: served.append((host, port)))
    result = runner.invoke(args=["demo", "--serve", "--port", "5123"],
                           env={"PARKBANK_DEMO_PASSWORD": ""})
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert "http://127.0.0.1:5123/" in lines[-2]
    assert lines[-1].startswith("Moderator login at http://127.0.0.1:5123/logga-in: ")
    assert login_of(result.output)[0] == "moderator@parkbank.example"
    assert served == [("127.0.0.1", 5123)]


def test_demo_serve_refuses_cookies_that_plain_http_would_lose(schema, monkeypatch):
    from tests.helpers import build_app

    app = build_app(schema, SESSION_COOKIE_SECURE=True)
    monkeypatch.setattr("parkbank.cli.run_simple", lambda *args, **kwargs: None)
    result = app.test_cli_runner().invoke(args=["demo", "--serve"])
    assert result.exit_code != 0 and "--debug" in result.output


def test_demo_twice_does_not_duplicate(app, runner):
    runner.invoke(args=["demo"])
    runner.invoke(args=["demo"])
    with app.app_context():
        assert db.session.execute(select(func.count(Post.id))).scalar_one() == 9  # 3 transcribed


def test_create_user_reads_the_password_from_the_environment(app, runner):
    result = runner.invoke(args=["create-user", "--email", "Lena@Kommun.se", "--name", "Lena",
                                 "--role", "project-leader"],
                           env={"PARKBANK_PASSWORD": "ett långt lösenord"})
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.execute(select(User)).scalar_one()
        assert user.email == "lena@kommun.se" and user.role == Role.PROJECT_LEADER
        assert user.check_password("ett långt lösenord")


def test_create_user_prompts_for_the_password(app, runner):
    result = runner.invoke(args=["create-user", "--email", "a@kommun.se", "--name", "A",
                                 "--role", "moderator"],
                           input="hemligt-lösen-123\nhemligt-lösen-123\n", env={"PARKBANK_PASSWORD": ""})
    assert result.exit_code == 0, result.output
    with app.app_context():  # the typed password is the one kept, not thrown away
        assert db.session.execute(select(User)).scalar_one().check_password("hemligt-lösen-123")


def test_create_user_refuses_short_passwords_and_duplicates(runner):
    args = ["create-user", "--email", "a@kommun.se", "--name", "A", "--role", "admin"]
    assert runner.invoke(args=args, env={"PARKBANK_PASSWORD": "kort"}).exit_code != 0
    assert runner.invoke(args=args, env={"PARKBANK_PASSWORD": "tillräckligt lång"}).exit_code == 0
    again = runner.invoke(args=args, env={"PARKBANK_PASSWORD": "tillräckligt lång"})
    assert again.exit_code != 0
    assert "Error" in again.output


def test_create_user_refuses_unknown_roles(runner):
    result = runner.invoke(args=["create-user", "--email", "a@kommun.se", "--name", "A",
                                 "--role", "king"], env={"PARKBANK_PASSWORD": "tillräckligt lång"})
    assert result.exit_code != 0


def test_withdraw_post_removes_it_and_logs_who(app, runner, consultation, moderator, make_post):
    from parkbank.moderation.models import Decision

    post_id = make_post(consultation, "Olämpligt", state="approved")
    result = runner.invoke(args=["withdraw-post", str(post_id), "--reason", "threat_or_hate",
                                 "--by", moderator.email])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.get(Post, post_id).state == PostState.WITHDRAWN
        last = db.session.execute(select(Decision).order_by(Decision.id.desc())).scalars().first()
        assert last.moderator_id == moderator.id


def test_withdraw_post_refuses_non_moderators(runner, consultation, make_user, make_post):
    post_id = make_post(consultation, state="approved")
    responder = make_user(Role.RESPONDER)
    result = runner.invoke(args=["withdraw-post", str(post_id), "--reason", "other",
                                 "--by", responder.email])
    assert result.exit_code != 0


def test_withdraw_post_of_a_pending_post_fails_clearly(runner, consultation, moderator, make_post):
    post_id = make_post(consultation)
    result = runner.invoke(args=["withdraw-post", str(post_id), "--reason", "other",
                                 "--by", moderator.email])
    assert result.exit_code != 0 and "Error" in result.output
