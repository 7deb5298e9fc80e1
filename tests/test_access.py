"""Every door of the app, tried by everyone: anonymous, and each staff role assigned to the
consultation and not. ACCESS names who may use each endpoint; a route missing from it fails the
first test, so no new door is left unclassified (the way adhocracy+ ended up checking a
permission nobody registers)."""

from __future__ import annotations

import itertools

import pytest

from parkbank.auth.models import Role
from tests.conftest import _empty_tables
from tests.helpers import build_app

# Who may use each endpoint: "public" (anyone), "staff" (any staff member), "moderator" (a
# moderating role, on whichever consultations), "moderate", "respond", "lead" (on the
# consultation in the address) or "administer".
ACCESS = {
    "api.consultation_posts": "public",
    "api.posts_download": "public",
    "api.dcat_catalogue": "public",
    "auth.login": "public",
    "auth.logout": "public",
    "health": "public",
    "identity.logo": "public",
    "identity.organisation_css": "public",
    "pages.accessibility": "public",
    "pages.privacy": "public",
    "posts.submit": "public",
    "posts.support": "public",
    "similar.similar": "public",
    "public.board": "public",
    "public.index": "public",
    "public.set_language": "public",
    "search.everywhere": "public",
    "search.in_consultation": "public",
    "search.show_post": "public",
    "static": "public",
    # A kiosk's doors are open to whoever holds its secret address (tests/kiosk).
    "kiosk.screen": "public",
    "kiosk.submit": "public",
    "kiosk.support": "public",
    "kiosk.staff_login": "public",
    # The public meeting screen shows what the board shows (tests/kiosk/test_projector.py).
    "projector.screen": "public",
    # The author's own link: whoever holds it (tests/follow).
    "follow.page": "public",
    "follow.revoke_link": "public",
    "follow.revoked": "public",
    # The links in a citizen's messages: the signed token is the key (tests/mail).
    "mail.confirm_page": "public",
    "mail.confirm": "public",
    "mail.unsubscribe_page": "public",
    "mail.unsubscribe": "public",
    "moderation.index": "moderator",
    "moderation.queue": "moderate",
    "moderation.decision_page": "moderate",
    "moderation.decide_post": "moderate",
    "moderation.redaction_page": "moderate",
    "moderation.redact_post": "moderate",
    "moderation.transcribe_page": "moderate",
    "moderation.transcribe_note": "moderate",
    "admin.index": "administer",
    "admin.users": "administer",
    "admin.new_user": "administer",
    "admin.user": "administer",
    "admin.user_assignments": "administer",
    "admin.user_password": "administer",
    "admin.deactivate": "administer",
    "admin.reactivate": "administer",
    "admin.consultations_list": "administer",
    "admin.new_consultation": "administer",
    "admin.consultation": "administer",
    "admin.consultation_staff": "administer",
    "admin.channels_list": "administer",
    "admin.add_channel": "administer",
    "admin.channel": "administer",
    "admin.move_channel": "administer",
    "admin.remove_channel": "administer",
    "admin.kiosks_list": "administer",
    "admin.new_kiosk": "administer",
    "admin.kiosk": "administer",
    "admin.rotate_kiosk": "administer",
    "admin.disable_kiosk": "administer",
    "admin.enable_kiosk": "administer",
    "channels.index": "public",
    "staff.start": "staff",
    "moderation.dismiss": "moderate",
    "moderation.politician_view": "moderate",
    "official.answer_page": "respond",
    "official.reply": "respond",
    "posts.report": "public",
    "posts.report_page": "public",
    "audit.log": "administer",
    "privacy.request_page": "administer",
    "privacy.search": "administer",
    "privacy.export": "administer",
    "privacy.erase": "administer",
    "retention.rules_page": "administer",
    "retention.save_rule": "administer",
    "retention.revision_page": "administer",
    "retention.snapshot": "administer",
    "export.page": "lead",
    "export.start": "lead",
    "export.download": "lead",
    "export.status": "lead",
    "themes.page": "lead",
    "themes.create": "lead",
    "themes.rename": "lead",
    "themes.move": "lead",
    "themes.retire": "lead",
    "moderation.tag_post": "moderate",
    "outcomes.follow_up": "public",
    "outcomes.staff_page": "follow_up",
    "outcomes.set_outcome": "follow_up",
    "outcomes.closing_summary": "lead",
}
ROLES = [Role.ADMIN, Role.MODERATOR, Role.PROJECT_LEADER, Role.RESPONDER]
ALLOWED = {
    "staff": {Role.ADMIN, Role.MODERATOR, Role.PROJECT_LEADER, Role.RESPONDER},
    "moderator": {Role.ADMIN, Role.MODERATOR},
    "moderate": {Role.ADMIN, Role.MODERATOR},
    "respond": {Role.RESPONDER},
    "lead": {Role.ADMIN, Role.PROJECT_LEADER},
    "follow_up": {Role.ADMIN, Role.PROJECT_LEADER, Role.RESPONDER},  # can_set_outcome
    "administer": {Role.ADMIN},
}
# Endpoints that act on no particular consultation: being assigned does not matter.
NOT_SCOPED = {"staff", "moderator", "administer"}


