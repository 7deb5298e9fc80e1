"""The messages a citizen gets about their own post, composed when the change happens and added
to the outbox in its transaction: the confirmation (double opt-in), then, only once confirmed, a
notice when the post is decided, answered officially, or its outcome changes.

Each is in Swedish, or English when the author wrote in English; names only the author's own post
and public facts (the consultation, a reason, an outcome, a link: never another citizen's text or
alias); and carries the one-click unsubscribe (a link, List-Unsubscribe, List-Unsubscribe-Post).
"""

from __future__ import annotations

from flask import current_app, has_request_context, request
from flask_babel import force_locale
from flask_babel import gettext as _

from parkbank.mail import tokens
from parkbank.mail.outbox import enqueue
from parkbank.posts.models import Post, PostState

EXCERPT = 200
CONFIRM, DECIDED, OFFICIAL_REPLY, OUTCOME_CHANGED = ("confirm", "decided", "official_reply",
                                                     "outcome_changed")


def base_url() -> str:
    configured = current_app.config.get("BASE_URL")
    if configured:
        return configured
    if has_request_context():
        return request.host_url.rstrip("/")
    return "http://localhost:5000"


def absolute(endpoint: str, **values) -> str:
    """A link for a message, inside or outside a request (a command): PARKBANK_BASE_URL + path."""
    return base_url() + current_app.url_map.bind("localhost").build(endpoint, values)


def language(post: Post) -> str:
    return "en" if post.locale == "en" else "sv"


def notifiable(post: Post) -> bool:
    """The author left an address with consent and confirmed it."""
    return bool(post.email and post.email_consent and post.email_confirmed_at)


def _render(name: str, **context) -> str:
    return current_app.jinja_env.get_template(f"mail/{name}.txt").render(**context).strip() + "\n"


def _send(post: Post, kind: str, subject: str, template: str, **context):
    """Compose in the author's language and enqueue; the caller's transaction commits it."""
    unsubscribe = absolute("mail.unsubscribe", token=tokens.make(tokens.UNSUBSCRIBE, post.id, post.email))
    lang = language(post)
    with force_locale(lang):
        excerpt = post.body if len(post.body) <= EXCERPT else post.body[:EXCERPT].rstrip() + "…"
        text = _render(template, post=post, excerpt=excerpt, consultation=post.consultation,
                       unsubscribe_url=unsubscribe, organisation=_organisation(), **context)
        subject = str(subject() if callable(subject) else subject)
    targets = [f"<{unsubscribe}>"]
    mailto = current_app.config.get("MAIL_UNSUBSCRIBE_MAILTO")
    if mailto:
        targets.append(f"<mailto:{mailto}?subject=unsubscribe>")
    headers = {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",  # RFC 8058
        "Content-Language": lang,
        "Auto-Submitted": "auto-generated",
    }
    return enqueue(post.email, subject, text, kind=kind, headers=headers, post_id=post.id)


def _organisation() -> str:
    return current_app.config.get("ORGANISATION") or "Parkbänk"


def _post_link(post: Post) -> str:
    if post.state is PostState.APPROVED:
        return absolute("search.show_post", slug=post.consultation.slug, post_id=post.id)
    return absolute("public.board", slug=post.consultation.slug)


def request_confirmation(post: Post):
    """A post came in with an address and consent: ask the address's owner to confirm it."""
    if not (post.email and post.email_consent) or post.email_confirmed_at is not None:
        return None
    confirm_url = absolute("mail.confirm", token=tokens.make(tokens.CONFIRM, post.id, post.email))
    return _send(post, CONFIRM, lambda: _("Confirm your e-mail address – %(title)s",
                                          title=post.consultation.title),
                 "confirm", confirm_url=confirm_url, days=current_app.config["MAIL_CONFIRM_DAYS"])


def post_decided(post: Post, reason=None):
    """The post was approved, or rejected with `reason` (a moderation Reason): tell its author."""
    if not notifiable(post) or post.state not in (PostState.APPROVED, PostState.REJECTED):
        return None
    from parkbank.moderation.labels import REASON_LABELS

    approved = post.state is PostState.APPROVED
    subject = (lambda: _("Your post has been published – %(title)s", title=post.consultation.title)) \
        if approved else (lambda: _("Your post was not published – %(title)s",
                                    title=post.consultation.title))
    return _send(post, DECIDED, subject, "decided", approved=approved,
                 reason=REASON_LABELS.get(reason) if reason else None, link=_post_link(post))


def officially_answered(post: Post):
    """The municipality published an official reply to the post: tell its author (the reply
    itself is read on the board, behind the link)."""
    if not notifiable(post):
        return None
    return _send(post, OFFICIAL_REPLY,
                 lambda: _("The municipality has answered your post – %(title)s",
                           title=post.consultation.title),
                 "official_reply", link=_post_link(post))


def outcome_changed(post: Post, outcome_label: str, explanation: str, link: str | None):
    """The idea's outcome changed (parkbank outcomes call this in their transaction):
    `outcome_label` already in words (a lazy string is said in the author's language),
    `explanation` the public explanation, `link` to the decision where there is one."""
    if not notifiable(post):
        return None
    return _send(post, OUTCOME_CHANGED,
                 lambda: _("What happens to your idea: %(outcome)s", outcome=str(outcome_label)),
                 "outcome_changed", outcome=outcome_label, explanation=explanation,
                 decision_link=link, link=_post_link(post))
