"""/admin/logg: admins read the audit trail, filtered and paged by id; nobody else does."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select

from parkbank.audit.labels import ACTION_LABELS
from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.audit.queries import PER_PAGE
from parkbank.auth.models import Role
from parkbank.extensions import db
from tests.helpers import login

URL = "/admin/logg/"
ROW = re.compile(r'<tr id="entry-(\d+)"')


def seed(app, count, **values):
    """`count` entries (ids ascending, a second apart), made as the operations make them."""
    with app.app_context():
        start = values.pop("start", datetime(2026, 11, 1, 12, tzinfo=UTC))
        rows = [{"created_at": start.replace(second=i % 60, minute=i // 60 % 60),
                 "actor_id": values.get("actor_id"), "actor_name": values.get("actor_name", "system"),
                 "action": values.get("action", AuditAction.POST_APPROVE.value),
                 "consultation_id": values.get("consultation_id"), "target_type": "post",
                 "target_id": i + 1, "details": {}} for i in range(count)]
        db.session.execute(insert(AuditEntry), rows)
        db.session.commit()


def shown_ids(html):
    return [int(i) for i in ROW.findall(html)]


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN, name="Ada Admin")


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.PROJECT_LEADER, Role.RESPONDER])
def test_other_staff_are_refused(client, make_user, role):
    login(client, make_user(role))
    assert client.get(URL).status_code == 403


def test_a_deactivated_admin_is_refused(app, client, admin, make_user):
    make_user(Role.ADMIN)  # the last active admin cannot be deactivated
    login(client, admin)
    with app.app_context():
        from parkbank.auth.models import User
        from parkbank.auth.operations import deactivate_user

        deactivate_user(db.session.get(User, admin.id))
        db.session.commit()
    assert client.get(URL).status_code in (302, 403)


def test_admin_sees_who_did_what_on_which_consultation(client, admin, consultation, make_post):
    post_id = make_post(consultation, state="rejected")
    login(client, admin)
    html = client.get(URL).get_data(as_text=True)
    assert "<caption>" in html and 'scope="col"' in html
    assert "Fixture Moderator" in html
    assert "Inlägg avslaget" in html  # the label of post.reject, in Swedish
    assert f'href="/moderering/{consultation.slug}"' in html and "Nytt bibliotek" in html
    assert f'href="/moderering/inlagg/{post_id}/beslut"' in html


def test_every_action_has_a_label():
    assert set(ACTION_LABELS) == set(AuditAction)


def test_a_system_entry_shows_system(app, client, admin, make_consultation, runner):
    make_consultation(slug="planerat")
    result = runner.invoke(args=["consultation", "set-status", "planerat", "closed"])
    assert result.exit_code == 0, result.output
    login(client, admin)
    html = client.get(URL, query_string={"handelse": "consultation.status"}).get_data(as_text=True)
    row = html[html.index('<tr id="entry-'):]
    assert 'class="pb-audit-system">System<' in row.split("</tr>")[0]


def test_newest_first_fifty_per_page_and_paging_has_no_gaps_or_repeats(app, client, admin):
    seed(app, 2 * PER_PAGE + 7)
    login(client, admin)  # adds a login entry, the newest
    seen, url, pages = [], URL, 0
    while url:
        html = client.get(url).get_data(as_text=True)
        ids = shown_ids(html)
        assert ids == sorted(ids, reverse=True) and len(ids) <= PER_PAGE
        seen += ids
        pages += 1
        older = re.search(r'rel="next" href="([^"]+)"', html)
        url = older.group(1).replace("&amp;", "&") if older else None
    assert pages == 3
    with app.app_context():
        every = db.session.execute(select(AuditEntry.id).order_by(AuditEntry.id.desc())).scalars().all()
    assert seen == every and len(every) > 2 * PER_PAGE
    # And back: "Newer" from the last page leads to the middle page exactly.
    newer = re.search(r'rel="prev" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert shown_ids(client.get(newer).get_data(as_text=True)) == seen[PER_PAGE:2 * PER_PAGE]


def test_newer_from_the_second_page_is_the_first_page(app, client, admin):
    seed(app, PER_PAGE + 10)
    login(client, admin)
    first = shown_ids(client.get(URL).get_data(as_text=True))
    second = client.get(URL, query_string={"fore": first[-1]}).get_data(as_text=True)
    newer = re.search(r'rel="prev" href="([^"]+)"', second).group(1).replace("&amp;", "&")
    assert shown_ids(client.get(newer).get_data(as_text=True)) == first


def test_filters_stay_in_the_paging_links(app, client, admin):
    seed(app, PER_PAGE + 5, action=AuditAction.POST_REJECT.value)
    seed(app, 20, action=AuditAction.POST_APPROVE.value)
    login(client, admin)
    html = client.get(URL, query_string={"handelse": "post.reject"}).get_data(as_text=True)
    assert len(shown_ids(html)) == PER_PAGE
    older = re.search(r'rel="next" href="([^"]+)"', html).group(1)
    assert "handelse=post.reject" in older
    rest = shown_ids(client.get(older.replace("&amp;", "&")).get_data(as_text=True))
    assert len(rest) == 5


def test_filter_by_action(app, client, admin):
    seed(app, 3, action=AuditAction.POST_REJECT.value)
    seed(app, 4, action=AuditAction.POST_APPROVE.value)
    login(client, admin)
    html = client.get(URL, query_string={"handelse": "post.reject"}).get_data(as_text=True)
    assert len(shown_ids(html)) == 3
    assert '<option selected value="post.reject">' in html or 'value="post.reject" selected' in html \
        or re.search(r'<option[^>]*selected[^>]*value="post.reject"', html)


def test_filter_by_staff_member_and_by_system(app, client, admin, make_user):
    other = make_user(Role.MODERATOR, name="Olle Annan")
    seed(app, 3, actor_id=other.id, actor_name=other.name)
    seed(app, 2)
    login(client, admin)
    html = client.get(URL, query_string={"vem": other.id}).get_data(as_text=True)
    assert len(shown_ids(html)) == 3 and "Olle Annan" in html
    system = client.get(URL, query_string={"vem": "system"}).get_data(as_text=True)
    # The two seeded entries and the creation of the two accounts (made by the test, the system).
    assert len(shown_ids(system)) == system.count('class="pb-audit-system"') == 4


def test_filter_by_consultation(app, client, admin, make_consultation):
    one, two = make_consultation(slug="ett", title="Ett"), make_consultation(slug="tva", title="Två")
    seed(app, 3, consultation_id=one.id)
    seed(app, 5, consultation_id=two.id)
    login(client, admin)
    html = client.get(URL, query_string={"samrad": two.id, "handelse": "post.approve"}).get_data(as_text=True)
    assert len(shown_ids(html)) == 5


def test_filter_by_days_in_the_organisations_time_zone(app, client, admin):
    # 22:30 UTC on 1 December is 23:30 in Stockholm, still 1 December there; 23:30 UTC is 2 December.
    seed(app, 1, start=datetime(2026, 12, 1, 22, 30, tzinfo=UTC))
    seed(app, 1, start=datetime(2026, 12, 1, 23, 30, tzinfo=UTC))
    seed(app, 1, start=datetime(2026, 11, 30, 22, 59, tzinfo=UTC))  # 23:59 on 30 November
    login(client, admin)
    html = client.get(URL, query_string={"fran": "2026-12-01", "till": "2026-12-01"}).get_data(as_text=True)
    assert len(shown_ids(html)) == 1
    both = client.get(URL, query_string={"fran": "2026-11-30", "till": "2026-12-01"}).get_data(as_text=True)
    assert len(shown_ids(both)) == 2


def test_an_end_before_the_start_is_explained(client, admin):
    login(client, admin)
    response = client.get(URL, query_string={"fran": "2026-12-02", "till": "2026-12-01"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


@pytest.mark.parametrize("query", [{"fore": "x"}, {"efter": "99999999999999999999999"},
                                   {"vem": "nobody"}, {"samrad": "-1"}, {"fran": "igår"},
                                   {"till": "9999-12-31"}, {"fran": "0001-01-01"}])
def test_junk_in_the_address_is_harmless(client, admin, query):
    login(client, admin)
    assert client.get(URL, query_string=query).status_code == 200


def test_details_are_readable(app, client, admin, consultation, make_post):
    post_id = make_post(consultation)
    with app.app_context():
        from parkbank.moderation.models import Action, Reason
        from tests.helpers import decide

        decide(post_id, admin, Action.REJECT, reason=Reason.OFF_TOPIC, note="Handlar om en annan park")
        db.session.commit()
    login(client, admin)
    html = client.get(URL, query_string={"handelse": "post.reject"}).get_data(as_text=True)
    assert "Handlar om en annan park" in html and "Anteckning" in html
    assert "off_topic" not in html.split("<tbody")[1]
    assert "Hör inte till det här samrådet" in html


def test_details_that_hold_a_whole_earlier_value_are_shown(app, client, admin):
    """A retention change records the rule before it as an object: the page shows it, in words
    where it can, instead of failing."""
    with app.app_context():
        db.session.execute(insert(AuditEntry), [{
            "created_at": datetime(2026, 11, 26, 9, 0, tzinfo=UTC), "actor_name": "Ada Admin",
            "action": AuditAction.RETENTION_UPDATE.value, "target_type": "retention_rule",
            "target_id": 1, "details": {"kind": "rejected_posts", "days": 30,
                                        "before": {"days": 90, "counted_from": "decision"}}}])
        db.session.commit()
    login(client, admin)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "&#34;days&#34;: 90" in page or '"days": 90' in page


def test_channel_changes_read_in_words(app, client, admin):
    with app.app_context():
        from parkbank.auth.models import User
        from parkbank.channels.operations import add_channel

        add_channel(name="Kommunens Facebooksida", url="https://facebook.com/kommunen",
                    description="Nyheter och frågor", by=db.session.get(User, admin.id))
        db.session.commit()
    login(client, admin)
    page = client.get(URL).get_data(as_text=True)
    assert "Kanal 1" in page and "Tillagd" in page and "Beskrivning" in page
    assert "channel 1" not in page and ">add<" not in page
