"""The post life cycle as data, applied by one function with a conditional update."""

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from parkbank.auth.models import Role, User
from parkbank.errors import Forbidden, InvalidInput
from parkbank.extensions import db
from parkbank.moderation import lifecycle
from parkbank.moderation.labels import ACTION_LABELS, STATE_LABELS
from parkbank.moderation.models import Action, Decision, Reason
from parkbank.posts.models import Post, PostState


def user(user_ns):
    return db.session.get(User, user_ns.id)


def test_every_action_has_a_rule_and_every_state_and_action_a_label():
    assert set(lifecycle.RULES) == set(Action)
    assert set(STATE_LABELS) == set(PostState)
    assert set(ACTION_LABELS) == set(Action)
    for rule in lifecycle.RULES.values():
        assert rule.to_state not in rule.from_states and rule.actors


@pytest.mark.parametrize("role", [Role.PROJECT_LEADER, Role.RESPONDER])
def test_roles_that_do_not_moderate_are_refused_by_the_operation(app, consultation, make_user,
                                                                 make_post, role):
    post_id = make_post(consultation)
    with app.app_context():
        with pytest.raises(Forbidden):
            lifecycle.apply(post_id, Action.APPROVE, user=user(make_user(role)))
        assert db.session.get(Post, post_id).state is PostState.PENDING


def test_an_anonymous_user_is_refused_by_the_operation(app, consultation, make_post):
    post_id = make_post(consultation)
    with app.app_context(), pytest.raises(Forbidden):
        lifecycle.apply(post_id, Action.APPROVE, user=AnonymousUserMixin())


def test_an_inactive_moderator_is_refused(app, consultation, moderator, make_post):
    post_id = make_post(consultation)
    with app.app_context():
        staff = user(moderator)
        staff.active = False
        with pytest.raises(Forbidden):
            lifecycle.apply(post_id, Action.APPROVE, user=staff)


def test_a_command_may_withdraw_but_not_approve(app, consultation, moderator, make_post):
    pending = make_post(consultation)
    published = make_post(consultation, state="approved")
    with app.app_context():
        with pytest.raises(Forbidden):
            lifecycle.apply(pending, Action.APPROVE, user=user(moderator),
                            actor=lifecycle.Actor.COMMAND)
        lifecycle.apply(published, Action.WITHDRAW, user=user(moderator),
                        actor=lifecycle.Actor.COMMAND, reason=Reason.THREAT_OR_HATE)
        assert db.session.get(Post, published).state is PostState.WITHDRAWN


def test_reasons_are_required_where_the_rule_says_and_dropped_elsewhere(app, consultation,
                                                                        moderator, make_post):
    post_id = make_post(consultation)
    with app.app_context():
        with pytest.raises(InvalidInput):
            lifecycle.apply(post_id, Action.REJECT, user=user(moderator))
        outcome = lifecycle.apply(post_id, Action.APPROVE, user=user(moderator),
                                  reason=Reason.SPAM)
        assert outcome.decision.reason is None


def test_a_too_long_note_is_refused_not_cut(app, consultation, moderator, make_post):
    post_id = make_post(consultation)
    with app.app_context(), pytest.raises(InvalidInput) as refused:
        lifecycle.apply(post_id, Action.REJECT, user=user(moderator), reason=Reason.SPAM,
                        note="x" * 1001)
    assert "1001" in refused.value.details["fields"]["note"][0]


def test_withdrawing_an_idea_withdraws_its_published_replies_with_it(app, consultation,
                                                                     moderator, make_post):
    idea = make_post(consultation, "Idé", state="approved")
    reply = make_post(consultation, "Svar", state="approved", parent_id=idea)
    waiting = make_post(consultation, "Väntande svar", parent_id=idea)
    with app.app_context():
        lifecycle.apply(idea, Action.WITHDRAW, user=user(moderator), reason=Reason.PERSONAL_DATA)
        db.session.commit()
        assert db.session.get(Post, reply).state is PostState.WITHDRAWN
        assert db.session.get(Post, waiting).state is PostState.PENDING  # still to be decided
        decision = db.session.execute(select(Decision).where(Decision.post_id == reply)
                                      .order_by(Decision.id.desc())).scalars().first()
        assert decision.action is Action.WITHDRAW and decision.reason is Reason.PERSONAL_DATA
        with pytest.raises(InvalidInput):
            lifecycle.apply(waiting, Action.APPROVE, user=user(moderator))


def test_exactly_one_of_two_decisions_wins(app, consultation, moderator, make_user, make_post):
    post_id = make_post(consultation)
    other = make_user(Role.ADMIN, name="Anna Admin")
    with app.app_context():
        lifecycle.apply(post_id, Action.APPROVE, user=user(other))
        db.session.commit()
        with pytest.raises(lifecycle.AlreadyDecided) as lost:
            lifecycle.apply(post_id, Action.REJECT, user=user(moderator), reason=Reason.SPAM)
    assert lost.value.details["decided_by"] == "Anna Admin"
    assert lost.value.details["action"] == "approve"