@pytest.fixture
def app(schema):
    """The CSRF check is off here: it would refuse every POST before authorisation is asked."""
    app = build_app(schema, WTF_CSRF_ENABLED=False)
    yield app
    with app.app_context():
        _empty_tables()


def _staff_rules(app):
    return [rule for rule in app.url_map.iter_rules() if ACCESS.get(rule.endpoint) != "public"]


def test_every_route_says_who_may_use_it(app):
    unclassified = sorted({rule.endpoint for rule in app.url_map.iter_rules()} - set(ACCESS))
    assert unclassified == [], "add these endpoints to ACCESS in tests/test_access.py"


@pytest.fixture
def scene(make_consultation, make_post):
    consultation = make_consultation()
    idea = make_post(consultation, "En publicerad idé", state="approved")
    return {"slug": consultation.slug, "post_id": idea, "consultation": consultation}


def _url(rule, scene) -> str:
    values = {arg: scene.get(arg, 1) for arg in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def _requests(app, scene):
    for rule in _staff_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, _url(rule, scene)


def login(client, user) -> None:
    response = client.post("/logga-in", data={"email": user.email, "password": user.password})
    assert response.status_code == 303


def _refused(response) -> bool:
    if response.status_code in (401, 403):
        return True
    return response.status_code in (302, 303) and "/logga-in" in response.headers["Location"]


def test_anonymous_visitors_are_refused_at_every_staff_door(app, client, scene):
    for _rule, method, url in _requests(app, scene):
        for accept in ("text/html", "application/json"):
            response = client.open(url, method=method, headers={"Accept": accept}, data={})
            assert _refused(response), (method, url, accept, response.status_code)


@pytest.mark.parametrize(("role", "assigned"), list(itertools.product(ROLES, [True, False])))
def test_each_role_may_use_exactly_its_doors(app, make_user, scene, role, assigned):
    user = make_user(role, assigned=assigned)
    client = app.test_client()
    login(client, user)
    for rule, method, url in _requests(app, scene):
        kind = ACCESS[rule.endpoint]
        allowed = role in ALLOWED[kind] and (assigned or role is Role.ADMIN or kind in NOT_SCOPED)
        response = client.open(url, method=method, data={},
                               headers={"Accept": "application/json"})
        assert _refused(response) is not allowed, (role.value, assigned, method, url,
                                                    response.status_code)


@pytest.mark.parametrize(("role", "assigned"), list(itertools.product(ROLES, [True, False])))
def test_each_role_may_join_a_queue_only_where_it_moderates(app, make_user, socket_for, scene,
                                                             role, assigned):
    user = make_user(role, assigned=assigned)
    client = app.test_client()
    login(client, user)
    ack = socket_for(client).emit("join_queue", {"consultation": scene["slug"]}, callback=True)
    assert ack["ok"] is (role is Role.ADMIN or (role is Role.MODERATOR and assigned)), ack


def test_an_expired_staff_login_on_a_public_page_is_served_as_to_a_visitor(app, make_user, scene):
    """A staff member who left a public page open (a board, the follow-up page, a search) and whose
    login ran out sees the page as anyone does, never the login page with the address in next=."""
    import time

    from parkbank.auth.idle import SEEN

    client = app.test_client()
    login(client, make_user(Role.MODERATOR))
    pages = [rule for rule in app.url_map.iter_rules()
             if ACCESS.get(rule.endpoint) == "public" and "GET" in rule.methods
             and not rule.endpoint.startswith("auth.")]
    assert {"outcomes.follow_up", "search.everywhere", "public.board"} <= {r.endpoint for r in pages}
    for rule in pages:
        with client.session_transaction() as session:
            session[SEEN] = int(time.time()) - 10 * 3600
        response = client.get(_url(rule, {"fmt": "csv", **scene}))
        assert "/logga-in" not in response.headers.get("Location", ""), rule.endpoint
        login(client, make_user(Role.MODERATOR))  # the expiry logged this one out
